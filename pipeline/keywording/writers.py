"""Human-facing keyword output: Markdown tables to paste (the workbook is the report stage's tables.xlsx)."""

from __future__ import annotations

import pandas as pd

_MD_COLUMNS = {"term": "词语", "count": "频次", "per_10k": "每万词", "g2": "G²", "log_ratio": "Log Ratio",
               "tfidf_rank": "TF-IDF 名次", "textrank_rank": "TextRank 名次", "examples": "段落"}


def _top(keywords: pd.DataFrame, chapter, top_k: int) -> pd.DataFrame:
    if chapter is None:  # the whole report, by count
        rows = keywords[keywords["scope"] == "report"]
        return rows.sort_values(["count", "term"], ascending=[False, True], kind="stable").head(top_k)
    rows = keywords[(keywords["scope"] == "chapter") & (keywords["chapter"] == chapter)]
    return rows[(rows["g2"] > 0) & rows["keyness_rank"].notna()].sort_values("keyness_rank", kind="stable").head(top_k)


def markdown(keywords: pd.DataFrame, chapters: list[dict], top_k: int) -> str:
    """Top ``top_k`` positive keywords of each chapter (by keyness) and of the whole report (by count)."""
    parts = [f"# 关键词 Keywords\n\nTop {top_k} terms per chapter by keyness (log-likelihood G² against the rest "
             "of the report); the whole report by frequency. 每万词 = per 10,000 tokens.\n"]
    for chapter in [*chapters, {"number": None, "title": "全文 Whole report", "kind": "report"}]:
        title = chapter["title"] or {"preamble": "序言 Preamble", "closing": "结束语 Closing"}.get(chapter["kind"], "")
        rows = _top(keywords, chapter["number"], top_k)
        if rows.empty:
            continue
        parts.append(f"\n## {'all' if chapter['number'] is None else chapter['number']} {title}\n")
        table = rows[list(_MD_COLUMNS)].rename(columns=_MD_COLUMNS)
        header = "| " + " | ".join(table.columns) + " |"
        lines = [header, "|" + "---|" * len(table.columns)]
        for record in table.itertuples(index=False):
            lines.append("| " + " | ".join("" if pd.isna(v) else str(v) for v in record) + " |")
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)
