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


def inputs(raw_dir: Path) -> list[Path]:
    """The reports in ``raw_dir`` that `make` would process, in name order."""
    if not raw_dir.is_dir():
        raise SettingsError(f"{raw_dir} is not a folder of reports; give the folder that holds the .txt/.html files")
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS
                  and not p.name.startswith("."))


def last_output(job: Job) -> Path:
    return job.out / ("report.html" if job.figures else "topics/topics.md")


def is_current(job: Job) -> bool:
    """Outputs newer than the report, the code and the settings: nothing to do (as make decides)."""
    target = last_output(job)
    if not target.exists():
        return False
    sources = [job.raw, SETTINGS_FILE, *(ROOT / "pipeline").rglob("*.py"), *(ROOT / "lexicon").iterdir(),
               *(ROOT / "stopwords").iterdir()]
    return target.stat().st_mtime >= max(p.stat().st_mtime for p in sources if p.exists())


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
    return {"doc": doc, "status": "ok", "reason": "", "seconds": time.perf_counter() - start}


def run_local(jobs: list[Job], workers: int, progress: Callable[[Iterable, int], Iterable]) -> list[dict]:
    if workers == 1 or len(jobs) <= 1:
        return [process(job) for job in progress(jobs, len(jobs))]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(process, job) for job in jobs]
        return [f.result() for f in progress(as_completed(futures), len(futures))]


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
            return [f.result() for f in progress(dask_completed(futures), len(futures))]
    finally:
        if cluster is not None:
            cluster.close()


def progress_bar(iterable: Iterable, total: int) -> Iterable:
    """A progress bar on stderr for long runs (tqdm; silent when stderr is not a terminal)."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit="report", file=sys.stderr, disable=None)
