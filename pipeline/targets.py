"""The targets stage: every quantity claim of a report as data (targets/targets.csv), and this
year's headline targets beside last year's results (targets/achieved_vs_target.csv).

``target_tables`` is the pure core (clean records in, tables out); ``main`` reads the clean
stage's files and writes ``outputs/<doc>/targets/``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

from pipeline.catalog import CleanInput, read_clean
from pipeline.config import project_path, stage_settings
from pipeline.io import frame_csv, write_outputs
from pipeline.roles import role_of_title
from pipeline.settings import TargetSettings
from pipeline.targeting.claims import Claim, ClaimReader, Context
from pipeline.targeting.indicators import Indicators, load_indicators

TARGET_COLUMNS = ["indicator", "indicator_id", "value", "value_high", "unit", "qualifier", "hard", "direction", "kind",
                  "headline", "stretch", "basis", "year", "chapter", "paragraph_id", "statement", "sentence"]
COMPARISON_COLUMNS = ["indicator_id", "label", "year", "target", "target_high", "unit", "qualifier", "hard",
                      "direction", "previous_year", "achieved", "achieved_unit", "achieved_paragraph_id"]
# A chapter title about the past (2025年主要工作和“十四五”发展成就, 改革开放…取得伟大成就的五年).
PAST_TITLE = re.compile(r"回顾|成就|成绩|取得|过去")
# Paragraphs that state no claims: the title block (its dates are not figures). The opening address is read:
# where a page ran the whole report into one line, the clean stage can only call all of it the address.
SKIPPED_ROLES = ("front_matter",)


def target_tables(clean: CleanInput, indicators: Indicators,
                  settings: TargetSettings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(targets, achieved_vs_target) of one report. Pure."""
    year = int(clean.document["year"]) if clean.document.get("year") else None
    reader = ClaimReader(indicators)
    roles = claim_roles(clean.chapters, year, indicators)
    rows, context = [], Context(None, year)
    for paragraph in clean.paragraphs:
        if paragraph["role"] in SKIPPED_ROLES:
            continue
        chapter = int(paragraph["chapter"])
        context.role = roles.get(chapter)
        for claim in reader.paragraph(paragraph["text"], context):
            if claim.kind in settings.kinds:
                rows.append(_row(claim, indicators, chapter, paragraph["paragraph_id"]))
    targets = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    for column in ("year", "chapter"):
        targets[column] = targets[column].astype("Int64")
    return targets, achieved_vs_target(targets, indicators, year)


def claim_roles(chapters: list[dict], year: int | None, indicators: Indicators) -> dict[int, str | None]:
    """Each chapter's role as the claims read it: "review" for a chapter about the past (its title names an
    earlier year, achievements, or it is an untitled-role first chapter: the genre opens with the review),
    else its title's role (tasks, plan, ...)."""
    roles, first = {}, True
    for chapter in chapters:
        number = int(chapter["number"])
        if chapter["kind"] != "body":
            roles[number] = None
            continue
        title = indicators.quantities.normalise(chapter["title"] or "")
        role = role_of_title(title)
        years = [int(y) for y in re.findall(r"(\d{4})年", title)]
        if role != "self_building" and ((year and years and max(years) < year) or PAST_TITLE.search(title)
                                         or (first and role is None)):
            role = "review"
        roles[number], first = role, False
    return roles


def _row(claim: Claim, indicators: Indicators, chapter: int, paragraph_id: str) -> dict:
    coded = claim.kind in ("target", "plan")  # hard/soft describes a commitment, not a result
    return {"indicator": claim.indicator, "indicator_id": claim.indicator_id, "value": claim.value,
            "value_high": claim.value_high, "unit": claim.unit, "qualifier": "、".join(claim.qualifiers),
            "hard": indicators.coding(claim.qualifiers, claim.direction) if coded else "", "direction": claim.direction,
            "kind": claim.kind, "headline": claim.headline, "stretch": claim.stretch, "basis": claim.basis,
            "year": claim.year, "chapter": chapter, "paragraph_id": paragraph_id, "statement": claim.statement,
            "sentence": claim.sentence}


def headline_targets(targets: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Each indicator's main target of the report's own year (``year``, or each row's ``report_year`` in a
    corpus table of many reports): the first target row with a figure, main-targets block first, stretch goals
    and yearly averages left out. One row per indicator and unit (突破5000亿元、增长6%左右: both), per report in a
    corpus table."""
    rows = targets[(targets["kind"] == "target") & (targets["indicator_id"] != "") & targets["value"].notna()
                   & ~targets["stretch"].astype(bool) & (targets["basis"] != "年均")]
    if "report_year" in rows.columns:
        rows = rows[rows["year"] == rows["report_year"]]
    elif year is not None:
        rows = rows[rows["year"] == year]
    rows = rows.sort_values("headline", ascending=False, kind="stable")
    keys = ["doc", "indicator_id", "unit"] if "doc" in rows.columns else ["indicator_id", "unit"]
    return rows.drop_duplicates(keys).sort_index()


def one_year_results(targets: pd.DataFrame) -> pd.DataFrame:
    """Results a report gives (achieved, or estimated: 预计) for one year and a named indicator."""
    return targets[targets["kind"].isin(("achieved", "estimate")) & (targets["basis"] == "")
                   & (targets["indicator_id"] != "")]


def signed_result(value: float, result_direction: str, target_direction: str) -> float:
    """A result as its target counts it: against a growth target a fall is negative (下降5% is -5), and
    against a target to cut, a rise is."""
    opposite = {("下降", "增长"), ("增长", "下降"), ("下降", "")}
    return -value if (result_direction, target_direction) in opposite else value


def target_met(direction: str, value: float, high: float | None, result: float) -> bool:
    """A ceiling (控制在) is met at or under it (a range's high end), anything else at or above its low end."""
    if direction == "控制在":
        return bool(result <= (value if high is None or pd.isna(high) else high))
    return bool(result >= value)


def achieved_vs_target(targets: pd.DataFrame, indicators: Indicators, year: int | None) -> pd.DataFrame:
    """This year's headline targets beside last year's results for the same indicator, as the review reports
    them (or estimates them: 预计; same unit; averages over several years left out; a fall signed negative
    against a growth target)."""
    results = one_year_results(targets)
    rows = []
    for _, target in headline_targets(targets, year).iterrows():
        previous = None if pd.isna(target["year"]) else int(target["year"]) - 1
        same = results[(results["indicator_id"] == target["indicator_id"]) & (results["unit"] == target["unit"])
                       & (results["year"] == previous)] if previous is not None else results.iloc[0:0]
        result = same.iloc[0] if len(same) else None
        indicator = indicators.by_id.get(target["indicator_id"])
        rows.append({"indicator_id": target["indicator_id"], "label": indicator.label if indicator else "",
                     "year": target["year"], "target": target["value"], "target_high": target["value_high"],
                     "unit": target["unit"], "qualifier": target["qualifier"], "hard": target["hard"],
                     "direction": target["direction"], "previous_year": previous,
                     "achieved": None if result is None else signed_result(result["value"], result["direction"],
                                                                           target["direction"]),
                     "achieved_unit": "" if result is None else result["unit"],
                     "achieved_paragraph_id": "" if result is None else result["paragraph_id"]})
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    for column in ("year", "previous_year"):
        table[column] = table[column].astype("Int64")
    return table


def output_files(targets: pd.DataFrame, comparison: pd.DataFrame) -> dict[str, bytes]:
    return {"targets.csv": frame_csv(targets, TARGET_COLUMNS),
            "achieved_vs_target.csv": frame_csv(comparison, COMPARISON_COLUMNS)}


def run(doc_dir: Path, outdir: Path, *, settings: TargetSettings | None = None,
        indicators: Indicators | None = None) -> pd.DataFrame:
    """The targets stage for one report (its clean/ folder in, targets/ out)."""
    settings = settings or TargetSettings.from_dict(stage_settings("targets"))
    indicators = indicators or load_indicators(project_path(settings.indicators))
    return write_targets(read_clean(doc_dir / "clean"), outdir, settings, indicators)


def write_targets(clean: CleanInput, outdir: Path, settings: TargetSettings, indicators: Indicators) -> pd.DataFrame:
    """The targets stage on clean records already in memory (corpus mode)."""
    targets, comparison = target_tables(clean, indicators, settings)
    write_outputs(outdir, output_files(targets, comparison))
    return targets


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc_dir", type=Path, help="a document's output folder (with clean/)")
    parser.add_argument("outdir", type=Path, help="folder for targets.csv and achieved_vs_target.csv")


def main(args: argparse.Namespace) -> int:
    targets = run(args.doc_dir, args.outdir)
    print(f"{len(targets)} claims, {int((targets['kind'] == 'target').sum())} targets -> {args.outdir}")
    return 0
