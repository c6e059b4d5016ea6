"""The stage graph: one declaration that make, `pipeline run` and corpus mode follow."""

from __future__ import annotations

import os

from pipeline import stages


def test_each_stage_reads_only_what_earlier_stages_write():
    written: set[str] = set()
    for stage in stages.STAGES:
        assert set(stage.reads) <= written, stage.name
        written |= set(stage.writes)


def test_code_is_found_from_the_imports():
    topics = stages.BY_NAME["topics"].code
    assert "pipeline/topics.py" in topics and "pipeline/topicmodel.py" in topics
    assert "pipeline/cleaning/structure.py" in topics  # imported by topics: a hand-kept list once forgot it
    assert "pipeline/figuring/charts.py" not in topics


def test_files_asked_for_need_their_writer_and_the_stages_before_it():
    assert stages._needed(["outputs/x/tokens.parquet"]) == {"clean", "segment"}
    assert stages._needed(["outputs/x/report.html", "outputs/x/clean/clean.txt"]) == set(stages.BY_NAME)
    assert stages._needed(None) == set(stages.BY_NAME)


def test_staleness_follows_what_each_stage_reads(tmp_path):
    raw = tmp_path / "r.txt"
    raw.write_text("x", encoding="utf-8")
    doc = tmp_path / "out"
    for name in stages.outputs():
        (doc / name).parent.mkdir(parents=True, exist_ok=True)
        (doc / name).write_text("x", encoding="utf-8")
    times = {name: 0.0 for name in stages.BY_NAME}
    assert stages.stale_stages(doc, raw, project_time=times) == []
    os.utime(doc / "topics" / "topics.csv", (1, 1))  # older than what topics reads
    assert [s.name for s in stages.stale_stages(doc, raw, project_time=times)] == ["topics", "figures", "report"]
    (doc / "keywords" / "keywords.md").unlink()
    assert [s.name for s in stages.stale_stages(doc, raw, [str(doc / "keywords" / "keywords.md")], project_time=times)] == ["keywords"]


def test_the_make_fragment_declares_every_stage():
    fragment = stages.make_fragment()
    for stage in stages.STAGES:
        assert f"{stage.name.upper()}_FILES := {' '.join(stage.writes)}" in fragment
    assert "pipeline/topicmodel.py" in fragment
