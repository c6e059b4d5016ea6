"""Numbers as reports write them: Arabic, full-width, spaced out, or in Chinese numerals.

``normalise`` rewrites a clause so that every figure is an Arabic number (百分之八至九 becomes
8%至9%, 一千一百万人 becomes 11000000人 expressed as 1100万人, １９９７年 and 一九九七年 become
1997年); ``Quantities`` then finds each figure with its unit, a range's upper end and the
"more than" of 110多万人. Chinese numerals are read by cn2an (loaded only when a clause has them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = "〇零一二三四五六七八九"
_CN_NUMERAL = "〇零一二三四五六七八九十百千万亿两点"
_FULL_WIDTH = str.maketrans({chr(0xFF10 + k): str(k) for k in range(10)}
                            | {"％": "%", "．": ".", "～": "~", "－": "-", "−": "-"})
# 1 9 9 7 年 and 7 4 7 7 2 亿元 (a typesetter's spaces): digits, points and their unit rejoined
_SPACED_DIGITS = re.compile(r"(?<=[\d.]) +(?=[\d.%\u4e00-\u9fff])")
_FULL_WIDTH_LETTERS = re.compile("[Ａ-Ｚａ-ｚ＋－／]")  # the rest of NFKC's work: ＧＤＰ, Ｒ＆Ｄ
_ANY_CN_NUMERAL = re.compile(f"[{_CN_NUMERAL}]")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:[,，]\d{3})+(?![\d.])")
_MORE_AFTER_MAGNITUDE = re.compile(r"(\d)(万亿|亿|万)([多余])")
_CN_YEAR = re.compile(f"[{_CN_DIGITS}]{{4}}(?=年)")
_CN_PERCENT = re.compile(f"百分之([{_CN_NUMERAL}]+)(?:([至到])(?:百分之)?([{_CN_NUMERAL}]+))?")
MAX_NUMERAL = 16  # 三亿六千万 is 5 characters: a longer run of numerals is not a figure
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_MAGNITUDES = (("万亿", 10 ** 12), ("亿", 10 ** 8), ("万", 10 ** 4))


@dataclass(frozen=True)
class Quantity:
    start: int  # offsets in the normalised clause
    end: int
    value: float
    value_high: float | None
    unit: str
    more: bool  # 110多万人, 3000余个: "more than"


class Quantities:
    """Finds figures with units in normalised text; units come from the indicator data file."""

    def __init__(self, percent: list[str], points: dict[str, str], base: list[str]) -> None:
        self.percent = percent
        self.points = points
        alternatives = sorted([*points, *percent], key=len, reverse=True)
        bases = "|".join(map(re.escape, sorted(set(base), key=len, reverse=True)))
        unit = "|".join(map(re.escape, alternatives)) + f"|(?:万亿|亿|万|千|百)?(?:{bases})|万亿|亿|万"
        number = r"\d+(?:\.\d+)?"
        self.pattern = re.compile(
            rf"(?<![A-Za-z0-9.第])(?:(?<=[\u4e00-\u9fff（(，,：:])(?P<minus>-)|(?<!-))(?P<low>{number})"
            rf"(?:(?P<low_unit>{unit})?(?P<sep>[—–－\-~至到])(?P<high>{number}))?(?P<more>[多余])?(?P<unit>{unit})")
        # Tried only from a run's first numeral (六十四万|千瓦 needs the run cut short): linear on any input.
        self.chinese_unit = re.compile(f"(?<![{_CN_NUMERAL}])([{_CN_NUMERAL}]{{2,}})(?=[多余]?(?:{unit}))")

    def find(self, text: str) -> list[Quantity]:
        found = []
        for match in self.pattern.finditer(text):
            low_unit, unit = match["low_unit"], match["unit"]
            if low_unit and self._unit(low_unit) != self._unit(unit):
                continue  # 2万元到3亿: not a range of one unit
            sign = -1.0 if match["minus"] else 1.0  # 增长-2.5%
            found.append(Quantity(match.start(), match.end(), sign * float(match["low"]),
                                  sign * float(match["high"]) if match["high"] else None, self._unit(unit),
                                  bool(match["more"])))
        return found

    def _unit(self, unit: str) -> str:
        if unit in self.percent:
            return "‰" if unit == "‰" else "%"
        return self.points.get(unit, unit)

    def normalise(self, text: str) -> str:
        """The text with every figure in Arabic digits (lengths change)."""
        text = unicodedata.normalize("NFKC", text) if _FULL_WIDTH_LETTERS.search(text) else text
        text = _SPACED_DIGITS.sub("", text.translate(_FULL_WIDTH))
        text = _MORE_AFTER_MAGNITUDE.sub(r"\1\3\2", text)  # 4万多人 -> 4多万人: "more than" before the unit
        text = _THOUSANDS.sub(lambda m: m[0].replace(",", "").replace("，", ""), text)  # 1，000万吨
        if not _ANY_CN_NUMERAL.search(text):
            return text
        text = _CN_YEAR.sub(lambda m: m[0].translate(_YEAR_DIGITS), text)
        text = _CN_PERCENT.sub(_percent, text)
        return self.chinese_unit.sub(lambda m: _arabic(m[1]) or m[1], text)


def _percent(match: re.Match) -> str:
    low = _arabic(match[1], short=True)
    if low is None:
        return match[0]
    high = _arabic(match[3], short=True) if match[3] else None
    return f"{low}%" if high is None else f"{low}%{match[2]}{high}%"


def _arabic(numeral: str, short: bool = False) -> str | None:
    """一千一百万 -> 1100万, 三十六点九 -> 36.9; None when it is not a number. A lone digit (八) is a
    number only where the context says so (``short``: after 百分之)."""
    if len(numeral) > MAX_NUMERAL or (not short and not any(c in "十百千万亿点两" for c in numeral)):
        return None
    import cn2an  # about 0.1 s to import: only reports with Chinese numerals pay it

    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError, OverflowError):
        return None
    for name, size in _MAGNITUDES:  # keep the magnitude as written: 1100万人, not 11000000人
        if numeral.endswith(name) or (name in numeral and value >= size):
            return _plain(value / size) + name
    return _plain(value)


def _plain(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")
