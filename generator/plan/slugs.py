"""Readable URL segments for Chinese names: 体裁 通知 → tongzhi, 主题 财政、金融、审计 → caizheng-jinrong-shenji.

A reader can tell from the address what a listing holds, and the address stays the same when
the taxonomy is reordered or extended (it depends on the name alone). Two names that read the
same in pinyin (公示, 公式 → gongshi) each get a short stable suffix from their own text, so no
name ever takes another's address.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from pypinyin import lazy_pinyin

# Where a name has its own word boundaries (、，\ spaces …) the address keeps them as hyphens.
_PARTS = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def hash_slug(name: str) -> str:
    """The segment used before readable slugs existed (kept for redirects and collisions)."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def pinyin_slug(name: str) -> str:
    """"综合政务" → "zonghezhengwu"; "财政、金融、审计" → "caizheng-jinrong-shenji"; "" when
    nothing readable is left (the caller falls back to the hash)."""
    parts = []
    for part in _PARTS.split(name):
        if part:
            text = "".join(lazy_pinyin(part)).lower()
            text = re.sub(r"[^0-9a-z]", "", text)
            if text:
                parts.append(text)
    return "-".join(parts)


def readable_slugs(names: Iterable[str]) -> dict[str, str]:
    """name → its readable segment, unique among `names`."""
    names = sorted(set(names))
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_slug[pinyin_slug(name) or hash_slug(name)].append(name)
    found = {}
    for slug, same in by_slug.items():
        for name in same:
            found[name] = slug if len(same) == 1 else f"{slug}-{hash_slug(name)[:4]}"
    return found
