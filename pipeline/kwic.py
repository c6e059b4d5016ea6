"""Keyword in context: every occurrence of a term with the text around it and its paragraph id.

    python -m pipeline kwic 三高四新 [--doc DOC] [--width 20] [--csv FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.config import ROOT
from pipeline.errors import InputError
from pipeline.io import csv_bytes, write_outputs

KWIC_COLUMNS = ["doc", "paragraph_id", "start", "end", "left", "term", "right"]


def kwic_rows(doc: str, text: str, tokens, term: str, width: int) -> list[dict]:
    """Occurrences of ``term`` (a token, matched on its simplified form) with ``width`` characters each side."""
    hits = tokens.filter(pc.equal(tokens.column("norm"), term))
    rows = []
    for pid, start, end in zip(hits.column("paragraph_id").to_pylist(), hits.column("start").to_pylist(),
                               hits.column("end").to_pylist(), strict=True):
        left = text[max(0, start - width) : start].replace("\n", " ")
        right = text[end : end + width].replace("\n", " ")
        rows.append({"doc": doc, "paragraph_id": pid, "start": start, "end": end, "left": left,
                     "term": text[start:end], "right": right})
    return rows


def find_docs(outputs: Path, doc: str | None) -> list[Path]:
    docs = sorted(p.parent for p in outputs.glob("*/tokens.parquet"))
    if doc:
        docs = [p for p in docs if p.name == doc]
        if not docs:
            raise InputError(f"no document {doc!r} in {outputs}; run make, or pick one of: "
                             + ", ".join(p.parent.name for p in sorted(outputs.glob('*/tokens.parquet'))))
    if not docs:
        raise InputError(f"no tokens.parquet under {outputs}; run make first")
    return docs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("term", help="the term, as a token (e.g. 三高四新, 营商环境)")
    parser.add_argument("--doc", help="only this document (a folder name under outputs/)")
    parser.add_argument("--width", type=int, default=20, help="characters of context on each side (default 20)")
    parser.add_argument("--csv", type=Path, help="also write the lines to this CSV file")
    parser.add_argument("--outputs", type=Path, default=ROOT / "outputs", help=argparse.SUPPRESS)


def main(args: argparse.Namespace) -> int:
    rows = []
    for doc_dir in find_docs(args.outputs, args.doc):
        text = (doc_dir / "clean" / "clean.txt").read_text(encoding="utf-8")
        rows += kwic_rows(doc_dir.name, text, pq.read_table(doc_dir / "tokens.parquet"), args.term, args.width)
    for row in rows:
        print(f"{row['doc']}  {row['paragraph_id']:<12} {row['left']:>{args.width}} 【{row['term']}】 {row['right']}")
    print(f"{len(rows)} occurrence(s) of {args.term}", file=sys.stderr)
    if args.csv:
        write_outputs(args.csv.parent, {args.csv.name: csv_bytes(rows, KWIC_COLUMNS)})
    return 0
