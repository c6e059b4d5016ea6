"""Parts of the segment stage on small inputs: quantities, harvest, stop-list check, dictionary cache."""

from __future__ import annotations

import pytest

from pipeline.segmenting import harvest, quantities
from pipeline.segmenting.dictionary import cache_key
from pipeline.segmenting.lexicon import Term, load_terms
from pipeline.resources.stopwords import inconsistencies
from pipeline.errors import SettingsError


@pytest.mark.parametrize("text, spans", [
    ("增长6.5%，完成608亿元", [("6.5%", "quantity"), ("608亿元", "quantity")]),
    ("2023年12月21日在", [("2023年12月21日", "date")]),
    ("连续37年居全国", [("37年", "quantity")]),
    ("提高0.9个百分点", [("0.9个百分点", "quantity")]),
    ("PM2.5浓度，5G基站", [("PM2.5", "latin"), ("5G", "latin")]),
    ("2018—2022年", [("2018", "date"), ("2022年", "date")]),
    ("8000多万人，3000余个，160周年，2061万架次，6月底", [("8000多万人", "quantity"), ("3000余个", "quantity"),
                                                    ("160周年", "quantity"), ("2061万架次", "quantity"),
                                                    ("6月底", "date")]),
    ("一九五四年，百分之三十六點九", [("一九五四年", "date"), ("百分之三十六點九", "quantity")]),
    ("第42名", [("42名", "quantity")]),
])
def test_special_spans(text, spans):
    assert [(text[a:b], kind) for a, b, kind in zip(*quantities.special_spans(text), strict=True)] == spans


def test_harvest_sources():
    text = ("锚定“三高四新”美好蓝图，建设“四区一地一圈一强”，央视《新闻联播》，“办实事、求实效”，“嗨BA”，"
            "三提一领和三提一领。“四上”企业和可信数据空间。「三個高地」“二點六倍”")
    found = harvest.harvest_terms(text, ["“四上”企业", "可信数据空间"], max_length=10,
                                  sources=["quotes", "book_titles", "numeric_slogans", "glossary"])
    assert {t.word: t.source for t in found} == {
        "四上": "glossary", "四上企业": "glossary", "可信数据空间": "glossary", "三高四新": "numeric_slogan",
        "四区一地一圈一强": "numeric_slogan", "新闻联播": "book_titles", "三提一领": "numeric_slogan",
        "三個高地": "quotes", "二點六倍": "quotes"}  # 「」 quotes count; 二點六倍 is a number, not a slogan


@pytest.mark.parametrize("text, quoted", [
    ("他说“推进「三高四新」战略”", ["推进「三高四新」战略"]),  # a quote inside the other style's quote is part of it
    ("推动「数字“政府”建设」", ["数字“政府”建设"]),
    ("「甲乙“丙丁」戊己”", ["甲乙“丙丁"]),  # crossing quotes make no term of what lies between them
])
def test_quotes_are_read_left_to_right_across_styles(text, quoted):
    assert [q for _, q, _ in harvest._matches(text, ["quotes"])] == quoted


def test_candidates_from_token_statistics():
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.segmenting.candidates import candidate_words

    sentences = [["打造", "政务", "小莲", "品牌"], ["推广", "政务", "小莲", "模式"], ["政务", "小莲", "服务", "群众"],
                 ["依托", "政务", "小莲", "平台"], ["天易", "园区", "发展"], ["天易", "企业", "增长"],
                 ["支持", "天易"], ["政务", "公开"], ["推进", "天易"]]
    norm = pa.array([w for s in sentences for w in s])
    encoded = pc.dictionary_encode(norm)
    sentence = np.array([k for k, s in enumerate(sentences, 1) for _ in s])
    found = {r["term"]: r for r in candidate_words(encoded.dictionary, np.asarray(encoded.indices, dtype=np.int64),
                                                   np.ones(len(norm), dtype=bool), sentence,
                                                   lambda w: w in {"政务", "小莲", "园区"}, min_count=4,
                                                   min_pmi=0.5, min_entropy=0.5, max_length=10, limit=10)}
    assert found["政务小莲"]["kind"] == "phrase" and found["政务小莲"]["count"] == 4
    assert found["天易"]["kind"] == "hmm word" and found["天易"]["count"] == 4


def test_stop_list_check_reports_split_entries():
    lists = {"general": ["我们", "一转眼"], "formulaic": ["推进"]}
    cut = {"我们": ["我们"], "一转眼": ["一", "转眼"], "推进": ["推进"]}.get
    assert inconsistencies(lists, cut) == [{"list": "general", "stopword": "一转眼", "segmented": "一 / 转眼",
                                            "pieces_not_in_lists": "一 / 转眼"}]


def test_cache_key_follows_the_dictionaries():
    a = [Term("三高四新", 3000, "nz", "x")]
    assert cache_key(a) == cache_key(list(a))
    assert cache_key(a) != cache_key([Term("三高四新", 3001, "nz", "x")])


def test_policy_lexicon_file_is_valid_and_commented(tmp_path):
    from pipeline.config import ROOT

    terms = load_terms(ROOT / "lexicon" / "policy_terms.txt")
    assert len(terms) > 150 and {"三高四新", "放管服", "专精特新", "高质量发展", "乡村振兴", "营商环境"} <= {t.word for t in terms}
    bad = tmp_path / "bad.txt"
    bad.write_text("三高四新 many nz\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="bad.txt:1"):
        load_terms(bad)
