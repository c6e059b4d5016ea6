"""Term scores per chapter beyond counts: jieba's background IDF, and TextRank (jieba.analyse's, or
by power iteration on a sparse graph). TF-IDF with chapters as documents is computed on the batch's
count matrix (``keywording.tables``)."""

from __future__ import annotations

from functools import cache

from pathlib import Path

import numpy as np
from pipeline.arrays import run_starts
import pandas as pd


@cache
def load_background_idf(path: Path | None = None) -> tuple[dict[str, float], float]:
    """jieba's IDF table (the one jieba.analyse uses) and its median, for unseen words (read once per process)."""
    import jieba.analyse
    from jieba.analyse.tfidf import IDFLoader  # jieba.analyse.tfidf the attribute is a function

    loader = IDFLoader(str(path or Path(jieba.analyse.__file__).parent / "idf.txt"))
    return loader.get_idf()


def textrank(words: list[str], candidate: list[bool], *, window: int = 5) -> dict[str, float]:
    """TextRank scores as jieba.analyse.TextRank computes them, on our tokens.

    ``words`` is the chapter's token sequence and ``candidate`` says which tokens may be
    keywords; two candidates within ``window`` tokens of each other are linked, and
    jieba.analyse's graph ranks them (10 iterations, damping 0.85).
    """
    from jieba.analyse.textrank import UndirectWeightedGraph

    pairs: dict[tuple[str, str], int] = {}
    for i, word in enumerate(words):
        if not candidate[i]:
            continue
        for j in range(i + 1, min(i + window, len(words))):
            if candidate[j]:
                pairs[(word, words[j])] = pairs.get((word, words[j]), 0) + 1
    graph = UndirectWeightedGraph()
    for (a, b), weight in pairs.items():
        graph.addEdge(a, b, weight)
    return dict(graph.rank()) if pairs else {}


def textrank_power(words: list[str], candidate: list[bool], *, window: int = 5) -> dict[str, float]:
    """TextRank of one token sequence by power iteration (``textrank_power_many`` with one unit)."""
    _, names, scores = textrank_power_many(np.asarray(words, dtype=object), np.asarray(candidate, dtype=bool),
                                           np.zeros(len(words), dtype=np.int64), window=window)
    return dict(zip(names.tolist(), scores.tolist(), strict=True))


def textrank_power_many(words: np.ndarray, candidate: np.ndarray, unit: np.ndarray, *, window: int = 5,
                        damping: float = 0.85, tolerance: float = 1e-6,
                        max_iterations: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TextRank of many token sequences at once, by power iteration on one sparse block-diagonal graph:
    (unit, word, score) of every linked candidate word. ``words`` are the sequences one after another,
    ``unit`` says whose each token is (sorted), and ``candidate`` which tokens may be keywords.

    Each unit's graph is jieba.analyse's: candidates within ``window`` tokens linked, edge weights
    the co-occurrence counts; scores are scaled as jieba scales them. jieba updates scores in place for
    10 rounds; iterating to the fixed point ranks nearly the same terms (the agreement is measured in
    benchmarks/README.md). Each unit stops when it has converged, as it would alone, so a unit's scores
    do not depend on the others in the batch."""
    from scipy import sparse

    keep = np.flatnonzero(candidate)
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0))
    if not len(keep):
        return empty
    # nodes: the distinct (unit, word) pairs of candidates, by unit, then word
    word_codes, names = pd.factorize(words[keep], sort=True)
    node_keys, ids = np.unique(unit[keep] * len(names) + word_codes, return_inverse=True)
    node_unit, node_word = node_keys // len(names), node_keys % len(names)
    sources, targets = [], []
    for offset in range(1, window):  # candidate pairs at this distance in the same unit's sequence
        linked = np.isin(keep + offset, keep)
        at = np.searchsorted(keep, keep[linked] + offset)
        same = unit[keep[at]] == unit[keep[linked]]
        sources.append(ids[linked][same])
        targets.append(ids[at][same])
    a, b = np.concatenate(sources), np.concatenate(targets)
    if not len(a):
        return empty
    n = len(node_keys)
    weights = sparse.coo_matrix((np.ones(2 * len(a)), (np.concatenate([a, b]), np.concatenate([b, a]))),
                                shape=(n, n)).tocsr()
    out = np.asarray(weights.sum(axis=1)).ravel()
    transition = (sparse.diags(np.divide(1.0, out, out=np.zeros(n), where=out > 0)) @ weights).T.tocsr()
    starts = run_starts(node_unit)
    per_unit = np.diff(np.r_[starts, n])
    score = np.repeat(1.0 / per_unit, per_unit)  # each unit starts uniform over its candidates
    active = np.ones(len(starts), dtype=bool)
    for _ in range(max_iterations):
        updated = (1 - damping) + damping * (transition @ score)
        moving = np.repeat(active, per_unit)
        change = np.maximum.reduceat(np.abs(updated - score), starts)
        score = np.where(moving, updated, score)
        active &= change >= tolerance
        if not active.any():
            break
    linked = out > 0
    score, node_unit, node_word = score[linked], node_unit[linked], node_word[linked]
    starts = run_starts(node_unit)
    low = np.repeat(np.minimum.reduceat(score, starts), np.diff(np.r_[starts, len(score)])) / 10.0
    high = np.repeat(np.maximum.reduceat(score, starts), np.diff(np.r_[starts, len(score)]))
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = np.where(high > low, (score - low) / (high - low), 1.0)
    return node_unit, np.asarray(names, dtype=object)[node_word], scaled
