"""What each chapter emphasises, from the tables: the chapter × category comparison and the
one-paragraph summary that opens the page and report.md.

Everything here is read off keywords.csv and categories.csv: each body chapter's policy areas
(hits per 10,000 tokens) and its distinctive terms (against the genre where ranked, else against
the rest of the report). No sentence is written that the tables do not support.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.scale import SCALE_PERCENTILE, robust_maximum
from pipeline.i18n import pick
from pipeline.naming import chapter_label
from pipeline.resources.categories import Category
from pipeline.terms import headline

DISTINCTIVE_TERMS = 5  # per chapter in the comparison
SUMMARY_TERMS = 3  # per chapter in the summary
SUMMARY_CATEGORIES = 2


@dataclass
class ChapterRow:
    number: int
    label: str  # 一、客观总结全年工作，持续提振发展信心
    short: str  # 一、客观总结全年工作 (up to the first comma)
    terms: list[str]  # distinctive, most distinctive first
    per_10k: dict[str, float]  # category key -> hits per 10,000 tokens
    top_categories: list[str]  # keys, most emphasised first (hits > 0)


@dataclass
class Comparison:
    rows: list[ChapterRow]
    categories: list[Category]
    scale_top: float  # the colour scale's end: the 95th percentile of the positive cells

    def shade(self, value: float) -> float:
        """0–1: how dark a cell is (values past the scale's end are the darkest)."""
        return float(min(1.0, value / self.scale_top)) if self.scale_top > 0 else 0.0


def compare_chapters(document: dict, keywords: pd.DataFrame, categories_table: pd.DataFrame,
                     categories: list[Category]) -> Comparison:
    """The body chapters (those with counted text) side by side: policy areas and distinctive terms."""
    per_chapter = categories_table[categories_table["scope"] == "chapter"]
    rows = []
    for chapter in document["chapters"]:
        if chapter["kind"] != "body":
            continue
        mine = per_chapter[per_chapter["chapter"] == chapter["number"]]
        if mine.empty:  # no counted text (a heading alone)
            continue
        values = dict(zip(mine["category"], mine["per_10k"].astype(float), strict=True))
        ranked = sorted((key for key in values if values[key] > 0), key=lambda key: (-values[key], key))
        distinctive, _ = headline(keywords[keywords["chapter"] == chapter["number"]])
        label = chapter_label(chapter)
        rows.append(ChapterRow(chapter["number"], label, label.split("，", 1)[0],
                               distinctive["term"].head(DISTINCTIVE_TERMS).tolist(),
                               {c.key: values.get(c.key, 0.0) for c in categories}, ranked))
    cells = np.array([[row.per_10k[c.key] for c in categories] for row in rows], dtype=float)
    return Comparison(rows, categories, robust_maximum(cells) if cells.size else 0.0)


def scale_note(comparison: Comparison, language: str) -> str:
    return pick((f"数字为该章每万词中各领域词语出现的次数；颜色深浅以第{SCALE_PERCENTILE}百分位数（{comparison.scale_top:.1f}）"
                 "为最深，更高的值同为最深色。",
                 f"Figures are each policy area's terms per 10,000 tokens of the chapter; the colour scale ends at the "
                 f"{SCALE_PERCENTILE}th percentile ({comparison.scale_top:.1f}), higher values show darkest."), language)


def summary(document: dict, name: str, comparison: Comparison, keywords: pd.DataFrame,
            categories_table: pd.DataFrame, language: str) -> list[str]:
    """The page's opening paragraph(s): which chapter carries which policy areas and which terms set each apart;
    both languages give a paragraph each when bilingual."""
    names = {c.key: c for c in comparison.categories}
    whole = categories_table[(categories_table["scope"] == "report") & (categories_table["hits"] > 0)]
    top = whole.sort_values(["per_10k", "category"], ascending=[False, True]).head(1)
    frequent = keywords[keywords["scope"] == "report"].sort_values(["count", "term"], ascending=[False, True])
    paragraphs = []
    for lang in (("zh", "en") if language == "bilingual" else (language,)):
        parts = []
        for row in comparison.rows:
            # short names in Chinese: 风险、安全与债务 inside a list of areas would read as three
            areas = [names[key].name(lang, short=lang == "zh") for key in row.top_categories[:SUMMARY_CATEGORIES]]
            terms = row.terms[:SUMMARY_TERMS]
            if lang == "zh":
                text = f"{row.short}侧重{'、'.join(areas) or '（无明显政策领域）'}"
                parts.append(text + (f"，特色词有{''.join(f'“{t}”' for t in terms)}" if terms else ""))
            else:
                text = f"{row.short} emphasises {' and '.join(areas) or 'no policy area in particular'}"
                parts.append(text + (f" (distinctive terms: {', '.join(terms)})" if terms else ""))
        if lang == "zh":
            text = (f"《{name}》正文{len(comparison.rows)}章。" + "；".join(parts) + "。" if parts
                    else f"《{name}》没有可以相互比较的正文章节（未识别出章标题）。")
            if len(top):
                text += f"全文最突出的政策领域是{names[top['category'].iloc[0]].name('zh')}（每万词{top['per_10k'].iloc[0]:.0f}次）"
                text += f"，最常用的词是{'、'.join(f'“{t}”' for t in frequent['term'].head(3))}。" if len(frequent) else "。"
        else:
            text = (f"{name}: {len(comparison.rows)} body chapters. " + "; ".join(parts) + "." if parts
                    else f"{name}: no body chapters to compare (no chapter headings were found).")
            if len(top):
                text += (f" The policy area the report stresses most is {names[top['category'].iloc[0]].name('en')} "
                         f"({top['per_10k'].iloc[0]:.0f} per 10,000 tokens)")
                text += f"; its most frequent terms are {', '.join(frequent['term'].head(3))}." if len(frequent) else "."
        paragraphs.append(text)
    return paragraphs
