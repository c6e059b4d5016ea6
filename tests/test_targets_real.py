"""The targets stage on real reports: the sample's six headline targets, the national reports of 2017
and 2018 against the facts in ../shared/corpora/SOURCES.md, and the whole gold set (make evaluate)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import CORPORA, source_of
from pipeline import clean, evaluate_targets
from pipeline.catalog import CleanInput, read_table
from pipeline.config import project_path
from pipeline.settings import TargetSettings
from pipeline.targeting.indicators import load_indicators
from pipeline.targets import target_tables


def test_the_samples_six_headline_targets(sample_doc):
    rows = read_table(sample_doc / "targets" / "targets.csv", dtype={"qualifier": str, "hard": str})
    heads = rows[rows["headline"]].fillna({"qualifier": "", "hard": "", "direction": ""})
    got = [(r.indicator, r.indicator_id, None if pd.isna(r.value) else r.value, r.qualifier, r.hard, r.direction, r.year)
           for r in heads.itertuples()]
    assert got == [
        ("地区生产总值", "gdp", 6.5, "左右", "soft", "增长", 2024),
        ("规模工业增加值", "industrial_value_added", 7.0, "以上", "hard", "增长", 2024),
        ("固定资产投资", "fixed_asset_investment", 6.5, "以上", "hard", "增长", 2024),
        ("社会消费品零售总额", "retail_sales", 7.5, "以上", "hard", "增长", 2024),
        ("地方一般公共预算收入", "budget_revenue", None, "", "", "增长", 2024),  # 保持稳定增长
        ("城乡居民人均可支配收入", "disposable_income", None, "", "", "", 2024),  # 与经济增长基本同步
    ]
    comparison = read_table(sample_doc / "targets" / "achieved_vs_target.csv")
    assert comparison["indicator_id"].tolist() == ["gdp", "industrial_value_added", "fixed_asset_investment",
                                                   "retail_sales"]


def national(year: int) -> pd.DataFrame:
    settings = TargetSettings()
    result = clean.clean_source(source_of(CORPORA / "national-1954-2018-gbk" / f"{year}.txt"),
                                settings=clean.CleanSettings(), rules=clean.load_rules(project_path(
                                    clean.CleanSettings().chrome_rules)))
    targets, _ = target_tables(CleanInput.of(result), load_indicators(project_path(settings.indicators)), settings)
    return targets


def target(rows: pd.DataFrame, indicator_id: str):
    found = rows[(rows["kind"] == "target") & (rows["indicator_id"] == indicator_id) & rows["value"].notna()]
    row = found.iloc[0]
    return row["value"], row["qualifier"], row["direction"], row["hard"]


@pytest.mark.parametrize("year, facts", [
    (2018, {"gdp": (6.5, "左右", "增长", "soft"), "cpi": (3.0, "左右", "增长", "soft"),
            "new_urban_jobs": (1100.0, "以上", "达到", "hard"),
            "surveyed_unemployment": (5.5, "以内", "控制在", "hard"),
            "registered_unemployment": (4.5, "以内", "控制在", "hard"),
            "energy_intensity": (3.0, "以上", "下降", "hard"), "deficit_ratio": (2.6, "", "达到", "")}),
    (2017, {"gdp": (6.5, "左右、争取更好结果", "增长", "soft"), "cpi": (3.0, "左右", "增长", "soft"),
            "new_urban_jobs": (1100.0, "以上", "达到", "hard"),
            "registered_unemployment": (4.5, "以内", "控制在", "hard"),
            "energy_intensity": (3.4, "以上", "下降", "hard"), "deficit_ratio": (3.0, "", "达到", "")}),
])
def test_national_targets_match_the_state_councils_figures(year, facts):
    rows = national(year).fillna({"qualifier": "", "hard": ""})
    assert {key: target(rows, key) for key in facts} == facts


def test_the_gold_set_scores_meet_their_floors():
    scores, lines = evaluate_targets.main_scores(evaluate_targets.GOLD_DIR, evaluate_targets.SHARED_DIR)
    below = {name: scores[name] for name, floor in evaluate_targets.TARGETS.items() if scores.get(name, 1) < floor}
    assert not below, "\n".join(lines)
    assert scores["gdp"] == 1.0  # every provincial report of 2025 and 2026 yields its GDP growth target
