"""Keyness of a chapter against the rest of the report, as corpus-linguistics tools report it.

For a term with frequency ``a`` in the target (total ``c`` tokens) and ``b`` in the
reference (total ``d`` tokens):

- log-likelihood G² = 2 Σ O ln(O / E) over the 2×2 table (Dunning 1993; Rayson & Garside
  2000), with its p value from the χ² distribution with one degree of freedom;
- Log Ratio = log2((a / c) / (b / d)) (Hardie 2014), a zero frequency taken as 0.5 so the
  ratio stays finite; positive when the term is more frequent in the target.

G² is signed here like the Log Ratio: positive keywords have G² > 0, negative ones G² < 0,
as AntConc and quanteda's textstat_keyness report them.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import chi2


def log_likelihood(a, b, c: float, d: float) -> np.ndarray:
    """Signed G² for target frequencies ``a`` and reference frequencies ``b`` (arrays)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    total = c + d
    e1 = c * (a + b) / total
    e2 = d * (a + b) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    g2 = 2 * (t1 + t2)
    return np.where(a / c >= b / d, g2, -g2)


def p_value(g2) -> np.ndarray:
    return chi2.sf(np.abs(np.asarray(g2, dtype=float)), df=1)


def log_ratio(a, b, c: float, d: float) -> np.ndarray:
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, a)
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, b)
    return np.log2((a / c) / (b / d))
