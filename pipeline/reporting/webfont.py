"""The page's own font: the figures' CJK font cut down to the characters the page shows.

A reader's machine may have no Chinese font (a Linux server, a fresh container); the page
must still read. The full Noto Sans CJK SC is 16 MB; the characters of one report make a
subset of about 250 KB, embedded as a data URL. Loading the full font to cut it is most of
the cost (about 2 s).
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

FAMILY = "ReportCJK"


def font_face_css(font: Path, text: str) -> str:
    """An @font-face rule for ``FAMILY`` with the glyphs of the characters in ``text``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []  # no OpenType features: plain horizontal text
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    with TTFont(str(font), lazy=True, recalcTimestamp=False) as face:  # no timestamp: same input, same bytes
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(set(text))))
        subsetter.subset(face)
        buffer = io.BytesIO()
        face.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"@font-face {{ font-family: \"{FAMILY}\"; src: url(data:font/otf;base64,{data}) format(\"opentype\"); }}"
