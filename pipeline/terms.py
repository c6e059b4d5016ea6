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
