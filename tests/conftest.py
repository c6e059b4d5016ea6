"""Shared fixtures: the real reports (read from ../shared, never copied) and cleaned results."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import jieba_model
from pipeline.clean import CleanSettings, clean_document
from pipeline.cleaning.chrome import load_rules
from pipeline.config import ROOT, project_path

SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "data" / "raw" / "2024-xiangtan-county-report.forum.txt"
CORPUS = sorted((SHARED / "corpus").glob("*.txt"))
REAL_FILES = [SAMPLE, *CORPUS]

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
            _results[path] = clean_document(path.read_bytes(), name=path.name, html=path.suffix != ".txt",
                                            settings=settings, rules=rules, word_model=word_model)
        return _results[path]

    return get


def pytest_collection_modifyitems(items):
    if not CORPUS:
        raise pytest.UsageError(f"the real reports are missing: expected them in {SHARED / 'corpus'}")


@pytest.fixture(scope="session")
def sample_doc(tmp_path_factory):
    """The sample cleaned and segmented into outputs-like folders: ``<tmp>/<doc>/clean`` and tokens."""
    from pipeline.clean import run as clean_run
    from pipeline.segment import run as segment_run

    base = tmp_path_factory.mktemp("outputs") / "2024-xiangtan-county-report.forum"
    clean_run(SAMPLE, base / "clean")
    segment_run(base / "clean", base)
    return base
