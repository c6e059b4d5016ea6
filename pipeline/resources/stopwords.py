"""Stop lists (``stopwords/*.txt``) and their check against the segmenter."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import SettingsError
from pipeline.settings import STOPWORD_LISTS

# Setting names of the lists and their files under stopwords/.
LISTS = dict(zip(STOPWORD_LISTS, ("general_zh.txt", "formulaic_gov.txt"), strict=True))


def load_list(path: Path) -> list[str]:
    """Words of a stop list: one a line, ``#`` comments, order kept, duplicates dropped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SettingsError(f"stop list {path} not found") from None
    words = []
    for line in lines:
        word = line.split("#", 1)[0].strip() if not line.startswith("#") else ""
        if word and word not in words:
            words.append(word)
    return words


def load_lists(folder: Path, names: list[str]) -> dict[str, list[str]]:
    unknown = [n for n in names if n not in LISTS]
    if unknown:
        raise SettingsError(f"unknown stop list(s) {', '.join(unknown)}; valid: {', '.join(LISTS)}")
    return {name: load_list(folder / LISTS[name]) for name in names}


def inconsistencies(lists: dict[str, list[str]], cut) -> list[dict]:
    """Stop words the segmenter splits into pieces that are not all stop words.

    Such an entry can never match a token, and its pieces stay in the counts
    (scikit-learn warns about the same for its tokenizer).
    """
    every = {word for words in lists.values() for word in words}
    rows = []
    for name, words in lists.items():
        for word in words:
            pieces = [p for p in cut(word) if p.strip()]
            missing = [p for p in pieces if p not in every]
            if len(pieces) > 1 and missing:
                rows.append({"list": name, "stopword": word, "segmented": " / ".join(pieces),
                             "pieces_not_in_lists": " / ".join(missing)})
    return rows
