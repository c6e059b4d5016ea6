"""The keywords stage on the sample: keyness, rankings, categories, outputs, kwic."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pandas as pd
import pytest

from conftest import SAMPLE
from pipeline.config import ROOT
from pipeline import keyness
from pipeline.resources.categories import load_categories
from pipeline.keywords import KeywordSettings, run


def test_keyness_agrees_with_a_hand_computed_example():
    # a = 10 of c = 1,000 tokens in the chapter; b = 5 of d = 4,000 in the rest.
    # E1 = 1000 * 15 / 5000 = 3, E2 = 4000 * 15 / 5000 = 12
    # G² = 2 (10 ln(10/3) + 5 ln(5/12)) = 15.3248; Log Ratio = log2((10/1000) / (5/4000)) = 3
    assert keyness.log_likelihood([10], [5], 1000, 4000)[0] == pytest.approx(15.3248, abs=1e-4)
    assert keyness.log_ratio([10], [5], 1000, 4000)[0] == pytest.approx(3.0)
    assert keyness.p_value([15.3248])[0] == pytest.approx(9.06e-5, rel=0.01)
    # under-use is negative; a zero frequency counts as 0.5 in the ratio
    assert keyness.log_likelihood([0], [40], 1000, 4000)[0] < 0
    assert keyness.log_ratio([0], [40], 1000, 4000)[0] == pytest.approx(math.log2((0.5 / 1000) / (40 / 4000)))


@pytest.fixture(scope="module")
def outputs(sample_doc):
    run(sample_doc, sample_doc / "keywords")
    return sample_doc


def table(outputs, name):
    return pd.read_csv(outputs / "keywords" / name, encoding="utf-8-sig", keep_default_na=False, dtype=str)


def num(series):
    return pd.to_numeric(series, errors="coerce")


def top_keyness(keywords, chapter, n=10):
    rows = keywords[(keywords["chapter"] == str(chapter)) & (num(keywords["g2"]) > 0)]
    return rows.sort_values("keyness_rank", key=num)["term"].head(n).tolist()


def test_chapters_top_terms_are_specific(outputs):
    keywords = table(outputs, "keywords.csv")
    tops = [set(top_keyness(keywords, c)) for c in (1, 2, 3, 4)]
    for i in range(4):
        for j in range(i + 1, 4):
            assert len(tops[i] & tops[j]) <= 1, (i + 1, j + 1, tops[i] & tops[j])


def test_no_stopword_quantity_or_split_policy_term_in_tables(outputs):
    keywords = table(outputs, "keywords.csv")
    tokens = pd.read_parquet(outputs / "tokens.parquet")
    stop = set(tokens.loc[tokens["stop_list"] != "", "norm"])
    numeric = set(tokens.loc[tokens["kind"].isin(["quantity", "date", "punct"]), "norm"])
    assert not (set(keywords["term"]) & (stop | numeric))
    whole = num(keywords[keywords["scope"] == "report"].set_index("term")["count"])
    assert keywords.loc[keywords["scope"] == "report", "chapter"].eq("").all()  # no chapter number: the whole report
    assert whole["三高四新"] == 3 and whole["四区一地一圈一强"] == 2 and "放管服" in whole.index
    assert "三高" not in whole.index and "四新" not in whole.index


def test_ranks_and_scores_are_consistent(outputs):
    keywords = table(outputs, "keywords.csv")
    chapter1 = keywords[keywords["chapter"] == "1"]
    ranked = chapter1[num(chapter1["keyness_rank"]).notna()].sort_values("keyness_rank", key=num)
    g2 = num(ranked["g2"]).tolist()
    assert g2 == sorted(g2, reverse=True)
    assert set(num(ranked["keyness_rank"])) == set(range(1, len(ranked) + 1))
    once = chapter1[num(chapter1["count"]) == 1]
    assert num(once["keyness_rank"]).isna().all()  # min_count: a single occurrence gets no keyness rank
    assert (chapter1.loc[num(chapter1["count"]) > 0, "examples"].str.startswith("c1.")).all()
    negative = chapter1[num(chapter1["g2"]) < 0]
    assert not negative.empty and (num(negative["log_ratio"]) < 0).all()


def test_emphasis_and_categories(outputs):
    emphasis = table(outputs, "emphasis.csv")
    assert emphasis.columns[0] == "term" and len(emphasis.columns) == 7  # preamble, 4 chapters, closing
    assert "列席" not in set(emphasis["term"])  # rows come from body chapters, not the 21-token preamble
    categories = table(outputs, "categories.csv")
    report = categories[categories["scope"] == "report"].set_index("category")
    assert int(report.loc["risk", "hits"]) > 0 and "债务" in report.loc["risk", "terms"]
    assert int(report.loc["agriculture", "hits"]) > 0 and "乡村振兴" in report.loc["agriculture", "terms"]
    per10k = num(categories[categories["chapter"] == "1"].set_index("category")["per_10k"])
    assert per10k["economy"] > per10k["self_building"]


def test_category_dictionary_is_consistent():
    from pipeline.segment import SegmentSettings, load_resources
    from pipeline.segmenting.engines import make_engine

    categories = load_categories(ROOT / "lexicon" / "policy_categories.toml")
    assert {c.key for c in categories} >= {"economy", "agriculture", "livelihood", "ecology", "reform", "risk",
                                           "innovation", "self_building", "public_finance", "infrastructure"}
    terms, stoplists = load_resources(SegmentSettings())
    engine = make_engine("jieba", terms)
    stop = {w for words in stoplists.values() for w in words}
    for category in categories:
        # a term the segmenter splits, or a stop word, could never be counted
        assert [t for t in category.terms if engine.cut(t) != [t]] == [], category.key
        assert [t for t in category.terms if t in stop] == [], category.key


def test_outputs_are_byte_identical_across_runs(outputs, tmp_path):
    run(outputs, tmp_path / "again")
    for name in ("keywords.csv", "emphasis.csv", "categories.csv", "keywords.md"):
        assert (outputs / "keywords" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_markdown(outputs):
    md = (outputs / "keywords" / "keywords.md").read_text(encoding="utf-8")
    assert "## 1 客观总结全年工作，持续提振发展信心" in md and "| 词语 | 频次 |" in md


def test_kwic_command(outputs, tmp_path):
    out = tmp_path / "kwic.csv"
    result = subprocess.run([sys.executable, "-m", "pipeline", "kwic", "三高四新", "--width", "8", "--csv", str(out),
                             "--outputs", str(outputs.parent)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3 and all("【三高四新】" in line for line in lines)
    rows = pd.read_csv(out, encoding="utf-8-sig")
    assert rows["paragraph_id"].str.match(r"c\d+\.s\d+\.p\d+").all()
    split = subprocess.run([sys.executable, "-m", "pipeline", "kwic", "湘潭县人民政府", "--outputs", str(outputs.parent)],
                           cwd=ROOT, capture_output=True, text=True)
    assert split.returncode == 0 and "【湘潭县人民政府】" in split.stdout  # not one token, found in the text
    bad = subprocess.run([sys.executable, "-m", "pipeline", "kwic", "三高四新", "--width", "-5",
                          "--outputs", str(outputs.parent)], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: ")
    missing = subprocess.run([sys.executable, "-m", "pipeline", "kwic", "三高四新", "--doc", "nope",
                              "--outputs", str(outputs.parent)], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.startswith("Error: ")


def test_settings_are_checked():
    from pipeline.errors import SettingsError

    with pytest.raises(SettingsError):
        KeywordSettings.from_dict({"top_k": "twenty"})
    with pytest.raises(SettingsError):
        KeywordSettings.from_dict({"no_such": 1})


def test_a_chapter_without_terms_and_a_one_unit_report(tmp_path):
    from pipeline.keywording import rankers
    from pipeline.keywords import keyword_tables

    def tok(chapter, words):
        return [{"chapter": chapter, "paragraph_id": f"c{chapter}.s0.p1", "sentence": 1, "role": "text",
                 "kind": "word", "stop_list": "", "pos": "n", "norm": w, "token": w} for w in words]

    tokens = pd.DataFrame(tok(1, ["债务", "风险", "债务", "项目"]) + tok(2, ["略"]))
    chapters = [{"number": 1, "title": "一", "kind": "body"}, {"number": 2, "title": "其他", "kind": "body"}]
    settings = KeywordSettings()
    tables = keyword_tables(tokens, chapters, settings, [], rankers.load_background_idf())
    assert set(tables.keywords["scope"]) == {"chapter", "report"}
    assert tables.keywords["chapter"].dtype == "Int64" and tables.keywords["chapter"].isna().sum() > 0
    single = keyword_tables(pd.DataFrame(tok(1, ["债务", "风险", "债务"])), chapters[:1], settings, [],
                            rankers.load_background_idf())
    rows = single.keywords[single.keywords["chapter"] == 1]
    assert rows["g2"].isna().all() and rows["log_ratio"].isna().all()  # nothing to compare with


def test_genre_profile_rebuilds_byte_identically_and_ranks_against_it(tmp_path):
    from pipeline import genre, reference

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(SAMPLE.read_bytes())
    first = genre.profile_files(*reference.build([raw]))
    again = genre.profile_files(*reference.build([raw]))
    assert first == again and set(first) == {"terms.csv.gz", "profile.json"}
    meta = json.loads(first["profile.json"])
    assert meta["reports"] == 1 and meta["years"] == {"2024": 1} and meta["code_version"]


def test_genre_keyness_leads_with_what_the_genre_does_not_say(outputs):
    keywords = table(outputs, "keywords.csv")
    ranked = keywords[keywords["genre_rank"] != ""]
    assert set(ranked["genre_note"]) <= {"", "new"}  # place names are shown, never ranked
    places = keywords[keywords["genre_note"] == "place"]
    assert {"湘潭", "湖南省"} <= set(places["term"])
    review = ranked[ranked["chapter"] == "1"].sort_values("genre_rank", key=num).head(10)["term"].tolist()
    assert "天易" in review and "完成" not in review  # the review's own news, not the genre's 完成/成功
    assert (num(ranked["count"]) >= 3).all() and (num(ranked["genre_log_ratio"]) >= 1).all()


def test_chapters_lead_with_content_against_the_genre(outputs):
    """Judged by reading the sample's chapters (tests/judged/sample_content_terms.json): the top 20
    against the genre hold content, hardly any rhetoric, and less than against the rest of the report."""
    judged = json.loads((ROOT / "tests" / "judged" / "sample_content_terms.json").read_text(encoding="utf-8"))
    keywords = table(outputs, "keywords.csv")
    rhetoric_genre = rhetoric_rest = 0
    for chapter, labels in judged["chapters"].items():
        rows = keywords[keywords["chapter"] == chapter]
        genre_top = rows[rows["genre_rank"] != ""].sort_values("genre_rank", key=num).head(20)["term"].tolist()
        rest_top = rows[(rows["keyness_rank"] != "") & (num(rows["g2"]) > 0)].sort_values(
            "keyness_rank", key=num).head(20)["term"].tolist()
        content = sum(term in labels["content"] for term in genre_top)
        rhetoric = sum(term in labels["rhetoric"] for term in genre_top)
        assert rhetoric <= 2 and content > rhetoric, (chapter, genre_top)
        rhetoric_genre += rhetoric
        rhetoric_rest += sum(term in labels["rhetoric"] for term in rest_top)
    assert rhetoric_genre < rhetoric_rest / 3


def test_a_profile_built_with_another_term_filter_is_refused(sample_doc, tmp_path):
    import dataclasses

    from pipeline.errors import SettingsError

    other = dataclasses.replace(KeywordSettings(), stopword_lists=("general",))
    with pytest.raises(SettingsError, match="stopword_lists.*make reference"):
        run(sample_doc, tmp_path / "keywords", settings=other)
    run(sample_doc, tmp_path / "plain", settings=dataclasses.replace(other, genre_profile=""))  # no profile: fine


def test_power_iteration_textrank_ranks_as_jieba_does(sample_doc):
    from pipeline.catalog import read_tokens
    from pipeline.keywording.rankers import textrank, textrank_power
    from pipeline.terms import term_tokens

    settings = KeywordSettings()
    tokens, _ = read_tokens(sample_doc)
    mask = term_tokens(tokens, settings)
    overlaps = []
    for _, chapter in [*tokens.groupby("chapter"), ("all", tokens)]:
        candidate = (mask[chapter.index] & chapter["pos"].isin(settings.textrank_pos)).tolist()
        if sum(candidate) < 20:
            continue
        jieba_scores = textrank(chapter["norm"].tolist(), candidate, window=settings.textrank_window)
        power_scores = textrank_power(chapter["norm"].tolist(), candidate, window=settings.textrank_window)
        assert set(power_scores) == set(jieba_scores) and max(power_scores.values()) == 1.0
        top = [set(sorted(s, key=lambda t, s=s: (-s[t], t))[:10]) for s in (jieba_scores, power_scores)]
        overlaps.append(len(top[0] & top[1]) / 10)
    assert len(overlaps) >= 3 and min(overlaps) >= 0.8 and sum(overlaps) / len(overlaps) >= 0.95


def test_runs_of_equal_keys():
    import numpy as np

    from pipeline.arrays import rank_in_runs, run_starts

    keys = np.array([4, 4, 7, 9, 9, 9])
    assert run_starts(keys).tolist() == [0, 2, 3] and rank_in_runs(keys).tolist() == [0, 1, 0, 0, 1, 2]
    assert run_starts(np.array([], dtype=int)).tolist() == [] and rank_in_runs(np.array([], dtype=int)).tolist() == []
