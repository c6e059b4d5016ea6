"""Human-facing keyword output: Markdown tables to paste (the workbook is the report stage's tables.xlsx)."""

from __future__ import annotations

import pandas as pd

_MD_COLUMNS = {"term": "词语", "count": "频次", "per_10k": "每万词", "g2": "G²", "log_ratio": "Log Ratio",
               "tfidf_rank": "TF-IDF 名次", "textrank_rank": "TextRank 名次", "examples": "段落"}


def _top(rows: pd.DataFrame, whole: bool, top_k: int) -> pd.DataFrame:
    """A unit's rows to show: the whole report by count, a chapter by keyness (positive keywords)."""
    if whole:
        return rows.sort_values(["count", "term"], ascending=[False, True], kind="stable").head(top_k)
    return rows[(rows["g2"] > 0) & rows["keyness_rank"].notna()].sort_values("keyness_rank", kind="stable").head(top_k)


def markdown(keywords: pd.DataFrame, chapters: list[dict], top_k: int) -> str:
    """Top ``top_k`` positive keywords of each chapter (by keyness) and of the whole report (by count)."""
    parts = [f"# 关键词 Keywords\n\nTop {top_k} terms per chapter by keyness (log-likelihood G² against the rest "
             "of the report); the whole report by frequency. 每万词 = per 10,000 tokens.\n"]
    # each unit's rows once (a boolean scan of the whole table per chapter cost more than the rest)
    units = {key: rows for key, rows in keywords.groupby(keywords["chapter"].astype("string").fillna(""), sort=False)}
    for chapter in [*chapters, {"number": None, "title": "全文 Whole report", "kind": "report"}]:
        title = chapter["title"] or {"preamble": "序言 Preamble", "closing": "结束语 Closing"}.get(chapter["kind"], "")
        whole = chapter["number"] is None
        mine = units.get("" if whole else str(chapter["number"]))
        rows = _top(mine[mine["scope"] == ("report" if whole else "chapter")], whole, top_k) if mine is not None \
            else keywords.iloc[:0]
        if rows.empty:
            continue
        parts.append(f"\n## {'all' if whole else chapter['number']} {title}\n")
        table = rows[list(_MD_COLUMNS)].rename(columns=_MD_COLUMNS)
        header = "| " + " | ".join(table.columns) + " |"
        lines = [header, "|" + "---|" * len(table.columns)]
        for record in table.itertuples(index=False):
            lines.append("| " + " | ".join("" if pd.isna(v) else str(v) for v in record) + " |")
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)
