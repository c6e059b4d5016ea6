"""The segment stage on the real reports: policy terms whole, quantities typed, stop words, traditional text."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from conftest import REAL_FILES, SAMPLE, SHARED
from pipeline.segment import CleanInput, SegmentSettings, load_resources, run, segment_document, segment_documents
from pipeline.segmenting.engines import make_engine
from pipeline.segmenting.lexicon import Term

SETTINGS = SegmentSettings()


@pytest.fixture(scope="session")
def resources():
    return load_resources(SETTINGS)


@pytest.fixture(scope="session")
def engines(resources):
    terms, _ = resources
    return {name: make_engine(name, terms) for name in ("jieba", "rjieba")}


_segmented: dict = {}


@pytest.fixture(scope="session")
def segmented(cleaned, engines, resources):
    """``segmented(path, engine="jieba", settings=SETTINGS) -> (CleanResult, Segmented)``, cached."""
    terms, stoplists = resources

    def get(path, engine="jieba", settings=SETTINGS):
        key = (path, engine, settings)
        if key not in _segmented:
            clean = cleaned(path)
            _segmented[key] = clean, segment_document(clean.document["doc"], clean.text, clean.paragraphs,
                                                      clean.sentences, clean.document["chapters"], engines[engine],
                                                      settings, stoplists, terms)
        return _segmented[key]

    return get


def tokens(result):
    return result.columns["token"]


SAMPLE_TERMS = ["三高四新", "放管服", "专精特新", "高质量发展", "乡村振兴", "营商环境", "一件事一次办",
                "四区一地一圈一强", "三提一领", "发展六仗", "政务小莲", "湘易办", "柏屹模式", "千百扶培", "五零一优",
                "商转工", "湘商回归", "政绩观", "化债", "三保", "高标准农田", "专项债券", "新闻联播", "二万五千里长征"]


@pytest.mark.parametrize("term", SAMPLE_TERMS)
def test_sample_policy_terms_are_single_tokens(segmented, term):
    clean, result = segmented(SAMPLE)
    assert term in clean.text
    occurrences = clean.text.count(term)
    # every occurrence lies inside one token: the term itself, or a quoted name that contains it
    assert sum(token.count(term) for token in tokens(result)) == occurrences, f"{term} split somewhere"
    assert term in tokens(result)


@pytest.mark.parametrize("token, kind", [("608亿元", "quantity"), ("6.5%", "quantity"), ("6943户", "quantity"),
                                         ("125万亩", "quantity"), ("2023年", "date"), ("2023年12月21日", "date"),
                                         ("13.28亿元", "quantity"), ("70.03%", "quantity")])
def test_quantities_are_typed_single_tokens(segmented, token, kind):
    _, result = segmented(SAMPLE)
    kinds = {k for t, k in zip(result.columns["token"], result.columns["kind"], strict=True) if t == token}
    assert kinds == {kind}


def test_stop_words_are_flagged(segmented):
    _, result = segmented(SAMPLE)
    flags = {t: (s, lst) for t, s, lst in zip(result.columns["norm"], result.columns["is_stop"],
                                              result.columns["stop_list"], strict=True)}
    assert flags["我们"] == (True, "general")
    assert flags["推进"] == (True, "formulaic")
    assert flags["加强"][0] and flags["持续"][0] and flags["全面"][0]
    for word in ("三高四新", "债务", "产业", "乡村振兴", "608亿元"):
        assert not flags[word][0], word


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_tokens_point_back_into_clean_text(segmented, path):
    clean, result = segmented(path)
    cols = result.columns
    assert len(cols["token"]) > 1000
    for token, start, end in zip(cols["token"], cols["start"], cols["end"], strict=True):
        assert clean.text[start:end] == token
    # Every non-space character of every sentence is in exactly one token.
    covered = sum(e - s for s, e in zip(cols["start"], cols["end"], strict=True))
    assert covered == sum(len("".join(s["text"].split())) for s in clean.sentences)
    assert set(cols["kind"]) <= {"word", "quantity", "date", "latin", "punct"}
    ids = {p["paragraph_id"] for p in clean.paragraphs}
    assert set(cols["paragraph_id"]) <= ids


def test_traditional_report_is_segmented_and_kept_traditional(segmented):
    clean, result = segmented(SHARED / "corpus" / "1954-national-report.traditional.txt")
    pairs = set(zip(result.columns["token"], result.columns["norm"], strict=True))
    assert ("社會主義", "社会主义") in pairs
    assert ("國民經濟", "国民经济") in pairs or ("國民", "国民") in pairs
    assert ("一九五四年", "一九五四年") in pairs  # a date in Chinese numerals
    kinds = dict(zip(result.columns["token"], result.columns["kind"], strict=True))
    assert kinds["一九五四年"] == "date" and kinds["百分之三十六點九"] == "quantity"
    # Words of the simplified copy that come out whole also come out whole in the original.
    words = [t for t, k in zip(result.columns["norm"], result.columns["kind"], strict=True) if k == "word"]
    assert sum(len(w) > 1 for w in words) / len(words) > 0.5


def test_glossary_terms_are_harvested(segmented):
    clean, result = segmented(SHARED / "corpus" / "2026-guangdong-province-report.txt")
    glossary = {row["term"] for row in result.lexicon if row["source"] == "glossary"}
    assert {"四上", "可信数据空间", "单一窗口", "标准海", "链式改造", "双一流"} <= glossary
    assert "可信数据空间" in tokens(result)


def test_lexicon_found_lists_sources_and_counts(segmented):
    _, result = segmented(SAMPLE)
    by_term = {row["term"]: row for row in result.lexicon}
    assert by_term["政务小莲"]["source"] == "quotes" and by_term["政务小莲"]["count"] == 3
    assert by_term["政务小莲当管家"]["count"] == 1  # quoted names stay whole, also when they contain another
    assert by_term["四区一地一圈一强"]["source"] == "numeric_slogan"
    assert by_term["新闻联播"]["source"] == "book_titles"
    assert by_term["三高四新"]["source"] == "policy_terms.txt" and by_term["三高四新"]["count"] == 3
    candidates = [row for row in result.lexicon if row["source"].startswith("candidate")]
    assert candidates and not any(row["used"] for row in candidates)
    assert {"天易"} <= {row["term"] for row in candidates}  # the development zone's name, unknown to jieba
    phrases = [row for row in candidates if row["source"] == "candidate (phrase)"]
    assert phrases and all(row["cohesion"] >= SETTINGS.candidate_min_pmi for row in phrases)


def test_candidates_are_used_only_when_set(segmented):
    _, default = segmented(SAMPLE)
    candidate = next(r["term"] for r in default.lexicon
                     if r["source"] == "candidate (phrase)" and r["term"] not in tokens(default))
    _, used = segmented(SAMPLE, settings=SegmentSettings(use_candidates=True))
    assert candidate in tokens(used)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_fast_engine_agrees_with_reference(segmented, path):
    _, reference = segmented(path, "jieba")
    _, fast = segmented(path, "rjieba")
    ref = set(zip(reference.columns["start"], reference.columns["end"], strict=True))
    got = set(zip(fast.columns["start"], fast.columns["end"], strict=True))
    assert len(ref & got) / len(ref) >= 0.995


def test_engine_is_unchanged_after_a_document(engines, resources, segmented):
    engine = engines["jieba"]
    def state():  # prefix entries (frequency 0) that add_word leaves behind do not change any cut
        return {w: f for w, f in engine.tokenizer.FREQ.items() if f}, engine.tokenizer.total, dict(engine.tags)

    before = state()
    # adds and removes the document's own terms, among them words jieba knows (新闻联播, 一把手)
    segmented(SAMPLE, settings=SegmentSettings(harvest_max_length=11))
    assert state() == before


@pytest.mark.parametrize("engine_name", ["jieba", "rjieba"])
def test_a_document_gets_the_same_tokens_alone_in_a_batch_or_after_others(cleaned, resources, engine_name):
    """Batches are built in one pass, and an engine serves document after document: neither may
    change a document's tokens. (jieba-rs cannot remove a word: a document's own words once
    broke up the same words in every later document.)"""
    terms, stoplists = resources
    inputs = [CleanInput.of(cleaned(path)) for path in REAL_FILES] + [CleanInput("empty", "", [], [], [])]
    alone = [segment_documents([item], make_engine(engine_name, terms), SETTINGS, stoplists, terms)[0]
             for item in inputs]
    engine = make_engine(engine_name, terms)
    batched = segment_documents(inputs, engine, SETTINGS, stoplists, terms)
    again = segment_documents(inputs[::-1], engine, SETTINGS, stoplists, terms)[::-1]  # after all the others
    for one, two, three in zip(alone, batched, again, strict=True):
        assert one.tokens.equals(two.tokens) and one.tokens.equals(three.tokens)
        assert one.lexicon == two.lexicon == three.lexicon


def test_fast_engine_keeps_a_word_the_last_document_brought_out_of_the_next(resources):
    terms, stoplists = resources
    engine = make_engine("rjieba", terms)
    text = "推进莲乡湘商回归工程。"
    before = engine.cut(text)
    engine.add_words([Term("莲乡湘商", 1000, "nz", "quotes")])
    assert "莲乡湘商" in engine.cut(text)
    engine.remove_words()
    assert engine.cut(text) == before


def test_written_tables_are_byte_identical(tmp_path):
    from pipeline.clean import run as clean_run

    clean_run(SAMPLE, tmp_path / "clean")
    run(tmp_path / "clean", tmp_path / "a")
    run(tmp_path / "clean", tmp_path / "b")
    for name in ("tokens.parquet", "lexicon_found.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    table = pq.read_table(tmp_path / "a" / "tokens.parquet")
    assert table.column_names[:6] == ["doc", "chapter", "section", "paragraph_id", "role", "sentence"]


def test_recurring_quoted_slogans_stay_whole(segmented):
    from conftest import SHARED

    _, hunan = segmented(SHARED / "corpus" / "2026-hunan-province-report.scraped.txt")
    assert tokens(hunan).count("三个高地") >= 5
    _, guangdong = segmented(SHARED / "corpus" / "2026-guangdong-province-report.txt")
    assert tokens(guangdong).count("百千万工程") == 1  # not 百 + 千万工程 (the other programme, quoted too)


def test_variant_characters_are_normalised(segmented):
    _, result = segmented(SHARED / "corpus" / "1954-national-report.traditional.txt")
    norms = set(result.columns["norm"])
    assert "卫生" in norms and "衞生" not in norms


def test_stop_list_names_every_list_and_is_stop_follows_the_setting(segmented):
    _, general_only = segmented(SAMPLE, settings=SegmentSettings(stopword_lists=("general",)))
    flags = dict(zip(general_only.columns["norm"], zip(general_only.columns["is_stop"],
                                                      general_only.columns["stop_list"], strict=True), strict=True))
    assert flags["推进"] == (False, "formulaic") and flags["我们"] == (True, "general")
