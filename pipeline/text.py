"""Text vocabulary every stage shares: character classes, sentences, traditional to simplified."""

from __future__ import annotations

import re
from functools import cache


# Han characters: CJK Unified Ideographs, Extension A and the compatibility block.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
_SENTENCE = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]+[”’」』）)]*|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; split after 。！？； and their ASCII forms, closing quotes included."""
    spans = []
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start() and text[m.start() : m.end()].strip():
            spans.append((m.start(), m.end()))
    return spans


def to_simplified(text: str, mode: str) -> str:
    """A simplified copy of ``text`` with the same length (so offsets carry over), or ``text``.

    "auto" converts when at least 2% of the characters are traditional: a few variant
    characters in a simplified text are segmented as they are.
    """
    if mode == "keep" or (mode == "auto" and _traditional_share(text) < 0.02):
        return text
    converter = _t2s()
    converted = converter.convert(text)
    if len(converted) != len(text):  # a phrase changed length: convert character by character
        converted = "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)
    converted = converted.translate(_VARIANTS)
    return text if converted == text else converted


def _traditional_share(text: str) -> float:
    """Share of the characters that the converter changes on their own."""
    if not text:
        return 0.0
    import numpy as np  # here, not at the top: commands that only read settings or files stay light

    known = _status()
    code_points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    status = known[code_points]
    unseen = np.unique(code_points[status == _UNKNOWN])
    if len(unseen):  # one converter call for the characters not met before
        chars = [chr(c) for c in unseen]
        converted = _t2s().convert("\n".join(chars)).translate(_VARIANTS).split("\n")
        if len(converted) != len(chars):
            converted = [_t2s().convert(ch).translate(_VARIANTS) for ch in chars]
        known[unseen] = [_CHANGED if new != ch else _UNCHANGED for ch, new in zip(chars, converted, strict=True)]
        status = known[code_points]
    return float(np.count_nonzero(status == _CHANGED)) / len(code_points)


# What the converter does to each code point on its own, as met so far (the verdict never changes).
_UNKNOWN, _CHANGED, _UNCHANGED = 0, 1, 2


@cache
def _status():
    """What the converter does to each code point on its own, as met so far (kept for the process)."""
    import numpy as np

    status = np.zeros(0x110000, dtype=np.int8)
    status[ord("\n")] = _UNCHANGED
    return status


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("hk2s")  # t2s plus the Hong Kong variants (衞 → 卫)


# Old variant forms OpenCC leaves alone, common in mid-century texts (選擧, 貪汚, 羣衆).
_VARIANTS = str.maketrans("擧汚刼羣綫駡衆敎眞爲僞衞", "举污劫群线骂众教真为伪卫")
