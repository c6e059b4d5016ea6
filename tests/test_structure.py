"""Structure edge cases on small texts: headings out of sequence, lost numerals, duplicates, leftovers."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from pipeline.clean import clean_document

HEAD = "2024年某县政府工作报告\n各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议。\n"
PARA = "我们坚持稳中求进工作总基调，经济运行总体平稳，民生持续改善，各项事业取得新的进展。\n"


@pytest.fixture
def clean(settings, rules, word_model):
    def run(text: str, html: bool = False):
        return clean_document(text.encode("utf-8"), name="t.txt", html=html, settings=settings, rules=rules,
                              word_model=word_model)
    return run


def kinds(result):
    return [q["kind"] for q in result.quality]


def test_missing_chapter_heading_is_reported(clean):
    result = clean(HEAD + "一、过去一年工作回顾\n" + PARA + "三、今年工作安排\n" + PARA)
    assert [c["heading_number"] for c in result.document["chapters"] if c["kind"] == "body"] == ["一", "三"]
    assert "heading out of sequence" in kinds(result)


def test_lost_numeral_is_inferred(clean):
    result = clean(HEAD + "一、过去一年工作回顾\n" + PARA + "今年工作总体要求\n" + PARA + "三、今年工作安排\n" + PARA)
    body = [c for c in result.document["chapters"] if c["kind"] == "body"]
    assert [(c["heading_number"], c["title"]) for c in body] == [
        ("一", "过去一年工作回顾"), (None, "今年工作总体要求"), ("三", "今年工作安排")]
    assert "heading number missing" in kinds(result)


def test_restart_without_appendix_marker_is_not_a_new_chapter(clean):
    result = clean(HEAD + "一、回顾\n" + PARA + "二、安排\n" + PARA + "一、第一件实事\n" + PARA + "二、第二件实事\n" + PARA)
    assert [c["kind"] for c in result.document["chapters"]].count("body") == 2
    assert "heading out of sequence" not in kinds(result)  # a list inside the chapter is normal nesting


def test_heading_out_of_order_is_flagged(clean):
    result = clean(HEAD + "一、回顾\n" + PARA + "三、安排\n" + PARA + "二、又一个\n" + PARA)
    assert "heading out of sequence" in kinds(result)


def test_ordinal_items_restarting_in_each_section_are_not_flagged(clean):
    sections = "".join(f"（{n}）第{n}项工作\n一是抓{n}。" + PARA + f"二是促{n}。" + PARA for n in "一二三")
    result = clean(HEAD + "一、回顾\n" + PARA + "二、安排\n" + sections)
    assert "heading out of sequence" not in kinds(result)
    chapter = [c for c in result.document["chapters"] if c["kind"] == "body"][1]
    assert [t for _, t in [(s["number"], s["title"]) for s in chapter["sections"]]] == ["第一项工作", "第二项工作", "第三项工作"]


def test_malformed_section_marker_is_flagged(clean):
    text = HEAD + "一、回顾\n（一）抓发展。" + PARA + "二）抓改革。" + PARA + "（三）抓民生。" + PARA
    result = clean(text)
    chapter = result.document["chapters"][1]
    assert [s["title"] for s in chapter["sections"]] == ["抓发展", "抓改革", "抓民生"]
    assert any("二）" in q["detail"] for q in result.quality if q["kind"] == "heading out of sequence")


def test_no_headings_is_one_chapter_with_warning(clean):
    result = clean("各位代表：\n" + "".join(f"第{n}段：" + PARA for n in range(5)))
    assert [c["kind"] for c in result.document["chapters"]].count("body") == 1
    assert result.warnings and "treated as one chapter" in result.warnings[0]


def test_duplicated_body_is_removed_and_reported(clean):
    body = SAMPLE.read_text(encoding="utf-8")
    report = body.split("各位代表:", 1)[1].split("您需要登录", 1)[0]
    page = body.replace("您需要登录", "\n".join(report.splitlines()[5:12]) + "\n您需要登录", 1)
    result = clean(page)
    duplicated = [q for q in result.quality if q["kind"] == "duplicated passage"]
    assert len(duplicated) == 1 and duplicated[0]["action"] == "removed"
    assert any(r["reason"] == "duplicate body" for r in result.log)
    assert result.text.count("这一年，我们迎难而上，县域发展平稳向好。") == 1


def test_single_repeated_paragraph_is_only_flagged(clean):
    result = clean(HEAD + "一、回顾\n" + PARA + "二、安排\n" + PARA)
    assert result.text.count(PARA.strip()) == 2
    assert [q["action"] for q in result.quality if q["kind"] == "duplicated passage"] == ["flagged"]


def test_leftover_chrome_is_reported_not_removed(clean):
    result = clean("网友甲的个人空间\n" + HEAD + "一、回顾\n" + PARA + "各位代表！让我们团结奋斗！\n欢迎光临本论坛\n")
    unrecognised = [q for q in result.quality if q["kind"] == "unrecognised text"]
    assert {q["excerpt"] for q in unrecognised} == {"网友甲的个人空间", "欢迎光临本论坛"}
    assert "欢迎光临本论坛" in result.text


def test_unbalanced_title_marks_are_flagged(clean):
    result = clean(HEAD + "一、回顾\n《湘潭县国土空间总体规划被评为全省优秀案例一等奖，各项工作取得新进展。\n")
    assert "suspected truncation" in kinds(result)


def test_report_without_opening_address_keeps_its_first_chapter(clean):
    page = SAMPLE.read_text(encoding="utf-8").replace("各位代表:\n", "", 1)
    result = clean(page)
    body = [c["title"] for c in result.document["chapters"] if c["kind"] == "body"]
    assert body[0] == "客观总结全年工作，持续提振发展信心" and len(body) == 4
    assert result.document["speaker"] == "王利"


def test_a_tail_rule_line_before_the_body_removes_nothing_of_it(clean):
    from conftest import SHARED

    text = (SHARED / "corpus" / "2026-hunan-province-report.scraped.txt").read_text(encoding="utf-8")
    result = clean(text.replace("毛伟明\n", "毛伟明\n相关新闻：\n", 1))
    assert [c["kind"] for c in result.document["chapters"]].count("body") == 4


def test_address_paragraph_ends_the_numbered_sections(cleaned):
    from conftest import SHARED

    result = cleaned(SHARED / "corpus" / "2026-guangdong-province-report.txt")
    review = next(p for p in result.paragraphs if p["text"].startswith("各位代表！经过五年接续奋斗"))
    assert review["section"] == 0 and review["section_title"] is None
    ids = [p["paragraph_id"] for p in result.paragraphs]
    assert len(ids) == len(set(ids))


def test_navigation_line_is_not_taken_for_the_speaker(clean):
    result = clean("要闻动态\n2026年湖南省政府工作报告\n毛伟明\n" + HEAD.split("\n", 1)[1] + "一、回顾\n" + PARA)
    assert result.document["speaker"] == "毛伟明"


@pytest.mark.parametrize("wrap", [
    "<form action='x'>{}</form>",  # ASP.NET pages wrap the whole page in a form
    "<nav>首页 | 新闻{}",  # an unclosed nav must not swallow the page
    "<table><tr><td>{}</td></tr></table>",
])
def test_html_wrappers_keep_the_report(clean, wrap):
    body = "".join(f"<p>{line}</p>" for line in (HEAD + "一、过去一年工作回顾\n" + PARA + "二、今年安排\n" + PARA).splitlines())
    result = clean(f"<html><body>{wrap.format(body)}</body></html>", html=True)
    assert [c["kind"] for c in result.document["chapters"]].count("body") == 2


def test_html_pre_and_table_cells_keep_their_lines(clean):
    lines = (HEAD + "一、过去一年工作回顾\n" + PARA + "二、今年安排\n" + PARA).splitlines()
    pre = clean("<html><body><pre>" + "\n".join(lines) + "</pre></body></html>", html=True)
    cells = clean("<table><tr>" + "".join(f"<td>{line}</td>" for line in lines) + "</tr></table>", html=True)
    for result in (pre, cells):
        assert [c["kind"] for c in result.document["chapters"]].count("body") == 2


def body_titles(result):
    return [c["title"] for c in result.document["chapters"] if c["kind"] == "body"]


def test_unnumbered_parts_are_chapters_and_restarting_numbers_their_sections(clean):
    text = (HEAD + "2024年工作回顾\n" + "一、稳增长\n" + PARA + "二、促改革\n" + PARA + "2025年工作安排\n" + PARA
            + "一、扩内需\n" + PARA + "二、惠民生\n" + PARA + "结束语\n各位代表！让我们团结奋斗！\n")
    result = clean(text)
    assert body_titles(result) == ["2024年工作回顾", "2025年工作安排"]
    assert [s["title"] for s in result.document["chapters"][1]["sections"]] == ["稳增长", "促改革"]
    assert result.document["chapters"][-1]["kind"] == "closing"
    assert "heading out of sequence" not in kinds(result)


def test_numbered_chapters_win_over_bold_lead_lines(clean):
    text = HEAD + "一、回顾\n" + PARA + "稳增长政策落地见效\n" + PARA + "二、安排\n" + PARA + "扩大有效需求\n" + PARA
    assert body_titles(clean(text)) == ["回顾", "安排"]


def test_bracketed_parts_when_nothing_above_is_numbered(clean):
    text = HEAD + "（一）当前的经济形势\n" + PARA + "一、依靠政策发展农业。" + PARA + "（二）今后的方针\n" + PARA
    assert body_titles(clean(text)) == ["当前的经济形势", "今后的方针"]


def test_heading_glued_to_its_paragraph_or_split_over_two_lines(clean):
    glued = HEAD + "一、回顾\n" + PARA + "二、深入改革经济体制 " + PARA + "三、持续提升政府\n治理效能\n" + PARA
    assert body_titles(clean(glued)) == ["回顾", "深入改革经济体制", "持续提升政府治理效能"]


def test_page_repeated_several_times_is_kept_once(clean):
    page = "当前位置：首页>> 中国概况\n" + HEAD + "一、回顾\n" + PARA * 1 + "（责任编辑：张三）\n"
    result = clean("<!--\n-->\n" + page.replace("各位代表", "<U+00A0>各位代表") * 4)
    assert result.text.count(PARA.strip()) == 1 and "<U+00A0>" not in result.text and "<!--" not in result.text
    assert "当前位置" not in result.text and "责任编辑" not in result.text
    assert any(r["reason"] == "duplicate body" for r in result.log)


def test_breadcrumb_one_item_per_line_and_label_values_are_chrome(clean):
    page = "首页\n>\n政府信息公开\n>\n政府工作报告\n时间：\n2026-02-02 09:20\n来源：\n某省人民政府\n分享：\n"
    result = clean(page + HEAD + "一、回顾\n" + PARA)
    assert result.text.startswith("2024年某县政府工作报告")
    assert not [q for q in result.quality if q["kind"] == "unrecognised text"]


def test_line_split_inside_a_word_across_a_zero_width_space_is_joined(clean):
    result = clean(HEAD + "一、回顾\n我们坚持稳中求进工作总基调，经济运行总\u200b\n体平稳，各项事业取得新的进展。\n")
    assert "经济运行总体平稳" in result.text


def test_lede_repeating_the_first_paragraph_stays_in_the_body(clean):
    lede = "过去一年，全县上下团结一心，攻坚克难，地区生产总值增长百分之六，财政收入稳步增长，城乡居民收入持续提高。\n"
    result = clean(lede + HEAD + "一、回顾\n" + lede + PARA)
    assert result.text.count(lede.strip()) == 1 and result.text.startswith("2024年某县政府工作报告")
    assert [p["paragraph_id"] for p in result.paragraphs if p["text"] == lede.strip()] == ["c1.s0.p1"]
