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
    assert "pipeline/text.py" in topics and "pipeline/terms.py" in topics  # the floor it uses, found from imports
    assert "pipeline/figuring/charts.py" not in topics and "pipeline/keywords.py" not in topics


def test_files_asked_for_need_their_writer_and_the_stages_before_it():
    assert stages._needed(["outputs/x/tokens.parquet"]) == {"clean", "targets", "segment"}
    assert stages._needed(["outputs/x/targets/targets.csv"]) == {"clean", "targets"}
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


# Each stage's modules; everything else under pipeline/ is the shared floor (text, catalog, terms,
# keyness, resources, settings, io, ...) or a command that runs stages (run, corpus, evaluate).
STAGE_MODULES = {"clean": ("clean", "cleaning"), "targets": ("targets", "targeting"), "segment": ("segment", "segmenting"),
                 "keywords": ("keywords", "keywording"), "topics": ("topics", "topicmodel"),
                 "figures": ("figures", "figuring"), "report": ("report", "reporting")}


def test_no_stage_imports_another_stage():
    import ast

    owner = {module: stage for stage, modules in STAGE_MODULES.items() for module in modules}
    assert set(STAGE_MODULES) == set(stages.BY_NAME)
    crossings = []
    for path in sorted((stages.ROOT / "pipeline").rglob("*.py")):
        mine = owner.get(path.relative_to(stages.ROOT / "pipeline").parts[0].removesuffix(".py"))
        if mine is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "pipeline":
                parts = node.module.split(".")[1:]
                for module in parts[:1] or [alias.name for alias in node.names]:
                    if owner.get(module, mine) != mine:
                        crossings.append(f"{path.relative_to(stages.ROOT)} imports pipeline.{module}")
    assert not crossings, crossings
