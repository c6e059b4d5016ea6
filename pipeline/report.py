"""The report stage: one page a reader opens, per document.

Reads every earlier stage's outputs of ``outputs/<doc>/`` and writes ``report.html`` (self-
contained: styles, script and pictures inside), ``report.md`` (the summary in Markdown)
and ``tables.xlsx`` (every table, with a README sheet).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import load_settings, settings_from, stage_settings
from pipeline.errors import SettingsError
from pipeline.io import write_outputs
from pipeline.naming import report_name
from pipeline.reporting import tables
from pipeline.reporting.markdown import markdown
from pipeline.reporting.page import html_bytes
from pipeline.reporting.workbook import workbook_bytes


@dataclass(frozen=True)
class ReportSettings:
    """Settings of the report stage (section ``[report]`` of pipeline.toml).

    Parameters
    ----------
    keyword_rows : int, default 30
        Terms per chapter in the page's keyword tables (all of them are in tables.xlsx).
    kwic_width : int, default 25
        Characters of context each side of a term in the keyword-in-context lines.
    kwic_lines : int, default 60
        Lines per term on the page (``python -m pipeline kwic`` lists them all).
    markdown_terms : int, default 10
        Terms per chapter and topic in report.md.
    embed_font : bool, default True
        Embed the characters of the page from the figures' CJK font, so the page reads on
        machines without a Chinese font (adds about 300 KB and 2 s).
    font_path : str, default ""
        The font to embed; empty: the figures' bundled Noto Sans CJK SC.
    """

    keyword_rows: int = 30
    kwic_width: int = 25
    kwic_lines: int = 60
    markdown_terms: int = 10
    embed_font: bool = True
    font_path: str = ""

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ReportSettings:
        settings = settings_from("report", cls, values)
        if min(settings.keyword_rows, settings.kwic_lines, settings.markdown_terms) < 1 or settings.kwic_width < 0:
            raise SettingsError("report: keyword_rows, kwic_lines and markdown_terms must be at least 1, "
                                "kwic_width at least 0")
        return settings


def run(doc_dir: Path, outdir: Path, *, settings: ReportSettings | None = None) -> None:
    settings = settings or ReportSettings.from_dict(stage_settings("report"))
    doc = tables.load(doc_dir)
    name = report_name(doc.document)
    write_outputs(outdir, {
        "report.html": html_bytes(doc, settings, load_settings()),
        "report.md": markdown(doc, name, settings.markdown_terms).encode("utf-8"),
        "tables.xlsx": workbook_bytes(doc),
    })


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc_dir", type=Path, help="a document's output folder (after the figures stage)")
    parser.add_argument("outdir", type=Path, help="folder for report.html, report.md and tables.xlsx")


def main(args: argparse.Namespace) -> int:
    run(args.doc_dir, args.outdir)
    return 0
