"""Every per-report stage for many reports, in a process pool or on a Dask cluster.

``process`` runs clean → segment → keywords → topics (→ figures → report) for one report
inside one process, with the expensive resources (jieba's dictionaries, the policy
lexicon) loaded once per worker, and writes exactly the files `make` writes. A report that
fails is returned with its reason; it never stops the others.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from pipeline.config import ROOT, SETTINGS_FILE, stage_settings
from pipeline.errors import PipelineError, SettingsError

EXTENSIONS = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class Job:
    raw: Path
    out: Path  # outputs/<doc>/
    engine: str
    figures: bool  # also the figures and report stages


# Every file the per-report stages write (figures: figures.json stands for the pictures).
STAGE_OUTPUTS = [*(f"clean/{name}" for name in ("clean.txt", "paragraphs.csv", "sentences.csv", "document.json",
                                                "cleaning_log.csv", "quality.csv")),
                 "tokens.parquet", "lexicon_found.csv",
                 *(f"keywords/{name}" for name in ("keywords.csv", "emphasis.csv", "categories.csv", "keywords.md")),
                 *(f"topics/{name}" for name in ("model_selection.csv", "topics.csv", "topic_units.csv",
                                                 "chapter_topics.csv", "chapter_clusters.csv", "topics.md"))]
FIGURE_OUTPUTS = ["figures/figures.json", "report.html", "report.md", "tables.xlsx"]
RUN_RECORD = ".corpus_run"  # in outputs/<doc>/: the engine and figures setting of the run that wrote it


def inputs(raw_dir: Path) -> list[Path]:
    """The reports in ``raw_dir`` that `make` would process, in name order (names with spaces are skipped)."""
    if not raw_dir.is_dir():
        raise SettingsError(f"{raw_dir} is not a folder of reports; give the folder that holds the .txt/.html files")
    found = sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS
                   and not p.name.startswith("."))
    for path in found:
        if " " in path.name:
            print(f"Warning: skipped {path.name} (rename without spaces)", file=sys.stderr)
    return [p for p in found if " " not in p.name]


def shared_ids(paths: list[Path]) -> dict[str, list[str]]:
    """Report ids (file names without extension) that more than one input would write to."""
    names: dict[str, list[str]] = {}
    for path in paths:
        names.setdefault(path.stem, []).append(path.name)
    return {doc: files for doc, files in names.items() if len(files) > 1}


def missing_outputs(out: Path, figures: bool) -> list[str]:
    return [name for name in STAGE_OUTPUTS + (FIGURE_OUTPUTS if figures else []) if not (out / name).exists()]


def is_current(job: Job, project_time: float | None = None) -> bool:
    """Nothing to do: every output exists, was written by a run with the same engine and figures
    setting, and is newer than the report and ``project_time`` (see ``newest_project_file``;
    pass it in when checking many reports, so the project is scanned once)."""
    expected = STAGE_OUTPUTS + (FIGURE_OUTPUTS if job.figures else [])
    record = job.out / RUN_RECORD
    if missing_outputs(job.out, job.figures) or not record.exists() or record.read_text() != _record(job):
        return False
    newest = max(job.raw.stat().st_mtime, newest_project_file() if project_time is None else project_time)
    return min((job.out / name).stat().st_mtime for name in expected) >= newest


def newest_project_file() -> float:
    """When the settings, the data dictionary or any file of the code, lexicon and stop lists last changed."""
    sources = [SETTINGS_FILE, ROOT / "outputs" / "README.md",
               *(p for folder in ("pipeline", "lexicon", "stopwords") for p in (ROOT / folder).rglob("*") if p.is_file()
                 and "__pycache__" not in p.parts)]
    return max(p.stat().st_mtime for p in sources if p.exists())


def _record(job: Job) -> str:
    return f"engine={job.engine}\nfigures={job.figures}\n"


@cache
def _word_model():
    from pipeline import jieba_model

    return jieba_model.word_model()


@cache
def _engine(name: str):
    from pipeline.segment import SegmentSettings, load_resources
    from pipeline.segmenting.engines import make_engine

    settings = SegmentSettings.from_dict({**stage_settings("segment"), "engine": name})
    return make_engine(name, load_resources(settings)[0], hmm=settings.hmm)


def process(job: Job) -> dict:
    """Run every per-report stage for one report: {doc, status, reason, seconds}."""
    from pipeline import clean, figures, keywords, report, segment, topics

    start = time.perf_counter()
    doc = job.out.name
    try:
        clean.run(job.raw, job.out / "clean", word_model=_word_model)
        segment_settings = segment.SegmentSettings.from_dict({**stage_settings("segment"), "engine": job.engine})
        segment.run(job.out / "clean", job.out, settings=segment_settings, engine=_engine(job.engine))
        keywords.run(job.out, job.out / "keywords")
        topics.run(job.out, job.out / "topics")
        if job.figures:
            # one process per report already: the figures stage draws in this process
            figure_settings = figures.FigureSettings.from_dict(stage_settings("figures"))
            figures.run(job.out, job.out / "figures", settings=replace(figure_settings, workers=1))
            report.run(job.out, job.out)
    except PipelineError as err:
        return {"doc": doc, "status": "failed", "reason": str(err), "seconds": time.perf_counter() - start}
    except Exception as err:  # noqa: BLE001 - one report's bug must not stop the batch; its reason is kept
        return {"doc": doc, "status": "failed", "reason": f"unexpected {type(err).__name__}: {err}",
                "seconds": time.perf_counter() - start}
    (job.out / RUN_RECORD).write_text(_record(job))
    return {"doc": doc, "status": "ok", "reason": "", "seconds": time.perf_counter() - start}


def run_local(jobs: list[Job], workers: int, progress: Callable[[Iterable, int], Iterable]) -> list[dict]:
    if workers == 1 or len(jobs) <= 1:
        return [process(job) for job in progress(jobs, len(jobs))]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(process, job): job for job in jobs}
        return [_result(future, futures[future]) for future in progress(as_completed(futures), len(futures))]


def _result(future, job: Job) -> dict:
    """A worker's status, or a failed one when the worker itself died (out of memory, a crash)."""
    try:
        return future.result()
    except Exception as err:  # noqa: BLE001 - BrokenProcessPool or a cluster error: the batch goes on
        return {"doc": job.out.name, "status": "failed", "reason": f"worker stopped: {type(err).__name__}: {err}",
                "seconds": 0.0}


def run_dask(jobs: list[Job], workers: int, scheduler: str, progress) -> list[dict]:
    """The same work mapped over a Dask cluster: ``scheduler`` (host:port), or a LocalCluster on loopback."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed as dask_completed
    except ImportError:
        raise SettingsError("corpus.executor = \"dask\" needs dask.distributed: pip install 'dask[distributed]' "
                            "(make setup installs it)") from None
    cluster = None
    if not scheduler:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(process, jobs, pure=False)
            job_of = dict(zip(futures, jobs, strict=True))
            return [_result(f, job_of[f]) for f in progress(dask_completed(futures), len(futures))]
    finally:
        if cluster is not None:
            cluster.close()


def progress_bar(iterable: Iterable, total: int) -> Iterable:
    """A progress bar on stderr for long runs (tqdm; silent when stderr is not a terminal)."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit="report", file=sys.stderr, disable=None)
