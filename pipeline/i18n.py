"""The words people read, in Chinese, English or both (``report.language``: zh, en, bilingual).

The page, the figures' titles and labels, report.md and the workbook's headers take their
words from here. CSV column names stay English snake_case (the data dictionary explains them),
so scripts that read the tables never depend on the language.
"""

from __future__ import annotations

from pipeline.settings import LANGUAGES  # noqa: F401 - the choices, declared with the setting

# A table column's label: (Chinese, English). A column not listed keeps its name.
COLUMNS = {
    "achieved": ("上年实际", "last year's result"), "achieved_paragraph_id": ("实际所在段落", "result's paragraph"),
    "achieved_unit": ("实际单位", "result's unit"), "action": ("处理", "action"), "basis": ("口径", "basis"),
    "bg_tfidf": ("背景TF-IDF", "background TF-IDF"), "bg_tfidf_rank": ("背景TF-IDF名次", "background TF-IDF rank"),
    "category": ("领域代码", "category"), "central_sentence": ("中心句", "central sentence"),
    "chapter": ("章", "chapter"), "chapter_kind": ("章类型", "chapter kind"), "chapter_title": ("章标题", "chapter title"),
    "chosen": ("选定", "chosen"), "clean_start": ("清洗后位置", "clean offset"), "cluster": ("簇", "cluster"),
    "coherence_npmi": ("一致性NPMI", "coherence (NPMI)"), "cohesion": ("凝聚度", "cohesion"), "count": ("频次", "count"),
    "detail": ("说明", "detail"), "direction": ("方向", "direction"), "end": ("结束位置", "end"),
    "examples": ("例段", "example paragraphs"), "excerpt": ("摘录", "excerpt"), "g2": ("关键性G²", "keyness G²"),
    "genre_g2": ("对照同类G²", "G² against the genre"), "genre_log_ratio": ("对照同类Log Ratio", "Log Ratio against the genre"),
    "genre_note": ("同类备注", "genre note"), "genre_rank": ("特色词名次", "distinctive rank"),
    "hard": ("软硬", "hard/soft"), "headline": ("主要目标", "headline"), "hits": ("命中次数", "hits"),
    "in_jieba_dictionary": ("jieba词典已收", "in jieba's dictionary"), "indicator": ("指标（原文）", "indicator as written"),
    "indicator_id": ("指标代码", "indicator id"), "k": ("主题数k", "k"), "keyness_rank": ("关键性名次", "keyness rank"),
    "kind": ("类型", "kind"), "label": ("标签", "label"), "label_terms": ("标签词", "label terms"),
    "left_entropy": ("左熵", "left entropy"), "log_ratio": ("Log Ratio", "Log Ratio"), "n_sentences": ("句数", "sentences"),
    "note": ("备注", "note"), "original": ("原文", "original"), "p_value": ("p值", "p value"),
    "paragraph": ("段", "paragraph"), "paragraph_id": ("段落编号", "paragraph id"), "paragraph_ids": ("段落编号", "paragraph ids"),
    "paragraphs": ("段落数", "paragraphs"), "per_10k": ("每万词", "per 10k tokens"), "previous_year": ("上年", "previous year"),
    "qualifier": ("限定语", "qualifier"), "rank": ("名次", "rank"), "reason": ("原因", "reason"),
    "replacement": ("替换为", "replacement"), "right_entropy": ("右熵", "right entropy"), "role": ("角色", "role"),
    "rule": ("规则", "rule"), "scope": ("范围", "scope"), "section": ("节", "section"), "section_title": ("节标题", "section title"),
    "sentence": ("句子", "sentence"), "silhouette": ("轮廓系数", "silhouette"), "size": ("单元数", "size"),
    "source": ("来源", "source"), "stability": ("稳定性", "stability"), "start": ("起始位置", "start"),
    "statement": ("表述", "statement"), "stretch": ("争取目标", "stretch goal"), "target": ("目标", "target"),
    "target_high": ("目标上限", "target (high end)"), "term": ("词语", "term"), "terms": ("词语", "terms"),
    "text": ("文本", "text"), "textrank": ("TextRank", "TextRank"), "textrank_rank": ("TextRank名次", "TextRank rank"),
    "tfidf": ("TF-IDF", "TF-IDF"), "tfidf_rank": ("TF-IDF名次", "TF-IDF rank"), "topic": ("主题", "topic"),
    "unit": ("单位", "unit"), "units": ("单元数", "units"),
    "used": ("使用", "used"), "value": ("数值", "value"), "value_high": ("数值上限", "value (high end)"),
    "weight": ("权重", "weight"), "year": ("年份", "year"), "key": ("项目", "key"), "sheet": ("工作表", "sheet"),
    "from_file": ("来源文件", "from file"), "what": ("内容", "what it holds"), "column": ("列", "column"),
    "meaning": ("含义", "meaning"),
}

# The values of quality.csv's kind and action columns, as a reader sees them on the page.
QUALITY = {
    "garbled text": ("乱码", "garbled text"), "suspected truncation": ("疑似截断", "suspected truncation"),
    "duplicated passage": ("重复段落", "duplicated passage"), "heading out of sequence": ("标题顺序异常", "heading out of sequence"),
    "heading number missing": ("标题缺号", "heading number missing"), "no chapter headings": ("无章标题", "no chapter headings"),
    "unrecognised text": ("未识别文本", "unrecognised text"),
    "flagged": ("已标记", "flagged"), "repaired": ("已修复", "repaired"), "removed": ("已删除", "removed"),
}

# A target's hard/soft coding (targets.csv's ``hard``), as a reader sees it.
HARDNESS = {"hard": ("硬", "hard"), "soft": ("软", "soft")}

# Where a table means something else by a column's name.
TABLE_COLUMNS = {"topic_units": {"unit": ("单元", "unit")}, "lexicon_found": {"source": ("来源", "found by")}}

# Words of the page, the figures and report.md: key -> (Chinese, English).
WORDS = {
    "whole_report": ("全文", "Whole report"),
    "per_10k_axis": ("每万词频次", "per 10,000 tokens"),
    "category_axis": ("每万词中各领域词的次数", "category terms per 10,000 tokens"),
    "topic_share_axis": ("主题占比", "share of the chapter's units"),
    "heatmap_title": ("各章关键词的每万词频次", "Keywords by chapter, per 10,000 tokens"),
    "categories_title": ("各章政策领域强调程度", "Policy areas by chapter"),
    "topics_title": ("各章的主题构成", "Topics by chapter"),
    "comparison_title": ("各章特色词", "Distinctive terms of each chapter"),
    "topic": ("主题", "Topic "),
    "scale_clipped": ("色阶上限取第{q}百分位数（{value:.1f}），更高的值显示为最深色",
                      "colour scale capped at the {q}th percentile ({value:.1f}); higher values show darkest"),
}


def pick(pair: tuple[str, str], language: str) -> str:
    """One label of a (Chinese, English) pair: zh, en, or both ("词语 term")."""
    zh, en = pair
    if language == "en":
        return en
    if language == "bilingual" and en and en != zh:
        return f"{zh} {en}"
    return zh


def quality_value(value: str, language: str) -> str:
    """A quality.csv kind or action in ``language`` (an unknown one as it is)."""
    return pick(QUALITY[value], language) if value in QUALITY else value


def hardness(value: str, language: str) -> str:
    """``hard`` or ``soft`` in ``language``; anything else (an uncoded target) as nothing."""
    return pick(HARDNESS[value], language) if value in HARDNESS else ""


def word(key: str, language: str, **values) -> str:
    return pick(WORDS[key], language).format(**values)


def column(name: str, language: str, table: str = "") -> str:
    """A table column's header in ``language`` (the snake_case name where none is defined)."""
    pair = TABLE_COLUMNS.get(table, {}).get(name) or COLUMNS.get(name)
    prefix, _, number = name.rpartition("_")
    if pair is None and number.isdigit() and prefix in ("topic", "chapter"):
        pair = (f"主题{number}", f"topic {number}") if prefix == "topic" else (f"第{number}章", f"chapter {number}")
    return pick(pair, language) if pair else name
