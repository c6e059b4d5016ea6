"""The keywords stage: per-chapter keyword tables, the emphasis matrix and policy categories.

``keyword_tables`` is the pure core (token table in, tables out; ``keywording.tables`` computes a
batch of reports in one pass); ``main`` reads ``tokens.parquet`` and ``clean/document.json`` and
writes ``outputs/<doc>/keywords/``.
"""

from __future__ import annotations

import argparse
from functools import cache
from pathlib import Path

import pandas as pd

from pipeline.config import project_path, stage_settings
from pipeline.catalog import read_tokens
from pipeline.settings import KeywordSettings
from pipeline.io import frame_csv, write_outputs
from pipeline import genre
from pipeline.keywording import rankers
from pipeline.keywording.tables import (ALL, CATEGORY_COLUMNS, KEYWORD_COLUMNS, KeywordTables,  # noqa: F401 - the stage's contract
                                        ReportTokens, keyword_tables_many)
from pipeline.resources.categories import Category, load_categories
from pipeline.keywording.writers import markdown


def keyword_tables(tokens: pd.DataFrame, chapters: list[dict], settings: KeywordSettings,
                   categories: list[Category], idf: tuple[dict[str, float], float], *,
                   profile: genre.Profile | None = None, place: str | None = None) -> KeywordTables:
    """All keyword tables of one document. Pure: tokens (and a genre profile) in, tables out."""
    return keyword_tables_many([ReportTokens(tokens, chapters, place)], settings, categories, idf, profile=profile)[0]


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
    return run_many([(doc_dir, outdir)], settings=settings)[0]


def run_many(folders: list[tuple[Path, Path]], *, settings: KeywordSettings | None = None) -> list[KeywordTables]:
    """The stage for several reports ((report folder, keywords folder) each) in one pass."""
    settings = settings or KeywordSettings.from_dict(stage_settings("keywords"))
    categories, profile = _resources(settings, _stamp(settings))
    reports = []
    for doc_dir, _ in folders:
        tokens, document = read_tokens(doc_dir)
        reports.append(ReportTokens(tokens, document["chapters"], document.get("place")))
    tables = keyword_tables_many(reports, settings, categories, rankers.load_background_idf(), profile=profile)
    for (_, outdir), mine in zip(folders, tables, strict=True):
        write_outputs(outdir, output_files(mine, settings))
        (outdir / "tables.xlsx").unlink(missing_ok=True)  # written here by earlier versions; now the report's workbook
    return tables


def _stamp(settings: KeywordSettings) -> tuple:
    """When the category dictionary and the genre profile last changed: a long-lived worker (a Dask
    cluster's) reads them again after an edit."""
    paths = [project_path(settings.categories)]
    if settings.genre_profile:
        folder = project_path(settings.genre_profile)
        paths += sorted(folder.iterdir()) if folder.is_dir() else [folder]
    return tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in paths)


@cache
def _resources(settings: KeywordSettings, stamp: tuple) -> tuple[list[Category], genre.Profile | None]:
    """The policy categories and the genre profile (checked against the term filter), once per process and
    ``stamp`` (their files' modification times)."""
    categories = load_categories(project_path(settings.categories))
    genre.load.cache_clear()  # a new stamp: the profile's files changed since the last read
    profile = genre.load(project_path(settings.genre_profile)) if settings.genre_profile else None
    if profile is not None:
        genre.check_filter(profile, settings)
    return categories, profile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc_dir", type=Path, help="a document's output folder (with tokens.parquet and clean/)")
    parser.add_argument("outdir", type=Path, help="folder for keywords.csv, emphasis.csv, categories.csv "
                        "and keywords.md")


def main(args: argparse.Namespace) -> int:
    run(args.doc_dir, args.outdir)
    return 0
