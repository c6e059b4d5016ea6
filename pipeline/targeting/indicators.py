"""The indicator list (lexicon/indicators.toml): canonical ids, their synonyms, units and qualifiers."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.targeting.numbers import Quantities


# Words that may follow an indicator's name without changing what it names.
_HEAD_SUFFIX = re.compile(r"(?:总量|总额|规模|水平|指标|指数|人数|的)+$")


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    label_en: str
    headline: bool
    bare: str  # the direction of a percentage stated without a verb
    synonyms: tuple[str, ...]


class Indicators:
    def __init__(self, indicators: list[Indicator], units: dict, qualifiers: dict[str, list[str]],
                 narrowing: list[str] = ()) -> None:
        self.by_id = {indicator.id: indicator for indicator in indicators}
        self._owner = {synonym: indicator.id for indicator in indicators for synonym in indicator.synonyms}
        self.synonyms = re.compile("|".join(map(re.escape, sorted(self._owner, key=len, reverse=True))))
        self.quantities = Quantities(units["percent"], units["points"], units["base"])
        self.narrowing = tuple(narrowing)
        self.hard = set(qualifiers["hard"])
        self.soft = set(qualifiers["soft"])

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where synonyms occur (longest first, not overlapping)."""
        return [match.span() for match in self.synonyms.finditer(text)]

    def identify(self, phrase: str) -> str:
        """The id of the indicator a phrase names: a synonym at its end (the head noun: 对世界经济增长贡献率 is a
        contribution, not growth), the longest where several end there, unless a narrowing word comes right before
        it (海洋生产总值, 人均地区生产总值)."""
        for text in dict.fromkeys((phrase, _HEAD_SUFFIX.sub("", phrase))):
            for start in range(len(text)):  # the earliest start is the longest name
                match = self.synonyms.fullmatch(text, start)
                if match:
                    return "" if text[:start].endswith(self.narrowing) else self._owner[match[0]]
        return ""

    def coding(self, qualifiers: list[str], direction: str = "") -> str:
        """hard when any qualifier binds (or the verb sets a ceiling), soft when any is approximate, else ""."""
        if any(q in self.hard for q in qualifiers) or direction == "控制在":
            return "hard"
        return "soft" if any(q in self.soft for q in qualifiers) else ""


def load_indicators(path: Path) -> Indicators:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        indicators = [Indicator(key, entry["label"], entry.get("label_en", key), bool(entry.get("headline", False)),
                                entry.get("bare", "增长"), tuple(entry["synonyms"]))
                      for key, entry in data["indicators"].items()]
        return Indicators(indicators, data["units"], data["qualifiers"], data.get("phrases", {}).get("narrowing", []))
    except FileNotFoundError:
        raise InputError(f"{path} not found; set targets.indicators in pipeline.toml to the indicator list") from None
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as err:
        raise InputError(f"{path}: not a valid indicator list ({err}); see lexicon/indicators.toml") from None
