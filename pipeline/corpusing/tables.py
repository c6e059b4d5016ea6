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

from pipeline.arrays import rank_in_runs
from pipeline.keyness import log_likelihood, log_ratio

DOCUMENT_COLUMNS = ["doc", "title", "place", "year", "encoding", "characters", "tokens", "chapters",
                    "quality_findings", "status", "reason", "duplicate_of", "similarity"]
TREND_COLUMNS = ["term", "scope", "doc", "place", "year", "count", "per_10k", "g2", "log_ratio"]
CATEGORY_COLUMNS = ["doc", "place", "year", "scope", "category", "label", "hits", "per_10k"]
ALIGNMENT_COLUMNS = ["doc", "chapter", "title", "role", "role_label", "method", "confidence"]
TREND_SCOPES = ("report", "tasks")
ROWS_PER_BLOCK = 250_000  # keyword_trends.csv is built and written this many rows at a time


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


class Trends:
    """Per term and report (count > 0): per-10k frequency, and keyness against the other reports
    in the same scope. At corpus scale there are millions of rows: they are never held at once.
    ``blocks`` yields them a block of terms at a time, in the table's order (term, scope, place,
    year, report), built on arrays (term, scope and report as numbers); the page's summaries come
    from the scopes' docs × terms count matrices."""

    def __init__(self, corpus, docs: list[dict], alignment: pd.DataFrame, min_count: int):
        self.ids = [d["doc"] for d in docs]
        self.vocabulary = np.asarray(corpus.vocabulary, dtype=object)
        self.meta = pd.DataFrame(docs).reindex(columns=["doc", "place", "year"])
        self.scopes = []  # per scope: (docs × terms counts as CSC, report sizes, term totals)
        for scope in TREND_SCOPES:
            groups = scope_groups(corpus.chapters, alignment, self.ids, scope)
            counts = (groups @ corpus.counts).tocsc()
            totals = np.asarray(counts.sum(axis=0)).ravel() if counts.nnz else np.zeros(len(self.vocabulary))
            self.scopes.append((counts, groups @ corpus.chapters["size"].to_numpy(dtype=float), totals))
        self.min_count = min_count
        # reports in order of place, year and name (missing place or year first)
        order = sorted(range(len(self.ids)), key=lambda i: (_or(self.meta["place"].iloc[i], ""),
                                                            _or(self.meta["year"].iloc[i], 0), self.ids[i]))
        self.doc_rank = np.empty(len(self.ids), dtype=np.int64)
        self.doc_rank[order] = np.arange(len(self.ids))
        self.term_order = np.argsort(self.vocabulary.astype(str), kind="stable")
        self.term_rank = np.empty(len(self.vocabulary), dtype=np.int64)
        self.term_rank[self.term_order] = np.arange(len(self.vocabulary))

    def _entries(self, scope_code: int, terms: np.ndarray):
        """(report, term, count, per_10k, G², Log Ratio) of the scope's entries for ``terms``."""
        counts, sizes, totals = self.scopes[scope_code]
        terms = terms[totals[terms] >= self.min_count]
        block = counts[:, terms].tocoo()
        r, c, a = block.row, terms[block.col], block.data.astype(float)
        own, rest = sizes[r], sizes.sum() - sizes[r]
        valid = own > 0
        r, c, a, own, rest = r[valid], c[valid], a[valid], own[valid], rest[valid]
        b = totals[c] - a
        # no other report in the scope: frequencies, but no keyness
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 = np.where(rest > 0, np.round(log_likelihood(a, b, own, rest), 3), np.nan)
            ratio = np.where(rest > 0, np.round(log_ratio(a, b, own, rest), 3), np.nan)
        return r, c, a.astype(int), np.round(a / own * 1e4, 3), g2, ratio

    def term_blocks(self, rows_per_block: int = ROWS_PER_BLOCK):
        """The terms in table order, in blocks of about ``rows_per_block`` entries (a block never holds many
        more rows however large the corpus: memory stays flat)."""
        entries = sum(np.diff(counts.indptr) for counts, _, _ in self.scopes)[self.term_order].tolist()
        start, rows = 0, 0
        for k, n in enumerate(entries):
            rows += n
            if rows >= rows_per_block:
                yield self.term_order[start:k + 1]
                start, rows = k + 1, 0
        if start < len(entries):
            yield self.term_order[start:]

    def blocks(self):
        """The table's rows, a block of terms at a time (each a DataFrame of TREND_COLUMNS)."""
        for terms in self.term_blocks():
            parts = [(np.full(len(entry[0]), code, dtype=np.int8), *entry)
                     for code in range(len(TREND_SCOPES)) for entry in [self._entries(code, terms)]]
            scope, doc, term, count, per_10k, g2, ratio = (np.concatenate(column) for column in zip(*parts,
                                                                                                   strict=True))
            rank = np.empty(len(self.vocabulary), dtype=np.int64)
            rank[terms] = np.arange(len(terms))
            order = np.lexsort((self.doc_rank[doc], scope, rank[term]))
            doc = doc[order]
            yield pd.DataFrame({"term": self.vocabulary[term[order]], "scope": np.asarray(TREND_SCOPES,
                                                                                        dtype=object)[scope[order]],
                                "doc": np.asarray(self.ids, dtype=object)[doc],
                                "place": self.meta["place"].to_numpy()[doc], "year": self.meta["year"].to_numpy()[doc],
                                "count": count[order], "per_10k": per_10k[order], "g2": g2[order],
                                "log_ratio": ratio[order]}, columns=TREND_COLUMNS)

    def frame(self) -> pd.DataFrame:
        """The whole table (for small corpora and tests)."""
        blocks = list(self.blocks())
        return pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(columns=TREND_COLUMNS)

    def top_terms(self, n: int) -> list[str]:
        """The ``n`` terms most used in the reports (those kept in the table), most used first."""
        _, _, totals = self.scopes[0]
        kept = np.flatnonzero(totals >= self.min_count)
        order = kept[np.lexsort((self.term_rank[kept], -totals[kept]))]
        return self.vocabulary[order[:n]].tolist()

    def per_10k(self, terms: list[str]) -> pd.DataFrame:
        """Terms × reports, per-10k frequency in the whole report (0 where unused)."""
        index = {term: i for i, term in enumerate(self.vocabulary.tolist())}
        counts, sizes, _ = self.scopes[0]
        wanted = [index[t] for t in terms if t in index]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(sizes[:, None] > 0, np.round(counts[:, wanted].toarray() / sizes[:, None] * 1e4, 3), 0.0)
        return pd.DataFrame(values.T, index=self.vocabulary[wanted], columns=self.ids).reindex(index=terms,
                                                                                            fill_value=0.0)

    def distinctive(self, scope: str, n: int) -> dict[str, list[str]]:
        """Each report's ``n`` terms with the highest positive G² in ``scope`` (ties by term), a block of
        terms at a time: only each report's best ``n`` so far are kept."""
        code = TREND_SCOPES.index(scope)
        best = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
        for terms in self.term_blocks():
            r, c, _, _, g2, _ = self._entries(code, terms)
            keep = g2 > 0
            r, c, g2 = (np.concatenate([old, new[keep]]) for old, new in zip(best, (r, c, g2), strict=True))
            order = np.lexsort((self.term_rank[c], -g2, r))
            r, c, g2 = r[order], c[order], g2[order]
            rank = rank_in_runs(r)
            best = (r[rank < n], c[rank < n], g2[rank < n])
        found: dict[str, list[str]] = {}
        for doc, term in zip(best[0].tolist(), self.vocabulary[best[1]].tolist(), strict=True):
            found.setdefault(self.ids[doc], []).append(term)
        return found


def places_with_years(frame: pd.DataFrame, year: str, min_years: int, limit: int) -> list[str]:
    """The places with reports of at least ``min_years`` years, the ``limit`` with the most years, by name."""
    years = frame[frame["place"] != ""].groupby("place")[year].nunique()
    return sorted(years[years >= min_years].sort_values(ascending=False, kind="stable").index[:limit])


def _or(value, default):
    """``value``, or ``default`` where it is missing (None or NaN)."""
    return default if value is None or (isinstance(value, float) and np.isnan(value)) else value


def trends_csv(trends: Trends):
    """A writer of keyword_trends.csv (for ``write_outputs``): pandas' C writer, straight to the
    file, a block of terms at a time. At corpus scale the table has millions of rows, too many to
    hold, or to turn into Python dicts or text at once."""
    def write(fh) -> None:
        header = True
        for block in trends.blocks():
            block.to_csv(fh, index=False, header=header, lineterminator="\n", na_rep="",
                         encoding="utf-8-sig" if header else "utf-8")
            header = False
        if header:
            pd.DataFrame(columns=TREND_COLUMNS).to_csv(fh, index=False, lineterminator="\n", encoding="utf-8-sig")

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

