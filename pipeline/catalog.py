"""File contracts between stages, and their readers: a stage reads another's files only through here."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.errors import InputError


@dataclass(frozen=True)
class CleanInput:
    """One cleaned document: the clean stage's records."""

    doc: str
    text: str
    paragraphs: list[dict]
    sentences: list[dict]
    chapters: list[dict]
    document: dict = field(default_factory=dict)  # document.json: metadata (place, year, ...)

    @classmethod
    def of(cls, result) -> CleanInput:
        """From the clean stage's result in memory (``clean.CleanResult``)."""
        return cls(result.document["doc"], result.text, result.paragraphs, result.sentences,
                   result.document["chapters"], result.document)


def read_clean(clean_dir: Path) -> CleanInput:
    """The clean stage's outputs for one document."""
    try:
        text = (clean_dir / "clean.txt").read_text(encoding="utf-8")
        with open(clean_dir / "paragraphs.csv", encoding="utf-8-sig", newline="") as fh:
            paragraphs = list(csv.DictReader(fh))
        with open(clean_dir / "sentences.csv", encoding="utf-8-sig", newline="") as fh:
            sentences = list(csv.DictReader(fh))
        document = json.loads((clean_dir / "document.json").read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(f"{err.filename} not found; run the clean stage first (make)") from None
    return CleanInput(document["doc"], text, paragraphs, sentences, document["chapters"], document)


def read_tokens(doc_dir: Path) -> tuple[pd.DataFrame, dict]:
    """A report's tokens.parquet and its document.json."""
    try:
        tokens = pq.read_table(doc_dir / "tokens.parquet").to_pandas()
        document = json.loads((doc_dir / "clean" / "document.json").read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(f"{err.filename} not found; run the clean and segment stages first (make)") from None
    return tokens, document


def read_table(path: Path, **options) -> pd.DataFrame:
    """A stage's CSV table as its contract says: empty cells missing, ``chapter`` an integer (missing on
    whole-report rows, whose ``scope`` is "report"), ids and text as strings."""
    dtypes = {"chapter": "Int64", "scope": str, "paragraph_id": str, "term": str, **options.pop("dtype", {})}
    try:
        return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""], dtype=dtypes, **options)
    except FileNotFoundError as err:
        raise InputError(f"{err.filename} not found; run the earlier stages first (make)") from None
