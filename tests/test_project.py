"""The project as a newcomer meets it: make targets, documentation in step with the code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.__main__ import STAGES
from pipeline.clean import LOG_COLUMNS, OUTPUT_FILES, PARAGRAPH_COLUMNS, QUALITY_COLUMNS, SENTENCE_COLUMNS
from pipeline.config import ROOT
from pipeline.keywords import CATEGORY_COLUMNS, KEYWORD_COLUMNS
from pipeline.segment import LEXICON_COLUMNS, STOPWORD_CHECK_COLUMNS, TOKEN_COLUMNS
from pipeline.topics import CLUSTER_COLUMNS, SELECTION_COLUMNS, TOPIC_COLUMNS

TOPIC_FILES = ("model_selection.csv", "topics.csv", "topic_units.csv", "chapter_topics.csv", "chapter_clusters.csv",
               "topics.md")
REPORT_FILES = ("report.html", "report.md", "tables.xlsx")
CORPUS_FILES = ("documents.csv", "keyword_trends.csv", "categories.csv", "alignment.csv", "trends.png",
                "categories_by_report.png", "report.html")
FIGURE_FILES = ("cloud_report.png", "cloud_comparison.png", "heatmap_terms.png", "categories_by_chapter.png",
                "topics_by_chapter.png", "figures.json")


def test_readme_is_short_and_has_the_two_commands_and_every_stage():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 10_000
    assert "make        #" in readme and "make test" in readme
    for screenshot in ("docs/report_desktop.png", "docs/report_phone.png"):  # the page on a laptop and a phone
        assert screenshot in readme and (ROOT / screenshot).is_file()
    for stage in STAGES:
        assert f"**{stage}**" in readme


def test_readme_layout_matches_the_tree():
    layout = (ROOT / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1].split("## ", 1)[0]
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\0")
    for folder in {path.split("/")[0] for path in tracked if "/" in path and not path.startswith(".")}:
        assert f"{folder}/" in layout, folder
    for path in sorted((ROOT / "pipeline").iterdir()):
        if path.name != "__pycache__" and (path.suffix == ".py" or path.is_dir()):
            assert (path.name + ("/" if path.is_dir() else "")) in layout, path.name


def test_stages_doc_names_every_output_and_settings_doc_is_current():
    stages_doc = (ROOT / "docs" / "stages.md").read_text(encoding="utf-8")
    for name in (*(path.rsplit("/", 1)[-1] for path in stages.outputs()), *FIGURE_FILES, "cloud_chapter_NN.png"):
        assert f"`{name}`" in stages_doc, name
    from pipeline import settings

    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings.markdown(), \
        "docs/settings.md is stale: python -m pipeline settings --markdown > docs/settings.md"


def test_data_dictionary_describes_every_file_and_column():
    dictionary = (ROOT / "outputs" / "README.md").read_text(encoding="utf-8")
    for name in (*(path.rsplit("/", 1)[-1] for path in stages.outputs()), *FIGURE_FILES, "cloud_chapter_NN.png"):
        assert f"### `{name}`" in dictionary, name
    assert "## `stopwords_check.csv`" in dictionary
    for name in CORPUS_FILES:
        assert f"### `corpus/{name}`" in dictionary, name
    from pipeline.corpusing.tables import ALIGNMENT_COLUMNS, CATEGORY_COLUMNS as CORPUS_CATEGORY_COLUMNS
    from pipeline.corpusing.tables import DOCUMENT_COLUMNS, TREND_COLUMNS
    from pipeline.reporting.dictionary import columns_by_file

    described = columns_by_file()
    for name, columns in (("documents.csv", DOCUMENT_COLUMNS), ("keyword_trends.csv", TREND_COLUMNS),
                          ("categories.csv", CORPUS_CATEGORY_COLUMNS), ("alignment.csv", ALIGNMENT_COLUMNS)):
        assert set(columns) <= set(described[f"corpus/{name}"]), name
    for column in {*PARAGRAPH_COLUMNS, *SENTENCE_COLUMNS, *LOG_COLUMNS, *QUALITY_COLUMNS, *TOKEN_COLUMNS,
                   *LEXICON_COLUMNS, *STOPWORD_CHECK_COLUMNS, *KEYWORD_COLUMNS, *CATEGORY_COLUMNS,
                   *SELECTION_COLUMNS, *TOPIC_COLUMNS, *CLUSTER_COLUMNS}:
        assert f"`{column}`" in dictionary, column


def test_make_help_lists_the_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("all", "setup", "test", "clean", "help"):
        assert f"make {target}:" in out


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    """The tracked project files in a temporary folder, run with this test's virtualenv."""
    dest = tmp_path_factory.mktemp("project")
    for name in ("Makefile", "pyproject.toml", "pipeline.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "pipeline", dest / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("data", "lexicon", "stopwords"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "outputs").mkdir()
    shutil.copy2(ROOT / "outputs" / "README.md", dest / "outputs" / "README.md")  # tracked: the data dictionary
    # The copy uses this virtualenv; `make test` made it, with the stamp make checks for.
    return dest, [f"VENV={sys.prefix}"]


def make(dest, args, *extra):
    env = {**os.environ, "MAKEFLAGS": ""}
    return subprocess.run(["make", *args, *extra], cwd=dest, capture_output=True, text=True, env=env)


def test_make_builds_every_output_then_has_nothing_to_do(project_copy):
    dest, args = project_copy
    if not (Path(sys.prefix) / ".installed").exists():
        pytest.fail("run the tests with `make test`, which installs the virtualenv and its stamp")
    result = make(dest, args, "-j2")
    assert result.returncode == 0, result.stderr
    doc = dest / "outputs" / "2024-xiangtan-county-report.forum"
    for name in OUTPUT_FILES:
        assert (doc / "clean" / name).is_file()
    assert (doc / "tokens.parquet").is_file() and (doc / "lexicon_found.csv").is_file()
    assert (doc / "keywords" / "keywords.md").is_file()
    assert all((doc / name).is_file() for name in REPORT_FILES)
    assert all((doc / "topics" / name).is_file() for name in TOPIC_FILES)
    assert all((doc / "figures" / name).is_file() for name in FIGURE_FILES)
    assert "Open outputs/2024-xiangtan-county-report.forum/report.html" in result.stdout  # make names the page
    assert make(dest, args, "-q").returncode == 0  # up to date: a second make does nothing
    again = make(dest, args)
    assert "Nothing to be done" in again.stdout or again.stdout.strip() == ""


def ran_stages(result) -> list[str]:
    """The stages a `make` ran, from the line each announces."""
    return [line.split()[0] for line in result.stderr.splitlines() if line.split() and line.split()[0] in stages.BY_NAME]


def test_editing_one_stage_reruns_it_and_what_follows_in_one_process(project_copy):
    dest, args = project_copy
    make(dest, args)
    os.utime(dest / "pipeline" / "topicmodel.py")  # the topics stage's code only
    result = make(dest, args)
    assert result.returncode == 0 and result.stdout.count("-m pipeline run") == 1
    assert ran_stages(result) == ["topics", "figures", "report"]  # clean, segment and keywords stay
    os.utime(dest / "lexicon" / "policy_terms.txt")
    assert ran_stages(make(dest, args)) == ["segment", "keywords", "topics", "figures", "report"]
    os.utime(dest / "pipeline" / "cleaning" / "structure.py")  # topics imports it too: found from the imports
    assert "topics" in ran_stages(make(dest, args))
    assert "pip install" not in make(dest, args, "-n").stdout


def test_one_stage_file_asked_for_runs_only_what_it_needs(project_copy):
    dest, args = project_copy
    make(dest, args)
    os.utime(dest / "pipeline" / "clean.py")
    doc = "outputs/2024-xiangtan-county-report.forum"
    assert ran_stages(make(dest, args, f"{doc}/tokens.parquet")) == ["clean", "targets", "segment"]
    assert ran_stages(make(dest, args)) == ["keywords", "topics", "figures", "report"]


def test_one_bad_report_does_not_stop_the_others(project_copy, tmp_path):
    dest, args = project_copy
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy2(ROOT / "data" / "raw" / "2024-xiangtan-county-report.forum.txt", raw / "good report.txt")
    (raw / "bad.txt").write_bytes(b"")
    (raw / "notes.doc").write_bytes(b"an old Word file")
    result = make(dest, args, f"RAW={raw}", f"OUT={tmp_path / 'out'}")
    assert result.returncode != 0
    assert "Error: " in result.stderr and "bad.txt is empty" in result.stderr
    assert "skipped 1 file(s) of unsupported type: notes.doc" in result.stderr
    assert (tmp_path / "out" / "good report" / "clean" / "document.json").is_file()  # a name with a space is read
    assert not (tmp_path / "out" / "bad").exists()
