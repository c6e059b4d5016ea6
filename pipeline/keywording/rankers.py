"""Term scores per chapter: TF-IDF (chapters as documents), TF-IDF against jieba's background
IDF, and TextRank on the same tokens."""

from __future__ import annotations

from functools import cache

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer


def chapter_tfidf(terms_by_chapter: dict[str, list[str]]) -> pd.DataFrame:
    """TF-IDF with chapters as documents (sublinear tf, smooth idf, l2 norm): term × chapter."""
    units = list(terms_by_chapter)
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False)
    matrix = vectorizer.fit_transform([terms_by_chapter[u] for u in units])
    return pd.DataFrame(matrix.T.toarray(), index=vectorizer.get_feature_names_out(), columns=units)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


@cache
def load_background_idf(path: Path | None = None) -> tuple[dict[str, float], float]:
    """jieba's IDF table (the one jieba.analyse uses) and its median, for unseen words (read once per process)."""
    import jieba.analyse
    from jieba.analyse.tfidf import IDFLoader  # jieba.analyse.tfidf the attribute is a function

    loader = IDFLoader(str(path or Path(jieba.analyse.__file__).parent / "idf.txt"))
    return loader.get_idf()


def background_tfidf(counts: pd.Series, idf: dict[str, float], median_idf: float) -> pd.Series:
    """jieba.analyse's score: term frequency in the chapter × IDF from jieba's general corpus."""
    total = counts.sum()
    weights = np.array([idf.get(term, median_idf) for term in counts.index])
    return counts / total * weights if total else counts * 0.0


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


def textrank_power(words: list[str], candidate: list[bool], *, window: int = 5, damping: float = 0.85,
                   tolerance: float = 1e-6, max_iterations: int = 200) -> dict[str, float]:
    """TextRank on the sparse co-occurrence graph by power iteration (to convergence), scaled as jieba scales
    its scores. The graph is jieba.analyse's: candidates within ``window`` tokens linked, edge weights the
    co-occurrence counts. jieba updates scores in place for 10 rounds; iterating to the fixed point ranks
    nearly the same terms (the agreement is measured in benchmarks/README.md) in a few array operations."""
    from scipy import sparse

    keep = np.flatnonzero(np.asarray(candidate, dtype=bool))
    if len(keep) < 2:
        return {}
    names, ids = np.unique(np.asarray(words, dtype=object)[keep].astype(str), return_inverse=True)
    sources, targets = [], []
    for offset in range(1, window):  # candidate pairs at this distance in the token sequence
        linked = np.isin(keep + offset, keep)
        sources.append(ids[linked])
        targets.append(ids[np.searchsorted(keep, keep[linked] + offset)])
    a, b = np.concatenate(sources), np.concatenate(targets)
    if not len(a):
        return {}
    n = len(names)
    weights = sparse.coo_matrix((np.ones(2 * len(a)), (np.concatenate([a, b]), np.concatenate([b, a]))),
                                shape=(n, n)).tocsr()
    out = np.asarray(weights.sum(axis=1)).ravel()
    linked_nodes = out > 0
    transition = sparse.diags(np.divide(1.0, out, out=np.zeros(n), where=linked_nodes)) @ weights
    score = np.full(n, 1.0 / n)
    for _ in range(max_iterations):
        updated = (1 - damping) + damping * (transition.T @ score)
        if np.abs(updated - score).max() < tolerance:
            score = updated
            break
        score = updated
    score, names = score[linked_nodes], names[linked_nodes]
    low, high = score.min(), score.max()
    scaled = (score - low / 10.0) / (high - low / 10.0) if high > low / 10.0 else np.ones_like(score)
    return dict(zip(names.tolist(), scaled.tolist(), strict=True))
