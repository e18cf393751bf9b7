"""normalise_index_no takes ASCII 索引号 by a fast path (no NFKC, no regexes): it must give what
the general path gives for every ASCII text, whitespace and control characters included."""

from __future__ import annotations

import random
import re
import unicodedata

from generator.model import identifiers


def _general(text) -> str:
    """The general path, as normalise_index_no takes it for text that is not ASCII."""
    text = unicodedata.normalize("NFKC", str(text))
    return identifiers._DASHES.sub("-", re.sub(r"\s+", "", text)).upper()


def test_ascii_fast_path_matches_the_general_path():
    rng = random.Random(15)
    ascii_chars = [chr(i) for i in range(128)]
    samples = ["11440800007212345X/2018-00022", " 11440800007212345x / 2018-00022\t", "\x1c\x1f a-b\x0b",
               "", " ", "abc\r\ndef"]
    samples += ["".join(rng.choice(ascii_chars) for _ in range(rng.randint(0, 16))) for _ in range(20_000)]
    for text in samples:
        assert identifiers.normalise_index_no(text) == _general(text), repr(text)


def test_non_ascii_still_normalised():
    assert identifiers.normalise_index_no("１１４４０８／２０１８－０００２２") == "114408/2018-00022"
    assert identifiers.normalise_index_no("114408/2018\u201300022 ") == "114408/2018-00022"
    assert identifiers.normalise_index_no(114408) == "114408"
