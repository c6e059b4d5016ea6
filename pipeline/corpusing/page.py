"""The corpus's pictures and page: keyword trends, categories by report, and report.html
linking every report's own page."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from pipeline.config import stage_settings
from pipeline.corpusing import targets as corpus_targets
from pipeline.corpusing import topics as corpus_topics
from pipeline.corpusing.tables import Trends
from pipeline.corpusing.targets import TargetView
from pipeline.figuring import charts
from pipeline.i18n import WORDS, word
from pipeline.resources import fonts
from pipeline.naming import report_name
from pipeline.reporting.page import render_page


def report_label(doc: dict) -> str:
    """Short name for axes and tables: place and year, else the report's name."""
    place, year = doc.get("place"), doc.get("year")
    if place and year and not pd.isna(year):
        return f"{place} {int(year)}"
    return report_name(doc)


# More reports than this get no categories_by_report.png (a row each): the page says so.
HEATMAP_MAX_REPORTS = 150


def corpus_pages(documents: list[dict], trends: Trends, emphasis: pd.DataFrame, aligned: pd.DataFrame,
                 labels: dict[str, str], targets: TargetView, topic_files: dict[str, bytes], out_root: Path,
                 settings) -> dict[str, bytes]:
    font = fonts.font_path(stage_settings("figures").get("font_path", ""))
    charts.use_font(font)
    counted = sorted((d for d in documents if d["status"] == "ok"),
                     key=lambda d: (d.get("place") or "", d.get("year") or 0, d["doc"]))
    names = [report_label(d) for d in counted]
    pictures = {}
    terms = list(settings.trend_terms) or trends.top_terms(settings.trend_figure_terms)
    if counted and terms:
        table = trends.per_10k(terms).reindex(columns=[d["doc"] for d in counted], fill_value=0.0)
        # reports in place and year order; an empty slot between two places breaks every line there
        slots, axis = [], []
        for k, doc in enumerate(counted):
            if k and (doc.get("place") or "") != (counted[k - 1].get("place") or ""):
                slots.append(None)
                axis.append("")
            slots.append(doc["doc"])
            axis.append(names[k])
        spaced = table.reindex(columns=[d or "" for d in slots])  # a break slot ("") has no values: NaN
        series = [(t, spaced.loc[t].to_numpy(dtype=float)) for t in terms]
        pictures["trends.png"] = charts.lines_png("关键词趋势（每万词频次；不同地区之间断开）", axis, series,
                                                  "每万词频次 per 10,000 tokens", 1200)
    whole = emphasis[emphasis["scope"] == "report"]
    notes = []
    if len(counted) > HEATMAP_MAX_REPORTS:  # a row per report: 1,000 rows are a 30,000-pixel picture
        notes.append(f"categories_by_report.png: {len(counted)} reports, more than {HEATMAP_MAX_REPORTS} rows can "
                     "show; see categories.csv")
    elif len(whole):
        grid = whole.pivot_table(index="doc", columns="category", values="per_10k", aggfunc="sum", fill_value=0.0)
        grid = grid.reindex(index=[d["doc"] for d in counted], columns=list(labels), fill_value=0.0)
        pictures["categories_by_report.png"] = charts.heatmap_png(
            "各报告政策领域强调程度（每万词）", names, list(labels.values()), grid.to_numpy(dtype=float), 1200,
            word("per_10k_axis", "zh"), WORDS["scale_clipped"][0])
    target_pictures = corpus_targets.pictures(targets)
    pictures.update(target_pictures)
    topics, topic_pictures = _topic_context(topic_files)
    pictures.update(topic_pictures)
    html = _page(documents, trends, emphasis, aligned, labels, pictures, notes, font, out_root,
                 _target_context(targets, target_pictures), topics)
    return {**pictures, "report.html": html}


def _target_context(targets: TargetView, pictures: dict[str, bytes]) -> dict:
    """The page's targets section: coverage, the headline targets by place (Chinese column labels) and outcomes."""
    table = targets.table
    indicator_columns = [c for c in table.columns if c in targets.indicators.by_id]
    units = corpus_targets.headline_units(targets.heads)
    return {
        "coverage": corpus_targets.coverage(targets),
        "columns": [f"{targets.indicators.by_id[c].label}（{units.get(c, '')}）" for c in indicator_columns],
        "rows": [{"place": row["place"], "year": "" if pd.isna(row["year"]) else int(row["year"]),
                  "values": ["" if pd.isna(row[c]) else f"{row[c]:g}" for c in indicator_columns]}
                 for _, row in table.iterrows()],
        "outcomes": targets.outcomes[targets.outcomes["achieved"].notna()].to_dict("records"),
        "pictures": [name for name in ("targets_by_place.png", "targets_over_years.png") if name in pictures],
    }


def _topic_context(files: dict[str, bytes]) -> tuple[dict, dict[str, bytes]]:
    """The corpus topic model's section of the page (each topic's terms and central chapters) and its pictures."""
    if "topic_prevalence.csv" not in files:
        return {"topics": [], "pictures": [], "note": "corpus.topics is off"}, {}
    prevalence = pd.read_csv(io.BytesIO(files["topic_prevalence.csv"]), encoding="utf-8-sig", keep_default_na=False,
                             na_values=[""], dtype={"year": "Int64", "label": str, "place": str})
    table = pd.read_csv(io.BytesIO(files["topics.csv"]), encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    selection = pd.read_csv(io.BytesIO(files["topic_model_selection.csv"]), encoding="utf-8-sig",
                            keep_default_na=False, na_values=[""])
    pictures = {}
    if len(prevalence):
        over_years = corpus_topics.over_years_png(prevalence)
        if over_years is not None:
            pictures["topics_over_years.png"] = over_years
        pictures.update(corpus_topics.by_place_pngs(prevalence))
    topics = [{"topic": int(topic), "label": rows["label"].iloc[0], "terms": rows["term"].dropna().tolist(),
               "passages": [f"{r.passage_doc} · {r.passage_title or ''}" for r in rows.head(3).itertuples()]}
              for topic, rows in table.groupby("topic", sort=True)]
    chosen = selection[selection["chosen"].astype(str) == "True"]
    note = (f"k = {int(chosen['k'].iloc[0])} ({chosen['reason'].iloc[0]})" if len(chosen)
            else str(selection["reason"].iloc[0]))
    return {"topics": topics, "pictures": list(pictures), "note": note}, pictures


def _page(documents, trends, emphasis, aligned, labels, pictures, notes, font, out_root: Path, targets: dict,
          topics: dict) -> bytes:
    by_doc = {d["doc"]: d for d in documents}
    top_terms = trends.distinctive("tasks", 10)  # each report's 10 most distinctive terms in this year's tasks
    task_rows = []
    for doc, rows in aligned[aligned["role"] == "tasks"].groupby("doc", sort=False):
        cats = emphasis[(emphasis["doc"] == doc) & (emphasis["scope"] == "tasks")].sort_values("per_10k", ascending=False)
        task_rows.append({"doc": doc, "name": report_label(by_doc[doc]), "chapters": "；".join(rows["title"].fillna("")),
                          "terms": top_terms.get(doc, []),
                          "categories": [f"{r.label} {r.per_10k:.0f}" for r in cats.head(3).itertuples()]})
    context = {
        "documents": [{**d, "name": report_name(d) if d["status"] != "failed" else d["doc"],
                       "link": f"../{quote(d['doc'])}/report.html"
                       if (out_root / d["doc"] / "report.html").exists() else None} for d in documents],
        "alignment": aligned.to_dict("records"),
        "tasks": task_rows,
        "pictures": {name: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
                     for name, data in pictures.items()},
        "picture_notes": notes,
        "targets": targets,
        "corpus_topics": topics,
    }
    return render_page("corpus.html.j2", context, font)

