"""Every table the earlier stages wrote for one document, read once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.catalog import read_table
from pipeline.errors import InputError

# The CSV tables of a document: name -> path under outputs/<doc>/, in reading order.
CSV_TABLES = {
    "quality": "clean/quality.csv",
    "paragraphs": "clean/paragraphs.csv",
    "sentences": "clean/sentences.csv",
    "cleaning_log": "clean/cleaning_log.csv",
    "lexicon_found": "lexicon_found.csv",
    "targets": "targets/targets.csv",
    "achieved_vs_target": "targets/achieved_vs_target.csv",
    "keywords": "keywords/keywords.csv",
    "emphasis": "keywords/emphasis.csv",
    "categories": "keywords/categories.csv",
    "model_selection": "topics/model_selection.csv",
    "topics": "topics/topics.csv",
    "chapter_topics": "topics/chapter_topics.csv",
    "chapter_clusters": "topics/chapter_clusters.csv",
    "topic_units": "topics/topic_units.csv",
}


# Columns read as text whatever they hold (a qualifier such as 以上 never becomes a number).
TEXT_COLUMNS = {"targets": {"qualifier": str, "hard": str, "basis": str, "indicator_id": str},
                "achieved_vs_target": {"qualifier": str, "hard": str}}


@dataclass
class DocumentTables:
    folder: Path
    document: dict
    text: str
    tables: dict[str, pd.DataFrame]
    figures: dict
    tokens_per_chapter: dict[int, int]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def load(doc_dir: Path) -> DocumentTables:
    """The document's outputs from the clean, targets, segment, keywords, topics and figures stages."""
    try:
        document = json.loads((doc_dir / "clean" / "document.json").read_text(encoding="utf-8"))
        text = (doc_dir / "clean" / "clean.txt").read_text(encoding="utf-8")
        tables = {name: read_table(doc_dir / path, dtype=TEXT_COLUMNS.get(name, {})) for name, path in CSV_TABLES.items()}
        figures = json.loads((doc_dir / "figures" / "figures.json").read_text(encoding="utf-8"))
        tokens = chapter_token_counts(doc_dir / "tokens.parquet")
    except FileNotFoundError as err:
        raise InputError(f"{err.filename} not found; run the earlier stages first (make)") from None
    return DocumentTables(doc_dir, document, text, tables, figures, tokens)


def chapter_token_counts(path: Path, roles=None) -> dict[int, int]:
    """Tokens per chapter without punctuation, of the paragraphs with these ``roles`` (all when None)."""
    table = pq.read_table(path, columns=["chapter", "role", "kind"])
    keep = pc.not_equal(table["kind"], "punct")
    if roles is not None:
        keep = pc.and_(keep, pc.is_in(table["role"], value_set=pa.array(list(roles), pa.string())))
    numbers, counts = np.unique(table.filter(keep)["chapter"].to_numpy(), return_counts=True)
    return {int(n): int(c) for n, c in zip(numbers, counts, strict=True)}
