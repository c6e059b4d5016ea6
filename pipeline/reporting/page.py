"""report.html: one self-contained page per document (CSS, JS and pictures inside; no network).

Everything from the input reaches the page through Jinja2 with autoescaping, or as JSON
whose <, > and & are escaped, and the page's script writes it with textContent: a report
whose text holds ``<script>`` shows it as text.
"""

from __future__ import annotations

import base64
import json
import platform
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline import __version__
from pipeline.io import frame_rows, missing
from pipeline.terms import compared_with, headline, over_used, term_tokens
from pipeline.i18n import column, hardness, pick, quality_value
from pipeline.naming import chapter_label, report_name
from pipeline.reporting.summary import compare_chapters, scale_note, summary
from pipeline.resources.fonts import font_path
from pipeline.reporting.tables import DocumentTables
from pipeline.reporting.webfont import font_face_css

PACKAGES = ("jieba", "rjieba", "scikit-learn", "wordcloud", "pandas", "numpy", "pyarrow", "matplotlib", "opencc",
            "scipy", "jinja2", "mplfonts", "openpyxl")
KEYWORD_COLUMNS = [("term", "text"), ("count", "number"), ("per_10k", "number"), ("paragraphs", "number"),
                   ("g2", "number"), ("log_ratio", "number"), ("keyness_rank", "number"), ("tfidf_rank", "number"),
                   ("textrank_rank", "number")]
# What the figures section shows first: the comparisons, then the clouds (a cloud shows one chapter).
FIGURE_ORDER = {"bar chart": 0, "heatmap": 1, "comparison cloud": 2, "word cloud": 3}
FILES = [("report.md", ("摘要（Markdown）", "summary (Markdown)")), ("tables.xlsx", ("全部表格（Excel）", "every table (Excel)")),
         ("keywords/keywords.csv", ("关键词", "keywords")), ("keywords/categories.csv", ("政策领域", "policy areas")),
         ("keywords/emphasis.csv", ("各章关键词", "keywords by chapter")), ("targets/targets.csv", ("目标与数据", "targets")),
         ("topics/topics.csv", ("主题", "topics")), ("topics/chapter_clusters.csv", ("章内聚类", "clusters")),
         ("clean/clean.txt", ("清洗后全文", "clean text")), ("clean/quality.csv", ("数据质量", "data quality"))]


@dataclass(frozen=True)
class PageOptions:
    """What shapes the page besides the report's tables (from pipeline.toml)."""

    categories: list
    keyword_settings: object  # the term filter, so context counts are the tables' counts
    min_topic_units: int = 3
    weak_silhouette: float = 0.25


def html_bytes(doc: DocumentTables, settings, all_settings: dict, profile: dict | None = None,
               options: PageOptions | None = None) -> bytes:
    """The page; ``profile`` describes the genre profile the keywords were compared with (None: none)."""
    options = options or page_options()
    language = settings.language

    def t(zh: str, en: str) -> str:
        return pick((zh, en), language)

    chapters = doc.document["chapters"]
    name = report_name(doc.document)
    keyword_tables = _keyword_tables(doc, chapters, settings.keyword_rows, language)
    comparison = compare_chapters(doc.document, doc["keywords"], doc["categories"], options.categories)
    overview = _overview(doc, chapters, language, options.min_topic_units,
                         {c.key: c.name(language) for c in options.categories})
    topics = _topics(doc)
    # every term the page lets a reader click: keyword tables, the comparison, the overview, the topics
    terms = list(dict.fromkeys([*(row["term"] for table in keyword_tables for row in table["rows"]),
                                *(term for row in comparison.rows for term in row.terms),
                                *(term for row in overview for term in row["top_terms"]),
                                *(term for topic in topics for term, _ in topic["terms"])]))
    context = {
        "t": t,
        "language": language,
        "name": name,
        "document": doc.document,
        "facts": _facts(doc.document, language),
        "summary": summary(doc.document, name, comparison, doc["keywords"], doc["categories"], language),
        "comparison": _comparison(comparison, language),
        "quality": [{**row, "kind": quality_value(row["kind"], language), "action": quality_value(row["action"], language)}
                    for row in frame_rows(doc["quality"])],
        "quality_total": int(doc["quality"]["count"].fillna(1).sum()) if "count" in doc["quality"].columns
        else len(doc["quality"]),
        "overview": overview,
        "compared_with": compared_with(profile, language),
        "figures": _figures(doc),
        "keyword_tables": keyword_tables,
        "keyword_columns": [(key, column(key, language), kind) for key, kind in KEYWORD_COLUMNS],
        "page_words": _script_json(_page_words(language)),
        "kwic_json": _script_json(_kwic(doc, terms, settings.kwic_width, settings.kwic_lines, options.keyword_settings)),
        "topics": topics,
        "selection": _selection(doc["model_selection"]),
        "clusters": _clusters(doc, chapters, language, options.weak_silhouette),
        "targets": _targets(doc, language),
        "files": [{"path": path, "label": pick(label, language)} for path, label in FILES
                  if (doc.folder / path).exists() or path in ("report.md", "tables.xlsx")],
        "text": _text(doc),
        "footer": _footer(doc, all_settings),
    }
    return render_page("report.html.j2", context, font_path(settings.font_path) if settings.embed_font else None)


def _page_words(language: str) -> dict:
    """What the page's script writes (the context panel), in ``language``."""
    return {key: pick(pair, language) for key, pair in {
        "occurrences": ("处", "occurrence(s)"), "in_chapter": ("本章", "in this chapter"),
        "shown": ("仅显示前 {n} 处；python -m pipeline kwic 可列出全部。", "The first {n} are shown; python -m pipeline kwic "
                  "lists them all."),
        "other": ("另有 {n} 处是更长词语的一部分或在未计入的段落中（如标题），不计入频次。", "{n} more inside longer words or in "
                  "paragraphs not counted (such as the title) are not in the count.")}.items()}


def page_options() -> PageOptions:
    """The page's options from pipeline.toml: the policy categories, the term filter, the topics' thresholds."""
    from pipeline.config import project_path
    from pipeline.resources.categories import load_categories
    from pipeline.settings import load

    every = load()
    return PageOptions(load_categories(project_path(every.keywords.categories)), every.keywords,
                       every.topics.min_chapter_units, every.topics.weak_silhouette)


def _facts(document: dict, language: str) -> list[str]:
    """The line under the title: place, year, date, speaker, size."""
    facts = [document.get(key) for key in ("place", "meeting", "date", "speaker") if document.get(key)]
    size = document["counts"]["clean_characters"]
    facts.append(pick((f"{size:,} 字", f"{size:,} characters"), language))
    return [str(f) for f in facts]


def _comparison(comparison, language: str) -> dict:
    """The chapter × category table for the template: labels, cells with their shade, the scale's note."""
    return {
        "categories": [{"key": c.key, "short": c.name(language, short=True), "label": c.name(language)}
                       for c in comparison.categories],
        "rows": [{"number": row.number, "label": row.label, "short": row.short, "terms": row.terms,
                  "cells": [{"value": row.per_10k[c.key], "shade": round(comparison.shade(row.per_10k[c.key]), 3)}
                            for c in comparison.categories]} for row in comparison.rows],
        "note": scale_note(comparison, language),
    }


def render_page(template_name: str, context: dict, font: Path | None) -> bytes:
    """A page from its template, escaping every value; with the glyphs of its text from ``font`` embedded.

    The font needs the page's characters, so a page with a font is rendered twice.
    """
    environment = Environment(loader=PackageLoader("pipeline.reporting", "templates"),
                              autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    template = environment.get_template(template_name)
    context = {**context, "font_css": ""}
    if font is not None:
        context["font_css"] = Markup(font_face_css(font, template.render(context)))
    return template.render(context).encode("utf-8")


def _overview(doc: DocumentTables, chapters: list[dict], language: str, min_topic_units: int,
              names: dict[str, str]) -> list[dict]:
    """One row per chapter with text; ``names``: each policy area's name in ``language``, by key."""
    paragraphs = doc["paragraphs"]
    keywords = doc["keywords"]
    shares = doc["chapter_topics"]
    topic_labels = dict(zip(doc["topics"]["topic"].astype(int), doc["topics"]["label"], strict=True))
    categories = doc["categories"]
    rows = []
    for chapter in chapters:
        number = chapter["number"]
        mine = paragraphs[paragraphs["chapter"] == number]
        if mine.empty:
            continue
        top, _ = headline(keywords[keywords["chapter"] == number])
        share_row = shares[shares["chapter"] == number]
        topic = None
        if len(share_row) and ("units" not in shares.columns or share_row.iloc[0]["units"] >= min_topic_units):
            values = share_row.iloc[0][[c for c in shares.columns if c.startswith("topic_")]].astype(float)
            if values.sum() > 0:
                best = int(values.idxmax().split("_")[1])
                topic = f"{pick(('主题', 'topic '), language)}{best} {topic_labels.get(best, '')} ({values.max():.0%})"
        elif len(share_row):
            topic = pick((f"单元过少（{int(share_row.iloc[0]['units'])}）", f"too few units ({int(share_row.iloc[0]['units'])})"),
                         language)
        cats = categories[(categories["chapter"] == number) & (categories["hits"] > 0)]
        category = None
        if len(cats):  # ties broken by key, as the summary breaks them
            best_cat = cats.sort_values(["per_10k", "category"], ascending=[False, True]).iloc[0]
            label = names.get(best_cat["category"], best_cat["label"])
            category = f"{label} ({best_cat['per_10k']:.0f}/{pick(('万词', '10k'), language)})"
        rows.append({"number": number, "label": chapter_label(chapter, language), "kind": chapter["kind"],
                     "anchor": _anchor(mine.iloc[0]["paragraph_id"]), "paragraphs": len(mine),
                     "characters": int(mine["text"].str.len().sum()),
                     "tokens": doc.tokens_per_chapter.get(number, 0),
                     "top_terms": top["term"].head(5).tolist(),
                     "topic": topic, "category": category})
    return rows


def _figures(doc: DocumentTables) -> list[dict]:
    """The figures stage's pictures as data URLs, captioned with their titles (figures.json): the comparisons
    first, then the clouds."""
    entries = sorted(doc.figures["figures"], key=lambda e: (FIGURE_ORDER.get(e["kind"], 4), e["file"]))
    return [{"file": entry["file"], "caption": entry.get("caption", entry["file"]), "kind": entry["kind"],
             "src": "data:image/png;base64," + base64.b64encode((doc.folder / "figures" / entry["file"]).read_bytes())
             .decode("ascii")} for entry in entries]


def _keyword_tables(doc: DocumentTables, chapters: list[dict], limit: int, language: str) -> list[dict]:
    keywords = doc["keywords"]
    tables = []
    for chapter in [*chapters, {"number": "all", "kind": "report", "title": None}]:
        number = str(chapter["number"])
        if number == "all":
            rows = keywords[keywords["scope"] == "report"]
            rows = rows.sort_values(["count", "term"], ascending=[False, True], kind="stable")
            label = pick(("全文（按频次）", "Whole report (by count)"), language)
        else:
            rows = over_used(keywords[keywords["chapter"] == chapter["number"]]).sort_values("keyness_rank", kind="stable")
            label = f"{chapter_label(chapter, language)}{pick(('（按关键性）', ' (by keyness)'), language)}"
        if len(rows):
            tables.append({"id": f"kw-{number}", "label": label, "chapter": "" if number == "all" else number,
                           "rows": [_cells(row) for row in frame_rows(rows.head(limit))]})
    return tables


def _cells(row: dict) -> dict:
    """A keyword row for the page: the term, and (shown, sort value) for each number."""
    cells = {"term": row["term"]}
    for key, _ in KEYWORD_COLUMNS[1:]:
        value = row[key]
        if value is None:
            cells[key] = ("", "")
        elif key.endswith("rank") or key in ("count", "paragraphs"):
            cells[key] = (f"{int(value)}", int(value))
        else:
            cells[key] = (f"{value:.2f}", value)
    return cells


def _kwic(doc: DocumentTables, terms: list[str], width: int, limit: int, keyword_settings) -> dict:
    """Each clickable term's occurrences as the tables count them: its term tokens (the keywords stage's
    filter), with their chapter, and up to ``limit`` lines of context; and how often the text has it
    inside a longer word or outside the counted text (a substring search finds those too)."""
    from pipeline.text import to_simplified

    tokens = pq.read_table(doc.folder / "tokens.parquet", columns=["chapter", "paragraph_id", "role", "kind", "norm", "pos",
                                                                   "stop_list", "start", "end"]).to_pandas()
    counted = tokens[term_tokens(tokens, keyword_settings) & tokens["norm"].isin(terms)]
    searched = to_simplified(doc.text, "auto")
    text = doc.text
    lines = {}
    for term, rows in counted.groupby("norm", sort=False):
        chapters = rows["chapter"].value_counts()
        lines[term] = {"total": len(rows), "chapters": {str(int(c)): int(n) for c, n in chapters.items()},
                       "other": max(0, searched.count(to_simplified(term, "convert")) - len(rows)),
                       "lines": [[pid, text[max(0, a - width):a].replace("\n", " "), text[a:b],
                                  text[b:b + width].replace("\n", " ")]
                                 for pid, a, b in zip(rows["paragraph_id"].head(limit), rows["start"].head(limit),
                                                      rows["end"].head(limit), strict=True)]}
    for term in terms:  # a term the filter never counts (none should be clickable; say 0 rather than fail)
        lines.setdefault(term, {"total": 0, "chapters": {}, "other": searched.count(to_simplified(term, "convert")),
                                "lines": []})
    return lines


def _script_json(value) -> Markup:
    """JSON safe inside <script type="application/json">: no <, > or & can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _topics(doc: DocumentTables) -> list[dict]:
    topics = []
    for number, rows in doc["topics"].groupby("topic", sort=True):
        topics.append({"number": int(number), "label": rows["label"].iloc[0],
                       "terms": [(t, float(w)) for t, w in zip(rows["term"], rows["weight"], strict=True)]})
    return topics


def _selection(frame: pd.DataFrame) -> str:
    """How k was chosen, in one sentence, from model_selection.csv."""
    chosen = frame[frame["chosen"].astype(str) == "True"]
    reasons = frame["reason"].dropna()
    k = f"k = {int(chosen['k'].iloc[0])}" if len(chosen) else "no model"
    return f"{k} ({reasons.iloc[0]})" if len(reasons) else k


_FEW_UNITS = re.compile(r"too few units to cluster: (\d+), at least (\d+) needed")


def _clusters(doc: DocumentTables, chapters: list[dict], language: str, weak: float) -> list[dict]:
    """The clusters within chapters, each with how much its silhouette says (Kaufman and Rousseeuw: at most
    ``weak`` no substantial structure, up to 0.5 weak)."""
    by_number = {c["number"]: c for c in chapters}
    out = []
    for record in frame_rows(doc["chapter_clusters"]):
        ids = (record.get("paragraph_ids") or "").split()
        silhouette = record.get("silhouette")
        strength = "" if silhouette is None else pick(("无明显结构", "no substantial structure"), language) \
            if silhouette <= weak else pick(("弱", "weak"), language) if silhouette <= 0.5 else pick(("较清楚", "clear"),
                                                                                                      language)
        few = _FEW_UNITS.match(record.get("note") or "")
        if few and language != "en":  # the topics stage's note, in the page's language
            record["note"] = pick((f"单元过少，未聚类（{few[1]} 个，至少需要 {few[2]} 个）", record["note"]), language)
        out.append({**record, "chapter_label": chapter_label(by_number[record["chapter"]], language),
                    "strength": strength, "weak": silhouette is not None and silhouette <= weak,
                    "paragraphs": [(pid, _anchor(pid)) for pid in ids]})
    return out


def _targets(doc: DocumentTables, language: str) -> dict:
    """This year's headline targets (with last year's result), and how many claims of each kind the report has."""
    comparison = doc["achieved_vs_target"]
    claims = doc["targets"]
    qualitative = claims[claims["headline"].astype(bool) & claims["value"].isna()]
    return {
        "headline": [{"label": row.label, "target": _figure(row.target, row.target_high, row.unit),
                      "qualifier": _text_cell(row.qualifier), "hard": hardness(_text_cell(row.hard), language),
                      "achieved": _figure(row.achieved, None, row.achieved_unit) if not pd.isna(row.achieved) else "",
                      "paragraph": _text_cell(row.achieved_paragraph_id)} for row in comparison.itertuples()],
        "qualitative": [{"indicator": row.indicator, "statement": row.statement, "paragraph": row.paragraph_id}
                        for row in qualitative.itertuples()],
        "kinds": claims["kind"].value_counts().reindex(["target", "achieved", "estimate", "plan"], fill_value=0)
        .to_dict(),
        "year": doc.document.get("year"),
    }


def _figure(value, high, unit) -> str:
    text = f"{value:g}" + (f"–{high:g}" if high is not None and not pd.isna(high) else "")
    return text + (_text_cell(unit) or "")


def _text_cell(value) -> str:
    return "" if missing(value) else str(value)


def _text(doc: DocumentTables) -> list[dict]:
    quality = doc["quality"]
    ids = quality["paragraph_ids"] if "paragraph_ids" in quality.columns else quality["paragraph_id"]
    flagged = {pid for cell in ids.dropna() for pid in str(cell).split()}  # every paragraph a finding concerns
    return [{"id": p["paragraph_id"], "anchor": _anchor(p["paragraph_id"]), "role": p["role"], "text": p["text"],
             "flagged": p["paragraph_id"] in flagged} for p in frame_rows(doc["paragraphs"])]


def _anchor(paragraph_id: str) -> str:
    return f"p-{paragraph_id}"


def _footer(doc: DocumentTables, all_settings: dict) -> dict:
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    seeds = {f"{section}.seed": values["seed"] for section, values in all_settings.items() if "seed" in values}
    return {"sha256": doc.document.get("source_sha256"), "source_file": doc.document.get("source_file"),
            "pipeline": __version__, "python": platform.python_version(), "versions": versions, "seeds": seeds,
            "settings": json.dumps(all_settings, ensure_ascii=False, indent=2)}
