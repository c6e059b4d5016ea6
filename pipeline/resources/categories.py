"""The policy-category dictionary (``lexicon/policy_categories.toml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.config import read_toml
from pipeline.errors import SettingsError
from pipeline.i18n import pick


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    description: str
    terms: tuple[str, ...]
    short: str = ""  # where space is scarce; the label where the dictionary gives none
    label_en: str = ""

    def name(self, language: str, *, short: bool = False) -> str:
        """The category's name in ``language`` (zh, en, bilingual); ``short`` for narrow places."""
        return pick(((self.short if short else "") or self.label, self.label_en or self.key), language)


def load_categories(path: Path) -> list[Category]:
    """Read and check the dictionary: every category has terms, and a term belongs to one category."""
    raw = read_toml(path, "policy categories", "keywords.categories")
    categories, owner = [], {}
    for key, entry in raw.items():
        terms = tuple(dict.fromkeys(entry.get("terms", [])))
        if not terms or "label" not in entry:
            raise SettingsError(f"{path}: category [{key}] needs a label and terms")
        for term in terms:
            if term in owner:
                raise SettingsError(f"{path}: {term!r} is in both [{owner[term]}] and [{key}]; keep it in one")
            owner[term] = key
        categories.append(Category(key, entry["label"], entry.get("description", ""), terms, entry.get("short", ""),
                                   entry.get("label_en", "")))
    return categories
