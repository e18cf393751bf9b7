"""The header, navigation and footer are rendered once per build ({% shared %},
generator/render/shared_parts.py): every page must be the bytes it would be if they were
rendered again on each page."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from generator.render.shared_parts import SharedParts
from sitebuild import REPO, build, copy_fixture

SHARED_TAG = re.compile(r"^[ \t]*\{% (?:shared\b[^%]*|endshared) %\}\n", re.MULTILINE)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pages_are_the_same_with_the_shared_parts_rendered_on_every_page(tmp_path):
    shared_root = copy_fixture("basic", tmp_path / "shared")
    plain_root = copy_fixture("basic", tmp_path / "plain")
    base = (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
    plain_base = SHARED_TAG.sub("", base)
    assert base.count("{% shared") >= 2 and "{% shared" not in plain_base
    override = plain_root / "themes/default/templates/base.html"  # the site's own base.html wins
    override.parent.mkdir(parents=True)
    override.write_text(plain_base, encoding="utf-8")

    for root in (shared_root, plain_root):
        run = build(root, tmp_path / f"out-{root.name}", "--no-search")
        assert run.code == 0, run.out + run.err
    shared, plain = files_of(tmp_path / "out-shared"), files_of(tmp_path / "out-plain")
    assert shared.keys() == plain.keys()
    pages = [name for name in shared if name.endswith(".html")]
    assert len(pages) > 20 and "404.html" in pages  # 404.html links from the base path
    assert [name for name in shared if shared[name] != plain[name]] == []


def environment(link) -> jinja2.Environment:
    env = jinja2.Environment(extensions=[SharedParts], autoescape=True, trim_blocks=True, lstrip_blocks=True)

    @jinja2.pass_context
    def url(ctx, target):
        return env.shared_parts.hole(target) or link(ctx, target)

    env.link = link
    env.globals.update(url=url)
    return env


def test_a_part_is_rendered_once_per_key_and_its_links_are_each_pages_own():
    rendered = []

    def link(ctx, target):
        return "../" * ctx["page_url"].count("/") + target

    env = environment(link)
    env.globals["record"] = lambda section: rendered.append(section) or ""
    template = env.from_string(
        "{% shared section %}{{ record(section) }}<a href=\"{{ url('a&b/') }}\""
        "{% if section == 'x' %} class=\"on\"{% endif %}>{{ url('') }}</a>{% endshared %}|{{ page_url }}")
    pages = [("x", "p/q/"), ("x", "p/"), ("y", "p/q/r/"), ("x", "")]
    out = [template.render(section=s, page_url=u) for s, u in pages]
    assert out == ['<a href="../../a&amp;b/" class="on">../../</a>|p/q/', '<a href="../a&amp;b/" class="on">../</a>|p/',
                   '<a href="../../../a&amp;b/">../../../</a>|p/q/r/', '<a href="a&amp;b/" class="on"></a>|']
    assert rendered == ["x", "y"]


def test_a_part_that_reads_a_page_variable_its_key_does_not_name_is_refused():
    env = environment(lambda ctx, target: target)
    with pytest.raises(jinja2.TemplateSyntaxError, match="page_title"):
        env.from_string("{% shared page_section %}{{ page_section }} {{ page_title }}{% endshared %}")
    with pytest.raises(jinja2.TemplateSyntaxError, match="nav_url"):
        env.from_string("{% shared %}{% for s in site.nav %}{{ s.url == nav_url }}{% endfor %}{% endshared %}")
    # Names the part sets itself, and globals, need no key.
    env.globals["site"] = {"nav": []}
    env.from_string("{% shared %}{% set n = site.nav | length %}{% for s in site.nav %}{{ s }}{{ n }}{% endfor %}{% endshared %}")


def test_a_filled_text_is_kept_only_for_a_link_scope_met_again():
    # A listing's pages (catalog/page-2/, page-3/, …) are each a scope of their own: keeping each
    # one's filled text held megabytes that no other page asked for.
    def link(ctx, target):
        return "../" * ctx["page_url"].count("/") + target

    env = environment(link)
    env.link_scope = lambda ctx, prefixes: tuple(ctx["page_url"].split("/")[:-1])
    template = env.from_string("{% shared section %}<a href=\"{{ url('a/') }}\">{% endshared %}")
    for url in ["catalog/page-2/", "catalog/page-3/", "catalog/a/x/", "catalog/a/x/", "catalog/a/x/"]:
        assert template.render(section="s", page_url=url) == f'<a href="{"../" * url.count("/")}a/">'
    [part] = env.shared_parts.parts.values()
    assert list(part.filled) == [("catalog", "a", "x")]
    assert part.seen == {("catalog", "page-2"), ("catalog", "page-3"), ("catalog", "a", "x")}


def test_pages_of_one_link_scope_have_the_same_link_to_every_target():
    """A shared part is filled once per link scope (render/markdown.py relative_scope): any two
    pages of one scope must get the same relative link to each of the part's targets, and a
    listing's pages, or an agency's entry pages that no target enters, share one scope."""
    import itertools

    from generator.render.markdown import folder_prefixes, relative_scope, relative_url

    targets = ["", "catalog/", "catalog/by-topic/", "catalog/by-agency/zj-czj/", "catalog/zj-czj/",
               "assets/site.css", "feeds/site.xml", "catalog/page-2/", "reports/2024/"]
    prefixes = folder_prefixes(targets)
    folders = ["catalog", "by-topic", "by-agency", "zj-czj", "zj-gaj", "page-2", "page-3", "2024", "x", "assets", "reports"]
    pages = [""] + ["/".join(parts) + "/" for n in (1, 2, 3, 4) for parts in itertools.product(folders, repeat=n)]
    pages += [page + "print.html" for page in pages[:200]]
    by_scope: dict = {}
    for page in pages:
        by_scope.setdefault(relative_scope(page, prefixes), []).append(page)
    for scope, members in by_scope.items():
        links = {tuple(relative_url(target, page) for target in targets) for page in members}
        assert len(links) == 1, (scope, members[:5])
    assert len(by_scope) < len(pages) / 20
    same = relative_scope("catalog/page-3/", prefixes)
    assert relative_scope("catalog/page-4/", prefixes) == same != relative_scope("catalog/page-2/", prefixes)
    assert relative_scope("catalog/zj-gaj/2024/a/", prefixes) == relative_scope("catalog/x/2019/b/", prefixes)
