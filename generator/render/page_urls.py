"""Published content file → its page URL, held compactly: the map every render worker is sent.

A page's URL mirrors its file for nearly every record (plan/urls.py source_url:
content/catalog/a/2018/x.md → catalog/a/2018/x/), so those files are kept as one string of
their sorted paths with an array of where each starts, and their URLs are made again when asked
for; a file whose page is elsewhere (a free page, an agency's own 指南) stays in a small dict.
At 10⁵ entries the plain dict was about 20 MB in each process that held it, and each render
worker's memory grew by 40 MB when it was unpickled there; this is about 4 MB
(docs/design.md#scale).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from itertools import accumulate

from ..plan.urls import source_url


def mirrored_url(rel: str) -> str | None:
    """The URL a page showing content/<folder>/… has when it mirrors its file, else None."""
    if not rel.startswith("content/"):
        return None
    folder, _, rest = rel.removeprefix("content/").partition("/")
    return source_url(rel, folder) if folder and rest else None


class PageUrls(Mapping):
    """A read-only mapping of content file (site-relative) → page URL."""

    __slots__ = ("_mirrored", "_starts", "_others")

    def __init__(self, urls: Mapping[str, str]):
        mirrored: list[str] = []
        self._others: dict[str, str] = {}
        for rel, url in urls.items():
            if url == mirrored_url(rel):
                mirrored.append(rel)
            else:
                self._others[rel] = url
        mirrored.sort()
        self._mirrored = "".join(mirrored)
        self._starts = array("Q", accumulate(map(len, mirrored), initial=0))

    def _path(self, n: int) -> str:
        return self._mirrored[self._starts[n]:self._starts[n + 1]]

    def _holds(self, rel: str) -> bool:
        count = len(self._starts) - 1
        n = bisect_left(range(count), rel, key=self._path)  # the sorted paths, sliced as they are compared
        return n < count and self._path(n) == rel

    def __getitem__(self, rel: str) -> str:
        url = self._others.get(rel)
        if url is not None:
            return url
        if isinstance(rel, str) and self._holds(rel):
            return mirrored_url(rel)
        raise KeyError(rel)

    def __iter__(self) -> Iterator[str]:
        yield from self._others
        for n in range(len(self._starts) - 1):
            yield self._path(n)

    def __len__(self) -> int:
        return len(self._others) + len(self._starts) - 1
