"""The targets stage's parser on phrasings taken from real reports: figures, qualifiers, kinds and years."""

from __future__ import annotations

import math

import pytest

from pipeline.config import project_path
from pipeline.targeting.claims import ClaimReader, Context, plan_end
from pipeline.targeting.indicators import load_indicators

INDICATORS = load_indicators(project_path("lexicon/indicators.toml"))
READER = ClaimReader(INDICATORS)


def claims(text: str, role: str | None = "tasks", year: int | None = 2018):
    return READER.paragraph(text, Context(role, year))


def brief(claim) -> tuple:
    return (claim.indicator_id, claim.value, claim.value_high, claim.unit, "、".join(claim.qualifiers),
            claim.direction, claim.kind)


def test_main_targets_block_with_qualitative_targets():
    found = claims("今年发展主要预期目标是：国内生产总值增长6.5%左右；居民消费价格涨幅3%左右；城镇新增就业1100万人以上，"
                   "城镇调查失业率5.5%以内；居民收入增长和经济增长基本同步；单位国内生产总值能耗下降3%以上。")
    assert [brief(c) for c in found] == [
        ("gdp", 6.5, None, "%", "左右", "增长", "target"),
        ("cpi", 3.0, None, "%", "左右", "增长", "target"),
        ("new_urban_jobs", 1100.0, None, "万人", "以上", "达到", "target"),
        ("surveyed_unemployment", 5.5, None, "%", "以内", "控制在", "target"),
        ("disposable_income", None, None, "", "", "", "target"),  # 与经济增长同步: a target without a figure
        ("energy_intensity", 3.0, None, "%", "以上", "下降", "target"),
    ]
    assert all(c.headline and c.year == 2018 for c in found)
    assert [INDICATORS.coding(c.qualifiers, c.direction) for c in found] == ["soft", "soft", "hard", "hard", "", "hard"]


def test_distributive_stretch_and_range():
    found = claims("今年主要预期目标是：地区生产总值增长4.5%—5%，在实际工作中努力争取更好结果；"
                   "城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内；规模工业增加值增长7%以上、力争达到8%。")
    assert [brief(c) for c in found] == [
        ("gdp", 4.5, 5.0, "%", "争取更好结果", "增长", "target"),
        ("surveyed_unemployment", 5.0, None, "%", "以内", "控制在", "target"),
        ("cpi", 3.0, None, "%", "以内", "控制在", "target"),
        ("industrial_value_added", 7.0, None, "%", "以上", "增长", "target"),
        ("industrial_value_added", 8.0, None, "%", "力争", "增长", "target"),
    ]
    assert [c.stretch for c in found] == [False, False, False, False, True]


@pytest.mark.parametrize("text, value, high, unit", [
    ("今年国民生产总值计划增长百分之八。", 8.0, None, "%"),
    ("今年经济增长速度的宏观调控目标，定为百分之八至九。", 8.0, 9.0, "%"),
    ("全国粮食产量计划达到三亿六千万吨。", 3.6, None, "亿吨"),
    ("地区生产总值增长６．５％左右。", 6.5, None, "%"),
    ("国内生产总值达到7 4 7 7 2 亿元。", 74772.0, None, "亿元"),
    ("新增产能1，000万吨。", 1000.0, None, "万吨"),
    ("下降0.5个百分点。", 0.5, None, "百分点"),
])
def test_figures_however_written(text, value, high, unit):
    found = claims(f"粮食{text}" if text.startswith("下降") else text)
    assert (found[0].value, found[0].value_high, found[0].unit) == (value, high, unit)


def test_results_inherit_their_indicator_and_skip_starting_levels():
    found = claims("国内生产总值超过30万亿元，比上年增长9%；财政收入6.13万亿元，增长19.5%。国内生产总值从54万亿元增加到"
                   "82.7万亿元，年均增长7.1%。", role="review")
    assert [(c.indicator_id, c.value, c.unit, c.kind, c.basis, c.year) for c in found] == [
        ("gdp", 30.0, "万亿元", "achieved", "", 2017), ("gdp", 9.0, "%", "achieved", "", 2017),
        ("budget_revenue", 6.13, "万亿元", "achieved", "", 2017), ("budget_revenue", 19.5, "%", "achieved", "", 2017),
        ("gdp", 82.7, "万亿元", "achieved", "", 2017), ("gdp", 7.1, "%", "achieved", "年均", 2017)]


def test_counts_name_the_thing_after_them_and_estimates_are_last_year():
    found = claims("培育5个产业集群，建设高标准农田7万亩，确保粮食播种面积稳定在125万亩以上。")
    assert [(c.indicator, c.indicator_id, c.value, c.kind) for c in found] == [
        ("产业集群", "", 5.0, "plan"), ("高标准农田", "farmland", 7.0, "plan"),
        ("粮食播种面积", "grain_area", 125.0, "plan")]
    estimate = claims("预计全年地区生产总值增长5.5%左右。", role="review", year=2025)[0]
    assert (estimate.kind, estimate.year) == ("estimate", 2024)


def test_five_year_plans_are_not_this_years_targets():
    found = claims("“十五”期间年均经济增长速度预期目标为7%左右。", role=None, year=2001)[0]
    assert (found.kind, found.basis, found.year) == ("plan", "年均", 2005)
    assert [plan_end(n) for n in ("一", "二", "三", "十", "十四", "十五")] == [1957, 1962, 1970, 2005, 2025, 2030]


def test_an_indicator_is_named_by_the_head_of_its_phrase():
    assert INDICATORS.identify("单位地区生产总值能耗") == "energy_intensity"
    assert INDICATORS.identify("对世界经济增长贡献率") == ""  # a contribution, not growth
    assert INDICATORS.identify("全省地区生产总值") == "gdp"
    assert INDICATORS.identify("城镇新增就业人数") == "new_urban_jobs"


def test_text_without_figures_or_years_gives_no_rows():
    assert claims("坚持稳中求进工作总基调，统一大市场建设扎实推进。") == []
    unknown_year = claims("地区生产总值增长5%左右。", year=None)[0]
    assert unknown_year.year is None and not math.isnan(unknown_year.value)


def test_hostile_text_is_read_in_one_pass():
    # Each of these took minutes or raised before: a 20,000-character run of numerals (the numeral regex
    # backtracked), 百分之 and a numeral too long for a float, and a run-on "sentence" of 2,000 figures.
    assert claims("一二三四五六七八九十" * 2000 + "万人") == []
    assert claims("百分之" + "三" * 5000) == []
    many = claims("地区生产总值增长5%、" * 2000)
    assert len(many) == 2000 and {c.indicator_id for c in many} == {"gdp"}
