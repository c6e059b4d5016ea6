"""Colour scales the figures and the page share: where a scale ends, so one outlying cell does not
wash out the others."""

from __future__ import annotations

import numpy as np

SCALE_PERCENTILE = 95  # a scale ends at this percentile of the positive values; higher values show darkest


def robust_maximum(values: np.ndarray) -> float:
    """The top of a colour scale: the ``SCALE_PERCENTILE``th percentile of the positive values (0 if none)."""
    values = np.asarray(values, dtype=float)
    positive = values[values > 0]
    return float(np.percentile(positive, SCALE_PERCENTILE)) if positive.size else 0.0
