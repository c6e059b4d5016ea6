"""The topics stage: model selection, reproducibility, stability across seeds, small documents."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pipeline import topicmodel
from pipeline.topics import TopicSettings, run, topic_tables

SETTINGS = TopicSettings()


@pytest.fixture(scope="module")
def doc(sample_doc):
    run(sample_doc, sample_doc / "topics")
    return sample_doc


def read(doc, name):
    return pd.read_csv(doc / "topics" / name, encoding="utf-8-sig")


def test_model_selection_covers_the_range_and_chooses_one(doc):
    selection = read(doc, "model_selection.csv")
    assert selection["k"].tolist() == list(range(SETTINGS.k_min, SETTINGS.k_max + 1))
    assert selection["chosen"].sum() == 1
    chosen = selection[selection["chosen"]].iloc[0]
    stable = selection[selection["stability"] >= SETTINGS.min_stability]
    if len(stable):
        assert chosen["coherence_npmi"] == stable["coherence_npmi"].max()
    else:  # small data: no k is stable enough, the most stable is taken and the reason says so
        assert chosen["stability"] == selection["stability"].max() and "no k reached" in chosen["reason"]
    topics = read(doc, "topics.csv")
    assert topics["topic"].nunique() == chosen["k"] and (topics.groupby("topic").size() == SETTINGS.top_terms).all()


def test_topics_are_real_themes_of_the_sample(doc):
    terms = read(doc, "topics.csv").groupby("topic")["term"].apply(set)
    themes = {"debt": {"债务", "化债", "降息"}, "rural": {"乡村", "农村", "农业"}, "growth": {"增长", "经济"},
              "projects": {"项目", "招商", "产业园"}}
    for name, words in themes.items():
        assert any(words & topic for topic in terms), name


def test_shares_and_units(doc):
    shares = read(doc, "chapter_topics.csv")
    columns = [c for c in shares.columns if c.startswith("topic_")]
    assert (shares[columns].sum(axis=1).round(2) == 1.0).all()
    units = read(doc, "topic_units.csv")
    assert units["paragraph_id"].str.match(r"c\d+\.s\d+\.p\d+").all()
    assert units["terms"].max() <= 2.5 * SETTINGS.unit_terms  # long paragraphs are split


def test_clusters_or_a_reason(doc):
    clusters = read(doc, "chapter_clusters.csv")
    small = clusters[clusters["cluster"].isna()]
    assert (small["note"].str.startswith("too few units")).all()
    real = clusters[clusters["cluster"].notna()]
    assert not real.empty and (real["size"] >= 1).all() and real["central_sentence"].str.len().gt(0).all()
    assert (real.groupby("chapter")["cluster"].count() >= 2).all()


def test_same_seed_same_bytes(doc, tmp_path):
    run(doc, tmp_path / "again")
    for name in ("model_selection.csv", "topics.csv", "topic_units.csv", "chapter_topics.csv",
                 "chapter_clusters.csv", "topics.md"):
        assert (doc / "topics" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_another_seed_gives_mostly_the_same_topics(doc):
    tokens = pd.read_parquet(doc / "tokens.parquet")
    import json

    chapters = json.loads((doc / "clean" / "document.json").read_text(encoding="utf-8"))["chapters"]
    first = topic_tables(tokens, chapters, SETTINGS)
    k = int(first.selection.loc[first.selection["chosen"], "k"].iloc[0])
    fixed = dataclasses.replace(SETTINGS, seed=7, k_min=k, k_max=k)
    second = topic_tables(tokens, chapters, fixed)
    runs = [t.groupby("topic")["term"].apply(list).tolist() for t in (first.topics, second.topics)]
    assert topicmodel.stability(runs) >= 0.5


def test_tiny_document_says_too_few_units():
    tokens = pd.DataFrame({
        "paragraph_id": ["c1.s0.p1"] * 4, "chapter": [1] * 4, "sentence": [1] * 4, "role": ["text"] * 4,
        "kind": ["word"] * 4, "stop_list": [""] * 4, "pos": ["n"] * 4, "norm": ["债务", "风险", "化解", "项目"],
        "token": ["债务", "风险", "化解", "项目"]})
    tables = topic_tables(tokens, [{"number": 1, "title": "一", "kind": "body"}], SETTINGS)
    assert tables.topics.empty and "too few units" in tables.selection["reason"].iloc[0]
    assert tables.clusters["note"].str.startswith("too few units").all()
    assert "too few units" in tables.summary


def test_npmi_and_stability_by_hand():
    import numpy as np

    binary = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]], dtype=bool)
    index = {"a": 0, "b": 1, "c": 2}
    assert topicmodel.npmi([["a", "b"]], binary, index)[0] == pytest.approx(1.0)
    assert topicmodel.npmi([["a", "c"]], binary, index)[0] == -1.0
    assert topicmodel.stability([[["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]]]) == 1.0
