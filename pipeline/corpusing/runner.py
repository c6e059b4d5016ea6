"""Every per-report stage for many reports, in a process pool or on a Dask cluster.

``process`` runs clean → targets → segment → keywords → topics (→ figures → report) for a batch of
reports inside one process, with the expensive resources (jieba's dictionaries, the policy
lexicon) loaded once per worker, and writes exactly the files `make` writes. A report that
fails is returned with its reason; it never stops the others.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from pipeline.config import stage_settings
from pipeline.cleaning.sources import Source, find_sources
from pipeline.corpusing.executor import Executor
from pipeline.errors import InputError, PipelineError
from pipeline.stages import STAGES, stale_stages


@dataclass(frozen=True)
class Job:
    raw: Path
    out: Path  # outputs/<doc>/
    engine: str
    figures: bool  # also the figures and report stages
    report_topics: bool = True  # the report's own topic model and clusters (else its topic tables say why not)
    row: int | None = None  # the report's row, when ``raw`` is a table of reports
    text_column: str | None = None  # a table's column of report text (None: found by name or length)
    textrank: str = "jieba"  # keywords.textrank_method for this run (corpus mode: corpus.textrank_method)

    @property
    def source(self) -> Source:
        return Source(self.raw, self.out.name, self.row)


# Every file the per-report stages write (figures: figures.json stands for the pictures), from
# the stage graph; the figures and the page are left out of runs without figures.
_PICTURES = ("figures", "report")
STAGE_OUTPUTS = [name for stage in STAGES if stage.name not in _PICTURES for name in stage.writes]
FIGURE_OUTPUTS = [name for stage in STAGES if stage.name in _PICTURES for name in stage.writes]
SKIP_REASON = "per-report topic models are off in this corpus run (corpus.report_topics = false)"
RUN_RECORD = ".corpus_run"  # in outputs/<doc>/: the settings of the run that wrote it


def inputs(raw_dir: Path, *, text_column: str | None = None) -> list[Source]:
    """The reports in ``raw_dir`` (files, and each row of a table), in name order. Files of other
    types are named in a warning; a missing folder or one without reports is an InputError."""
    if raw_dir.exists() and not raw_dir.is_dir():
        raise InputError(f"{raw_dir} is not a folder of reports; give the folder that holds them")
    sources, warnings = find_sources(raw_dir, text_column=text_column)
    for warning in warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    return sources


def shared_ids(sources: list[Source]) -> dict[str, list[str]]:
    """Report ids that more than one input would write to (x.txt and x.html)."""
    names: dict[str, list[str]] = {}
    for source in sources:
        names.setdefault(source.doc, []).append(str(source.path) + (f" row {source.row}" if source.row else ""))
    return {doc: files for doc, files in names.items() if len(files) > 1}


def missing_outputs(out: Path, figures: bool) -> list[str]:
    return [name for name in STAGE_OUTPUTS + (FIGURE_OUTPUTS if figures else []) if not (out / name).exists()]


def is_current(job: Job, project_time: dict[str, float] | None = None) -> bool:
    """Nothing to do: every output exists, was written by a run with the same engine, figures and
    report-topics settings, and no stage is stale by the stage graph's rule (``stages.stale_stages``;
    pass ``stages.project_times()`` in when checking many reports, so the project is scanned once)."""
    record = job.out / RUN_RECORD
    if missing_outputs(job.out, job.figures) or not record.exists() or record.read_text() != _record(job):
        return False
    wanted = None if job.figures else STAGE_OUTPUTS
    return not stale_stages(job.out, job.raw, wanted, project_time)


def _record(job: Job) -> str:
    return (f"engine={job.engine}\nfigures={job.figures}\nreport_topics={job.report_topics}\n"
            f"textrank={job.textrank}\n")


@cache
def _keyword_settings(textrank: str):
    """The keywords stage's settings with corpus mode's TextRank method, once per worker process."""
    from pipeline.settings import KeywordSettings

    return KeywordSettings.from_dict({**stage_settings("keywords"), "textrank_method": textrank})


@cache
def _word_model():
    from pipeline import jieba_model

    return jieba_model.word_model()


@cache
def _segmenter(name: str):
    """(settings, engine, resources) of the segment stage with engine ``name``, once per worker process."""
    from pipeline.segment import load_resources
    from pipeline.settings import SegmentSettings
    from pipeline.segmenting.engines import make_engine

    settings = SegmentSettings.from_dict({**stage_settings("segment"), "engine": name})
    resources = load_resources(settings)
    return settings, make_engine(name, resources[0], hmm=settings.hmm), resources


@cache
def _targets_setup():
    """(settings, indicators) of the targets stage, once per worker process."""
    from pipeline.config import project_path
    from pipeline.settings import TargetSettings
    from pipeline.targeting.indicators import load_indicators

    settings = TargetSettings.from_dict(stage_settings("targets"))
    return settings, load_indicators(project_path(settings.indicators))


def _targets(job: Job, cleaned) -> None:
    from pipeline.catalog import CleanInput
    from pipeline.targets import write_targets

    write_targets(CleanInput.of(cleaned), job.out / "targets", *_targets_setup())


def batches(jobs: list[Job], workers: int, size: int) -> list[list[Job]]:
    """Jobs in batches of at most ``size`` reports; with few reports, smaller batches (about four
    per worker), so every worker gets some and they finish together."""
    per = max(1, min(size, math.ceil(len(jobs) / (4 * workers))))
    return [jobs[k:k + per] for k in range(0, len(jobs), per)]


def process(jobs: list[Job]) -> list[dict]:
    """Every per-report stage for a batch of reports: {doc, status, reason, seconds} each.

    Reports are cleaned one by one (their targets read from the clean records in memory), then
    segmented together and their keyword tables computed together (one vectorised pass each:
    much faster than one report at a time), then go through the other stages one by one. A
    report that fails drops out of the batch with its reason; the others go on.
    """
    from threadpoolctl import threadpool_limits

    # The workers are the parallelism: BLAS threads on top of them only fight over the cores
    # (the topic models' matrices are small).
    with threadpool_limits(limits=1):
        return _process(jobs)


def _process(jobs: list[Job]) -> list[dict]:
    from pipeline import clean, figures, report, topics

    failures: dict[Job, str] = {}
    seconds = dict.fromkeys(jobs, 0.0)
    cleaned = {job: _attempt(job, failures, seconds,
                             lambda job=job: clean.run(job.source, job.out / "clean", word_model=_word_model,
                                                       text_column=job.text_column))
               for job in jobs}
    for job in jobs:
        _attempt(job, failures, seconds, lambda job=job: _targets(job, cleaned[job]))
    _together(jobs, lambda batch: _segment(batch, cleaned), cleaned, failures, seconds)
    for start in range(0, len(jobs), KEYWORD_REPORTS):  # a failed pass redoes its own reports only
        _together(jobs[start:start + KEYWORD_REPORTS], _keywords, cleaned, failures, seconds)

    def draw(job: Job) -> None:  # one process per batch already: the figures stage draws in this process
        settings = replace(figures.FigureSettings.from_dict(stage_settings("figures")), workers=1)
        figures.run(job.out, job.out / "figures", settings=settings)

    for job in jobs:
        skip_reason = "" if job.report_topics else SKIP_REASON
        steps = [lambda job=job, skip_reason=skip_reason: topics.run(job.out, job.out / "topics",
                                                                     skip_reason=skip_reason)]
        if job.figures:
            steps += [lambda job=job: draw(job), lambda job=job: report.run(job.out, job.out)]
        steps.append(lambda job=job: (job.out / RUN_RECORD).write_text(_record(job)))
        for step in steps:
            _attempt(job, failures, seconds, step)
    return [{"doc": job.out.name, "status": "failed" if job in failures else "ok", "reason": failures.get(job, ""),
             "seconds": seconds[job]} for job in jobs]


def _segment(jobs: list[Job], cleaned: dict) -> None:
    from pipeline.catalog import CleanInput
    from pipeline.segment import run_many

    settings, engine, resources = _segmenter(jobs[0].engine)
    run_many([(CleanInput.of(cleaned[job]), job.out) for job in jobs], settings=settings, engine=engine,
             resources=resources)


KEYWORD_REPORTS = 8  # reports per keyword pass: most of the speed of one pass, a quarter of a batch's memory


def _keywords(jobs: list[Job]) -> None:
    from pipeline import keywords

    keywords.run_many([(job.out, job.out / "keywords") for job in jobs], settings=_keyword_settings(jobs[0].textrank))


def _together(jobs: list[Job], stage: Callable[[list[Job]], None], cleaned: dict, failures: dict,
              seconds: dict) -> None:
    """One stage for the batch's reports that have not failed, in one pass; should the pass fail,
    report by report (to find the one that fails, while the others go on). The pass's time is
    shared by text length."""
    jobs = [job for job in jobs if job not in failures]
    if not jobs:
        return
    start = time.perf_counter()
    try:
        stage(jobs)
    except Exception:  # noqa: BLE001 - report by report: the one that fails is named, the others go on
        for job in jobs:
            seconds[job] += (time.perf_counter() - start) / len(jobs)  # the failed batch's time, shared
        for job in jobs:
            _attempt(job, failures, seconds, lambda job=job: stage([job]))
        return
    elapsed, total = time.perf_counter() - start, sum(len(cleaned[job].text) for job in jobs) or 1
    for job in jobs:
        seconds[job] += elapsed * len(cleaned[job].text) / total


def _attempt(job: Job, failures: dict, seconds: dict, step: Callable):
    """Run one stage of one report unless it failed before; a failure is kept as its reason."""
    if job in failures:
        return None
    start = time.perf_counter()
    try:
        return step()
    except PipelineError as err:
        failures[job] = str(err)
    except Exception as err:  # noqa: BLE001 - one report's bug must not stop the batch; its reason is kept
        failures[job] = f"unexpected {type(err).__name__}: {err}"
    finally:
        seconds[job] += time.perf_counter() - start
    return None


def run_jobs(jobs: list[Job], executor: Executor, batch_reports: int, progress) -> list[dict]:
    """Every job's per-report stages on ``executor``, a batch of reports per task. A batch whose worker
    died (out of memory, a crash) or whose cluster failed has each of its reports failed with the reason;
    the other batches go on."""
    work = batches(jobs, executor.workers if executor.parallel else 1, batch_reports)
    what = "worker stopped" if executor.parallel else "batch failed"
    with progress(len(jobs)) as bar:
        futures = {executor.submit(process, batch): batch for batch in work}
        return [status for future in executor.completed(futures)
                for status in _counted(_statuses(future.result, futures[future], what), bar)]


def _counted(statuses: list[dict], bar) -> list[dict]:
    bar.update(len(statuses))
    return statuses


def _statuses(work: Callable[[], list[dict]], batch: list[Job], what: str = "batch failed") -> list[dict]:
    """The statuses ``work()`` gives for ``batch``; should it fail as a whole (a worker that died,
    a cluster error), every report of the batch failed with the reason."""
    try:
        return work()
    except Exception as err:  # noqa: BLE001 - BrokenProcessPool or a cluster error: the other batches go on
        return [{"doc": job.out.name, "status": "failed", "reason": f"{what}: {type(err).__name__}: {err}",
                 "seconds": 0.0} for job in batch]


def progress_bar(total: int):
    """A progress bar of reports on stderr for long runs (tqdm; silent when stderr is not a terminal)."""
    from tqdm import tqdm

    return tqdm(total=total, unit="report", file=sys.stderr, disable=None)
