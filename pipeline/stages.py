"""The stage graph, declared once: what each per-report stage reads, writes, runs and is configured by.

Everything that needs the graph follows this declaration: the Makefile (through the fragment
``python -m pipeline stages --make`` writes), ``python -m pipeline run`` (a report's stale
stages in one process), the corpus runner, and the tests that keep the data dictionary in
step. Each stage's code is found from its module's imports, so a helper module it uses can
never be forgotten in a hand-kept list.

A stage is stale when one of its files is missing, or is older than what it reads, its code,
its data files or the settings file, or when a stage that writes what it reads will run. That one rule decides
for ``make``, ``run`` and corpus mode alike.

This module imports nothing heavy: the Makefile reads it on every change of the code.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.settings import ROOT, settings_path


@dataclass(frozen=True)
class Stage:
    name: str
    module: str  # pipeline.<module>: its ``run`` and ``main``
    reads: tuple[str, ...]  # files of outputs/<doc>/ it reads (clean reads the raw report)
    writes: tuple[str, ...]  # files it writes into outputs/<doc>/
    data: tuple[str, ...]  # data files it reads, relative to the project root
    section: str  # its section of pipeline.toml
    summary: str

    @property
    def code(self) -> tuple[str, ...]:
        """Its module and every module of the package that module imports, relative to the root."""
        return tuple(sorted(str(path.relative_to(ROOT)) for path in imported_files(self.module)))


CLEAN_FILES = ("clean.txt", "paragraphs.csv", "sentences.csv", "document.json", "cleaning_log.csv", "quality.csv")
TARGET_FILES = ("targets.csv", "achieved_vs_target.csv")
KEYWORD_FILES = ("keywords.csv", "emphasis.csv", "categories.csv", "keywords.md")
TOPIC_FILES = ("model_selection.csv", "topics.csv", "topic_units.csv", "chapter_topics.csv", "chapter_clusters.csv",
               "topics.md")
REPORT_FILES = ("report.html", "report.md", "tables.xlsx")


def _in(folder: str, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"{folder}/{name}" for name in names)


STAGES = (
    Stage("clean", "clean", (), _in("clean", CLEAN_FILES), ("pipeline/cleaning/chrome_rules.toml",), "clean",
          "decode, strip page chrome and repeats, normalise, flag damage, parse structure and metadata"),
    Stage("targets", "targets", _in("clean", ("paragraphs.csv", "sentences.csv", "clean.txt", "document.json")),
          _in("targets", TARGET_FILES), ("lexicon/indicators.toml",), "targets",
          "targets and indicators as data: every quantity claim with its qualifier, kind and year"),
    Stage("segment", "segment", _in("clean", ("clean.txt", "paragraphs.csv", "sentences.csv", "document.json")),
          ("tokens.parquet", "lexicon_found.csv"),
          ("lexicon/policy_terms.txt", "stopwords/general_zh.txt", "stopwords/formulaic_gov.txt"), "segment",
          "jieba with the policy lexicon: one row per token, with its chapter, paragraph and sentence"),
    Stage("keywords", "keywords", ("tokens.parquet", "clean/document.json"), _in("keywords", KEYWORD_FILES),
          ("lexicon/policy_categories.toml", "lexicon/genre/terms.csv.gz", "lexicon/genre/profile.json"), "keywords",
          "per chapter: frequency, TF-IDF, TextRank, keyness; emphasis and policy categories"),
    Stage("topics", "topics", ("tokens.parquet", "clean/document.json"), _in("topics", TOPIC_FILES), (), "topics",
          "topics across the report (k by coherence and stability) and clusters within chapters"),
    Stage("figures", "figures",
          ("keywords/keywords.csv", "keywords/emphasis.csv", "keywords/categories.csv", "topics/chapter_topics.csv",
           "topics/topics.csv", "clean/document.json"),
          ("figures/figures.json",), ("lexicon/policy_categories.toml",), "figures",
          "word clouds, comparison cloud, heatmap and charts (figures.json lists the pictures)"),
    Stage("report", "report",
          ("figures/figures.json", *_in("clean", CLEAN_FILES), *_in("targets", TARGET_FILES), "lexicon_found.csv",
           "tokens.parquet",
           *_in("keywords", KEYWORD_FILES), *_in("topics", TOPIC_FILES)),
          REPORT_FILES, ("outputs/README.md", *_in("pipeline/reporting/templates", ("report.html.j2", "report.css",
                                                                                     "report.js"))), "report",
          "one self-contained report.html, report.md and tables.xlsx"),
)
BY_NAME = {stage.name: stage for stage in STAGES}
# Files every stage depends on: the command line, settings, shared floor.
SHARED_CODE = ("pipeline/__init__.py", "pipeline/__main__.py", "pipeline/stages.py")


def outputs() -> list[str]:
    """Every file the per-report stages write, in stage order."""
    return [name for stage in STAGES for name in stage.writes]


@cache
def imported_files(module: str) -> frozenset[Path]:
    """The file of ``pipeline.<module>`` and of every pipeline module it imports, transitively
    (imports inside functions too: they run when the stage does)."""
    seen: set[Path] = set()
    todo = [module]
    while todo:
        path = _module_file(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        todo += _pipeline_imports(path)
    return frozenset(seen)


def _module_file(module: str) -> Path | None:
    base = ROOT / "pipeline" / Path(*module.split(".")) if module else ROOT / "pipeline"
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _pipeline_imports(path: Path) -> list[str]:
    """Modules of the package a file imports, without the ``pipeline.`` prefix."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "pipeline":
            rest = node.module[len("pipeline"):].lstrip(".")
            found.append(rest)
            found += [f"{rest}.{alias.name}".lstrip(".") for alias in node.names]  # from pipeline import topicmodel
        elif isinstance(node, ast.Import):
            found += [a.name[len("pipeline."):] for a in node.names if a.name.startswith("pipeline.")]
    return found


def dependencies(stage: Stage) -> list[Path]:
    """Everything other than the report's own files that makes the stage's outputs stale."""
    return [ROOT / name for name in (*stage.code, *SHARED_CODE, *stage.data)] + [settings_path()]


def project_times() -> dict[str, float]:
    """For each stage, when its code, data or the settings last changed (compute once for many reports)."""
    return {stage.name: _newest(dependencies(stage)) for stage in STAGES}


def stale_stages(doc_dir: Path, raw: Path, wanted: Iterable[str] | None = None,
                 project_time: dict[str, float] | None = None) -> list[Stage]:
    """The stages to run, in order, so that the report's outputs (or just ``wanted`` files) are current."""
    needed = _needed(wanted)
    project_time = project_time or project_times()
    stale, rewritten = [], set()
    for stage in STAGES:
        if stage.name not in needed:
            break
        times = [_mtime(doc_dir / name) for name in stage.writes]
        inputs = [raw] if not stage.reads else [doc_dir / name for name in stage.reads]
        newest_input = max(project_time[stage.name], _newest(inputs))
        if rewritten & set(stage.reads) or None in times or min(times) < newest_input:
            stale.append(stage)
            rewritten.update(stage.writes)
    return stale


def _needed(wanted: Iterable[str] | None) -> set[str]:
    """Names of the stages needed to make ``wanted`` files (all for None): each one's writer and all before it."""
    if wanted is None:
        return set(BY_NAME)
    last = 0
    for name in wanted:
        index = next((k for k, stage in enumerate(STAGES) if any(str(name).endswith(f) for f in stage.writes)), None)
        last = max(last, len(STAGES) - 1 if index is None else index)
    return {stage.name for stage in STAGES[: last + 1]}


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _newest(paths: Iterable[Path]) -> float:
    return max((t for t in map(_mtime, paths) if t is not None), default=0.0)


def make_fragment() -> str:
    """Makefile variables of every stage: its files (STAGE_FILES), what it reads (STAGE_READS), its
    code and data (STAGE_CODE), all from this declaration."""
    lines = ["# Written by `python -m pipeline stages --make` from pipeline/stages.py: do not edit."]
    for stage in STAGES:
        key = stage.name.upper()
        lines.append(f"{key}_FILES := {' '.join(stage.writes)}")
        lines.append(f"{key}_READS := {' '.join(stage.reads)}")
        lines.append(f"{key}_CODE := {' '.join((*stage.code, *SHARED_CODE, *stage.data))}")
    lines.append(f"ALL_FILES := {' '.join(outputs())}")
    lines.append(f"STAGE_NAMES := {' '.join(stage.name.upper() for stage in STAGES)}")
    return "\n".join(lines) + "\n"


def run_stages(stages: list[Stage], source, doc_dir: Path, *, text_column: str | None = None,
               on_start: Callable[[Stage], None] | None = None) -> None:
    """Run ``stages`` for one report in this process (imports and models paid once)."""
    for stage in stages:
        if on_start:
            on_start(stage)
        _RUNNERS[stage.name](source, doc_dir, text_column)


def _clean(source, doc_dir, text_column):
    from pipeline import clean

    clean.run(source, doc_dir / "clean", text_column=text_column)


def _segment(source, doc_dir, text_column):
    from pipeline import segment

    segment.run(doc_dir / "clean", doc_dir)


def _in_folder(module: str, folder: str):
    def runner(source, doc_dir, text_column):
        import importlib

        importlib.import_module(f"pipeline.{module}").run(doc_dir, doc_dir / folder if folder else doc_dir)
    return runner


_RUNNERS = {"clean": _clean, "targets": _in_folder("targets", "targets"), "segment": _segment,
            "keywords": _in_folder("keywords", "keywords"), "topics": _in_folder("topics", "topics"),
            "figures": _in_folder("figures", "figures"), "report": _in_folder("report", "")}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--make", action="store_true", help="print the Makefile variables of every stage")


def main(args: argparse.Namespace) -> int:
    if args.make:
        sys.stdout.write(make_fragment())
        return 0
    for stage in STAGES:
        print(f"{stage.name:9s} {stage.summary}\n{'':9s} writes {', '.join(stage.writes)}")
    return 0
