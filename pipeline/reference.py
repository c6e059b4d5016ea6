"""``python -m pipeline reference DIR... OUT``: build a genre profile from folders of reports.

Each report is cleaned and segmented as the stages do, and its body chapters' terms counted
under their roles (``pipeline.genre``); OUT gets ``terms.csv.gz`` and ``profile.json``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from pipeline import __version__
from pipeline.genre import META_FILE, TERMS_FILE, count_terms, profile_files, profile_table


def build(folders: list[Path], *, text_column: str | None = None, progress=None) -> tuple[pd.DataFrame, dict]:
    """Clean and segment every report of ``folders`` and count its terms per role."""
    from pipeline import jieba_model, settings
    from pipeline.catalog import CleanInput
    from pipeline.clean import clean_source
    from pipeline.cleaning.chrome import load_rules
    from pipeline.cleaning.sources import find_sources
    from pipeline.config import project_path
    from pipeline.errors import InputError, PipelineError
    from pipeline.segment import load_resources, segment_documents
    from pipeline.segmenting.engines import make_engine
    from pipeline.terms import term_tokens

    config = settings.load()
    sources = [s for folder in folders for s in find_sources(folder, text_column=text_column)[0]]
    rules = load_rules(project_path(config.clean.chrome_rules))
    model = jieba_model.word_model()
    terms, stoplists = load_resources(config.segment)
    engine = make_engine(config.segment.engine, terms, hmm=config.segment.hmm)
    per_report, years, skipped, reports_by_role = [], Counter(), [], Counter()
    for source in sources:
        try:
            cleaned = clean_source(source, settings=config.clean, rules=rules, word_model=lambda: model,
                                   text_column=text_column)
        except PipelineError as err:
            skipped.append(f"{source.doc}: {err}")
            continue
        segmented = segment_documents([CleanInput.of(cleaned)], engine, config.segment, stoplists, terms)[0]
        tokens = segmented.tokens.to_pandas()
        found = count_terms(tokens, cleaned.document["chapters"], term_tokens(tokens, config.keywords))
        per_report.append(found)
        if cleaned.document.get("year"):
            years[cleaned.document["year"]] += 1
        reports_by_role.update({role for role, _ in found})
        if progress:
            progress(source.doc)
    if not per_report:
        raise InputError(f"no report of {', '.join(map(str, folders))} could be read; no profile was written")
    table = profile_table(per_report)
    meta = {"built_by": "python -m pipeline reference", "code_version": __version__,
            "sources": [folder.name for folder in folders], "reports": len(per_report), "skipped": skipped,
            "years": {str(y): n for y, n in sorted(years.items(), key=lambda kv: str(kv[0]))},
            "reports_by_role": dict(sorted(reports_by_role.items())),
            "tokens_by_role": {role: int(n) for role, n in table.groupby("role")["count"].sum().items()},
            "terms": int(table["term"].nunique()),
            "term_filter": {k: v for k, v in asdict(config.keywords).items()
                            if k in ("stopword_lists", "exclude_kinds", "min_chars", "exclude_pos", "roles")},
            "segment_engine": config.segment.engine}
    return table, meta


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("raw_dirs", type=Path, nargs="+", metavar="DIR",
                        help="folders of reports (any input the clean stage reads, subfolders too)")
    parser.add_argument("outdir", type=Path, help=f"folder for {TERMS_FILE} and {META_FILE}")
    parser.add_argument("--text-column", help="the column of report text in tables")


def main(args: argparse.Namespace) -> int:
    from pipeline.io import write_outputs

    table, meta = build(args.raw_dirs, text_column=args.text_column)
    write_outputs(args.outdir, profile_files(table, meta))
    print(f"{args.outdir}: {meta['reports']} reports, {meta['terms']} terms, years "
          f"{min(meta['years'], default='-')}–{max(meta['years'], default='-')}; {len(meta['skipped'])} skipped",
          file=sys.stderr)
    return 0
