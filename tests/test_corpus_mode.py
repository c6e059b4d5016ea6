"""Corpus mode on the sample and the real reports of ../shared/corpus (read from there, never copied
into the repository): every report listed, duplicates counted once, chapters aligned, same bytes again."""

from __future__ import annotations

import dataclasses
import os

import pandas as pd
import pytest

from pipeline.catalog import read_table
from pipeline import corpus
from pipeline.corpusing import runner
from pipeline.corpusing.duplicates import minhash, near_duplicates
from pipeline.roles import role_of_title
from tests.conftest import CORPUS, SAMPLE

SETTINGS = corpus.CorpusSettings(figures=False, workers=2, report_topics=True)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A folder with the sample, the six real reports, a second copy of one, and an empty file."""
    raw = tmp_path_factory.mktemp("raw")
    for path in [SAMPLE, *CORPUS]:
        os.symlink(path, raw / path.name)
    os.symlink(CORPUS[3], raw / f"copy-of-{CORPUS[3].name}")
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    corpus.run(raw, out, SETTINGS)
    return raw, out


def read(out, name):
    return pd.read_csv(out / "corpus" / name, encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def test_every_report_is_listed_with_its_status(run):
    raw, out = run
    documents = read(out, "documents.csv").set_index("doc")
    assert len(documents) == 9
    assert documents.loc["empty", "status"] == "failed" and "is empty" in documents.loc["empty", "reason"]
    copy = f"copy-of-{CORPUS[3].stem}"
    assert documents.loc[copy, "status"] == "duplicate" and documents.loc[copy, "duplicate_of"] == CORPUS[3].stem
    assert (documents["status"] == "ok").sum() == 7
    # the GBK and traditional-character reports are processed
    assert documents.loc["2012-hailaer-district-report.gbk", "encoding"] == "gb18030"
    assert documents.loc["2018-national-report.scraped.gbk", "encoding"] == "gb18030"
    assert documents.loc["1954-national-report.traditional", "tokens"] > 5000
    assert (out / "2024-xiangtan-county-report.forum" / "topics" / "topics.md").is_file()
    assert not (out / "empty").exists()


def test_alignment_finds_review_and_tasks_where_a_reader_sees_them(run):
    _, out = run
    aligned = read(out, "alignment.csv")
    roles = aligned.groupby("doc")["role"].apply(set)
    for doc in roles.index:
        if doc.startswith("1954"):  # one chapter, no headings: nothing to align
            assert roles[doc] == {"other"}
        else:
            assert {"review", "tasks"} <= roles[doc], doc
    sample = aligned[aligned["doc"] == "2024-xiangtan-county-report.forum"].set_index("chapter")
    assert sample.loc[1, "role"] == "review" and sample.loc[3, "role"] == "tasks"
    assert sample.loc[4, "role"] == "self_building"
    # the five-year plan's goals are not this year's tasks
    plan = aligned[aligned["title"].fillna("").str.contains("十五五")]
    assert len(plan) and set(plan["role"]) == {"plan"}
    assert aligned["confidence"].between(0, 1).all()


def test_keyword_trends_and_categories(run):
    _, out = run
    trends = read(out, "keyword_trends.csv")
    documents = read(out, "documents.csv").set_index("doc")
    assert set(trends["scope"]) == {"report", "tasks"}
    assert "copy-of-" not in " ".join(trends["doc"].unique())  # a duplicate is counted once
    whole = trends[trends["scope"] == "report"]
    row = whole[(whole["term"] == "改革") & (whole["doc"] == "2021-national-report")].iloc[0]
    own = read_table(out / "2021-national-report" / "keywords" / "keywords.csv")
    own = own[(own["scope"] == "report") & (own["term"] == "改革")].iloc[0]
    assert row["count"] == own["count"] and row["per_10k"] == pytest.approx(own["per_10k"], abs=0.01)
    assert documents.loc["2021-national-report", "tokens"] > 0
    clear = whole[whole["g2"].abs() > 0.01]  # G² rounded to 0 has no sign
    assert ((clear["g2"] > 0) == (clear["log_ratio"] > 0)).all()
    # ordered by term, then place and year
    for _, rows in whole.groupby("term", sort=False):
        keys = list(zip(rows["place"].fillna(""), rows["year"].fillna(0), rows["doc"], strict=True))
        assert keys == sorted(keys)
    categories = read(out, "categories.csv")
    assert {"report", "review", "tasks"} <= set(categories["scope"])
    assert len(set(categories.groupby(["doc", "scope"]).size())) == 1  # every category in every scope


def test_corpus_page_links_the_reports_pages(run):
    import re

    from pipeline import figures, report

    raw, out = run
    sample = out / SAMPLE.stem
    figures.run(sample, sample / "figures")
    report.run(sample, sample)
    corpus.run(raw, out, SETTINGS, process=False)
    html = (out / "corpus" / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./([^"]+)"', html)
    assert links == [f"{SAMPLE.stem}/report.html"]  # the only report with a page (no figures in this run)
    assert "failed: " in html and "duplicate of" in html
    assert (out / "corpus" / "trends.png").stat().st_size > 10_000


def test_running_again_changes_no_bytes(run):
    raw, out = run
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    corpus.run(raw, out, SETTINGS)  # every report is up to date: only the corpus tables are written again
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_what_makes_a_report_stale(run, tmp_path):
    raw, out = run
    job = runner.Job(raw / "2012-hailaer-district-report.gbk.txt", out / "2012-hailaer-district-report.gbk", "jieba",
                     False, textrank=SETTINGS.textrank_method)
    assert runner.is_current(job)
    assert not runner.is_current(dataclasses.replace(job, engine="rjieba"))  # another engine wrote nothing here
    assert not runner.is_current(dataclasses.replace(job, figures=True))  # no pictures yet
    assert not runner.is_current(dataclasses.replace(job, report_topics=False))  # its topic tables hold a model
    copy = tmp_path / "doc"
    import shutil

    shutil.copytree(job.out, copy)
    (copy / "keywords" / "keywords.csv").unlink()
    assert runner.missing_outputs(copy, False) == ["keywords/keywords.csv"]
    assert not runner.is_current(dataclasses.replace(job, out=copy))


def test_a_failure_stays_listed_until_its_outputs_exist(run):
    raw, out = run
    documents = corpus.run(raw, out, SETTINGS, process=False)
    assert {d["doc"]: d["status"] for d in documents}["empty"] == "failed"  # kept from the last run, with its reason
    assert "is empty" in {d["doc"]: d["reason"] for d in documents}["empty"]


def test_one_counted_report_still_has_frequencies(tmp_path, run):
    raw, out = run
    one = tmp_path / "raw"
    one.mkdir()
    for name in (SAMPLE.name, "empty.txt"):
        os.symlink(raw / name, one / name)
    import shutil

    shutil.copytree(out / SAMPLE.stem, tmp_path / "out" / SAMPLE.stem)
    corpus.run(one, tmp_path / "out", SETTINGS)
    trends = read(tmp_path / "out", "keyword_trends.csv")
    assert len(trends) > 100 and trends["per_10k"].gt(0).all() and trends["g2"].isna().all()


def test_dask_gives_the_same_bytes_as_the_local_pool(run, tmp_path):
    pytest.importorskip("dask.distributed")
    raw, out = run
    few = tmp_path / "raw"
    few.mkdir()
    for name in ("2012-hailaer-district-report.gbk.txt", SAMPLE.name):
        os.symlink(raw / name, few / name)
    documents = corpus.run(few, tmp_path / "out", dataclasses.replace(SETTINGS, executor="dask"))
    assert [d["status"] for d in documents] == ["ok", "ok"]
    for doc in ("2012-hailaer-district-report.gbk", SAMPLE.stem):
        written = sorted(p.relative_to(tmp_path / "out" / doc) for p in (tmp_path / "out" / doc).rglob("*")
                         if p.is_file())
        assert len(written) == len(runner_outputs()) + 1  # every stage's files and the run record
        for name in written:
            assert (tmp_path / "out" / doc / name).read_bytes() == (out / doc / name).read_bytes(), name


def runner_outputs():
    return runner.STAGE_OUTPUTS


def test_near_duplicates_by_shingles():
    text = "".join(CORPUS[3].read_text(encoding="utf-8").split())[:6000]
    edited = text[:3000] + "另有改动" + text[3000:]  # a re-scrape with a few characters more
    other = "".join(CORPUS[1].read_text(encoding="gb18030").split())[:6000]
    texts = {"a": text, "b": edited, "c": other}
    docs = {doc: {"quality_findings": 2 if doc == "b" else 0, "characters": len(t)} for doc, t in texts.items()}
    found = near_duplicates({doc: minhash(t) for doc, t in texts.items()}, docs, threshold=0.8)
    assert set(found) == {"b"} and found["b"][0] == "a" and found["b"][1] > 0.9


def test_title_patterns():
    roles = {title: role_of_title(title) for title in
             ["过去一年工作回顾", "2026年工作安排", "关于2026年工作", "全面加强政府自身建设", "“十五五”时期主要目标任务",
              "当前形势和面临的挑战", "对2018年政府工作的建议", "2024年主要工作", "今年主要工作任务",
              "2025年主要工作安排", "过去五年主要工作"]}
    assert list(roles.values()) == ["review", "tasks", "tasks", "self_building", "plan", "situation", "tasks",
                                    "tasks", "tasks", "tasks", "review"]


def test_batches_keep_every_worker_busy_and_stay_small():
    from pipeline.corpusing.runner import batches

    jobs = list(range(1000))
    for workers, size, count in [(2, 32, 1000), (2, 32, 9), (1, 32, 3), (4, 8, 100)]:
        split = batches(jobs[:count], workers, size)
        assert [j for batch in split for j in batch] == jobs[:count]  # every report once, in order
        assert max(map(len, split)) <= size
        assert len(split) >= min(count, 2 * workers)  # enough batches to share out


def test_a_batch_that_fails_as_a_whole_fails_each_of_its_reports(tmp_path):
    from pipeline.corpusing.runner import Job, _statuses

    batch = [Job(tmp_path / f"{name}.txt", tmp_path / name, "jieba", False) for name in ("a", "b")]

    def dies():
        raise MemoryError("out of memory")

    statuses = _statuses(dies, batch, "worker stopped")
    assert [s["doc"] for s in statuses] == ["a", "b"]
    assert all(s["status"] == "failed" and s["reason"] == "worker stopped: MemoryError: out of memory"
               for s in statuses)


def test_report_topics_off_writes_tables_that_say_so(tmp_path):
    """At scale the per-report topic models can be left out: every other output is written, and
    each report's topic tables (read by its page) say why there is no model."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in (SAMPLE, CORPUS[0]):
        os.symlink(path, raw / path.name)
    documents = corpus.run(raw, tmp_path / "out", dataclasses.replace(SETTINGS, report_topics=False))
    assert [d["status"] for d in documents] == ["ok", "ok"]
    for path in (SAMPLE, CORPUS[0]):
        folder = tmp_path / "out" / path.stem
        selection = pd.read_csv(folder / "topics" / "model_selection.csv", encoding="utf-8-sig")
        assert selection["reason"].tolist() == [runner.SKIP_REASON]
        clusters = pd.read_csv(folder / "topics" / "chapter_clusters.csv", encoding="utf-8-sig")
        assert clusters["cluster"].isna().all() and clusters["note"].str.startswith("not clustered").all()
        assert pd.read_csv(folder / "topics" / "topics.csv", encoding="utf-8-sig").empty
        units = pd.read_csv(folder / "topics" / "topic_units.csv", encoding="utf-8-sig")
        assert len(units) > 20 and units["terms"].gt(0).all()
        assert (folder / "keywords" / "keywords.csv").is_file()
        assert "report_topics=False" in (folder / ".corpus_run").read_text()
