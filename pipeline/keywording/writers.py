"""Human-facing keyword outputs: Markdown tables to paste, and one Excel workbook."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pandas as pd

_MD_COLUMNS = {"term": "词语", "count": "频次", "per_10k": "每万词", "g2": "G²", "log_ratio": "Log Ratio",
               "tfidf_rank": "TF-IDF 名次", "textrank_rank": "TextRank 名次", "examples": "段落"}
_FIXED_TIME = datetime(2000, 1, 1)  # workbook metadata: same input, same bytes


def _top(keywords: pd.DataFrame, chapter, top_k: int) -> pd.DataFrame:
    rows = keywords[(keywords["chapter"] == chapter)]
    if chapter == "all":
        return rows.sort_values(["count", "term"], ascending=[False, True], kind="stable").head(top_k)
    return rows[(rows["g2"] > 0) & rows["keyness_rank"].notna()].sort_values("keyness_rank", kind="stable").head(top_k)


def markdown(keywords: pd.DataFrame, chapters: list[dict], top_k: int) -> str:
    """Top ``top_k`` positive keywords of each chapter (by keyness) and of the whole report (by count)."""
    parts = [f"# 关键词 Keywords\n\nTop {top_k} terms per chapter by keyness (log-likelihood G² against the rest "
             "of the report); the whole report by frequency. 每万词 = per 10,000 tokens.\n"]
    for chapter in [*chapters, {"number": "all", "title": "全文 Whole report", "kind": "report"}]:
        title = chapter["title"] or {"preamble": "序言 Preamble", "closing": "结束语 Closing"}.get(chapter["kind"], "")
        rows = _top(keywords, chapter["number"], top_k)
        if rows.empty:
            continue
        parts.append(f"\n## {chapter['number']} {title}\n")
        table = rows[list(_MD_COLUMNS)].rename(columns=_MD_COLUMNS)
        header = "| " + " | ".join(table.columns) + " |"
        lines = [header, "|" + "---|" * len(table.columns)]
        for record in table.itertuples(index=False):
            lines.append("| " + " | ".join("" if pd.isna(v) else str(v) for v in record) + " |")
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)


def excel_bytes(keywords: pd.DataFrame, emphasis: pd.DataFrame, categories: pd.DataFrame, chapters: list[dict],
                top_k: int) -> bytes:
    """One sheet per chapter (all its terms, by keyness), then emphasis and categories."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    workbook.set_properties({"created": _FIXED_TIME, "title": "Keyword tables"})
    bold = workbook.add_format({"bold": True})
    used: set[str] = set()
    for chapter in [*chapters, {"number": "all", "title": "全文", "kind": "report"}]:
        rows = keywords[keywords["chapter"] == chapter["number"]]
        order = "count" if chapter["number"] == "all" else "keyness_rank"
        rows = rows.sort_values([order, "term"], ascending=[order == "keyness_rank", True], kind="stable")
        _sheet(workbook, _sheet_name(f"{chapter['number']} {chapter['title'] or chapter['kind']}", used), rows, bold)
    _sheet(workbook, _sheet_name("emphasis", used), emphasis, bold)
    _sheet(workbook, _sheet_name("categories", used), categories, bold)
    workbook.close()
    return buffer.getvalue()


def _sheet(workbook, name: str, frame: pd.DataFrame, bold) -> None:
    sheet = workbook.add_worksheet(name)
    for col, column in enumerate(frame.columns):
        sheet.write(0, col, str(column), bold)
    for row, record in enumerate(frame.itertuples(index=False), start=1):
        for col, value in enumerate(record):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            sheet.write(row, col, value.item() if hasattr(value, "item") else value)
    sheet.freeze_panes(1, 1)


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip()
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate
