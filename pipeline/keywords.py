"""The keywords stage: per-chapter keyword tables, the emphasis matrix and policy categories.

``keyword_tables`` is the pure core (token table in, tables out); ``main`` reads
``tokens.parquet`` and ``clean/document.json`` and writes ``outputs/<doc>/keywords/``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config import project_path, stage_settings
from pipeline.catalog import read_tokens
from pipeline.settings import KeywordSettings
from pipeline.terms import term_tokens
from pipeline.io import frame_csv, write_outputs
from pipeline import genre, keyness
from pipeline.places import PROVINCE_NAMES, short_name
from pipeline.keywording import rankers
from pipeline.resources.categories import Category, load_categories
from pipeline.keywording.writers import markdown

KEYWORD_COLUMNS = ["scope", "chapter", "chapter_title", "chapter_kind", "term", "count", "per_10k", "paragraphs", "tfidf",
                   "tfidf_rank", "bg_tfidf", "bg_tfidf_rank", "textrank", "textrank_rank", "g2", "p_value",
                   "log_ratio", "keyness_rank", "genre_g2", "genre_log_ratio", "genre_rank", "genre_note", "examples"]
CATEGORY_COLUMNS = ["scope", "chapter", "chapter_title", "category", "label", "hits", "per_10k", "terms"]
ALL = "all"


@dataclass
class KeywordTables:
    keywords: pd.DataFrame
    emphasis: pd.DataFrame
    categories: pd.DataFrame
    chapters: list[dict]


def keyword_tables(tokens: pd.DataFrame, chapters: list[dict], settings: KeywordSettings,
                   categories: list[Category], idf: tuple[dict[str, float], float], *,
                   profile: genre.Profile | None = None, place: str | None = None) -> KeywordTables:
    """All keyword tables of one document. Pure: tokens (and a genre profile) in, tables out."""
    counted = tokens[tokens["role"].isin(settings.roles) & (tokens["kind"] != "punct")]
    size = counted.groupby("chapter").size()  # tokens per chapter, the per-10k denominator
    mask = term_tokens(tokens, settings)
    terms = tokens[mask]
    units = [c for c in chapters if c["number"] in size.index and size[c["number"]] > 0]
    # Keyness needs a rest of the report to compare with: a one-unit report has none.
    rows = [_unit_rows(terms[terms["chapter"] == c["number"]], terms if len(units) > 1 else None, size[c["number"]],
                       size.sum() - size[c["number"]], c, tokens, mask, settings, idf) for c in units]
    whole = {"number": ALL, "title": None, "kind": "report"}
    rows.append(_unit_rows(terms, None, size.sum(), 0, whole, tokens, mask, settings, idf))
    keywords = pd.concat(rows, ignore_index=True)
    tfidf = rankers.chapter_tfidf({c["number"]: terms.loc[terms["chapter"] == c["number"], "norm"].tolist()
                                   for c in units})
    # No TF-IDF for the whole report, nor for a negative keyword the chapter never uses.
    scores = tfidf.stack()  # noqa: PD013 - a Series keyed by (term, chapter) is what the lookup needs
    lookup = pd.MultiIndex.from_arrays([keywords["term"], keywords["chapter"].where(keywords["chapter"] != ALL, None)])
    keywords["tfidf"] = scores.reindex(lookup).to_numpy(dtype=float, na_value=np.nan)
    keywords.loc[keywords["count"] == 0, "tfidf"] = np.nan
    keywords["tfidf_rank"] = _ranks(keywords, "tfidf")
    keywords = _genre_columns(keywords, chapters, profile, own_place_names(place), settings,
                              _content_terms(terms, settings.content_pos))
    emphasis = _emphasis(keywords, units, settings)
    return KeywordTables(scoped(keywords)[KEYWORD_COLUMNS], emphasis,
                         scoped(_categories(counted, size, units, categories))[CATEGORY_COLUMNS], units)


def scoped(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-report rows get scope "report" and no chapter; chapter rows scope "chapter" and their
    number, so that chapter ids are integers in every table."""
    whole = (frame["chapter"] == ALL).to_numpy()
    numbers = [None if w else int(c) for w, c in zip(whole, frame["chapter"].tolist(), strict=True)]
    return frame.assign(scope=np.where(whole, "report", "chapter"), chapter=pd.array(numbers, dtype="Int64"))


def _unit_rows(unit: pd.DataFrame, all_terms: pd.DataFrame | None, unit_size: int, rest_size: int, chapter: dict,
               tokens: pd.DataFrame, mask: pd.Series, settings: KeywordSettings, idf) -> pd.DataFrame:
    """One row per term of a chapter (and per negative keyword it lacks)."""
    counts = unit["norm"].value_counts()
    if all_terms is not None:  # keyness against the rest of the report
        rest = all_terms.loc[all_terms["chapter"] != chapter["number"], "norm"].value_counts()
        vocab = counts.index.union(rest.index)
        a = counts.reindex(vocab, fill_value=0).to_numpy()
        b = rest.reindex(vocab, fill_value=0).to_numpy()
        g2 = keyness.log_likelihood(a, b, unit_size, rest_size)
        p = keyness.p_value(g2)
        negative = (g2 < 0) & (p < settings.negative_p) & (a == 0)
        keep = (a > 0) | negative
        frame = pd.DataFrame({"term": vocab[keep], "count": a[keep], "g2": g2[keep], "p_value": p[keep],
                              "log_ratio": keyness.log_ratio(a, b, unit_size, rest_size)[keep]})
    else:
        frame = pd.DataFrame({"term": counts.index, "count": counts.to_numpy(), "g2": np.nan, "p_value": np.nan,
                              "log_ratio": np.nan})
    frame["chapter"] = chapter["number"]
    frame["chapter_title"] = chapter["title"]
    frame["chapter_kind"] = chapter["kind"]
    frame["per_10k"] = frame["count"] / unit_size * 10_000
    paragraphs = _paragraphs_of_terms(unit["norm"].tolist(), unit["paragraph_id"].tolist())
    frame["paragraphs"] = [len(paragraphs.get(term, ())) for term in frame["term"].tolist()]
    frame["examples"] = [" ".join(list(paragraphs.get(term, ()))[:3]) for term in frame["term"].tolist()]
    frame["bg_tfidf"] = rankers.background_tfidf(counts, *idf).reindex(frame["term"]).to_numpy()
    chapter_tokens = tokens if chapter["number"] == ALL else tokens[tokens["chapter"] == chapter["number"]]
    candidate = (mask[chapter_tokens.index] & chapter_tokens["pos"].isin(settings.textrank_pos)).tolist()
    rank = rankers.textrank_power if settings.textrank_method == "power" else rankers.textrank
    scores = rank(chapter_tokens["norm"].tolist(), candidate, window=settings.textrank_window)
    frame["textrank"] = frame["term"].map(scores).astype(float)
    frame["bg_tfidf"] = frame["bg_tfidf"].astype(float)
    frame["g2"] = frame["g2"].astype(float)
    frame = frame.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    for column in ("bg_tfidf", "textrank"):
        frame[f"{column}_rank"] = _ranks(frame, column)
    # A single occurrence in a tiny unit reaches significance; keyness ranks need min_count.
    ranked = frame["g2"].where((frame["count"] >= settings.min_count) | (frame["count"] == 0))
    frame["keyness_rank"] = _ranks(frame.assign(g2=ranked), "g2")
    return frame


def _content_terms(terms: pd.DataFrame, content_pos: tuple[str, ...]) -> set[str]:
    """Terms whose most frequent part of speech in the report is a content one (ties: first in tag order)."""
    tags = terms.groupby(["norm", "pos"]).size().reset_index(name="n").sort_values(["norm", "n", "pos"],
                                                                                 ascending=[True, False, True])
    main = tags.drop_duplicates("norm")
    return set(main.loc[main["pos"].isin(content_pos), "norm"])


def _genre_columns(keywords: pd.DataFrame, chapters: list[dict], profile: genre.Profile | None, own_places: set[str],
                   settings: KeywordSettings, content: set[str]) -> pd.DataFrame:
    """Each chapter against the same role in the genre profile (the whole report against the whole
    profile): signed G², Log Ratio, and a rank among terms used at least ``genre_min_count`` times
    and at least 2^``genre_min_log_ratio`` times as often as in the genre, content terms only
    (``content_pos``). A term the profile never
    saw is ranked and noted "new"; place names (the report's own, provinces) are noted and not ranked."""
    columns = {name: np.full(len(keywords), np.nan) for name in ("genre_g2", "genre_log_ratio")}
    notes = np.full(len(keywords), "", dtype=object)
    if profile is None:
        return keywords.assign(**columns, genre_rank=pd.array([pd.NA] * len(keywords), dtype="Int64"), genre_note=notes)
    roles = genre.chapter_roles(chapters)
    unit_of = keywords["chapter"].to_numpy()
    for unit in dict.fromkeys(unit_of.tolist()):
        at = np.flatnonzero((unit_of == unit) & (keywords["count"].to_numpy() > 0))
        reference = profile.counts.get(roles.get(unit), profile.whole) if unit != ALL else profile.whole
        terms = keywords["term"].to_numpy()[at]
        a = keywords["count"].to_numpy()[at].astype(float)
        b = reference.reindex(terms, fill_value=0).to_numpy(dtype=float)
        total = float(reference.sum())
        columns["genre_g2"][at] = keyness.log_likelihood(a, b, a.sum(), total)
        columns["genre_log_ratio"][at] = keyness.log_ratio(a, b, a.sum(), total)
        notes[at] = np.where(profile.whole.reindex(terms, fill_value=0).to_numpy() == 0, "new", "")
        notes[at] = np.where(np.isin(terms, list(own_places)), "place", notes[at])
    frame = keywords.assign(genre_g2=columns["genre_g2"].round(3), genre_log_ratio=columns["genre_log_ratio"].round(3),
                            genre_note=notes)
    eligible = ((frame["count"] >= settings.genre_min_count) & (frame["genre_log_ratio"] >= settings.genre_min_log_ratio)
                & (frame["genre_g2"] > 0) & (frame["genre_note"] != "place") & frame["term"].isin(content))
    frame["genre_rank"] = _ranks(frame.assign(genre_g2=frame["genre_g2"].where(eligible)), "genre_g2")
    return frame


def own_place_names(place: str | None) -> set[str]:
    """Place names trivially distinctive for this report: its own (湘潭县 and 湘潭) and every
    province's (湖南省, 湖南), full and short, which any provincial or county report repeats."""
    names = set(PROVINCE_NAMES)
    if place and place != "全国":
        names |= {place, short_name(place)}
    return names


def _paragraphs_of_terms(terms: list[str], paragraph_ids: list[str]) -> dict[str, dict[str, None]]:
    """Each term's paragraphs, in order of first use (dicts as ordered sets)."""
    found: dict[str, dict[str, None]] = {}
    for term, paragraph in zip(terms, paragraph_ids, strict=True):
        found.setdefault(term, {})[paragraph] = None
    return found


def _ranks(frame: pd.DataFrame, column: str) -> pd.Series:
    """Rank within each chapter by (-score, term); ties broken by term; empty where no score."""
    scores = frame[column].to_numpy(dtype=float, na_value=np.nan)
    terms = np.array(frame["term"].tolist(), dtype=str)
    chapters = np.array([str(c) for c in frame["chapter"].tolist()], dtype=str)
    order = np.lexsort((terms, -scores, chapters))  # NaN scores sort last within their chapter
    starts = np.concatenate([[0], np.flatnonzero(chapters[order][1:] != chapters[order][:-1]) + 1])
    position = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = position + 1
    return pd.Series(pd.array(np.where(np.isnan(scores), 0, ranks), dtype="Int64"), index=frame.index).mask(
        np.isnan(scores))


def _emphasis(keywords: pd.DataFrame, units: list[dict], settings: KeywordSettings) -> pd.DataFrame:
    """Terms × chapters, per-10k frequency, for each chapter's top positive keyness terms."""
    body_chapters = [u["number"] for u in units if u["kind"] == "body"]
    body = keywords[keywords["chapter"].isin(body_chapters) & (keywords["g2"] > 0)]
    top = body[body["keyness_rank"] <= settings.emphasis_top]
    terms = list(dict.fromkeys(top.sort_values(["chapter", "keyness_rank"], kind="stable")["term"]))
    chapter_rows = keywords[keywords["chapter"] != ALL]
    table = chapter_rows.pivot_table(index="term", columns="chapter", values="per_10k", aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=terms, columns=[u["number"] for u in units], fill_value=0.0)
    table.columns = [_unit_label(u) for u in units]
    return table.round(2).reset_index()


def _unit_label(unit: dict) -> str:
    return f"{unit['number']} {unit['title'] or unit['kind']}"


def _categories(counted: pd.DataFrame, size: pd.Series, units: list[dict], categories: list[Category]) -> pd.DataFrame:
    rows = []
    for unit in [*units, {"number": ALL, "title": None, "kind": "report"}]:
        frame = counted if unit["number"] == ALL else counted[counted["chapter"] == unit["number"]]
        total = size.sum() if unit["number"] == ALL else size[unit["number"]]
        counts = Counter(frame["norm"].tolist())
        for category in categories:
            hits = sorted(((t, counts[t]) for t in category.terms if counts.get(t)), key=lambda h: (-h[1], h[0]))
            found = sum(n for _, n in hits)
            rows.append({"chapter": unit["number"], "chapter_title": unit["title"], "category": category.key,
                         "label": category.label, "hits": found,
                         "per_10k": round(found / total * 10_000, 2) if total else 0.0,
                         "terms": "; ".join(f"{t}:{n}" for t, n in hits)})
    return pd.DataFrame(rows, columns=[c for c in CATEGORY_COLUMNS if c != "scope"])


def output_files(tables: KeywordTables, settings: KeywordSettings) -> dict[str, bytes]:
    keywords = tables.keywords.round({"per_10k": 3, "tfidf": 6, "bg_tfidf": 6, "textrank": 6, "g2": 3,
                                      "log_ratio": 3, "genre_g2": 3, "genre_log_ratio": 3})
    in_csv = keywords.assign(p_value=keywords["p_value"].map(lambda v: "" if pd.isna(v) else f"{v:.3g}"))
    return {
        "keywords.csv": frame_csv(in_csv, KEYWORD_COLUMNS),
        "emphasis.csv": frame_csv(tables.emphasis, list(tables.emphasis.columns)),
        "categories.csv": frame_csv(tables.categories, CATEGORY_COLUMNS),
        "keywords.md": markdown(keywords, tables.chapters, settings.top_k).encode("utf-8"),
    }


def run(doc_dir: Path, outdir: Path, *, settings: KeywordSettings | None = None) -> KeywordTables:
    settings = settings or KeywordSettings.from_dict(stage_settings("keywords"))
    categories = load_categories(project_path(settings.categories))
    tokens, document = read_tokens(doc_dir)
    profile = genre.load(project_path(settings.genre_profile)) if settings.genre_profile else None
    if profile is not None:
        genre.check_filter(profile, settings)
    tables = keyword_tables(tokens, document["chapters"], settings, categories, rankers.load_background_idf(),
                            profile=profile, place=document.get("place"))
    write_outputs(outdir, output_files(tables, settings))
    (outdir / "tables.xlsx").unlink(missing_ok=True)  # written here by earlier versions; now the report's workbook
    return tables


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc_dir", type=Path, help="a document's output folder (with tokens.parquet and clean/)")
    parser.add_argument("outdir", type=Path, help="folder for keywords.csv, emphasis.csv, categories.csv "
                        "and keywords.md")


def main(args: argparse.Namespace) -> int:
    run(args.doc_dir, args.outdir)
    return 0
