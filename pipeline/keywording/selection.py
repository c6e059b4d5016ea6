"""Which rows of keywords.csv a reader means by "a chapter's keywords" (pandas only, cheap to import)."""

from __future__ import annotations

import pandas as pd


def over_used(rows: pd.DataFrame) -> pd.DataFrame:
    """Terms with a keyness rank (used at least ``min_count`` times) that the chapter over-uses (G² > 0)."""
    return rows[rows["keyness_rank"].notna() & (rows["g2"] > 0)]
