"""The term filter every stage shares: which tokens are terms, and which keyword rows a reader means."""

from __future__ import annotations

import pandas as pd


def term_tokens(tokens: pd.DataFrame, settings) -> pd.Series:
    """Which tokens are terms for the keyword tables (a boolean mask)."""
    return (tokens["role"].isin(settings.roles) & ~tokens["kind"].isin(settings.exclude_kinds)
            & ~tokens["stop_list"].isin(settings.stopword_lists) & ~tokens["pos"].isin(settings.exclude_pos)
            & (tokens["norm"].str.len() >= settings.min_chars))


def over_used(rows: pd.DataFrame) -> pd.DataFrame:
    """Terms with a keyness rank (used at least ``min_count`` times) that the chapter over-uses (G² > 0)."""
    return rows[rows["keyness_rank"].notna() & (rows["g2"] > 0)]


def headline(rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """A chapter's distinctive terms in the order a reader should see them first, and against what:
    against the genre ("genre") where the chapter has genre ranks, else against the rest of the
    report ("keyness")."""
    if "genre_rank" in rows.columns:
        genre = rows[rows["genre_rank"].notna()]
        if len(genre):
            return genre.sort_values(["genre_rank", "term"], kind="stable"), "genre"
    return over_used(rows).sort_values(["keyness_rank", "term"], kind="stable"), "keyness"


def compared_with(meta: dict | None, language: str = "bilingual") -> str:
    """One sentence saying what the distinctive terms are compared with."""
    from pipeline.i18n import pick

    if not meta:
        return pick(("特色词：与本报告其余各章相比。", "Distinctive terms: each chapter against the rest of the report."),
                    language)
    years = sorted(meta.get("years", {}), key=str)
    span = f"{years[0]}–{years[-1]}" if years else ""
    reports = meta.get("reports", "?")
    return pick((f"特色词：与 {reports} 份政府工作报告（{span}）的同类章节相比，全文与全部报告相比。",
                 f"Distinctive terms: each chapter against the same part of {reports} government work reports "
                 f"({span}); the whole report against all of them."), language)
