"""Runs of equal values in sorted (or grouped) arrays: where each run starts, and each element's place
in its run. The vectorised tables (keywords of a batch, TextRank of many units, corpus trends) group
rows this way instead of looping over groups."""

from __future__ import annotations

import numpy as np


def run_starts(keys: np.ndarray) -> np.ndarray:
    """The index where each run of equal ``keys`` starts (``keys`` grouped: equal values adjacent)."""
    keys = np.asarray(keys)
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)


def rank_in_runs(keys: np.ndarray) -> np.ndarray:
    """Each element's position in its run of equal ``keys`` (0 for a run's first)."""
    starts = run_starts(keys)
    return np.arange(len(keys)) - np.repeat(starts, np.diff(np.r_[starts, len(keys)]))
