"""The gold set (reports labelled by reading them) and the evaluation command that scores the clean stage."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import SHARED
from pipeline import evaluate
from pipeline.__main__ import main
from pipeline.cleaning.metadata import extract_metadata
from pipeline.places import normalise_place, place_in_name

GOLD = evaluate.load_gold(evaluate.GOLD_DIR)
needs_shared = pytest.mark.skipif(not (SHARED / "corpora").exists(), reason=f"the real reports are not in {SHARED}")


def test_gold_set_covers_every_collection():
    collections = Counter(gold["source"].rsplit("/", 1)[0] for _, gold in GOLD)
    assert len(GOLD) >= 60
    assert {"corpora/national-1954-2018-gbk", "corpora/provinces-2026-csv", "corpora/provinces-2025-docx",
            "corpus"} <= set(collections)
    for path, gold in GOLD:
        assert set(evaluate.FIELDS) | {"source"} <= set(gold), path
        assert isinstance(gold["chapters"], list) and all(isinstance(t, str) for t in gold["chapters"]), path


@needs_shared
def test_clean_stage_meets_its_targets_on_the_gold_set():
    lines, ok = evaluate.summary(evaluate.evaluate())
    assert ok, "\n".join(lines)


def test_normalised_comparison_ignores_width_spaces_and_final_punctuation():
    assert evaluate.normalised("１９９８年政府工作报告。") == evaluate.normalised("1998年 政府工作报告")
    assert evaluate.normalised(["政 府 工 作 报 告"]) == ["政府工作报告"]


@needs_shared
def test_a_miss_is_listed_and_check_fails(tmp_path, capsys):
    source, gold = next((p, g) for p, g in GOLD if g["source"].endswith("2026_上海市_政府工作报告.csv"))
    wrong = {**gold, "speaker": "张三", "chapters": gold["chapters"][:1]}
    (tmp_path / "one.json").write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr()
    assert 'MISS corpora/provinces-2026-csv/2026_上海市_政府工作报告.csv: speaker: expected "张三", got "龚正"' in out.out
    assert "chapters    0/1" in out.out and out.err.startswith("Error: ")


def test_evaluate_without_gold_files_is_an_error(tmp_path, capsys):
    assert main(["evaluate", "--gold", str(tmp_path)]) == 1
    assert "holds no gold files" in capsys.readouterr().err


@pytest.mark.parametrize("lines, expected", [
    (["2026年某省政府工作报告", "——二〇二六年一月二十七日在某省第十四届人民代表大会第四次会议上", "省长 李某某"],
     {"date": "2026-01-27", "speaker": "李某某", "role": "省长", "place": "某省", "year": 2026}),
    (["1998年政府工作报告", "——1 9 9 8 年3 月5 日在第九届全国人民代表大会第一次会议上", "国务院总理李鹏"],
     {"date": "1998-03-05", "speaker": "李鹏", "place": "全国"}),
    (["2025年北京市政府工作报告", "2025年1月14日在北京市第十六届人民代表大会第三次会议上北京市市长 殷勇同志作政府工作报告。"],
     {"speaker": "殷勇", "role": "北京市市长", "date": "2025-01-14"}),
    (["2025年海南省政府工作报告", "——2025年1月14日海南省省长 刘小明在海南省第七届人民代表大会第四次会议上的讲话"],
     {"speaker": "刘小明", "date": "2025-01-14", "place": "海南省"}),
    (["2025年新疆政府工作报告", "自治区主席 艾尔肯·吐尼亚孜"], {"speaker": "艾尔肯·吐尼亚孜", "place": "新疆维吾尔自治区"}),
    (["陕西省2026年政府工作报告"], {"place": "陕西省", "year": None}),
    (["2026年某市政府工作报告", "来源：某某日报", "编辑：王五"], {"speaker": None}),
])
def test_metadata_lines(lines, expected):
    found = extract_metadata(lines, [], "x.txt")
    assert {key: found[key] for key in expected} == expected


def test_two_day_session_takes_its_first_day():
    found = extract_metadata(["——1981年11月30日和12月1日在第五届全国人民代表大会第四次会议上"], [], "1981.txt")
    assert found["date"] == "1981-11-30" and found["place"] == "全国"


def test_place_from_whom_the_speaker_represents_and_year_from_the_file_name():
    found = extract_metadata(["2021年政府工作报告", "李克强"], ["现在，我代表国务院，向大会报告政府工作。"], "x.txt")
    assert (found["place"], found["speaker"]) == ("全国", "李克强")
    assert extract_metadata([], [], "gov_report_2019_final.txt")["year"] == 2019


@pytest.mark.parametrize("raw, place", [("宁夏", "宁夏回族自治区"), ("国务院", "全国"), ("湘潭县人民", "湘潭县"),
                                        ("温家宝在十一届人大四次会议上所作", None), ("陕西省", "陕西省")])
def test_places_are_normalised(raw, place):
    assert normalise_place(raw) == place


def test_place_in_file_names():
    assert place_in_name("2025年广西政府工作报告.docx") == "广西壮族自治区"
    assert place_in_name("2021-national-report.txt") == "全国"
    assert place_in_name("report.txt") is None
