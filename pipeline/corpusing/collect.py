"""The per-report outputs of a corpus, gathered into sparse tables one report at a time.

Nothing per token, and no text, is kept: each report contributes its chapters' term counts
(from keywords.csv) as rows of a sparse chapters × terms matrix, its chapters' sizes (counted
tokens, from tokens.parquet), its category hits (from categories.csv) and the MinHash signature
of its clean text (for near-duplicates).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline.catalog import read_table
from pipeline.corpusing.duplicates import minhash
from pipeline.errors import InputError
from pipeline.settings import KeywordSettings
from pipeline.reporting.tables import chapter_token_counts


@dataclass
class Corpus:
    documents: list[dict]  # one per report, in input order; "status" ok/failed
    chapters: pd.DataFrame  # doc, chapter, title, kind, heading_number, size (counted tokens)
    vocabulary: list[str]
    counts: sparse.csr_matrix  # chapters × terms
    categories: pd.DataFrame  # doc, chapter, category, label, hits
    signatures: dict = field(default_factory=dict)  # doc -> MinHash of clean.txt, for near-duplicate detection


def gather(out_root: Path, docs: list[str], statuses: dict[str, dict], settings: KeywordSettings) -> Corpus:
    """Read every report's outputs; a report without them is listed as failed with the reason given."""
    documents, chapter_rows, categories = [], [], []
    cols, values, lengths = [], [], []  # the CSR matrix's parts, chapter by chapter
    vocabulary: dict[str, int] = {}
    signatures = {}
    for doc in docs:
        folder = out_root / doc
        status = statuses.get(doc, {})
        row = {"doc": doc, "status": status.get("status", "ok"), "reason": status.get("reason", "")}
        try:
            document = json.loads((folder / "clean" / "document.json").read_text(encoding="utf-8"))
            keywords = read_table(folder / "keywords" / "keywords.csv", usecols=["scope", "chapter", "term", "count"])
            cats = read_table(folder / "keywords" / "categories.csv", usecols=["scope", "chapter", "category", "label",
                                                                               "hits"])
            quality = pd.read_csv(folder / "clean" / "quality.csv", encoding="utf-8-sig")
            sizes = chapter_token_counts(folder / "tokens.parquet", settings.roles)  # as keywords counts
            signature = minhash((folder / "clean" / "clean.txt").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, InputError) as err:
            documents.append({**row, "status": "failed",
                              "reason": row["reason"] or f"outputs incomplete ({getattr(err, 'filename', err)}); "
                                                         "run make to see the error"})
            continue
        row.update({"title": document.get("title"), "place": document.get("place"), "year": document.get("year"),
                    "encoding": document.get("source_encoding"), "characters": document["counts"]["clean_characters"],
                    "tokens": int(sum(sizes.values())),
                    "chapters": sum(c["kind"] == "body" for c in document["chapters"]),
                    # identical findings are one row with a count (older outputs: one row each)
                    "quality_findings": int(quality["count"].sum()) if "count" in quality.columns else len(quality),
                    "source_sha256": document.get("source_sha256")})
        documents.append(row)
        signatures[doc] = signature
        for chapter in document["chapters"]:
            chapter_rows.append({"doc": doc, "chapter": chapter["number"], "title": chapter["title"],
                                 "kind": chapter["kind"], "heading_number": chapter.get("heading_number"),
                                 "size": sizes.get(chapter["number"], 0)})
            mine = keywords[(keywords["chapter"] == chapter["number"]) & (keywords["count"] > 0)]
            # numbers as small arrays, one per chapter (a thousand reports give millions of entries), and the
            # matrix built from them directly: via COO it took three times the memory at 10,000 reports
            cols.append(np.array([vocabulary.setdefault(term, len(vocabulary)) for term in mine["term"].tolist()],
                                 dtype=np.int32))
            values.append(mine["count"].to_numpy(dtype=np.int32))
            lengths.append(len(mine))
        cats = cats[(cats["scope"] == "chapter") & (cats["hits"] > 0)]
        # plain tuples, not a small DataFrame per report: a thousand DataFrames cost hundreds of MB
        categories += zip([doc] * len(cats), cats["chapter"].astype(int).tolist(), cats["category"].tolist(),
                          cats["label"].tolist(), cats["hits"].tolist(), strict=True)
    def joined(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)

    indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
    counts = sparse.csr_matrix((joined(values), joined(cols), indptr), shape=(len(chapter_rows), len(vocabulary)))
    counts.sort_indices()  # a chapter's terms are distinct: sorting makes the matrix canonical
    columns = ["doc", "chapter", "category", "label", "hits"]
    return Corpus(documents, pd.DataFrame(chapter_rows, columns=["doc", "chapter", "title", "kind", "heading_number",
                                                                 "size"]),
                  list(vocabulary), counts,
                  pd.DataFrame(categories, columns=columns),
                  signatures)
