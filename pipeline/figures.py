"""The figures stage: word clouds and charts of one report, in ``outputs/<doc>/figures/``.

Reads the keywords and topics stages' tables and writes PNGs plus ``figures.json``, the
list of what was drawn (and what was not, with the reason). The pictures are rendered in
a process pool: a cloud's layout search is the cost, and the clouds are independent.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from pipeline.config import project_path, stage_settings
from pipeline.catalog import read_table
from pipeline.settings import FigureSettings
from pipeline.settings import load as load_settings
from pipeline.errors import InputError
from pipeline.figuring import charts
from pipeline.resources import fonts
from pipeline.figuring.clouds import CloudSpec, cloud_png, comparison_png
from pipeline.figuring.colours import TermColours
from pipeline.io import json_bytes, write_outputs
from pipeline.resources.categories import load_categories
from pipeline.terms import over_used
from pipeline.naming import chapter_label, report_name
from pipeline.i18n import WORDS, pick, word

# what a cloud's sizes mean: (Chinese, English), and what the distinctive terms are compared with
WEIGHT_LABELS = {"genre": ("特色词 G²（对照同类报告）", "distinctive, G² against the genre"),
                 "keyness": ("关键性 G²（相对全文其余部分）", "keyness, G² against the rest of the report"),
                 "frequency": ("词频", "frequency"), "tfidf": ("TF-IDF", "TF-IDF")}
AGAINST = {"genre": ("对照同类报告", "against the genre"), "keyness": ("相对全文其余部分", "against the rest of the report")}
WEIGHT_COLUMNS = {"genre": "genre_g2", "keyness": "g2", "frequency": "count", "tfidf": "tfidf"}


@dataclass
class Inputs:
    document: dict
    keywords: pd.DataFrame
    emphasis: pd.DataFrame
    categories: pd.DataFrame
    chapter_topics: pd.DataFrame
    topics: pd.DataFrame



RUNTIME_KNOBS = ("workers",)

def cloud_spec(settings: FigureSettings, max_words: int) -> CloudSpec:
    return CloudSpec(settings.width, settings.height, max_words, settings.min_font_size, settings.max_font_size,
                     settings.prefer_horizontal, settings.layout_scale, settings.seed)

def read_inputs(doc_dir: Path) -> Inputs:
    try:
        document = json.loads((doc_dir / "clean" / "document.json").read_text(encoding="utf-8"))
        return Inputs(document, read_table(doc_dir / "keywords" / "keywords.csv"),
                      read_table(doc_dir / "keywords" / "emphasis.csv"), read_table(doc_dir / "keywords" / "categories.csv"),
                      read_table(doc_dir / "topics" / "chapter_topics.csv"), read_table(doc_dir / "topics" / "topics.csv"))
    except FileNotFoundError as err:
        raise InputError(f"{err.filename} not found; run the keywords and topics stages first (make)") from None


def plan(inputs: Inputs, settings: FigureSettings, colours: TermColours, font: Path, language: str = "zh",
         min_topic_units: int = 3) -> tuple[list, list[dict], list]:
    """(jobs, entries, skipped): what to draw, its figures.json entries, and what was left out and why. Titles
    and labels are in ``language``; chapters with fewer than ``min_topic_units`` units get no topic shares."""
    chapters = {c["number"]: c for c in inputs.document["chapters"]}
    keywords = inputs.keywords
    jobs, entries, skipped = [], [], []
    name = report_name(inputs.document)

    def add(file: str, kind: str, fn, args: tuple, options: dict | None = None, **entry) -> None:
        """Plan a picture; its title (the first argument) is its caption in figures.json."""
        jobs.append((file, kind, partial(fn, *args, **(options or {}))))
        entries.append({"file": file, "kind": kind, "caption": args[0], **entry})

    whole = keywords[keywords["scope"] == "report"]
    weights, used = _weights(whole, settings.report_weight)
    add("cloud_report.png", "word cloud", cloud_png,
        (f"{name} · {word('whole_report', language)} · {pick(WEIGHT_LABELS[used], language)}", weights, colours, font,
         cloud_spec(settings, settings.max_words)),
        chapter="all", weight=used, terms=min(len(weights), settings.max_words),
        width=settings.width, height=settings.height)
    units = [chapters[int(c)] for c in dict.fromkeys(keywords.loc[keywords["scope"] == "chapter", "chapter"])]
    for chapter in units:
        rows = keywords[keywords["chapter"] == chapter["number"]]
        weights, used = _weights(rows, settings.chapter_weight)
        if used == "genre" and len(weights) < settings.min_terms:  # few terms stand out from the genre
            weights, used = _weights(rows, "keyness")
        label = chapter_label(chapter, language)
        size = int(rows.loc[rows["count"] > 0, "count"].sum())
        if size < settings.min_chapter_tokens:
            skipped.append({"figure": f"cloud of chapter {chapter['number']} ({label})",
                            "reason": f"{size} term tokens, fewer than min_chapter_tokens = {settings.min_chapter_tokens}"})
            continue
        if len(weights) < settings.min_terms:
            skipped.append({"figure": f"cloud of chapter {chapter['number']} ({label})",
                            "reason": f"{len(weights)} weighted term(s), fewer than min_terms = {settings.min_terms}"})
            continue
        add(f"cloud_chapter_{chapter['number']:02d}.png", "word cloud", cloud_png,
            (f"{label} · {pick(WEIGHT_LABELS[used], language)}", weights, colours, font,
             cloud_spec(settings, settings.max_words)),
            chapter=chapter["number"], weight=used, terms=min(len(weights), settings.max_words),
            width=settings.width, height=settings.height)
    sectors, against = _comparison_sectors(keywords, [c for c in units if c["kind"] == "body"],
                                           settings.comparison_terms, settings.chapter_weight == "genre")
    if len(sectors) >= 2:
        add("cloud_comparison.png", "comparison cloud", comparison_png,
            (f"{name} · {word('comparison_title', language)}（{pick(AGAINST[against], language)}）",
             [(chapter_label(c, language), w) for c, w in sectors],
             colours, font, cloud_spec(settings, settings.comparison_terms)),
            chapters=[c["number"] for c, _ in sectors], weight=against, width=settings.width,
            height=settings.height)
    else:
        skipped.append({"figure": "comparison cloud", "reason": "fewer than two body chapters with over-used terms"})
    _plan_charts(inputs, settings, colours, chapters, name, add, skipped, language, min_topic_units)
    return jobs, entries, skipped


def _plan_charts(inputs: Inputs, settings: FigureSettings, colours: TermColours, chapters: dict, name: str, add,
                 skipped: list, language: str, min_topic_units: int) -> None:
    emphasis = inputs.emphasis.head(settings.heatmap_terms)
    # a chapter none of the terms occur in (a preamble, a closing) would be an empty column
    columns = [c for c in emphasis.columns if c != "term" and emphasis[c].astype(float).sum() > 0]
    if len(emphasis) and columns:
        labels = [chapter_label(chapters[emphasis_chapter(c)], language) for c in columns]
        add("heatmap_terms.png", "heatmap", charts.heatmap_png,
            (f"{name} · {word('heatmap_title', language)}", emphasis["term"].tolist(), labels,
             emphasis[columns].to_numpy(dtype=float), settings.width, word("per_10k_axis", language),
             pick(WORDS["scale_clipped"], language)), terms=len(emphasis), chapters=len(columns))
    else:
        skipped.append({"figure": "term heatmap", "reason": "emphasis.csv has no terms (no body chapter has keyness)"})
    per_chapter = inputs.categories[inputs.categories["scope"] == "chapter"]
    table = per_chapter.pivot_table(index="chapter", columns="category", values="per_10k", aggfunc="sum",
                                    sort=False).reindex(index=list(dict.fromkeys(per_chapter["chapter"]))) \
        if len(per_chapter) else pd.DataFrame()
    table = table[table.sum(axis=1) > 0]  # a preamble without category words would be an empty row
    if not len(table):
        skipped.append({"figure": "categories by chapter", "reason": "no chapter uses a term of a policy category"})
    else:
        rows = [chapter_label(chapters[int(c)], language) for c in table.index]
        series = [(colours.labels[key], colours.colour_of_category[key], table[key].to_numpy(dtype=float))
                  for key in colours.labels if key in table.columns]
        add("categories_by_chapter.png", "bar chart", charts.stacked_bars_png,
            (f"{name} · {word('categories_title', language)}", rows, series, word("category_axis", language),
             settings.width), chapters=len(rows), categories=len(series))
    topic_columns = [c for c in inputs.chapter_topics.columns if c.startswith("topic_")]
    shares = inputs.chapter_topics
    if topic_columns and "units" in shares.columns:  # a chapter of one or two units is "100%" one topic
        shares = shares[shares["units"] >= min_topic_units]
    if topic_columns and len(shares):
        labels = dict(zip(inputs.topics["topic"], inputs.topics["label"], strict=True))
        rows = [chapter_label(chapters[int(c)], language) for c in shares["chapter"]]
        series = [(f"{word('topic', language)}{i}：{labels.get(i, '')}",
                   charts.TOPIC_PALETTE[(i - 1) % len(charts.TOPIC_PALETTE)], shares[column].to_numpy(dtype=float))
                  for i, column in ((int(c.split("_")[1]), c) for c in topic_columns)]
        add("topics_by_chapter.png", "bar chart", charts.stacked_bars_png,
            (f"{name} · {word('topics_title', language)}", rows, series, word("topic_share_axis", language),
             settings.width), {"share": True}, chapters=len(rows), topics=len(series))
    elif topic_columns:
        skipped.append({"figure": "topic shares", "reason": f"no chapter has {min_topic_units} or more units "
                        "(topics.min_chapter_units)"})
    else:
        skipped.append({"figure": "topic shares", "reason": "the topics stage fitted no model (see model_selection.csv)"})


def emphasis_chapter(column: str) -> int:
    """The chapter number of an emphasis.csv column (chapter_3)."""
    return int(column.rsplit("_", 1)[1])


def _weights(rows: pd.DataFrame, weight: str) -> tuple[dict[str, float], str]:
    """(term: weight > 0, the weight used): keyness falls back to frequency where there is no keyness."""
    if weight == "genre":  # the chapter's genre-ranked terms; without a profile, keyness against the report
        ranked = rows[rows["genre_rank"].notna()] if "genre_rank" in rows.columns else rows.iloc[:0]
        if not len(ranked):
            return _weights(rows, "keyness")
        rows = ranked
    if weight == "keyness":
        ranked = over_used(rows)
        if not len(ranked):
            return _weights(rows, "frequency")[0], "frequency"
        rows = ranked
    values = rows[WEIGHT_COLUMNS[weight]].astype(float)
    keep = values > 0
    return dict(zip(rows.loc[keep, "term"], values[keep], strict=True)), weight


def _comparison_sectors(keywords: pd.DataFrame, body: list[dict], limit: int,
                        genre: bool) -> tuple[list[tuple[dict, dict[str, float]]], str]:
    """Each body chapter's top distinctive terms (against the genre where ranked, else against the
    rest of the report); a term goes to the chapter where its G² is highest."""
    chapters = keywords[keywords["chapter"].isin([c["number"] for c in body])]
    ranked = chapters[chapters["genre_rank"].notna()] if genre and "genre_rank" in chapters.columns else chapters.iloc[:0]
    against, score = ("genre", "genre_g2") if len(ranked) else ("keyness", "g2")
    rows = ranked if len(ranked) else over_used(chapters)
    best = rows.sort_values(["term", score], ascending=[True, False], kind="stable").drop_duplicates("term")
    sectors = []
    for chapter in body:
        mine = best[best["chapter"] == chapter["number"]].sort_values([score, "term"], ascending=[False, True])
        if len(mine):
            sectors.append((chapter, dict(zip(mine["term"].head(limit), mine[score].head(limit), strict=True))))
    return sectors, against


def _render(job) -> tuple[str, bytes]:
    file, _, draw = job
    return file, draw()


def render(jobs: list, workers: int) -> dict[str, bytes]:
    """Every picture's bytes; the slowest (comparison cloud, then clouds) start first."""
    slowest_first = {"comparison cloud": 0, "word cloud": 1}
    ordered = sorted(jobs, key=lambda job: (slowest_first.get(job[1], 2), job[0]))
    if workers == 1 or len(jobs) == 1:
        return dict(map(_render, ordered))
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        return dict(pool.map(_render, ordered))


def run(doc_dir: Path, outdir: Path, *, settings: FigureSettings | None = None) -> dict:
    settings = settings or FigureSettings.from_dict(stage_settings("figures"))
    inputs = read_inputs(doc_dir)
    font = fonts.font_path(settings.font_path)
    every = load_settings()  # the other stages' settings this one draws by: categories, language, topic units
    language = every.report.language
    colours = TermColours(load_categories(project_path(every.keywords.categories)), language)
    jobs, entries, skipped = plan(inputs, settings, colours, font, language, every.topics.min_chapter_units)
    # every character a picture will show: terms, titles, legends (before anything is drawn)
    fonts.check_glyphs(font, "".join(inputs.keywords["term"].astype(str)) + "".join(e["caption"] for e in entries)
                       + "".join(chapter_label(c, language) for c in inputs.document["chapters"])
                       + "".join(colours.labels.values()) + colours.other + "".join(inputs.topics["label"].astype(str)))
    charts.use_font(font)
    pictures = render(jobs, settings.workers)
    manifest = {"doc": inputs.document["doc"], "font": font.name, "figures": entries, "not_drawn": skipped,
                # what shapes the pictures; not how many processes drew them (a runtime knob)
                "settings": {k: v for k, v in asdict(settings).items() if k not in RUNTIME_KNOBS}}
    write_outputs(outdir, {**pictures, "figures.json": json_bytes(manifest)})
    for stale in set(p.name for p in outdir.glob("*.png")) - set(pictures):  # a chapter that no longer has a cloud
        (outdir / stale).unlink()
    return manifest


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc_dir", type=Path, help="a document's output folder (with keywords/ and topics/)")
    parser.add_argument("outdir", type=Path, help="folder for the PNGs and figures.json")


def main(args: argparse.Namespace) -> int:
    run(args.doc_dir, args.outdir)
    return 0
