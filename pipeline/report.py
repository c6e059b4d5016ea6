"""The report stage: one page a reader opens, per document.

Reads every earlier stage's outputs of ``outputs/<doc>/`` and writes ``report.html`` (self-
contained: styles, script and pictures inside), ``report.md`` (the summary in Markdown)
and ``tables.xlsx`` (every table, with a README sheet).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.config import load_settings, stage_settings
from pipeline.settings import ReportSettings
from pipeline.io import write_outputs
from pipeline.naming import report_name
from pipeline.reporting import tables
from pipeline import genre
from pipeline import settings as all_settings
from pipeline.reporting.markdown import markdown
from pipeline.reporting.page import html_bytes, page_options
from pipeline.reporting.workbook import workbook_bytes


def run(doc_dir: Path, outdir: Path, *, settings: ReportSettings | None = None) -> None:
    settings = settings or ReportSettings.from_dict(stage_settings("report"))
    doc = tables.load(doc_dir)
    name = report_name(doc.document)
    every = all_settings.load()
    profile = genre.described(every.keywords.genre_profile)  # what the keywords were compared with
    options = page_options()
    write_outputs(outdir, {
        "report.html": html_bytes(doc, settings, load_settings(), profile, options),
        "report.md": markdown(doc, name, settings.markdown_terms, profile, language=settings.language,
                              categories=options.categories).encode("utf-8"),
        "tables.xlsx": workbook_bytes(doc, settings.language, every.keywords.top_k),
    })


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc_dir", type=Path, help="a document's output folder (after the figures stage)")
    parser.add_argument("outdir", type=Path, help="folder for report.html, report.md and tables.xlsx")


def main(args: argparse.Namespace) -> int:
    run(args.doc_dir, args.outdir)
    print(f"Open {args.outdir / 'report.html'}")
    return 0
