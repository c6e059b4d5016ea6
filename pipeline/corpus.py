"""Corpus mode: many reports at once, compared across places and years.

    python -m pipeline corpus RAW_DIR OUT_DIR [--executor local|dask] [--workers N]

Processes every report of RAW_DIR as `make` does for one (in a process pool or on a Dask
cluster, skipping reports whose outputs are up to date), then writes ``OUT_DIR/corpus/``:
documents, keyword trends with keyness, categories, the chapter alignment, near-duplicates,
figures and a page linking every report's own page. A report that fails is listed with its
reason and does not stop the others; the command then exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from pipeline.config import project_path, stage_settings
from pipeline.corpusing import alignment as alignment_module
from pipeline import stages
from pipeline.corpusing import page, runner
from pipeline.corpusing.executor import Executor
from pipeline.cleaning.sources import Source
from pipeline.corpusing.collect import gather
from pipeline.corpusing.duplicates import near_duplicates
from pipeline.corpusing.tables import (ALIGNMENT_COLUMNS, CATEGORY_COLUMNS, DOCUMENT_COLUMNS, categories,
                                       Trends, trends_csv)
from pipeline.corpusing import targets as corpus_targets
from pipeline.corpusing import topics as corpus_topics
from pipeline.settings import EXECUTORS, CorpusSettings, KeywordSettings, TargetSettings, TopicSettings
from pipeline.targeting.indicators import load_indicators
from pipeline.io import csv_bytes, frame_csv, write_outputs
from pipeline.resources.categories import load_categories


def process_reports(sources: list[Source], out_root: Path, settings: CorpusSettings, executor: Executor, *,
                    force: bool = False, text_column: str | None = None) -> list[dict]:
    """Run the per-report stages where outputs are missing or stale; a status per report."""
    engine = settings.engine or stage_settings("segment").get("engine", "jieba")
    clashes = runner.shared_ids(sources)
    jobs = [runner.Job(s.path, out_root / s.doc, engine, settings.figures, settings.report_topics, s.row, text_column,
                       settings.textrank_method)
            for s in sources if s.doc not in clashes]
    project_time = stages.project_times()
    todo = [job for job in jobs if force or not runner.is_current(job, project_time)]
    done = runner.run_jobs(todo, executor, settings.batch_reports, runner.progress_bar) if todo else []
    statuses = {status["doc"]: status for status in done}
    statuses.update({doc: {"doc": doc, "status": "failed", "reason": f"{' and '.join(files)} would both be report "
                           f"{doc!r}; rename one"} for doc, files in clashes.items()})
    return [statuses.get(job.out.name, {"doc": job.out.name, "status": "ok", "reason": ""}) for job in jobs] + \
        [statuses[doc] for doc in clashes]


def corpus_files(out_root: Path, docs: list[str], statuses: list[dict], settings: CorpusSettings,
                 executor: Executor) -> dict[str, bytes]:
    """The files of ``out_root/corpus/`` from the reports' outputs."""
    keyword_settings = KeywordSettings.from_dict(stage_settings("keywords"))
    corpus = gather(out_root, docs, {s["doc"]: s for s in statuses}, keyword_settings)
    ok = {d["doc"]: d for d in corpus.documents if d["status"] == "ok"}
    duplicates = near_duplicates({doc: corpus.signatures[doc] for doc in ok}, ok,
                                 settings.duplicate_threshold)
    for row in corpus.documents:
        if row["doc"] in duplicates:
            row.update(status="duplicate", duplicate_of=duplicates[row["doc"]][0], similarity=duplicates[row["doc"]][1])
    counted = [d for d in corpus.documents if d["status"] == "ok"]
    # duplicates and failures take no part: not even in the roles' centroids
    mine = corpus.chapters["doc"].isin([d["doc"] for d in counted]).to_numpy()
    aligned = alignment_module.align(corpus.chapters[mine].reset_index(drop=True), corpus.counts[mine],
                                     settings.alignment_min_similarity)
    labels = {c.key: c.label for c in load_categories(project_path(keyword_settings.categories))}
    trends = Trends(corpus, counted, aligned, settings.trend_min_count)
    emphasis = categories(corpus, counted, aligned, labels)
    targets = corpus_targets.view(out_root, counted, load_indicators(project_path(
        TargetSettings.from_dict(stage_settings("targets")).indicators)))
    topic_files = corpus_topic_files(corpus, counted, aligned, out_root, settings, executor)
    return {
        **topic_files,
        "documents.csv": csv_bytes(corpus.documents, DOCUMENT_COLUMNS),
        "keyword_trends.csv": trends_csv(trends),
        "categories.csv": frame_csv(emphasis, CATEGORY_COLUMNS),
        "alignment.csv": frame_csv(aligned, ALIGNMENT_COLUMNS),
        **corpus_targets.files(targets),
        **page.corpus_pages(corpus.documents, trends, emphasis, aligned, labels, targets, topic_files, out_root,
                            settings),
    }


TOPIC_FILES = ("topic_prevalence.csv", "topics.csv", "topic_model_selection.csv")
FIT_STAMP = ".topics_fit"  # the fingerprint of the fit the topic files came from


def corpus_topic_files(corpus, counted: list[dict], aligned: pd.DataFrame, out_root: Path,
                       settings: CorpusSettings, executor: Executor) -> dict[str, bytes]:
    """The corpus topic model's tables: fitted again only when the reports' term counts or the settings changed
    (the last fit's fingerprint is kept in corpus/.topics_fit). The fits that choose k run on the executor."""
    if not settings.topics:
        return {}
    topic_settings = TopicSettings.from_dict(stage_settings("topics"))
    options = corpus_topics.TopicOptions(settings.topic_k_min, settings.topic_k_max, topic_settings.seed,
                                         settings.topic_stability_seeds, topic_settings.min_stability,
                                         topic_settings.top_terms, settings.topic_min_df)
    folder = out_root / "corpus"
    docs = [d["doc"] for d in counted]
    key = corpus_topics.fingerprint(out_root, docs, options, settings.alignment_min_similarity)
    stamp = folder / FIT_STAMP
    if stamp.exists() and stamp.read_text() == key and all((folder / name).exists() for name in TOPIC_FILES):
        return {name: (folder / name).read_bytes() for name in TOPIC_FILES} | {FIT_STAMP: key.encode()}
    mine = corpus.chapters["doc"].isin(docs).to_numpy()
    fitted = corpus_topics.fit_corpus_topics(corpus.counts[mine], corpus.vocabulary,
                                             corpus.chapters[mine].reset_index(drop=True), aligned, counted, options,
                                             map_fits=executor.map, share=executor.share)
    return {"topic_prevalence.csv": frame_csv(fitted.prevalence, corpus_topics.PREVALENCE_COLUMNS),
            "topics.csv": frame_csv(fitted.topics, corpus_topics.TOPIC_COLUMNS),
            "topic_model_selection.csv": frame_csv(fitted.selection, corpus_topics.SELECTION_COLUMNS),
            FIT_STAMP: key.encode()}


def run(raw_dir: Path, out_root: Path, settings: CorpusSettings, *, process: bool = True,
        text_column: str | None = None) -> list[dict]:
    sources = runner.inputs(raw_dir, text_column=text_column)
    with Executor(settings.executor, settings.workers, settings.scheduler) as executor:
        statuses = (process_reports(sources, out_root, settings, executor, text_column=text_column) if process
                    else _earlier_failures(out_root))
        docs = list(dict.fromkeys(s.doc for s in sources))
        files = corpus_files(out_root, docs, statuses, settings, executor)
    write_outputs(out_root / "corpus", files)
    leftovers = [*(out_root / "corpus").glob("*.png"), *(out_root / "corpus" / name for name in (*TOPIC_FILES,
                                                                                                   FIT_STAMP))]
    for stale in leftovers:  # a figure or table this corpus (or these settings) no longer has
        if stale.name not in files and stale.exists():
            stale.unlink()
    return pd.read_csv(out_root / "corpus" / "documents.csv", encoding="utf-8-sig").to_dict("records")


def _earlier_failures(out_root: Path) -> list[dict]:
    """The failures the last run recorded, so a tables-only run keeps their reasons."""
    path = out_root / "corpus" / "documents.csv"
    if not path.exists():
        return []
    earlier = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, usecols=["doc", "status", "reason"])
    failed = earlier[earlier["status"] == "failed"].to_dict("records")
    # a failure stands while the report's outputs are still incomplete
    return [row for row in failed if runner.missing_outputs(out_root / row["doc"], figures=False)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("raw_dir", type=Path, help="folder of reports (.txt, .html, .htm, .docx, .pdf) and tables of "
                        "reports (.csv, .jsonl, .parquet: one report per row)")
    parser.add_argument("out_root", type=Path, help="outputs folder: outputs/<doc>/ per report and outputs/corpus/")
    parser.add_argument("--executor", choices=EXECUTORS, help="override corpus.executor")
    parser.add_argument("--workers", type=int, help="override corpus.workers")
    parser.add_argument("--scheduler", help="override corpus.scheduler (a Dask scheduler address)")
    parser.add_argument("--engine", help="override the segmentation engine for this run")
    parser.add_argument("--no-figures", action="store_true", help="skip each report's figures and page")
    parser.add_argument("--no-report-topics", action="store_true",
                        help="skip each report's own topic model and clusters (the default: corpus.report_topics)")
    parser.add_argument("--report-topics", action="store_true",
                        help="also fit each report's own topic model and clusters, as make does for one report")
    parser.add_argument("--text-column", help="the column of report text in tables (default: found by name or length)")
    parser.add_argument("--tables-only", action="store_true",
                        help="only write outputs/corpus/ from the reports' existing outputs")


def main(args: argparse.Namespace) -> int:
    values = stage_settings("corpus")
    overrides = {"executor": args.executor, "workers": args.workers, "scheduler": args.scheduler,
                 "engine": args.engine, "figures": False if args.no_figures else None,
                 "report_topics": False if args.no_report_topics else True if args.report_topics else None}
    settings = CorpusSettings.from_dict({**values, **{k: v for k, v in overrides.items() if v is not None}})
    documents = run(args.raw_dir, args.out_root, settings, process=not args.tables_only, text_column=args.text_column)
    failed = [d for d in documents if d["status"] == "failed"]
    for row in failed:
        print(f"Error: {row['doc']}: {row['reason']}", file=sys.stderr)
    duplicates = sum(d["status"] == "duplicate" for d in documents)
    print(f"{len(documents)} report(s): {len(documents) - len(failed) - duplicates} ok, {duplicates} duplicate(s), "
          f"{len(failed)} failed; see {args.out_root / 'corpus' / 'documents.csv'}", file=sys.stderr)
    print(f"Open {args.out_root / 'corpus' / 'report.html'}")
    return 1 if failed else 0
