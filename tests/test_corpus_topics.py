"""The corpus topic model on real reports from ../shared/corpora (never copied into the repository): one
model over all chapters, prevalence per report and role with integer years, figures, and no refit when
nothing changed."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from conftest import corpus_of, read_csv
from pipeline import corpus
from pipeline.corpusing import topics as corpus_topics
from pipeline.topicmodel import npmi

SETTINGS = corpus.CorpusSettings(figures=False, workers=2)
REPORTS = [f"national-1954-2018-gbk/{year}.txt" for year in (1954, 1955, 1956, 2016, 2017, 2018)] + [
    "provinces-2026-csv/2026_陕西省_政府工作报告.csv", "provinces-2026-csv/2026_天津市_政府工作报告.csv",
    "provinces-2026-csv/2026_湖南省_政府工作报告.csv", "provinces-2025-docx/2025年陕西省政府工作报告.docx"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return corpus_of(tmp_path_factory, REPORTS, SETTINGS)


@pytest.fixture(scope="module")
def out(run):
    return run[1]


def read(out, name):
    return read_csv(out / "corpus" / name)


def test_one_model_describes_every_report_and_role(out):
    prevalence = read(out, "topic_prevalence.csv")
    assert prevalence["year"].dtype.kind == "i"  # years are integers, never 2026.0
    whole = prevalence[prevalence["scope"] == "report"]
    assert whole["doc"].nunique() == len(REPORTS)
    assert np.allclose(whole.groupby("doc")["share"].sum(), 1.0, atol=0.01)
    assert {"review", "tasks"} <= set(prevalence["scope"])
    order = whole.drop_duplicates("doc")[["place", "year"]].to_numpy().tolist()
    assert order == sorted(order)  # by place, then year within a place
    selection = read(out, "topic_model_selection.csv")
    assert selection["chosen"].sum() == 1
    topics = read(out, "topics.csv")
    k = int(selection.loc[selection["chosen"], "k"].iloc[0])
    assert topics["topic"].nunique() == k and topics["term"].notna().all()
    assert set(topics["passage_doc"].astype(str)) <= set(whole["doc"].astype(str))


def test_the_page_shows_prevalence_over_years_and_by_place(out):
    assert (out / "corpus" / "topics_over_years.png").stat().st_size > 10_000  # the national series
    assert (out / "corpus" / "topics_by_place_2026.png").stat().st_size > 10_000  # three provinces of 2026
    page = (out / "corpus" / "report.html").read_text(encoding="utf-8")
    assert 'id="corpus-topics"' in page and "topics_over_years.png" in page


def test_the_model_is_not_refitted_when_nothing_changed(run, monkeypatch):
    raw, out = run
    before = {name: (out / "corpus" / name).read_bytes() for name in corpus.TOPIC_FILES}

    def refit(*args, **kwargs):
        raise AssertionError("refitted although the reports and settings are the same")

    monkeypatch.setattr(corpus_topics, "fit_corpus_topics", refit)
    corpus.run(raw, out, SETTINGS, process=False)
    assert {name: (out / "corpus" / name).read_bytes() for name in corpus.TOPIC_FILES} == before


def test_coherence_reads_dense_and_sparse_units_alike():
    binary = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]], dtype=bool)
    index = {"a": 0, "b": 1, "c": 2}
    # a and b always together: +1; a and c never: -1
    assert npmi([["a", "b"], ["a", "c"]], binary, index) == [1.0, -1.0]
    rng = np.random.default_rng(1)
    random = rng.random((40, 12)) < 0.3
    index = {f"t{i}": i for i in range(12)}
    topics = [["t0", "t1", "t2", "t3"], ["t4", "t5", "t6"]]
    assert npmi(topics, random, index) == npmi(topics, sparse.csc_matrix(random.astype(np.int32)), index)


def test_small_corpora_get_a_model_or_the_reason_why():
    from pipeline.corpusing.topics import TopicOptions, fit_corpus_topics

    rng = np.random.default_rng(0)
    options = TopicOptions(6, 12, 1, 2, 0.6, 5, 1)
    for chapters_n, terms_n in ((12, 50), (20, 8), (3, 40)):  # fewer chapters or terms than k_max, or than k_min
        counts = sparse.csr_matrix(rng.poisson(1.0, (chapters_n, terms_n)))
        chapters = pd.DataFrame({"doc": [f"d{i // 4}" for i in range(chapters_n)],
                                 "chapter": [i % 4 + 1 for i in range(chapters_n)], "title": "x", "kind": "body",
                                 "size": 100})
        alignment = chapters[["doc", "chapter"]].assign(role="tasks")
        documents = [{"doc": d, "place": "p", "year": 2020} for d in chapters["doc"].unique()]
        fitted = fit_corpus_topics(counts, [f"t{i}" for i in range(terms_n)], chapters, alignment, documents, options)
        if chapters_n < 8:
            assert fitted.prevalence.empty and "too few chapters" in fitted.selection["reason"].iloc[0]
        else:
            assert fitted.selection["chosen"].sum() == 1
            shares = fitted.prevalence[fitted.prevalence["scope"] == "report"].groupby("doc")["share"].sum()
            assert np.allclose(shares, 1.0, atol=0.01)
