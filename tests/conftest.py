"""Shared fixtures: the real reports (read from ../shared, never copied) and cleaned results."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline import jieba_model
from pipeline.clean import CleanSettings, clean_report
from pipeline.cleaning.chrome import load_rules
from pipeline.cleaning.sources import TABLE_SUFFIXES, Source, read_source
from pipeline.config import ROOT, project_path

SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "data" / "raw" / "2024-xiangtan-county-report.forum.txt"
CORPUS = sorted((SHARED / "corpus").glob("*.txt"))
CORPORA = SHARED / "corpora"
# A few reports of each real collection (the whole collections run in `make evaluate` and the slow layer).
CORPORA_SAMPLES = [CORPORA / name for name in (
    "national-1954-2018-gbk/1958.txt", "national-1954-2018-gbk/2011.txt", "national-1954-2018-gbk/2017.txt",
    "provinces-2026-csv/2026_陕西省_政府工作报告.csv", "provinces-2026-csv/2026_天津市_政府工作报告.csv",
    "provinces-2025-docx/2025年四川省政府工作报告.docx", "provinces-2025-docx/2025年重庆市政府工作报告.docx")]
REAL_FILES = [SAMPLE, *CORPUS]
ALL_SAMPLES = REAL_FILES + [p for p in CORPORA_SAMPLES if p.exists()]


def source_of(path: Path) -> Source:
    return Source(path, path.stem, 1 if path.suffix.lower() in TABLE_SUFFIXES else None)

_results: dict[Path, object] = {}


@pytest.fixture(scope="session")
def settings() -> CleanSettings:
    return CleanSettings()


@pytest.fixture(scope="session")
def rules(settings):
    return load_rules(project_path(settings.chrome_rules))


@pytest.fixture(scope="session")
def word_model():
    model = jieba_model.word_model()
    return lambda: model


@pytest.fixture(scope="session")
def cleaned(settings, rules, word_model):
    """Clean a real file once per session: ``cleaned(path) -> CleanResult``."""

    def get(path: Path):
        if path not in _results:
            _results[path] = clean_report(read_source(source_of(path)), name=path.name, settings=settings,
                                          rules=rules, word_model=word_model)
        return _results[path]

    return get


# Layers: unit (small inputs, in process), integration (real reports through the stages), slow
# (make and corpus runs in subprocesses), browser (the page in Chromium). `make test` runs them
# all; `make test-fast` leaves out slow and browser.
LAYERS = {"test_project.py": "slow", "test_corpus_mode.py": "slow", "test_genre.py": "slow", "test_report_browser.py": "browser",
          "test_corpus.py": "integration", "test_evaluate.py": "integration", "test_segment.py": "integration",
          "test_clean_sample.py": "integration", "test_keywords.py": "integration", "test_topics.py": "integration",
          "test_figures.py": "integration", "test_report.py": "integration", "test_sources.py": "integration",
          "test_targets_real.py": "integration", "test_targets_corpus.py": "slow",
          "test_corpus_topics.py": "slow"}
# Modules that read ../shared: skipped, with the reason, when it is not there.
NEEDS_SHARED = ("SHARED", "CORPUS", "CORPORA", "REAL_FILES", "ALL_SAMPLES")


def pytest_collection_modifyitems(items):
    missing = not (SHARED / "corpus").is_dir()
    for item in items:
        name = item.path.name
        item.add_marker(getattr(pytest.mark, LAYERS.get(name, "unit")))
        if missing and any(word in item.path.read_text(encoding="utf-8") for word in NEEDS_SHARED):
            item.add_marker(pytest.mark.skip(reason=f"needs the real reports in {SHARED} (a sibling of this folder)"))


@pytest.fixture(scope="session")
def sample_doc(tmp_path_factory):
    """The sample cleaned, its targets read and segmented into outputs-like folders: ``<tmp>/<doc>/clean``,
    ``targets/`` and tokens."""
    from pipeline.clean import run as clean_run
    from pipeline.segment import run as segment_run
    from pipeline.targets import run as targets_run

    base = tmp_path_factory.mktemp("outputs") / "2024-xiangtan-county-report.forum"
    clean_run(SAMPLE, base / "clean")
    targets_run(base, base / "targets")
    segment_run(base / "clean", base)
    return base


def corpus_of(tmp_path_factory, names: list[str], settings) -> tuple[Path, Path]:
    """Corpus mode on reports of ../shared/corpora (linked, never copied): (raw folder, outputs folder)."""
    from pipeline import corpus

    raw = tmp_path_factory.mktemp("raw")
    for name in names:
        os.symlink(CORPORA / name, raw / name.rsplit("/", 1)[-1])
    out = tmp_path_factory.mktemp("out")
    corpus.run(raw, out, settings)
    return raw, out


def read_csv(path: Path) -> pd.DataFrame:
    """An output table as a reader opens it: empty cells missing, the rest as pandas infers."""
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
