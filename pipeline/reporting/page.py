"""report.html: one self-contained page per document (CSS, JS and pictures inside; no network).

Everything from the input reaches the page through Jinja2 with autoescaping, or as JSON
whose <, > and & are escaped, and the page's script writes it with textContent: a report
whose text holds ``<script>`` shows it as text.
"""

from __future__ import annotations

import base64
import json
import platform
from importlib import metadata
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline import __version__
from pipeline.io import frame_rows, missing
from pipeline.terms import compared_with, headline, over_used
from pipeline.kwic import kwic_rows
from pipeline.naming import chapter_label, report_name
from pipeline.resources.fonts import font_path
from pipeline.reporting.tables import DocumentTables
from pipeline.reporting.webfont import font_face_css

PACKAGES = ("jieba", "rjieba", "scikit-learn", "wordcloud", "pandas", "numpy", "pyarrow", "matplotlib", "opencc",
            "scipy", "jinja2", "mplfonts")
KEYWORD_COLUMNS = [("term", "词语 term", "text"), ("count", "频次 count", "number"),
                   ("per_10k", "每万词 per 10k", "number"), ("paragraphs", "段落数 paragraphs", "number"),
                   ("g2", "G²", "number"), ("log_ratio", "Log Ratio", "number"),
                   ("keyness_rank", "关键性名次 keyness rank", "number"), ("tfidf_rank", "TF-IDF 名次", "number"),
                   ("textrank_rank", "TextRank 名次", "number")]


def html_bytes(doc: DocumentTables, settings, all_settings: dict, profile: dict | None = None) -> bytes:
    """The page; ``profile`` describes the genre profile the keywords were compared with (None: none)."""
    chapters = doc.document["chapters"]
    keyword_tables = _keyword_tables(doc, chapters, settings.keyword_rows)
    overview = _overview(doc, chapters)
    topics = _topics(doc)
    # every term the page lets a reader click: keyword tables, the overview, the topics
    terms = list(dict.fromkeys([*(row["term"] for table in keyword_tables for row in table["rows"]),
                                *(t for row in overview for t in row["top_terms"]),
                                *(t for topic in topics for t, _ in topic["terms"])]))
    context = {
        "name": report_name(doc.document),
        "document": doc.document,
        "metadata": _metadata(doc.document),
        "quality": frame_rows(doc["quality"]),
        "overview": overview,
        "compared_with": compared_with(profile),
        "figures": _figures(doc),
        "keyword_tables": keyword_tables,
        "keyword_columns": KEYWORD_COLUMNS,
        "kwic_json": _script_json(_kwic(doc, terms, settings.kwic_width, settings.kwic_lines)),
        "topics": topics,
        "selection": _selection(doc["model_selection"]),
        "clusters": _clusters(doc, chapters),
        "targets": _targets(doc),
        "text": _text(doc),
        "footer": _footer(doc, all_settings),
    }
    return render_page("report.html.j2", context, font_path(settings.font_path) if settings.embed_font else None)


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


def _metadata(document: dict) -> list[tuple[str, object]]:
    names = [("title", "标题 title"), ("place", "地区 place"), ("year", "年份 year"), ("meeting", "会议 meeting"),
             ("date", "日期 date"), ("speaker", "报告人 speaker"), ("role", "职务 role"),
             ("source_file", "来源文件 source file"), ("source_encoding", "编码 encoding")]
    return [(label, document.get(key)) for key, label in names if document.get(key) not in (None, "")]


def _overview(doc: DocumentTables, chapters: list[dict]) -> list[dict]:
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
        if len(share_row):
            values = share_row.iloc[0][[c for c in shares.columns if c.startswith("topic_")]].astype(float)
            if values.sum() > 0:
                best = int(values.idxmax().split("_")[1])
                topic = f"主题{best} {topic_labels.get(best, '')} ({values.max():.0%})"
        cats = categories[(categories["chapter"] == number) & (categories["hits"] > 0)]
        category = None
        if len(cats):
            best_cat = cats.sort_values(["per_10k", "label"], ascending=[False, True]).iloc[0]
            category = f"{best_cat['label']} ({best_cat['per_10k']:.0f}/万词)"
        rows.append({"number": number, "label": chapter_label(chapter), "kind": chapter["kind"],
                     "anchor": _anchor(mine.iloc[0]["paragraph_id"]), "paragraphs": len(mine),
                     "characters": int(mine["text"].str.len().sum()),
                     "tokens": doc.tokens_per_chapter.get(number, 0),
                     "top_terms": top["term"].head(5).tolist(),
                     "topic": topic, "category": category})
    return rows


def _figures(doc: DocumentTables) -> list[dict]:
    """The figures stage's pictures as data URLs, captioned with their titles (figures.json)."""
    return [{"file": entry["file"], "caption": entry.get("caption", entry["file"]), "kind": entry["kind"],
             "src": "data:image/png;base64," + base64.b64encode((doc.folder / "figures" / entry["file"]).read_bytes())
             .decode("ascii")} for entry in doc.figures["figures"]]


def _keyword_tables(doc: DocumentTables, chapters: list[dict], limit: int) -> list[dict]:
    keywords = doc["keywords"]
    tables = []
    for chapter in [*chapters, {"number": "all", "kind": "report", "title": None}]:
        number = str(chapter["number"])
        if number == "all":
            rows = keywords[keywords["scope"] == "report"]
            rows = rows.sort_values(["count", "term"], ascending=[False, True], kind="stable")
            label = "全文 whole report (by count)"
        else:
            rows = over_used(keywords[keywords["chapter"] == chapter["number"]]).sort_values("keyness_rank", kind="stable")
            label = f"{chapter_label(chapter)} (by keyness)"
        if len(rows):
            tables.append({"id": f"kw-{number}", "label": label,
                           "rows": [_cells(row) for row in frame_rows(rows.head(limit))]})
    return tables


def _cells(row: dict) -> dict:
    """A keyword row for the page: the term, and (shown, sort value) for each number."""
    cells = {"term": row["term"]}
    for key, _, _ in KEYWORD_COLUMNS[1:]:
        value = row[key]
        if value is None:
            cells[key] = ("", "")
        elif key.endswith("rank") or key in ("count", "paragraphs"):
            cells[key] = (f"{int(value)}", int(value))
        else:
            cells[key] = (f"{value:.2f}", value)
    return cells


def _kwic(doc: DocumentTables, terms: list[str], width: int, limit: int) -> dict:
    from pipeline.text import to_simplified

    paragraphs = doc["paragraphs"].to_dict("records")
    searched = to_simplified(doc.text, "auto")  # once, not once per term
    lines = {}
    for term in terms:
        rows = kwic_rows(doc.document["doc"], doc.text, paragraphs, term, width, searched=searched)
        lines[term] = {"total": len(rows), "lines": [[r["paragraph_id"], r["left"], r["term"], r["right"]]
                                                      for r in rows[:limit]]}
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


def _clusters(doc: DocumentTables, chapters: list[dict]) -> list[dict]:
    by_number = {c["number"]: c for c in chapters}
    out = []
    for record in frame_rows(doc["chapter_clusters"]):
        ids = (record.get("paragraph_ids") or "").split()
        out.append({**record, "chapter_label": chapter_label(by_number[record["chapter"]]),
                    "paragraphs": [(pid, _anchor(pid)) for pid in ids]})
    return out


def _targets(doc: DocumentTables) -> dict:
    """This year's headline targets (with last year's result), and how many claims of each kind the report has."""
    comparison = doc["achieved_vs_target"]
    claims = doc["targets"]
    qualitative = claims[claims["headline"].astype(bool) & claims["value"].isna()]
    return {
        "headline": [{"label": row.label, "target": _figure(row.target, row.target_high, row.unit),
                      "qualifier": _text_cell(row.qualifier), "hard": _text_cell(row.hard),
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
    flagged = set(doc["quality"]["paragraph_id"].dropna())
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
