"""Every real report: chapters a reader sees, encodings, chrome gone, the ledger balances on disk."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import ALL_SAMPLES, CORPUS, REAL_FILES, SHARED, source_of
from pipeline.clean import OUTPUT_FILES, run
from pipeline.cleaning.ledger import replay

# What a reader sees in each file: numbered body chapters (一、二、…), closing, appendices.
EXPECTED = {
    "2024-xiangtan-county-report.forum.txt": dict(body=4, appendix=0, encoding="utf-8"),
    "1954-national-report.traditional.txt": dict(body=1, appendix=0, encoding="utf-8"),  # no headings at all
    "2012-hailaer-district-report.gbk.txt": dict(body=2, appendix=0, encoding="gb18030"),
    "2018-national-report.scraped.gbk.txt": dict(body=3, appendix=0, encoding="gb18030"),
    "2021-national-report.txt": dict(body=3, appendix=0, encoding="utf-8"),
    "2026-guangdong-province-report.txt": dict(body=3, appendix=2, encoding="utf-8"),
    "2026-hunan-province-report.scraped.txt": dict(body=4, appendix=0, encoding="utf-8"),
}
# Page chrome that must be gone, per file.
CHROME = {
    "2026-hunan-province-report.scraped.txt": ["下载\n", "打印", "【字号", "来源：湖南日报", "时间：2026-02-24",
                                               "记者 刘尚文 摄", "相关报道"],
    "2018-national-report.scraped.gbk.txt": ["新华社北京3月22日电", "新华社记者 姚大伟 摄"],
    "1954-national-report.traditional.txt": ["本作品", "Public domain", "false", "维基文库"],
}
# The first and last words of the report body, which must be kept.
BODY_EDGES = {
    "2012-hailaer-district-report.gbk.txt": ("各位代表：", "为打造“两个中心”实现新突破而努力奋斗！"),
    "2018-national-report.scraped.gbk.txt": ("各位代表：", "实现中华民族伟大复兴的中国梦作出新的贡献！"),
    "2021-national-report.txt": ("各位代表：", "实现中华民族伟大复兴的中国梦不懈奋斗！"),
    "2026-hunan-province-report.scraped.txt": ("各位代表：", "奋力谱写中国式现代化湖南篇章不懈奋斗！"),
    "1954-national-report.traditional.txt": ("各位代表：", None),
}


def test_expected_table_covers_corpus():
    assert {p.name for p in CORPUS} | {REAL_FILES[0].name} == set(EXPECTED)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_chapters_match_what_a_reader_sees(cleaned, path):
    doc = cleaned(path).document
    kinds = [c["kind"] for c in doc["chapters"]]
    assert kinds.count("body") == EXPECTED[path.name]["body"]
    assert kinds.count("appendix") == EXPECTED[path.name]["appendix"]
    assert kinds[0] == "preamble" and kinds.count("closing") == 1
    assert doc["source_encoding"] == EXPECTED[path.name]["encoding"]


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_ledger_balances_on_written_files(tmp_path, path):
    """clean.txt + cleaning_log.csv rebuild the decoded input exactly."""
    result = run(path, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUT_FILES)
    clean_text = (tmp_path / "clean.txt").read_text(encoding="utf-8")
    with open(tmp_path / "cleaning_log.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    from pipeline.cleaning.sources import read_source

    original = read_source(source_of(path)).decoded.text
    for row in rows:
        assert original[int(row["start"]) : int(row["end"])] == row["original"]
    assert replay(original, [(int(r["start"]), int(r["end"]), r["replacement"]) for r in rows]) == clean_text
    kept = len(clean_text) - sum(len(r["replacement"]) for r in rows)
    assert kept + sum(len(r["original"]) for r in rows) == len(original)
    assert json.loads((tmp_path / "document.json").read_text())["counts"]["clean_characters"] == len(result.text)


@pytest.mark.parametrize("name", sorted(CHROME))
def test_news_page_chrome_removed(cleaned, name):
    text = cleaned(SHARED / "corpus" / name).text
    for chrome in CHROME[name]:
        assert chrome not in text


@pytest.mark.parametrize("name", sorted(BODY_EDGES))
def test_body_kept_whole(cleaned, name):
    text = cleaned(SHARED / "corpus" / name).text
    first, last = BODY_EDGES[name]
    assert first in text
    if last:
        assert text.rstrip().endswith(last)


def test_traditional_text_kept_and_parsed(cleaned):
    result = cleaned(SHARED / "corpus" / "1954-national-report.traditional.txt")
    assert "我們第一届全國人民代表大會第一次會議" in result.text  # not converted to simplified
    assert result.document["meeting"] == "第一届全國人民代表大會第一次會議"
    assert any(q["kind"] == "no chapter headings" for q in result.quality)
    assert result.warnings and "treated as one chapter" in result.warnings[0]
    # Lines the wiki scrape broke at links are joined back into their paragraphs.
    assert "在聽了劉少奇同志關於憲法草案的報告並進行了三天的討論以後" in result.text


def test_guangdong_layout(cleaned):
    result = cleaned(SHARED / "corpus" / "2026-guangdong-province-report.txt")
    doc = result.document
    assert doc["title"] == "政府工作报告" and doc["meeting"] == "广东省第十四届人民代表大会第五次会议"
    assert doc["speaker"] == "孟凡利" and doc["date"] == "2026-01-26"
    appendices = [c for c in doc["chapters"] if c["kind"] == "appendix"]
    assert [c["title"] for c in appendices] == ["附件1 2026年省十件民生实事", "附件2 名词解释"]
    assert len(appendices[1]["sections"]) == 13  # glossary terms 1.–13.
    assert "PM2.5年平均浓度" in result.text  # subscript line joined back
    assert "“十五五”时期经济社会发展的主要目标是：" in result.text
    body3 = [c for c in doc["chapters"] if c["kind"] == "body"][2]
    assert len(body3["sections"]) == 14


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_cleaning_is_idempotent(cleaned, settings, rules, word_model, path):
    from pipeline.clean import clean_document

    first = cleaned(path).text
    again = clean_document(first.encode("utf-8"), name=path.name, html=False, settings=settings, rules=rules,
                           word_model=word_model)
    assert again.text == first


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_outputs_are_byte_identical_across_runs(tmp_path, path):
    run(path, tmp_path / "a")
    run(path, tmp_path / "b")
    for name in OUTPUT_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
