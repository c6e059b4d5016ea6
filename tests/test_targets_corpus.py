"""Corpus mode's targets on real reports: the national reports of 2016–2018 and two provinces' reports
of 2025 (Word) and 2026 (CSV rows), read from ../shared (never copied into the repository)."""

from __future__ import annotations


import pytest

from conftest import corpus_of, read_csv
from pipeline import corpus

SETTINGS = corpus.CorpusSettings(figures=False, report_topics=False, workers=2)
REPORTS = ["national-1954-2018-gbk/2016.txt", "national-1954-2018-gbk/2017.txt", "national-1954-2018-gbk/2018.txt",
           "provinces-2025-docx/2025年陕西省政府工作报告.docx", "provinces-2026-csv/2026_陕西省_政府工作报告.csv",
           "provinces-2025-docx/2025年天津市政府工作报告.docx", "provinces-2026-csv/2026_天津市_政府工作报告.csv"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return corpus_of(tmp_path_factory, REPORTS, SETTINGS)[1] / "corpus"


def read(folder, name):
    return read_csv(folder / name)


def test_every_reports_claims_with_place_level_and_year(out):
    claims = read(out, "targets.csv")
    assert set(claims["level"]) == {"national", "provincial"}
    assert set(claims.loc[claims["level"] == "provincial", "place"]) == {"陕西省", "天津市"}
    assert claims["report_year"].dtype.kind == "i" and claims["year"].dtype.kind in "if"


def test_headline_targets_by_place_one_column_per_indicator(out):
    table = read(out, "headline_targets.csv").set_index(["place", "year"])
    assert table.loc[("全国", 2018), "gdp"] == 6.5 and table.loc[("全国", 2017), "gdp"] == 6.5
    assert {2025, 2026} <= set(table.loc["陕西省"].index) and table["gdp"].notna().all()
    assert list(read(out, "headline_targets.csv")["level"])[:3] == ["national"] * 3  # national first


def test_last_years_target_meets_this_years_reported_result(out):
    outcomes = read(out, "target_outcomes.csv")
    gdp = outcomes[(outcomes["place"] == "全国") & (outcomes["indicator_id"] == "gdp")].set_index("year")
    assert gdp.loc[2017, ["target", "achieved", "next_target"]].tolist() == [6.5, 6.9, 6.5]
    assert bool(gdp.loc[2017, "met"])
    shaanxi = outcomes[(outcomes["place"] == "陕西省") & (outcomes["indicator_id"] == "gdp")]
    assert shaanxi["year"].tolist() == [2025] and shaanxi["next_target"].notna().all()


def test_the_corpus_page_shows_the_targets_figures(out):
    assert (out / "targets_by_place.png").stat().st_size > 10_000
    assert (out / "targets_over_years.png").stat().st_size > 10_000  # the national series: three years
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="targets"' in page and "地区生产总值" in page and "陕西省" in page
