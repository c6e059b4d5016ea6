"""The corpus tables: documents, keyword trends with keyness, categories, chapter alignment.

Counts come from the sparse chapters × terms matrix; a "scope" is a set of chapters of one
report: the whole report, or the chapters aligned to a role (``tasks``: this year's tasks).
Keyness of a report is against the rest of the corpus in the same scope (G² and Log Ratio,
as the keywords stage computes them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline.keyness import log_likelihood, log_ratio

DOCUMENT_COLUMNS = ["doc", "title", "place", "year", "encoding", "characters", "tokens", "chapters",
                    "quality_findings", "status", "reason", "duplicate_of", "similarity"]
TREND_COLUMNS = ["term", "scope", "doc", "place", "year", "count", "per_10k", "g2", "log_ratio"]
CATEGORY_COLUMNS = ["doc", "place", "year", "scope", "category", "label", "hits", "per_10k"]
ALIGNMENT_COLUMNS = ["doc", "chapter", "title", "role", "role_label", "method", "confidence"]
TREND_SCOPES = ("report", "tasks")


def scope_groups(chapters: pd.DataFrame, alignment: pd.DataFrame, docs: list[str], scope: str) -> sparse.csr_matrix:
    """Indicator matrix docs × chapters: which chapters of each report form the scope."""
    if scope == "report":
        member = chapters["doc"].isin(docs).to_numpy()
    else:
        keys = set(zip(*(alignment.loc[alignment["role"] == scope, c] for c in ("doc", "chapter")), strict=True))
        member = np.array([(d, c) in keys for d, c in zip(chapters["doc"], chapters["chapter"], strict=True)], bool)
    index = {doc: i for i, doc in enumerate(docs)}
    rows = chapters.loc[member, "doc"].map(index).to_numpy()
    cols = np.flatnonzero(member)
    return sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(docs), len(chapters)))


def keyword_trends(corpus, docs: list[dict], alignment: pd.DataFrame, min_count: int) -> pd.DataFrame:
    """Per term and report (count > 0): per-10k frequency, and keyness against the other reports.

    Rows are ordered by term, scope, place, year and report. At corpus scale there are
    millions: they are built and ordered on arrays (term, scope and report as numbers),
    never as one Python object per row.
    """
    ids = [d["doc"] for d in docs]
    if not ids:
        return pd.DataFrame(columns=TREND_COLUMNS)
    parts = []
    for scope_code, scope in enumerate(TREND_SCOPES):
        groups = scope_groups(corpus.chapters, alignment, ids, scope)
        counts = (groups @ corpus.counts).tocoo()
        sizes = groups @ corpus.chapters["size"].to_numpy(dtype=float)
        totals = np.asarray(counts.sum(axis=0)).ravel() if counts.nnz else np.zeros(len(corpus.vocabulary))
        keep = totals[counts.col] >= min_count
        r, c, a = counts.row[keep], counts.col[keep], counts.data[keep].astype(float)
        own, rest = sizes[r], sizes.sum() - sizes[r]
        valid = own > 0
        r, c, a, own, rest = r[valid], c[valid], a[valid], own[valid], rest[valid]
        b = totals[c] - a
        # no other report in the scope: frequencies, but no keyness
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 = np.where(rest > 0, np.round(log_likelihood(a, b, own, rest), 3), np.nan)
            ratio = np.where(rest > 0, np.round(log_ratio(a, b, own, rest), 3), np.nan)
        parts.append((c.astype(np.int32), np.full(len(c), scope_code, dtype=np.int8), r.astype(np.int32),
                      a.astype(int), np.round(a / own * 1e4, 3), g2, ratio))
        del counts, r, c, a, own, rest, b, g2, ratio  # millions of rows each: keep the peak down
    term, scope, doc, count, per_10k, g2, ratio = (np.concatenate(column) for column in zip(*parts, strict=True))
    del parts
    meta = pd.DataFrame(docs).reindex(columns=["doc", "place", "year"])
    # reports in order of place, year and name (missing place or year first)
    doc_order = sorted(range(len(ids)), key=lambda i: (_or(meta["place"].iloc[i], ""), _or(meta["year"].iloc[i], 0),
                                                          ids[i]))
    doc_rank = np.empty(len(ids), dtype=np.int64)
    doc_rank[doc_order] = np.arange(len(ids))
    term_rank = np.empty(len(corpus.vocabulary), dtype=np.int64)
    term_rank[np.argsort(np.asarray(corpus.vocabulary, dtype=str), kind="stable")] = np.arange(len(corpus.vocabulary))
    order = np.lexsort((doc_rank[doc], scope, term_rank[term]))
    columns = {"term": (np.asarray(corpus.vocabulary, dtype=object), term),
               "scope": (np.asarray(TREND_SCOPES, dtype=object), scope), "doc": (np.asarray(ids, dtype=object), doc),
               "place": (meta["place"].to_numpy(), doc), "year": (meta["year"].to_numpy(), doc),
               "count": (count, None), "per_10k": (per_10k, None), "g2": (g2, None), "log_ratio": (ratio, None)}
    del term, scope, doc, count, per_10k, g2, ratio
    trends = pd.DataFrame(index=pd.RangeIndex(len(order)))
    for name in TREND_COLUMNS:  # one column at a time, so only one full-size temporary lives at once
        values, codes = columns.pop(name)
        trends[name] = values[codes[order]] if codes is not None else values[order]
    return trends


def places_with_years(frame: pd.DataFrame, year: str, min_years: int, limit: int) -> list[str]:
    """The places with reports of at least ``min_years`` years, the ``limit`` with the most years, by name."""
    years = frame[frame["place"] != ""].groupby("place")[year].nunique()
    return sorted(years[years >= min_years].sort_values(ascending=False, kind="stable").index[:limit])


def _or(value, default):
    """``value``, or ``default`` where it is missing (None or NaN)."""
    return default if value is None or (isinstance(value, float) and np.isnan(value)) else value


def trends_csv(trends: pd.DataFrame):
    """A writer of keyword_trends.csv (for ``write_outputs``): pandas' C writer, straight to the
    file. At corpus scale the table has millions of rows, too many to turn into Python dicts or
    hold as text next to the table."""
    def write(fh) -> None:
        trends[TREND_COLUMNS].to_csv(fh, index=False, lineterminator="\n", na_rep="", encoding="utf-8-sig")

    return write


def categories(corpus, docs: list[dict], alignment: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Policy-category emphasis per report and per aligned role: hits and hits per 10,000 tokens.

    Sums are grouped once for the whole corpus (not a scan of every row per report, which
    grew with the square of the corpus)."""
    wanted = [d["doc"] for d in docs]
    roles = alignment[["doc", "chapter", "role"]]
    cats = corpus.categories[corpus.categories["doc"].isin(wanted)].merge(roles, on=["doc", "chapter"], how="left")
    sizes = corpus.chapters[corpus.chapters["doc"].isin(wanted)].merge(roles, on=["doc", "chapter"], how="left")
    # Keys (doc, role) with role None for the whole report, so no role name can pass for it.
    totals = {**{(doc, None): n for doc, n in sizes.groupby("doc")["size"].sum().items()},
              **sizes.groupby(["doc", "role"])["size"].sum().to_dict()}
    hits = {**{(doc, None, key): n for (doc, key), n in cats.groupby(["doc", "category"])["hits"].sum().items()},
            **cats.groupby(["doc", "role", "category"])["hits"].sum().to_dict()}
    roles_of = sizes.dropna(subset=["role"]).groupby("doc")["role"].agg(lambda r: sorted(set(r))).to_dict()
    rows = []
    for d in docs:
        for role in [None, *roles_of.get(d["doc"], [])]:
            total = totals.get((d["doc"], role), 0)
            if not total:
                continue
            for key, label in labels.items():
                count = int(hits.get((d["doc"], role, key), 0))
                rows.append({"doc": d["doc"], "place": d.get("place"), "year": d.get("year"),
                             "scope": "report" if role is None else role, "category": key, "label": label,
                             "hits": count, "per_10k": round(count / total * 1e4, 2)})
    return pd.DataFrame(rows, columns=CATEGORY_COLUMNS)

