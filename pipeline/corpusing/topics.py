"""One topic model over the whole corpus: chapters of every report as documents, fitted by
mini-batches, so that memory stays flat as the corpus grows and every report is described by
the same topics (what researchers compare across places and years).

The chapters × terms counts come from each report's keywords.csv (the corpus's sparse matrix);
k is chosen as the topics stage chooses it: by coherence (NPMI over chapter co-occurrence)
among the k whose top terms agree across seeds. A report's topic share weighs its chapters by
their size; a role's share (review, tasks, ...) uses the chapters aligned to that role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline.io import missing
from pipeline.topicmodel import choose_k, npmi, stability, top_terms

PREVALENCE_COLUMNS = ["doc", "place", "year", "scope", "topic", "label", "share"]
TOPIC_COLUMNS = ["topic", "label", "rank", "term", "term_weight", "passage_doc", "passage_chapter", "passage_title",
                 "passage_weight"]
SELECTION_COLUMNS = ["k", "coherence_npmi", "stability", "chosen", "reason"]
SELECTION_CHAPTERS = 3000


@dataclass(frozen=True)
class TopicOptions:
    k_min: int
    k_max: int
    seed: int
    stability_seeds: int
    min_stability: float
    top_terms: int
    min_df: int


@dataclass
class CorpusTopics:
    prevalence: pd.DataFrame
    topics: pd.DataFrame
    selection: pd.DataFrame


def fit_corpus_topics(counts: sparse.csr_matrix, vocabulary: list[str], chapters: pd.DataFrame,
                      alignment: pd.DataFrame, documents: list[dict], options: TopicOptions, *,
                      map_fits: Callable = lambda function, items: list(map(function, items)),
                      share: Callable = lambda value: value) -> CorpusTopics:
    """The corpus model: chapters (rows of ``counts``, described by ``chapters``) in, tables out.
    ``map_fits(function, items)`` runs the fits that choose k (a pool's or a cluster's map: they are
    independent), and ``share`` hands their matrix to the workers once; the chosen k's fit on every chapter
    runs here, next to the whole matrix."""
    body = (chapters["kind"] == "body").to_numpy().copy()
    keep_terms = np.asarray((counts[body] > 0).sum(axis=0)).ravel() >= options.min_df
    filtered = counts[:, keep_terms].tocsr()
    body &= np.asarray(filtered.sum(axis=1)).ravel() > 0  # a chapter of rare terms only has nothing to model
    x_counts = filtered[body]
    vocab = np.asarray(vocabulary, dtype=object)[keep_terms]
    units = chapters[body].reset_index(drop=True)
    # every fit (also on an 80% sample) needs k at most its chapters and terms
    k_max = min(options.k_max, int(0.8 * min(x_counts.shape[0], SELECTION_CHAPTERS)), x_counts.shape[1])
    if k_max < options.k_min:
        return _without_model(f"too few chapters ({x_counts.shape[0]}) or terms ({x_counts.shape[1]}) for "
                              f"{options.k_min} corpus topics")
    x = _tfidf(x_counts)
    # k is chosen on at most SELECTION_CHAPTERS chapters: with thousands of reports, ~40 fits on all of them
    # would cost more than the reports' own processing; the chosen k is then fitted on every chapter.
    chosen_rows = np.arange(x.shape[0])
    if x.shape[0] > SELECTION_CHAPTERS:
        chosen_rows = np.sort(np.random.default_rng(options.seed).choice(x.shape[0], SELECTION_CHAPTERS, replace=False))
    select = x[chosen_rows]
    binary = (x_counts[chosen_rows] > 0).tocsc().astype(np.int32)
    index = {t: i for i, t in enumerate(vocab)}
    ks, seeds = range(options.k_min, k_max + 1), range(options.stability_seeds + 1)
    samples = [np.arange(select.shape[0]) if s == 0 else np.sort(np.random.default_rng(options.seed + s).choice(
        select.shape[0], int(0.8 * select.shape[0]), replace=False)) for s in seeds]  # a different 80% each
    # tasks name their rows of one shared matrix: copies of the rows would all be queued at once, and a cluster
    # gets the matrix once per worker, not once per task
    shared = share(select)
    fitted = iter(map_fits(fit_one, [(shared, samples[s], k, options.seed + s) for k in ks for s in seeds]))
    rows, fits = [], {}
    for k in ks:
        fits[k], *others = [next(fitted) for _ in seeds]
        runs = [top_terms(h, vocab, options.top_terms) for _, h in (fits[k], *others)]
        coherence = float(np.mean(npmi(runs[0], binary, index)))
        rows.append({"k": k, "coherence_npmi": round(coherence, 4), "stability": round(stability(runs), 4),
                     "chosen": False, "reason": ""})
    selection = pd.DataFrame(rows, columns=SELECTION_COLUMNS)
    k, reason = choose_k(selection, options.min_stability)
    selection.loc[selection["k"] == k, ["chosen", "reason"]] = [True, reason]
    weights, components = fits[k] if len(chosen_rows) == x.shape[0] else fit_one((x, None, k, options.seed))
    labels = ["·".join(terms[:3]) for terms in top_terms(components, vocab, options.top_terms)]
    return CorpusTopics(_prevalence(weights, units, alignment, documents, labels),
                        _topic_table(weights, components, vocab, units, labels, options.top_terms), selection)


def _tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()


def fit_one(task: tuple) -> tuple[np.ndarray, np.ndarray]:
    """(chapter × topic, topic × term) of one fit (matrix, its rows to fit or None for all, k, seed) by
    mini-batches: memory follows the batch, not the corpus. One BLAS thread: the same floats wherever it runs (this process, a pool's
    worker, a cluster's)."""
    import warnings

    from sklearn.decomposition import MiniBatchNMF
    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    x, rows, k, seed = task
    x = x if rows is None else x[rows]
    model = MiniBatchNMF(n_components=k, init="nndsvda", batch_size=1024, max_iter=50, random_state=seed)
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)  # 50 passes are the budget: more change little, cost much
        return model.fit_transform(x), model.components_


def _prevalence(weights: np.ndarray, units: pd.DataFrame, alignment: pd.DataFrame, documents: list[dict],
                labels: list[str]) -> pd.DataFrame:
    """Topic shares per report (chapters weighted by size) and per report and role."""
    roles = alignment.set_index(["doc", "chapter"])["role"].to_dict()
    shares = weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)
    weighted = shares * units["size"].to_numpy(dtype=float)[:, None]
    frame = pd.DataFrame(weighted, columns=range(1, weights.shape[1] + 1))
    frame["doc"] = units["doc"].to_numpy()
    frame["scope"] = [roles.get((d, int(c)), "other") for d, c in zip(units["doc"], units["chapter"], strict=True)]
    parts = [frame.drop(columns="scope").groupby("doc", sort=False).sum().assign(scope="report"),
             frame.groupby(["doc", "scope"], sort=False).sum().reset_index("scope")]
    wide = pd.concat(parts).reset_index()
    topic_columns = list(range(1, weights.shape[1] + 1))
    totals = wide[topic_columns].sum(axis=1).replace(0, np.nan)
    wide[topic_columns] = wide[topic_columns].div(totals, axis=0)
    long = wide.melt(id_vars=["doc", "scope"], value_vars=topic_columns, var_name="topic", value_name="share")
    meta = {d["doc"]: d for d in documents}
    long["place"] = long["doc"].map(lambda d: meta.get(d, {}).get("place") or "")
    long["year"] = pd.array([_year(meta.get(d, {}).get("year")) for d in long["doc"]], dtype="Int64")
    long["label"] = long["topic"].map(lambda t: labels[t - 1])
    long["share"] = long["share"].round(4)
    order = {d["doc"]: k for k, d in enumerate(sorted(documents, key=_report_order))}
    long["_order"] = long["doc"].map(order)
    long["_scope"] = (long["scope"] != "report").astype(int)
    long = long.sort_values(["_order", "_scope", "scope", "topic"], kind="stable")
    return long[PREVALENCE_COLUMNS].reset_index(drop=True)


def _report_order(doc: dict) -> tuple:
    """Reports by place, then year within a place."""
    return (doc.get("place") or "", _year(doc.get("year")) or 0, doc["doc"])


def _year(value) -> int | None:
    return None if missing(value) else int(value)


def _topic_table(weights, components, vocab, units: pd.DataFrame, labels: list[str], n: int) -> pd.DataFrame:
    """Each topic's top terms beside its most central chapters (the chapters it weighs most in)."""
    rows = []
    names = np.asarray(vocab, dtype=str)
    for topic in range(components.shape[0]):
        term_order = np.lexsort((names, -components[topic]))[:n]
        share = weights[:, topic] / np.maximum(weights.sum(axis=1), 1e-12)
        passages = np.lexsort((np.arange(len(share)), -share))[:n]
        for rank in range(n):
            term = term_order[rank] if rank < len(term_order) else None
            passage = passages[rank] if rank < len(passages) else None
            rows.append({"topic": topic + 1, "label": labels[topic], "rank": rank + 1,
                         "term": names[term] if term is not None else "",
                         "term_weight": round(float(components[topic, term]), 4) if term is not None else None,
                         "passage_doc": units.loc[passage, "doc"] if passage is not None else "",
                         "passage_chapter": int(units.loc[passage, "chapter"]) if passage is not None else None,
                         "passage_title": (units.loc[passage, "title"] or "") if passage is not None else "",
                         "passage_weight": round(float(share[passage]), 4) if passage is not None else None})
    return pd.DataFrame(rows, columns=TOPIC_COLUMNS)


def _without_model(reason: str) -> CorpusTopics:
    selection = pd.DataFrame([{"k": None, "coherence_npmi": None, "stability": None, "chosen": False,
                               "reason": reason}], columns=SELECTION_COLUMNS)
    return CorpusTopics(pd.DataFrame(columns=PREVALENCE_COLUMNS), pd.DataFrame(columns=TOPIC_COLUMNS), selection)


# The code the model's tables come from: a change to any of these refits it.
MODEL_CODE = ("corpusing/topics.py", "topicmodel.py", "corpusing/alignment.py", "roles.py")
# Each report's files the tables read: term counts, chapter sizes, metadata (place, year, titles).
REPORT_FILES = ("keywords/keywords.csv", "tokens.parquet", "clean/document.json")


def fingerprint(out_root, docs: list[str], options: TopicOptions, min_similarity: float) -> str:
    """What the corpus model's tables depend on: each report's files they read (by size and time), the code that
    makes them, scikit-learn's version and the settings. The model is refitted only when this changes."""
    import hashlib
    import json

    import sklearn

    from pipeline.config import ROOT

    parts = [json.dumps(options.__dict__, sort_keys=True), str(min_similarity), sklearn.__version__]
    parts += [hashlib.sha256((ROOT / "pipeline" / name).read_bytes()).hexdigest() for name in MODEL_CODE]
    for doc in sorted(docs):
        for name in REPORT_FILES:
            stat = (out_root / doc / name).stat()
            parts.append(f"{doc}/{name}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def over_years_png(prevalence: pd.DataFrame, min_years: int = 3, max_places: int = 12,
                   max_topics: int = 6) -> bytes | None:
    """Each topic's share of the report over the years, a panel per place with reports of three years or more
    (the places with the most years first); years without a report leave a gap."""
    from pipeline.corpusing.tables import places_with_years
    from pipeline.figuring import charts

    whole = prevalence[(prevalence["scope"] == "report") & prevalence["year"].notna() & (prevalence["place"] != "")]
    places = places_with_years(whole, "year", min_years, max_places)
    panels = []
    for place in places:
        rows = whole[whole["place"] == place]
        top = rows.groupby("label")["share"].mean().sort_values(ascending=False, kind="stable").index[:max_topics]
        series = [(label, group["year"], group["share"], "-")
                  for label, group in rows[rows["label"].isin(top)].groupby("label", sort=False)]
        panels.append((place, series))
    return charts.year_lines_png("主题占比的历年变化（占全文比例）", panels, 1200) if panels else None


def by_place_pngs(prevalence: pd.DataFrame, min_places: int = 3) -> dict[str, bytes]:
    """For each year with reports of three places or more: each place's report as a bar of topic shares."""
    from pipeline.figuring import charts

    whole = prevalence[(prevalence["scope"] == "report") & prevalence["year"].notna() & (prevalence["place"] != "")]
    pictures = {}
    labels = list(dict.fromkeys(whole.sort_values("topic", kind="stable")["label"]))
    for year, rows in whole.groupby("year", sort=True):
        if rows["place"].nunique() < min_places:
            continue
        grid = rows.pivot_table(index="place", columns="label", values="share", aggfunc="mean").reindex(
            columns=labels, fill_value=0.0).fillna(0.0)
        series = [(label, charts.TOPIC_PALETTE[k % len(charts.TOPIC_PALETTE)], grid[label].to_numpy(dtype=float))
                  for k, label in enumerate(labels)]
        pictures[f"topics_by_place_{int(year)}.png"] = charts.stacked_bars_png(
            f"{int(year)} 年各地报告的主题构成（占全文比例）", list(grid.index), series, "主题占比 share", 1200, share=True)
    return pictures
