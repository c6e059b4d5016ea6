"""report.md: the page's story in Markdown, to paste into a report of one's own."""

from __future__ import annotations

import pandas as pd

from pipeline.io import missing
from pipeline.terms import compared_with, headline
from pipeline.naming import chapter_label
from pipeline.reporting.tables import DocumentTables


def markdown(doc: DocumentTables, name: str, top: int, profile: dict | None = None) -> str:
    document = doc.document
    lines = [f"# {name}", ""]
    for key, label in (("place", "地区"), ("year", "年份"), ("meeting", "会议"), ("date", "日期"), ("speaker", "报告人")):
        if document.get(key):
            lines.append(f"- {label}: {document[key]}")
    lines += [f"- 来源 source: `{document.get('source_file')}` (SHA-256 `{document.get('source_sha256')}`)",
              f"- 规模 size: {document['counts']['clean_characters']} characters, {document['counts']['paragraphs']} "
              "paragraphs", "", "Full page: [report.html](report.html) · every table: [tables.xlsx](tables.xlsx)", ""]
    quality = doc["quality"]
    lines += ["## 数据质量 Data quality", ""]
    if len(quality):
        lines += [f"- **{_cell(q.kind)}** ({_cell(q.paragraph_id) or 'document'}): {_cell(q.excerpt)} — "
                  f"{_cell(q.detail)} [{_cell(q.action)}]" for q in quality.itertuples()]
    else:
        lines.append("No findings.")
    lines += ["", "## 主要预期目标 Targets", ""]
    comparison = doc["achieved_vs_target"]
    if len(comparison):
        lines += ["| 指标 indicator | 目标 target | 限定 qualifier | 软硬 | 上年实际 last year |", "|---|---|---|---|---|"]
        for row in comparison.itertuples():
            high = f"–{row.target_high:g}" if not pd.isna(row.target_high) else ""
            achieved = f"{row.achieved:g}{_cell(row.achieved_unit)}" if not pd.isna(row.achieved) else ""
            lines.append(f"| {_cell(row.label)} | {row.target:g}{high}{_cell(row.unit)} | {_cell(row.qualifier)} | "
                         f"{ {'hard': '硬', 'soft': '软'}.get(_cell(row.hard), '')} | {achieved} |")
    else:
        lines.append("No headline target with a figure was found; every quantity claim is in targets/targets.csv.")
    keywords = doc["keywords"]
    lines += ["", "## 各章特色词 Distinctive terms by chapter", "", compared_with(profile), "",
              "| 章 chapter | 特色词 terms (G²) |", "|---|---|"]
    for chapter in document["chapters"]:
        rows, against = headline(keywords[keywords["chapter"] == chapter["number"]])
        rows = rows.head(top)
        if len(rows):
            score = rows["genre_g2"] if against == "genre" else rows["g2"]
            terms = "、".join(f"{t} ({g:.1f})" for t, g in zip(rows["term"], score, strict=True))
            if against != "genre" and profile:  # too few terms stand out from the genre here
                terms += " (against the rest of the report)"
            lines.append(f"| {_cell(chapter_label(chapter))} | {terms} |")
    whole = keywords[keywords["scope"] == "report"].sort_values(["count", "term"], ascending=[False, True]).head(top)
    lines += ["", "## 全文高频词 Most frequent terms", "", "| 词语 term | 频次 count | 每万词 per 10k |", "|---|---|---|"]
    lines += [f"| {t} | {c} | {p:.1f} |" for t, c, p in zip(whole["term"], whole["count"], whole["per_10k"], strict=True)]
    lines += ["", "## 主题 Topics", ""]
    if not len(doc["topics"]):
        reasons = doc["model_selection"]["reason"].dropna()
        lines.append(f"No topic model: {reasons.iloc[0] if len(reasons) else 'see topics/model_selection.csv'}.")
    for number, rows in doc["topics"].groupby("topic", sort=True):
        lines.append(f"{int(number)}. **{rows['label'].iloc[0]}**: {'、'.join(rows['term'].head(top))}")
    lines += ["", "## 图 Figures", ""]
    lines += [f"![{entry['file']}](figures/{entry['file']})" for entry in doc.figures["figures"]]
    return "\n".join(lines) + "\n"


def _cell(value) -> str:
    """Text for a Markdown table cell or list item: no pipes or line breaks from the input."""
    if missing(value):
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")
