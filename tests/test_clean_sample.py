"""Golden checks on the sample forum page: metadata, chapters, chrome gone, damage found."""

from __future__ import annotations

import re

import pytest

from conftest import SAMPLE


@pytest.fixture(scope="module")
def sample(cleaned):
    return cleaned(SAMPLE)


def test_metadata(sample):
    doc = sample.document
    assert doc["title"] == "2024年湘潭县政府工作报告"
    assert doc["place"] == "湘潭县"
    assert doc["year"] == 2024
    assert doc["meeting"] == "湘潭县第十七届人民代表大会第四次会议"
    assert doc["date"] == "2023-12-21"
    assert doc["speaker"] == "王利"
    assert doc["role"] == "湘潭县人民政府县长"
    assert doc["source_encoding"] == "utf-8"


def test_four_chapters_with_exact_titles(sample):
    body = [c for c in sample.document["chapters"] if c["kind"] == "body"]
    assert [(c["number"], c["heading_number"], c["title"]) for c in body] == [
        (1, "一", "客观总结全年工作，持续提振发展信心"),
        (2, "二", "始终保持清醒头脑，坚守正确发展方向"),
        (3, "三", "务实做好来年工作，努力提升发展质效"),
        (4, "四", "全面加强自身建设，不断夯实发展基础"),
    ]
    kinds = [c["kind"] for c in sample.document["chapters"]]
    assert kinds == ["preamble", "body", "body", "body", "body", "closing"]


def test_sections_of_chapter_three(sample):
    chapter3 = sample.document["chapters"][3]
    assert [s["title"] for s in chapter3["sections"]] == [
        "苦干实干稳增长、促发展", "稳扎稳打夯基础、助振兴", "用心用情惠民生、增福祉",
        "尽职尽责防风险、护稳定", "敢闯敢为抓改革、破险阻", "高质高效优环境、激活力"]


def test_body_kept_from_opening_address_to_closing(sample):
    text = sample.text
    assert text.startswith("2024年湘潭县政府工作报告\n\n2023年12月21日在湘潭县第十七届人民代表大会第四次会议上\n\n")
    assert "各位代表：\n\n现在，我代表县人民政府向大会报告工作" in text
    assert text.endswith("奋力书写更加出彩的莲乡高质量发展新篇章！")
    closing = [p for p in sample.paragraphs if p["chapter_kind"] == "closing"]
    assert len(closing) == 1 and closing[0]["text"].startswith("各位代表、各位委员、同志们！毛主席曾说")


@pytest.mark.parametrize("chrome", [
    "设为首页", "查看:", "复制链接", "TA的每日心情", "签到天数", "以坛为家", "Rank:", "发表于", "阅读模式",
    "您需要登录", "本版积分规则", "客服中心", "在线时间", "010-63691786", "Powered by", "快速回复", "[湖南]",
])
def test_no_forum_chrome_left(sample, chrome):
    assert chrome not in sample.text


def test_normalisation(sample):
    text = sample.text
    assert "," not in text and ";" not in text  # ASCII punctuation between Han became full-width
    assert "608亿元，增长6%（预计数，同比，下同）；规模工业" in text
    for number in ("6.5%", "608亿元", "2023年12月21日", "13.28亿元", "70.03%"):
        assert number in text
    assert "\u3000" not in text and "\xa0" not in text and "  " not in text


def test_three_damage_findings(sample):
    quality = sample.quality
    repaired = [q for q in quality if q["kind"] == "garbled text"]
    assert len(repaired) == 1
    assert repaired[0]["action"] == "repaired" and "钫衅富疃\ufffd" in repaired[0]["detail"]
    assert "专招聘活动59场次" in sample.text and "\ufffd" not in sample.text
    truncations = [q for q in quality if q["kind"] == "suspected truncation"]
    excerpts = " | ".join(q["excerpt"] for q in truncations)
    assert "打造职业教育放50%" in excerpts
    assert "同人民想在一起12345" in " | ".join(q["detail"] + q["excerpt"] for q in truncations) or \
        "12345" in excerpts
    assert all(re.fullmatch(r"c\d+\.s\d+\.p\d+", q["paragraph_id"]) for q in repaired + truncations)
    # No false alarms on this text beyond the three damaged places.
    assert len(quality) == 3


def test_mojibake_logged_with_original(sample):
    rows = [r for r in sample.log if r["reason"] == "mojibake repair"]
    assert len(rows) == 1
    assert rows[0]["original"] == "钫衅富疃\ufffd" and rows[0]["replacement"] == "招聘活动"


def test_paragraph_ids_and_offsets(sample):
    ids = [p["paragraph_id"] for p in sample.paragraphs]
    assert len(ids) == len(set(ids))
    for p in sample.paragraphs:
        assert sample.text[p["start"] : p["end"]] == p["text"]
    for s in sample.sentences:
        assert sample.text[s["start"] : s["end"]] == s["text"]
    assert sum(p["n_sentences"] for p in sample.paragraphs) == len(sample.sentences)


def test_a_passage_repeated_many_times_is_one_finding_with_its_count():
    """A scraped page that repeats one line after every third paragraph: one row saying how many times,
    not one row per repeat (the page and quality.csv stay the size of the report)."""
    from pipeline.clean import clean_document
    from pipeline.cleaning.chrome import load_rules
    from pipeline.config import project_path
    from pipeline.settings import CleanSettings

    settings = CleanSettings()
    paragraphs = SAMPLE.read_text(encoding="utf-8").split("\n")
    banner = "本网站所有内容均为转载，如有侵权请联系我们删除，联系电话请见页面底部的说明文字谢谢合作。"
    lines = [line for k, p in enumerate(paragraphs) for line in ([p, banner] if k % 3 == 2 and len(p) > 40 else [p])]
    repeats = lines.count(banner) - 1
    result = clean_document("\n".join(lines).encode("utf-8"), name="repeated.txt", html=False, settings=settings,
                            rules=load_rules(project_path(settings.chrome_rules)))
    rows = [r for r in result.quality if r["kind"] == "duplicated passage"]
    assert repeats >= 8 and len(rows) == 1 and rows[0]["count"] == repeats
    assert rows[0]["excerpt"] == banner
