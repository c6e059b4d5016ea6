"""Each cleaning rule on its own: input -> output tables."""

from __future__ import annotations

import pytest

from pipeline.cleaning import normalize
from pipeline.cleaning.chrome import chrome_edits
from pipeline.cleaning.headings import numeral_value
from pipeline.cleaning.joining import broken_lines
from pipeline.cleaning.ledger import apply_edits
from pipeline.text import split_sentences


def run(rule, text):
    return apply_edits(text, rule(text))


@pytest.mark.parametrize("rule, before, after", [
    (normalize.line_endings, "甲\r\n乙\r\r\n丙\r丁\n", "甲\n乙\n丙\n丁\n"),
    (normalize.invisible_characters, "政\u200b府\ufeff工\u00ad作", "政府工作"),
    (normalize.line_edge_whitespace, "\u3000\u3000各位代表：\xa0 \n  一、回顾\t", "各位代表：\n一、回顾"),
    (normalize.inner_whitespace, "政 府 工 作 报 告", "政府工作报告"),
    (normalize.inner_whitespace, "湘潭县人民政府县长   王 利", "湘潭县人民政府县长 王利"),
    (normalize.inner_whitespace, "“庆新春 闹元宵” ，活动", "“庆新春 闹元宵”，活动"),
    (normalize.inner_whitespace, "Powered by  X3.4", "Powered by X3.4"),
    (normalize.blank_lines, "\n\n甲\n\n\n乙\n丙\n\n", "甲\n\n乙\n\n丙"),
    (normalize.cjk_punctuation, "各位代表:现在,我代表", "各位代表：现在，我代表"),
    (normalize.cjk_punctuation, "608亿元,增长6%(预计数,同比,下同);规模", "608亿元，增长6%（预计数，同比，下同）；规模"),
    (normalize.cjk_punctuation, "率67.23%,600分以上学生人数占全市63.54%,7人被录取", "率67.23%，600分以上学生人数占全市63.54%，7人被录取"),
    (normalize.cjk_punctuation, "在线时间 9:00-18:00，投资1,000万元，比例3.6 : 48", "在线时间 9:00-18:00，投资1,000万元，比例3.6 : 48"),
    (normalize.cjk_punctuation, "Rank: 7, level 10", "Rank: 7, level 10"),
    (normalize.fullwidth_alphanumerics, "增长６．５％，ＧＤＰ", "增长6.5%，GDP"),
])
def test_normalisation_rules(rule, before, after):
    assert run(rule, before) == after


@pytest.mark.parametrize("before, after", [
    # blank-line layout: single breaks inside the body are broken lines (1954, wiki links)
    ("各位代表：\n\n在聽了劉少奇同志\n關於憲法草案的報告\n並進行了討論。\n\n第二段很長的文字在這裏。\n\n第三段。\n\n第四段。\n\n第五段。",
     "各位代表：\n\n在聽了劉少奇同志關於憲法草案的報告並進行了討論。\n\n第二段很長的文字在這裏。\n\n第三段。\n\n第四段。\n\n第五段。"),
    # line-per-paragraph layout: a fragment after an open line is joined, headings never are
    ("各位代表：\n成效，PM\n2.5\n年平均浓度保持在20微克。\n一、回顾\n主要目标\n是：增长5%。",
     "各位代表：\n成效，PM2.5年平均浓度保持在20微克。\n一、回顾\n主要目标\n是：增长5%。"),
    ("各位代表：\n发展的\n主要目标\n是：增长5%。", "各位代表：\n发展的主要目标是：增长5%。"),
    ("各位代表：\n附件1\n2026年省十件民生实事\n坚持民生为大。", "各位代表：\n附件1\n2026年省十件民生实事\n坚持民生为大。"),
    # the title block: only a split meeting line is joined
    ("政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n广东省省长 孟凡利\n各位代表：",
     "政府工作报告\n——2026年1月26日在广东省第十四届人民代表大会第五次会议上\n广东省省长 孟凡利\n各位代表："),
    ("2021年政府工作报告\n李克强\n\n各位代表：", "2021年政府工作报告\n李克强\n\n各位代表："),
])
def test_broken_lines(before, after):
    assert run(broken_lines, before) == after


BODY = "各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议，并请列席的政协委员提出意见。\n"


@pytest.mark.parametrize("chrome", [
    "设为首页收藏本站", "查看: 944|回复: 0", "[湖南] 2024年湘潭县政府工作报告", "[复制链接]",
    "您需要登录后才可以回帖 登录 | 立即注册", "本版积分规则", "Powered by quyushuju X3.4 Licensed© 2008-2018",
    "快速回复 返回顶部 返回列表", "下载", "【字号：", "来源：湖南日报", "时间：2026-02-24",
])
def test_chrome_line_rules(rules, chrome):
    text = f"{chrome}\n{BODY}"
    assert run(lambda t: chrome_edits(t, rules), text) == BODY


def test_chrome_rules_never_touch_the_body(rules):
    # Words that are chrome outside the report stay when they are part of it.
    body = BODY + "下载\n来源：统计局\n各位代表！让我们团结奋斗，再创佳绩！\n"
    assert run(lambda t: chrome_edits(t, rules), body).startswith(body.rsplit("各位代表！", 1)[0])


def test_chrome_blocks(rules):
    profile = "• TA的每日心情\n奋斗\n2024-12-31 10:19\n2万\n主题\n版主\nRank: 7Rank: 7\n发表于 2024-6-20 22:51:26 | 显示全部楼层\n"
    footer = "\n客服中心\n关闭\n在线时间:\n周一~周五\n9:00-18:00\n联系电话:\n010-63691786\n在线咨询\n客服中心\n"
    assert run(lambda t: chrome_edits(t, rules), profile + BODY + footer).strip() == BODY.strip()


@pytest.mark.parametrize("text, expected", [
    ("一二。三！四？五；六", ["一二。", "三！", "四？", "五；", "六"]),
    ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
    ("增长6.5%;完成!好?", ["增长6.5%;", "完成!", "好?"]),
])
def test_sentence_split(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


@pytest.mark.parametrize("numeral, value", [("一", 1), ("十", 10), ("十四", 14), ("二十", 20), ("二十三", 23),
                                            ("一百零五", 105), ("12", 12), ("甲", None)])
def test_numerals(numeral, value):
    assert numeral_value(numeral) == value


# Chrome the real reports do not show, in the shape other pages of the same sites use.
EXTRA_CHROME = {
    "discuz-post-meta": "发表于 2024-6-20 22:51:26 | 显示全部楼层 |阅读模式",
    "service-box-lines": "在线咨询",
    "copyright-footer": "版权所有 © 2024 湘潭县人民政府",
    "licence-leftovers": "Public domain",
}


def test_every_chrome_rule_is_exercised(cleaned, rules):
    from conftest import ALL_SAMPLES

    fired = {row["rule"].split("; ")[0] for path in ALL_SAMPLES for row in cleaned(path).log}
    for name, line in EXTRA_CHROME.items():
        edits = chrome_edits(f"{line}\n{BODY}", rules)
        assert [e.rule for e in edits] == [name]
        fired.add(name)
    assert {rule.name for rule in rules} <= fired


def test_rules_stay_fast_on_hostile_lines(rules):
    import time

    for text in ("【打印" * 40 + "x" * 30, "首页\n>\n" * 5000, "相关链接\n" + "·链接\n" * 5000):
        start = time.perf_counter()
        chrome_edits(text + "\n" + BODY, rules)
        assert time.perf_counter() - start < 2, text[:10]


def test_speaker_line_shaped_like_a_caption_is_kept(settings, rules, word_model):
    from pipeline.clean import clean_document

    text = ("2024年北京市政府工作报告\n2024年1月21日在北京市第十六届人民代表大会第二次会议上\n"
            "北京市市长 殷勇同志作政府工作报告\n" + BODY + "一、回顾\n过去一年，各项工作取得新的进展，经济运行总体平稳。\n")
    result = clean_document(text.encode("utf-8"), name="t.txt", html=False, settings=settings, rules=rules,
                            word_model=word_model)
    assert result.document["speaker"] == "殷勇" and "殷勇同志作政府工作报告" in result.text
