"""Topic models that are honest about small data: units, model selection, clusters.

A county report has a few hundred paragraphs. So:

- units are paragraphs, long ones split into sentence windows of similar size, so one
  paragraph does not dominate;
- the number of topics k is chosen from a range by topic coherence (NPMI of each
  topic's top terms, counted over the units) together with stability across seeds (how
  well the top terms of runs with other seeds match, best pairing by the Hungarian
  method); every candidate's scores are kept;
- within a chapter, units are clustered (KMeans) with the number of clusters chosen by
  silhouette, and a chapter with too few units says so instead of producing noise.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import silhouette_score


@dataclass
class Unit:
    id: str
    paragraph_id: str
    chapter: int
    terms: list[str]
    text: str


def make_units(tokens: pd.DataFrame, terms_mask: pd.Series, *, target: int) -> list[Unit]:
    """Paragraphs as units; a paragraph of more than 1.5 × ``target`` terms is split into
    windows of whole sentences of about ``target`` terms each."""
    # paragraph -> (chapter, sentence -> (its terms, its text pieces)), paragraphs in order of appearance
    paragraphs: dict[str, tuple[int, dict[int, tuple[list[str], list[str]]]]] = {}
    columns = (tokens[name].tolist() for name in ("paragraph_id", "chapter", "sentence", "norm", "token"))
    for pid, chapter, sentence, norm, token, is_term in zip(*columns, terms_mask.tolist(), strict=True):
        sentences = paragraphs.setdefault(pid, (int(chapter), {}))[1]
        words, pieces = sentences.setdefault(sentence, ([], []))
        pieces.append(token)
        if is_term:
            words.append(norm)
    units = []
    for pid, (chapter, by_sentence) in paragraphs.items():
        sentences = [(words, "".join(pieces)) for _, (words, pieces) in sorted(by_sentence.items())]
        total = sum(len(words) for words, _ in sentences)
        if not total:
            continue
        windows = max(1, round(total / target)) if total > 1.5 * target else 1
        size = total / windows
        bucket, text, count, k = [], "", 0, 0
        for words, sentence_text in sentences:
            bucket += words
            text += sentence_text
            count += len(words)
            if count >= size * (k + 1) and k < windows - 1:
                units.append(Unit(f"{pid}#{k + 1}", pid, chapter, bucket, text))
                bucket, text, k = [], "", k + 1
        if bucket:
            units.append(Unit(f"{pid}#{k + 1}", pid, chapter, bucket, text))
    return units


def vectorize(units: list[Unit], *, min_df: int):
    """TF-IDF (for NMF and clustering) and raw counts (for LDA) over the units' terms."""
    tfidf = TfidfVectorizer(analyzer=_identity, min_df=min_df, sublinear_tf=True, lowercase=False)
    x = tfidf.fit_transform([u.terms for u in units])
    counts = CountVectorizer(analyzer=_identity, vocabulary=tfidf.vocabulary_, lowercase=False)
    return x, counts.transform([u.terms for u in units]), tfidf.get_feature_names_out()


def _identity(terms):
    return terms


def fit(model: str, k: int, seed: int, x_tfidf, x_counts):
    """(unit × topic weights, topic × term weights) of one model."""
    if model == "nmf":
        estimator = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=800)
        weights = estimator.fit_transform(x_tfidf)
    else:
        estimator = LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="batch", max_iter=50)
        weights = estimator.fit_transform(x_counts)
    return weights, estimator.components_


def top_terms(components: np.ndarray, vocab, n: int) -> list[list[str]]:
    """Each topic's n heaviest terms; ties by term, so runs agree."""
    names = np.asarray(vocab, dtype=str)
    return [names[np.lexsort((names, -row))[:n]].tolist() for row in components]


def npmi(topics: list[list[str]], binary, vocab_index: dict[str, int]) -> list[float]:
    """Mean normalised PMI of each topic's term pairs, with unit co-occurrence (Bouma 2009).

    ``binary`` says which unit has which term: a dense array or a sparse matrix (a corpus's
    chapters × terms is never made dense). Pairs that never co-occur score -1, pairs always
    together +1.
    """
    binary = sparse.csc_matrix(binary, dtype=np.int32)
    n = binary.shape[0]
    doc_freq = np.asarray(binary.sum(axis=0)).ravel()
    scores = []
    for terms in topics:
        values = []
        for a, b in itertools.combinations([vocab_index[t] for t in terms], 2):
            both = int(binary[:, a].multiply(binary[:, b]).sum())
            if both == 0:
                values.append(-1.0)
                continue
            p_ab, p_a, p_b = both / n, doc_freq[a] / n, doc_freq[b] / n
            values.append(1.0 if p_ab == 1 else math.log(p_ab / (p_a * p_b)) / -math.log(p_ab))
        scores.append(float(np.mean(values)) if values else 0.0)
    return scores


def choose_k(selection: pd.DataFrame, min_stability: float) -> tuple[int, str]:
    """The most coherent k among the stable ones (else the most stable), and why."""
    stable = selection[selection["stability"] >= min_stability]
    if len(stable):
        return (int(stable.sort_values(["coherence_npmi", "k"], ascending=[False, True]).iloc[0]["k"]),
                f"most coherent with stability ≥ {min_stability}")
    return (int(selection.sort_values(["stability", "k"], ascending=[False, True]).iloc[0]["k"]),
            f"no k reached stability {min_stability}: the most stable")


def stability(runs: list[list[list[str]]]) -> float:
    """Mean agreement of top terms between runs with different seeds (best topic pairing, Jaccard)."""
    values = []
    for a, b in itertools.combinations(runs, 2):
        sim = np.array([[len(set(x) & set(y)) / len(set(x) | set(y)) for y in b] for x in a])
        rows, cols = linear_sum_assignment(-sim)
        values.append(float(sim[rows, cols].mean()))
    return float(np.mean(values)) if values else 1.0


def cluster_chapter(x, *, k_range: tuple[int, int], min_units: int, seed: int):
    """(labels, k, silhouette) for one chapter's unit vectors, or None with too few units."""
    n = x.shape[0]
    if n < max(min_units, 2 * k_range[0]):
        return None
    best = None
    # At least three units per cluster on average: single-unit clusters are noise.
    for k in range(k_range[0], min(k_range[1], n // 3) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(x, labels, metric="cosine")
        if best is None or score > best[2] + 1e-12:
            best = (labels, k, float(score))
    return best  # None when no k gave two clusters
