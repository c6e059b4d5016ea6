"""Keyword in context: every occurrence of a term with the text around it and its paragraph id.

    python -m pipeline kwic 三高四新 [--doc DOC] [--width 20] [--csv FILE]
"""

from __future__ import annotations

import argparse
import bisect
import sys
from pathlib import Path

from pipeline.config import ROOT
from pipeline.errors import InputError
from pipeline.io import csv_bytes, write_outputs

KWIC_COLUMNS = ["doc", "paragraph_id", "start", "end", "left", "term", "right"]


def kwic_rows(doc: str, text: str, paragraphs: list[dict], term: str, width: int, *,
              searched: str | None = None) -> list[dict]:
    """Every occurrence of ``term`` in the text, with ``width`` characters each side.

    The search is on the text, not the tokens, so a term the segmenter splits (科技创新)
    is found too; a traditional-character report is searched through its simplified copy
    (``searched``: that copy, when the caller looks up many terms).
    """
    from pipeline.text import to_simplified

    searched = searched if searched is not None else to_simplified(text, "auto")
    term = to_simplified(term, "convert")
    starts = [int(p["start"]) for p in paragraphs]
    rows, at = [], searched.find(term)
    while term and at >= 0:
        end = at + len(term)
        k = bisect.bisect_right(starts, at) - 1
        rows.append({"doc": doc, "paragraph_id": paragraphs[k]["paragraph_id"] if k >= 0 else "", "start": at,
                     "end": end, "left": text[max(0, at - width) : at].replace("\n", " "),
                     "term": text[at:end], "right": text[end : end + width].replace("\n", " ")})
        at = searched.find(term, end)
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
    parser.add_argument("term", help="the term (e.g. 三高四新, 营商环境); found in the text, also where it is not one token")
    parser.add_argument("--doc", help="only this document (a folder name under outputs/)")
    parser.add_argument("--width", type=int, default=20, help="characters of context on each side (default 20)")
    parser.add_argument("--csv", type=Path, help="also write the lines to this CSV file")
    parser.add_argument("--outputs", type=Path, default=ROOT / "outputs", help=argparse.SUPPRESS)


def main(args: argparse.Namespace) -> int:
    rows = []
    if args.width < 0:
        raise InputError(f"--width {args.width}: give a number of characters, 0 or more")
    from pipeline.catalog import read_clean

    for doc_dir in find_docs(args.outputs, args.doc):
        document = read_clean(doc_dir / "clean")
        rows += kwic_rows(doc_dir.name, document.text, document.paragraphs, args.term, args.width)
    for row in rows:
        print(f"{row['doc']}  {row['paragraph_id']:<12} {row['left']:>{args.width}} 【{row['term']}】 {row['right']}")
    print(f"{len(rows)} occurrence(s) of {args.term}", file=sys.stderr)
    if args.csv:
        write_outputs(args.csv.parent, {args.csv.name: csv_bytes(rows, KWIC_COLUMNS)})
    return 0
