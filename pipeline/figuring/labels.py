"""Chapter titles on pictures: wrapped at a comma where possible, cut with … when too long."""

from __future__ import annotations


_NO_LINE_START = "，、；：。！？）》」』”"  # punctuation that closes: never the first character of a line


def wrap_label(label: str, width: int, lines: int = 2) -> list[str]:
    """``label`` in at most ``lines`` lines of ``width`` characters, breaking after ， or 、 when one is near;
    a line never starts with closing punctuation (it stays at the end of the line before)."""
    out, rest = [], label
    while rest and len(out) < lines:
        if len(rest) <= width:
            out.append(rest)
            rest = ""
            break
        cut = max(rest.rfind(mark, width // 2, width) for mark in "，、；")
        cut = cut + 1 if cut > 0 else width
        while cut < len(rest) and rest[cut] in _NO_LINE_START:
            cut += 1
        out.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        out[-1] = out[-1][:width - 1] + "…"
    return out or [""]


def fit_width(text: str, font, pixels: int) -> str:
    """``text`` cut with … to fit ``pixels`` in a PIL font."""
    if font.getlength(text) <= pixels:
        return text
    while text and font.getlength(text + "…") > pixels:
        text = text[:-1]
    return text + "…"
