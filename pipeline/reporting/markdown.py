"""report.md: the page's story in Markdown, to paste into a report of one's own (in ``report.language``)."""

from __future__ import annotations

import pandas as pd

from pipeline.i18n import hardness, pick, quality_value
from pipeline.io import missing
from pipeline.terms import compared_with, headline
from pipeline.naming import chapter_label
from pipeline.reporting.summary import compare_chapters, summary
from pipeline.reporting.tables import DocumentTables


def markdown(doc: DocumentTables, name: str, top: int, profile: dict | None = None, *, language: str = "zh",
             categories: list | None = None) -> str:
    def t(zh: str, en: str) -> str:
        return pick((zh, en), language)

    document = doc.document
    lines = [f"# {name}", ""]
    labels = {"place": ("地区", "place"), "year": ("年份", "year"), "meeting": ("会议", "meeting"), "date": ("日期", "date"),
              "speaker": ("报告人", "speaker")}
    for key, label in labels.items():
        if document.get(key):
            lines.append(f"- {pick(label, language)}: {document[key]}")
    lines += [f"- {t('来源', 'source')}: `{document.get('source_file')}` (SHA-256 `{document.get('source_sha256')}`)",
              f"- {t('规模', 'size')}: {document['counts']['clean_characters']} {t('字', 'characters')}, "
              f"{document['counts']['paragraphs']} {t('段', 'paragraphs')}", "",
              t("完整页面：[report.html](report.html) · 全部表格：[tables.xlsx](tables.xlsx)",
                "Full page: [report.html](report.html) · every table: [tables.xlsx](tables.xlsx)"), ""]
    if categories:
        comparison = compare_chapters(document, doc["keywords"], doc["categories"], categories)
        lines += [*summary(document, name, comparison, doc["keywords"], doc["categories"], language), ""]
    quality = doc["quality"]
    lines += [f"## {t('数据质量', 'Data quality')}", ""]
    if len(quality):
        times = quality["count"] if "count" in quality.columns else pd.Series(1, index=quality.index)
        lines += [f"- **{quality_value(_cell(q.kind), language)}** ({_cell(q.paragraph_id) or t('全文', 'document')}): "
                  f"{_cell(q.excerpt)} — {_cell(q.detail)} [{quality_value(_cell(q.action), language)}]"
                  + (f" ×{n}" if n > 1 else "")
                  for q, n in zip(quality.itertuples(), times.fillna(1).astype(int), strict=True)]
    else:
        lines.append(t("未发现问题。", "No findings."))
    lines += ["", f"## {t('主要预期目标', 'Targets')}", ""]
    comparison_table = doc["achieved_vs_target"]
    if len(comparison_table):
        lines += [f"| {t('指标', 'indicator')} | {t('目标', 'target')} | {t('限定', 'qualifier')} | {t('软硬', 'hard/soft')} | "
                  f"{t('上年实际', 'last year')} |", "|---|---|---|---|---|"]
        for row in comparison_table.itertuples():
            high = f"–{row.target_high:g}" if not pd.isna(row.target_high) else ""
            achieved = f"{row.achieved:g}{_cell(row.achieved_unit)}" if not pd.isna(row.achieved) else ""
            lines.append(f"| {_cell(row.label)} | {row.target:g}{high}{_cell(row.unit)} | {_cell(row.qualifier)} | "
                         f"{hardness(_cell(row.hard), language)} | {achieved} |")
    else:
        lines.append(t("未找到带数字的主要目标；全部数量表述见 targets/targets.csv。",
                       "No headline target with a figure was found; every quantity claim is in targets/targets.csv."))
    keywords = doc["keywords"]
    lines += ["", f"## {t('各章特色词', 'Distinctive terms by chapter')}", "", compared_with(profile, language), "",
              f"| {t('章', 'chapter')} | {t('特色词（G²）', 'terms (G²)')} |", "|---|---|"]
    for chapter in document["chapters"]:
        rows, against = headline(keywords[keywords["chapter"] == chapter["number"]])
        rows = rows.head(top)
        if len(rows):
            score = rows["genre_g2"] if against == "genre" else rows["g2"]
            terms = "、".join(f"{term} ({g:.1f})" for term, g in zip(rows["term"], score, strict=True))
            if against != "genre" and profile:  # too few terms stand out from the genre here
                terms += t("（相对全文其余部分）", " (against the rest of the report)")
            lines.append(f"| {_cell(chapter_label(chapter, language))} | {terms} |")
    whole = keywords[keywords["scope"] == "report"].sort_values(["count", "term"], ascending=[False, True]).head(top)
    lines += ["", f"## {t('全文高频词', 'Most frequent terms')}", "",
              f"| {t('词语', 'term')} | {t('频次', 'count')} | {t('每万词', 'per 10k')} |", "|---|---|---|"]
    lines += [f"| {term} | {c} | {p:.1f} |" for term, c, p in zip(whole["term"], whole["count"], whole["per_10k"], strict=True)]
    lines += ["", f"## {t('主题', 'Topics')}", ""]
    if not len(doc["topics"]):
        reasons = doc["model_selection"]["reason"].dropna()
        lines.append(f"{t('没有主题模型', 'No topic model')}: {reasons.iloc[0] if len(reasons) else 'topics/model_selection.csv'}.")
    for number, rows in doc["topics"].groupby("topic", sort=True):
        lines.append(f"{int(number)}. **{rows['label'].iloc[0]}**: {'、'.join(rows['term'].head(top))}")
    lines += ["", f"## {t('图', 'Figures')}", ""]
    lines += [f"![{entry['file']}](figures/{entry['file']})" for entry in doc.figures["figures"]]
    return "\n".join(lines) + "\n"


def _cell(value) -> str:
    """Text for a Markdown table cell or list item: no pipes or line breaks from the input."""
    if missing(value):
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")
