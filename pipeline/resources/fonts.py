"""The CJK font every figure uses: a setting, else the Noto Sans CJK SC that mplfonts ships.

A font that lacks the glyphs of the text would draw boxes (tofu) in every picture, so the
font is checked against the characters to be drawn before anything is rendered.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from pipeline.config import project_path
from pipeline.errors import SettingsError

# Noto Sans CJK SC (SIL Open Font License), shipped by the mplfonts package.
BUNDLED_FONT = "NotoSansCJKsc-Regular.otf"
PROBE = "政府工作报告"


def font_path(setting: str) -> Path:
    """The font file: ``figures.font_path`` if set, else the bundled Noto Sans CJK SC."""
    if setting:
        path = project_path(setting)
        if not path.is_file():
            raise SettingsError(f"figures.font_path = {setting!r}: no such font file; give a .ttf/.otf/.ttc path "
                                "or leave it empty for the bundled Noto Sans CJK SC")
        return path
    package = importlib.util.find_spec("mplfonts")  # its folder only: importing it would set up matplotlib
    if package is None or not package.submodule_search_locations:
        raise SettingsError("the figures stage needs the mplfonts package (it ships a Chinese font); "
                            "run `make setup`, or set figures.font_path to a CJK font file")
    path = Path(package.submodule_search_locations[0]) / "fonts" / BUNDLED_FONT
    if not path.is_file():
        raise SettingsError(f"{path} is missing from the mplfonts package; reinstall it (make setup) "
                            "or set figures.font_path to a CJK font file")
    return path


def check_glyphs(path: Path, text: str) -> None:
    """Refuse a font that lacks glyphs for ``text`` (the probe phrase plus the words to draw)."""
    missing = sorted({ch for ch in PROBE + text if not ch.isspace() and ord(ch) not in _code_points(path)})
    if missing:
        sample = "".join(missing[:10])
        raise SettingsError(f"font {path} has no glyphs for {len(missing)} character(s) to draw ({sample}…): "
                            "it would draw boxes; set figures.font_path to a font with Chinese glyphs "
                            "(e.g. Noto Sans CJK SC)")


@cache
def _code_points(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, AssertionError) as err:
        raise SettingsError(f"font {path} cannot be read ({err}); set figures.font_path to a .ttf/.otf file") from None
