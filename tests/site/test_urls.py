"""The relative-link arithmetic every page depends on, against the standard library's."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.plan.urls import make_pager
from generator.render.markdown import relative_url

segment = st.sampled_from(["catalog", "a", "b", "2018", "x", "page-2", "政务"])
folder_url = st.lists(segment, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))
file_url = st.tuples(folder_url, st.sampled_from(["index.xml", "a.pdf", "404.html"])).map("".join)


@given(target=st.one_of(folder_url, file_url), page=st.one_of(folder_url, st.just("404.html")))
def test_relative_url_agrees_with_posixpath(target, page):
    rel = relative_url(target, page)
    base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""  # the folder the page is in
    resolved = posixpath.normpath(posixpath.join(base or ".", rel))
    expected = posixpath.normpath(target or ".")
    assert resolved == expected
    assert not rel.startswith("/")
    if target == "" or target.endswith("/"):
        assert rel.endswith("/")


def test_pager_shows_a_window_not_every_page():
    pager = make_pager("catalog/", 50, 500)
    numbers = [link["n"] if link else None for link in pager["links"]]
    assert numbers == [1, 2, None, 48, 49, 50, 51, 52, None, 499, 500]
    assert pager["prev"] == "catalog/page-49/" and pager["next"] == "catalog/page-51/"
    assert make_pager("catalog/", 1, 1)["links"] == [{"n": 1, "url": "catalog/"}]
    assert [link["n"] for link in make_pager("x/", 3, 5)["links"]] == [1, 2, 3, 4, 5]
