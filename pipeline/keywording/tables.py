"""The keyword tables of a batch of reports in one vectorised pass.

Every report of the batch becomes rows of one sparse units × terms count matrix (a unit is a
chapter with counted tokens, or the whole report), so frequency, keyness against the rest of
the report, TF-IDF, background TF-IDF, TextRank and keyness against the genre are computed on
arrays for all reports at once. Only the small per-report tables (emphasis, categories) are
built report by report. A batch is a speed-up, never another answer: each report's tables are
the bytes it gets alone (`make` computes a batch of one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import chi2
from sklearn.preprocessing import normalize

from pipeline import genre, keyness
from pipeline.keywording import rankers
from pipeline.places import PROVINCE_NAMES, short_name
from pipeline.resources.categories import Category
from pipeline.settings import KeywordSettings
from pipeline.terms import term_tokens
from pipeline.arrays import rank_in_runs, run_starts

KEYWORD_COLUMNS = ["scope", "chapter", "chapter_title", "chapter_kind", "term", "count", "per_10k", "paragraphs", "tfidf",
                   "tfidf_rank", "bg_tfidf", "bg_tfidf_rank", "textrank", "textrank_rank", "g2", "p_value",
                   "log_ratio", "keyness_rank", "genre_g2", "genre_log_ratio", "genre_rank", "genre_note", "examples"]
CATEGORY_COLUMNS = ["scope", "chapter", "chapter_title", "category", "label", "hits", "per_10k", "terms"]
ALL = "all"
EXAMPLES = 3  # paragraph ids shown per term


@dataclass
class KeywordTables:
    keywords: pd.DataFrame
    emphasis: pd.DataFrame
    categories: pd.DataFrame
    chapters: list[dict]


@dataclass(frozen=True)
class ReportTokens:
    """One report's input to the keyword tables."""

    tokens: pd.DataFrame  # tokens.parquet
    chapters: list[dict]  # document.json's chapters
    place: str | None = None


@dataclass
class _Units:
    """The batch's units, report by report: each report's chapters with counted tokens, then its whole."""

    report: np.ndarray  # report index per unit
    number: list  # chapter number, or ALL
    size: np.ndarray  # counted tokens (the per-10k denominator)
    chapters: list[list[dict]]  # per report: its chapter units' chapter dicts
    whole: np.ndarray  # per report: its whole-report unit
    of_chapter: dict[tuple[int, int], int]  # (report, chapter number) -> unit

    @property
    def is_whole(self) -> np.ndarray:
        return np.array([n == ALL for n in self.number], dtype=bool)


def keyword_tables_many(reports: list[ReportTokens], settings: KeywordSettings, categories: list[Category],
                        idf: tuple[dict[str, float], float], *, profile: genre.Profile | None = None) -> list[KeywordTables]:
    """All keyword tables of each report. Pure: tokens (and a genre profile) in, tables out."""
    tokens = pd.concat([r.tokens for r in reports], ignore_index=True)
    report_of = np.repeat(np.arange(len(reports)), [len(r.tokens) for r in reports])
    chapter = tokens["chapter"].to_numpy(dtype=np.int64)
    counted = (tokens["role"].isin(settings.roles) & (tokens["kind"] != "punct")).to_numpy()
    is_term = term_tokens(tokens, settings).to_numpy()
    units = _units(reports, report_of[counted], chapter[counted])
    chapter_unit = _chapter_unit_of(units, report_of, chapter)
    norm = tokens["norm"].to_numpy(dtype=object)
    vocabulary, term_id = _vocabulary(norm[is_term])
    pos = tokens["pos"].to_numpy(dtype=object)

    # term tokens: their chapter's unit (where it is one) and their report's whole unit
    t_chapter, t_whole = chapter_unit[is_term], units.whole[report_of[is_term]]
    in_chapter = t_chapter >= 0
    token_unit = np.concatenate([t_chapter[in_chapter], t_whole])
    token_term = np.concatenate([term_id[in_chapter], term_id])
    counts = sparse.csr_matrix((np.ones(len(token_unit), dtype=np.int64), (token_unit, token_term)),
                               shape=(len(units.number), len(vocabulary)))
    counts.sum_duplicates()
    rows = _rows(counts, units, settings)

    rows["per_10k"] = rows["count"] / units.size[rows["unit"]] * 10_000
    paragraph_codes, paragraph_names = pd.factorize(tokens["paragraph_id"].to_numpy(dtype=object)[is_term])
    token_paragraph = np.concatenate([paragraph_codes[in_chapter], paragraph_codes])
    rows["paragraphs"], rows["examples"] = _paragraphs(rows, token_unit, token_term, token_paragraph,
                                                       np.asarray(paragraph_names, dtype=object), len(vocabulary))
    term_totals = np.asarray(counts.sum(axis=1)).ravel()
    weights = np.array([idf[0].get(term, idf[1]) for term in vocabulary.tolist()], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rows["bg_tfidf"] = np.where(rows["count"] > 0, rows["count"] / term_totals[rows["unit"]] * weights[rows["term_id"]],
                                    np.nan)
    candidate = is_term & tokens["pos"].isin(settings.textrank_pos).to_numpy()
    rows["textrank"] = _textrank(rows, units, chapter_unit, report_of, norm, candidate, vocabulary, settings)
    rows["tfidf"] = _chapter_tfidf(rows, counts, units)
    rows["bg_tfidf_rank"] = _ranks(rows, rows["bg_tfidf"])
    rows["textrank_rank"] = _ranks(rows, rows["textrank"])
    # A single occurrence in a tiny unit reaches significance; keyness ranks need min_count.
    eligible = (rows["count"] >= settings.min_count) | (rows["count"] == 0)
    rows["keyness_rank"] = _ranks(rows, np.where(eligible, rows["g2"], np.nan))
    rows["tfidf_rank"] = _ranks(rows, rows["tfidf"])
    content = _content_terms(report_of[is_term], term_id, pos[is_term], len(vocabulary), settings.content_pos)
    _genre_columns(rows, units, reports, vocabulary, content, profile, settings)

    keywords = _frame(rows, units, vocabulary, [r.chapters for r in reports])
    category_counts = Counter(zip(chapter_unit[counted].tolist(), norm[counted].tolist(), strict=True))
    category_counts.update(zip(units.whole[report_of[counted]].tolist(), norm[counted].tolist(), strict=True))
    starts = np.searchsorted(rows["report"], np.arange(len(reports) + 1))
    tables = []
    for r in range(len(reports)):
        mine = keywords.iloc[starts[r]:starts[r + 1]].reset_index(drop=True)
        unit_chapters = units.chapters[r]
        tables.append(KeywordTables(scoped(mine)[KEYWORD_COLUMNS], _emphasis(mine, unit_chapters, settings),
                                    scoped(_categories(r, units, category_counts, categories))[CATEGORY_COLUMNS],
                                    unit_chapters))
    return tables


def _units(reports: list[ReportTokens], report_of: np.ndarray, chapter: np.ndarray) -> _Units:
    """Each report's chapters with counted tokens (in its chapter order), then the whole report."""
    sizes = Counter(zip(report_of.tolist(), chapter.tolist(), strict=True))
    whole_sizes = np.bincount(report_of, minlength=len(reports))
    report, number, size, kept, whole, of_chapter = [], [], [], [], [], {}
    for r, item in enumerate(reports):
        mine = [c for c in item.chapters if sizes.get((r, c["number"]), 0) > 0]
        for c in mine:
            of_chapter[(r, c["number"])] = len(number)
            report.append(r)
            number.append(c["number"])
            size.append(sizes[(r, c["number"])])
        whole.append(len(number))
        report.append(r)
        number.append(ALL)
        size.append(whole_sizes[r])
        kept.append(mine)
    return _Units(np.array(report, dtype=np.int64), number, np.array(size, dtype=np.int64), kept,
                  np.array(whole, dtype=np.int64), of_chapter)


def _chapter_unit_of(units: _Units, report_of: np.ndarray, chapter: np.ndarray) -> np.ndarray:
    """Each token's chapter unit, -1 where its chapter is not one (no counted tokens)."""
    stride = int(chapter.max(initial=0)) + 1
    lookup = np.full(len(units.whole) * stride, -1, dtype=np.int64)
    for (r, number), unit in units.of_chapter.items():
        lookup[r * stride + number] = unit
    return lookup[report_of * stride + chapter]


def _vocabulary(terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The batch's terms in code-point order, and each term token's id (its rank in that order, so
    ids sort as the terms do)."""
    codes, names = pd.factorize(terms, sort=True)
    return np.asarray(names, dtype=object), codes.astype(np.int64)


def _rows(counts: sparse.csr_matrix, units: _Units, settings: KeywordSettings) -> dict[str, np.ndarray]:
    """One row per term of each unit, plus the negative keywords a chapter lacks, ordered as the
    tables are: unit, then count (descending) and term. Keyness is each chapter against the rest of its
    report; a report with one chapter unit has no rest to compare with."""
    parts = []
    critical = float(chi2.isf(settings.negative_p, df=1))  # |G²| beyond it: p below negative_p
    for r, whole in enumerate(units.whole.tolist()):
        vocab = counts.indices[counts.indptr[whole]:counts.indptr[whole + 1]]
        total = counts.data[counts.indptr[whole]:counts.indptr[whole + 1]]
        chapter_units = np.flatnonzero(units.report == r)[:-1]
        if len(chapter_units) > 1:
            a = counts[chapter_units][:, vocab].toarray()
            unit = np.repeat(chapter_units, len(vocab))
            a, term = a.ravel(), np.tile(vocab, len(chapter_units))
            b = np.tile(total, len(chapter_units)) - a
            own = units.size[unit].astype(float)
            rest = float(units.size[whole]) - own
            g2 = keyness.log_likelihood(a, b, own, rest)
            # p values only where they can matter (most of the grid is terms a chapter lacks and uses
            # as expected): a row is kept when used, or a significant negative keyword
            maybe = np.flatnonzero((a > 0) | (g2 < -0.99 * critical))
            p = keyness.p_value(g2[maybe])
            keep = maybe[(a[maybe] > 0) | ((g2[maybe] < 0) & (p < settings.negative_p))]
            p = p[np.isin(maybe, keep)]
            parts.append((unit[keep], term[keep], a[keep], g2[keep], p, keyness.log_ratio(a[keep], b[keep], own[keep],
                                                                                          rest[keep])))
            lone = [whole]
        else:
            lone = [*chapter_units.tolist(), whole]
        for u in lone:
            term = counts.indices[counts.indptr[u]:counts.indptr[u + 1]]
            nan = np.full(len(term), np.nan)
            parts.append((np.full(len(term), u), term, counts.data[counts.indptr[u]:counts.indptr[u + 1]], nan, nan,
                          nan))
    unit, term, count, g2, p, ratio = (np.concatenate(column) for column in zip(*parts, strict=True))
    unit, term, count = unit.astype(np.int64), term.astype(np.int64), count.astype(np.int64)
    order = np.lexsort((term, -count, unit))
    rows = {"unit": unit[order], "term_id": term[order], "count": count[order], "g2": g2[order].astype(float),
            "p_value": p[order].astype(float), "log_ratio": ratio[order].astype(float)}
    rows["report"] = units.report[rows["unit"]]
    return rows


def _paragraphs(rows: dict, token_unit: np.ndarray, token_term: np.ndarray, token_paragraph: np.ndarray,
                paragraph_names: np.ndarray, vocabulary_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the number of paragraphs using the term and the first ``EXAMPLES`` of them (in order of
    first use)."""
    if not len(token_unit):
        return np.zeros(len(rows["unit"]), dtype=np.int64), np.full(len(rows["unit"]), "", dtype=object)
    pair = token_unit * vocabulary_size + token_term
    # each (unit, term, paragraph) once, at its first use
    triple = pair * (len(paragraph_names) + 1) + token_paragraph
    _, first = np.unique(triple, return_index=True)
    first = np.sort(first)  # in text order
    order = np.lexsort((first, pair[first]))
    ordered, pairs = first[order], pair[first][order]
    starts = run_starts(pairs)
    distinct = pairs[starts]
    used = np.diff(np.r_[starts, len(pairs)])
    names = paragraph_names[token_paragraph[ordered]]
    examples = [" ".join(names[s:s + min(n, EXAMPLES)]) for s, n in zip(starts.tolist(), used.tolist(), strict=True)]
    key = rows["unit"] * vocabulary_size + rows["term_id"]
    at = np.minimum(np.searchsorted(distinct, key), len(distinct) - 1)
    found = distinct[at] == key
    paragraphs = np.where(found, used[at], 0)
    example_column = np.array([examples[i] if ok else "" for i, ok in zip(at.tolist(), found.tolist(), strict=True)],
                              dtype=object)
    return paragraphs.astype(np.int64), example_column


def _textrank(rows: dict, units: _Units, chapter_unit: np.ndarray, report_of: np.ndarray, norm: np.ndarray,
              candidate: np.ndarray, vocabulary: np.ndarray, settings: KeywordSettings) -> np.ndarray:
    """TextRank of each row's term in its unit's token sequence (the chapter's tokens; the whole report's)."""
    # every unit's token sequence, one after another: chapters (in unit order), then each whole report
    in_chapter = np.flatnonzero(chapter_unit >= 0)
    in_chapter = in_chapter[np.argsort(chapter_unit[in_chapter], kind="stable")]
    sequence = np.concatenate([in_chapter, np.arange(len(norm))])
    sequence_unit = np.concatenate([chapter_unit[in_chapter], units.whole[report_of]])
    order = np.argsort(sequence_unit, kind="stable")
    sequence, sequence_unit = sequence[order], sequence_unit[order]
    if settings.textrank_method == "power":
        node_unit, node_term, score = rankers.textrank_power_many(norm[sequence], candidate[sequence], sequence_unit,
                                                                  window=settings.textrank_window)
    else:
        parts = []
        starts = run_starts(sequence_unit)
        for start, end in zip(starts.tolist(), np.r_[starts[1:], len(sequence)].tolist(), strict=True):
            words = norm[sequence[start:end]].tolist()
            found = rankers.textrank(words, candidate[sequence[start:end]].tolist(), window=settings.textrank_window)
            parts.append((np.full(len(found), sequence_unit[start]), np.asarray(list(found), dtype=object),
                          np.fromiter(found.values(), dtype=float, count=len(found))))
        node_unit, node_term, score = (np.concatenate(column) for column in zip(*parts, strict=True)) if parts else (
            np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0))
    # join on (unit, term id): candidates are terms, so every scored word is in the (sorted) vocabulary
    names = vocabulary.astype(str)
    term_id = np.minimum(np.searchsorted(names, node_term.astype(str)), max(len(names) - 1, 0))
    known = names[term_id] == node_term.astype(str) if len(names) else np.zeros(len(term_id), dtype=bool)
    return _lookup(node_unit[known].astype(np.int64) * len(vocabulary) + term_id[known], score[known],
                   rows["unit"] * len(vocabulary) + rows["term_id"])


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``values`` at ``wanted`` keys (NaN where a key is absent)."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    if not len(keys):
        return np.full(len(wanted), np.nan)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, values[at], np.nan)


def _chapter_tfidf(rows: dict, counts: sparse.csr_matrix, units: _Units) -> np.ndarray:
    """TF-IDF with each report's chapters as its documents (sublinear tf, smooth idf, l2 norm), as
    scikit-learn's TfidfVectorizer computes it (the same operations, so the same floats); empty for the
    whole report and for terms the chapter never uses."""
    chapter_units = np.flatnonzero(~units.is_whole)
    scores = np.full(len(rows["unit"]), np.nan)
    if not len(chapter_units) or not counts.shape[1]:  # no chapter with terms: nothing to weigh (alone or in a batch)
        return scores
    matrix = counts[chapter_units].astype(float)
    entry_report = np.repeat(units.report[chapter_units], np.diff(matrix.indptr))
    key = entry_report * matrix.shape[1] + matrix.indices
    _, inverse, df = np.unique(key, return_inverse=True, return_counts=True)
    documents = np.bincount(units.report[chapter_units], minlength=len(units.whole)).astype(float)
    idf = np.log((documents[entry_report] + 1.0) / (df[inverse].astype(float) + 1.0)) + 1.0
    np.log(matrix.data, matrix.data)
    matrix.data += 1.0
    matrix.data *= idf
    matrix = normalize(matrix, norm="l2", copy=False)
    position = np.full(len(units.number), -1, dtype=np.int64)
    position[chapter_units] = np.arange(len(chapter_units))
    wanted = (position[rows["unit"]] >= 0) & (rows["count"] > 0)
    where = np.flatnonzero(wanted)
    scores[where] = np.asarray(matrix[position[rows["unit"][where]], rows["term_id"][where]]).ravel()
    return scores


def _ranks(rows: dict, scores: np.ndarray) -> pd.array:
    """Rank within each unit by (-score, term); empty where there is no score."""
    scores = np.asarray(scores, dtype=float)
    order = np.lexsort((rows["term_id"], -scores, rows["unit"]))  # NaN scores sort last within their unit
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = rank_in_runs(rows["unit"][order]) + 1
    return pd.array(np.where(np.isnan(scores), None, ranks), dtype="Int64")


def _content_terms(report_of: np.ndarray, term_id: np.ndarray, pos: np.ndarray, vocabulary_size: int,
                   content_pos: tuple[str, ...]) -> set[tuple[int, int]]:
    """(report, term) pairs whose most frequent part of speech in the report is a content one (ties:
    first in tag order)."""
    tag_codes, tags = pd.factorize(pos, sort=True)
    key = (report_of * vocabulary_size + term_id) * (len(tags) + 1) + tag_codes
    distinct, n = np.unique(key, return_counts=True)
    pair, tag = distinct // (len(tags) + 1), distinct % (len(tags) + 1)
    order = np.lexsort((tag, -n, pair))
    first = order[run_starts(pair[order])]
    is_content = np.isin(np.asarray(tags, dtype=object)[tag[first]], list(content_pos))
    return {divmod(int(p), vocabulary_size) for p in pair[first][is_content].tolist()}


def _genre_columns(rows: dict, units: _Units, reports: list[ReportTokens], vocabulary: np.ndarray,
                   content: set[tuple[int, int]], profile: genre.Profile | None, settings: KeywordSettings) -> None:
    """Each chapter against the same role in the genre profile (the whole report against the whole
    profile): signed G², Log Ratio, and a rank among terms used at least ``genre_min_count`` times
    and at least 2^``genre_min_log_ratio`` times as often as in the genre, content terms only
    (``content_pos``). A term the profile never saw is ranked and noted "new"; place names (the
    report's own, provinces) are noted and not ranked."""
    n = len(rows["unit"])
    g2, ratio, notes = np.full(n, np.nan), np.full(n, np.nan), np.full(n, "", dtype=object)
    if profile is None:
        rows.update(genre_g2=g2, genre_log_ratio=ratio, genre_note=notes,
                    genre_rank=pd.array([pd.NA] * n, dtype="Int64"))
        return
    roles = [genre.chapter_roles(r.chapters) for r in reports]
    unit_role = [None if number == ALL else roles[r].get(number) for r, number in
                 zip(units.report.tolist(), units.number, strict=True)]
    role_codes, role_names = pd.factorize(pd.Series(unit_role, dtype=object), use_na_sentinel=True)
    used = rows["count"] > 0
    term_total = np.bincount(rows["unit"][used], weights=rows["count"][used].astype(float), minlength=len(units.number))
    for code in range(-1, len(role_names)):
        reference = profile.whole if code < 0 else profile.counts.get(role_names[code], profile.whole)
        at = np.flatnonzero(used & (role_codes[rows["unit"]] == code))
        if not len(at):
            continue
        b = reference.reindex(vocabulary, fill_value=0).to_numpy(dtype=float)[rows["term_id"][at]]
        a = rows["count"][at].astype(float)
        total = float(reference.sum())
        g2[at] = keyness.log_likelihood(a, b, term_total[rows["unit"][at]], total)
        ratio[at] = keyness.log_ratio(a, b, term_total[rows["unit"][at]], total)
    at = np.flatnonzero(used)
    unseen = profile.whole.reindex(vocabulary, fill_value=0).to_numpy() == 0
    notes[at] = np.where(unseen[rows["term_id"][at]], "new", "")
    places = {(r, term) for r, report in enumerate(reports) for term in own_place_names(report.place)}
    is_place = np.array([(r, vocabulary[t]) in places for r, t in zip(rows["report"][at].tolist(),
                                                                        rows["term_id"][at].tolist(), strict=True)],
                        dtype=bool)
    notes[at[is_place]] = "place"
    g2, ratio = g2.round(3), ratio.round(3)
    is_content = np.array([(r, t) in content for r, t in zip(rows["report"].tolist(), rows["term_id"].tolist(),
                                                            strict=True)], dtype=bool)
    eligible = ((rows["count"] >= settings.genre_min_count) & (ratio >= settings.genre_min_log_ratio) & (g2 > 0)
                & (notes != "place") & is_content)
    rows.update(genre_g2=g2, genre_log_ratio=ratio, genre_note=notes,
                genre_rank=_ranks(rows, np.where(eligible, g2, np.nan)))


def own_place_names(place: str | None) -> set[str]:
    """Place names trivially distinctive for this report: its own (湘潭县 and 湘潭) and every
    province's (湖南省, 湖南), full and short, which any provincial or county report repeats."""
    names = set(PROVINCE_NAMES)
    if place and place != "全国":
        names |= {place, short_name(place)}
    return names


def _frame(rows: dict, units: _Units, vocabulary: np.ndarray, chapters: list[list[dict]]) -> pd.DataFrame:
    """The rows as the keyword table (chapter as its number, or ALL for the whole report)."""
    info = {}
    for r, unit_chapters in enumerate(chapters):
        info.update({(r, c["number"]): c for c in unit_chapters})
    unit_info = [info.get((r, number), {"title": None, "kind": "report"}) for r, number in
                 zip(units.report.tolist(), units.number, strict=True)]
    unit = rows["unit"]
    return pd.DataFrame({
        "report": rows["report"],
        "chapter": np.asarray(units.number, dtype=object)[unit],
        "chapter_title": np.asarray([i["title"] for i in unit_info], dtype=object)[unit],
        "chapter_kind": np.asarray([i["kind"] for i in unit_info], dtype=object)[unit],
        **{name: rows[name] for name in ("count", "per_10k", "paragraphs", "tfidf", "tfidf_rank", "bg_tfidf",
                                         "bg_tfidf_rank", "textrank", "textrank_rank", "g2", "p_value", "log_ratio",
                                         "keyness_rank", "genre_g2", "genre_log_ratio", "genre_rank", "genre_note",
                                         "examples")},
    }).assign(term=vocabulary[rows["term_id"]])


def scoped(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-report rows get scope "report" and no chapter; chapter rows scope "chapter" and their
    number, so that chapter ids are integers in every table."""
    whole = (frame["chapter"] == ALL).to_numpy()
    numbers = [None if w else int(c) for w, c in zip(whole, frame["chapter"].tolist(), strict=True)]
    return frame.assign(scope=np.where(whole, "report", "chapter"), chapter=pd.array(numbers, dtype="Int64"))


def _emphasis(keywords: pd.DataFrame, units: list[dict], settings: KeywordSettings) -> pd.DataFrame:
    """Terms × chapters, per-10k frequency, for each chapter's top positive keyness terms."""
    body_chapters = [u["number"] for u in units if u["kind"] == "body"]
    body = keywords[keywords["chapter"].isin(body_chapters) & (keywords["g2"] > 0)]
    top = body[body["keyness_rank"] <= settings.emphasis_top]
    terms = list(dict.fromkeys(top.sort_values(["chapter", "keyness_rank"], kind="stable")["term"]))
    chapter_rows = keywords[keywords["chapter"] != ALL]
    table = chapter_rows.pivot_table(index="term", columns="chapter", values="per_10k", aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=terms, columns=[u["number"] for u in units], fill_value=0.0)
    table.columns = [f"chapter_{u['number']}" for u in units]  # snake_case: the titles are in keywords.csv
    return table.round(2).reset_index()


def _categories(report: int, units: _Units, counts: Counter, categories: list[Category]) -> pd.DataFrame:
    """Hits of each policy category's terms per chapter unit and in the whole report."""
    rows = []
    whole = {"number": ALL, "title": None, "kind": "report"}
    mine = np.flatnonzero(units.report == report).tolist()
    for unit, chapter in zip(mine, [*units.chapters[report], whole], strict=True):
        total = units.size[unit]
        for category in categories:
            hits = sorted(((t, counts[(unit, t)]) for t in category.terms if counts.get((unit, t))),
                          key=lambda h: (-h[1], h[0]))
            found = sum(n for _, n in hits)
            rows.append({"chapter": chapter["number"], "chapter_title": chapter["title"], "category": category.key,
                         "label": category.label, "hits": found,
                         "per_10k": round(found / total * 10_000, 2) if total else 0.0,
                         "terms": "; ".join(f"{t}:{n}" for t, n in hits)})
    return pd.DataFrame(rows, columns=[c for c in CATEGORY_COLUMNS if c != "scope"])
