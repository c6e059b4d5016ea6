"""The curated policy lexicon (``lexicon/policy_terms.txt``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import SettingsError


@dataclass(frozen=True)
class Term:
    word: str
    freq: int
    tag: str
    source: str


def load_terms(path: Path, *, source: str = "policy_terms.txt") -> list[Term]:
    """Read a user dictionary: ``word [freq] [tag]`` per line, ``#`` starts a comment."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SettingsError(f"policy lexicon {path} not found (setting segment.policy_terms)") from None
    terms, seen = [], set()
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) > 3 or (len(parts) >= 2 and not parts[1].isdigit()):
            raise SettingsError(f"{path}:{number}: expected `word [frequency] [tag]`, got {raw.strip()!r}")
        word = parts[0]
        if word in seen:
            continue
        seen.add(word)
        terms.append(Term(word, int(parts[1]) if len(parts) >= 2 else 1000, parts[2] if len(parts) == 3 else "nz", source))
    return terms
