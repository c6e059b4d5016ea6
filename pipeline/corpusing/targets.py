"""The corpus's targets: every report's claims in one table, the headline targets by place, each
target beside the result the next year's report gives for it, and their figures.

A place's reports are ordered by year; last year's target meets this year's reported result
only when both reports are in the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.catalog import read_table
from pipeline.corpusing.tables import places_with_years
from pipeline.errors import InputError
from pipeline.io import frame_csv
from pipeline.places import level_of
from pipeline.targets import TARGET_COLUMNS, headline_targets, one_year_results, signed_result, target_met
from pipeline.targeting.indicators import Indicators

# Places drawn in targets_over_years.png (a panel each): the ones with the most report years.
MAX_PLACES = 12
CORPUS_TARGET_COLUMNS = ["doc", "place", "level", "report_year", *TARGET_COLUMNS]
TEXT_COLUMNS = ("statement", "sentence")
CLAIM_COLUMNS = [c for c in CORPUS_TARGET_COLUMNS if c not in TEXT_COLUMNS]  # the claims held in memory
_HEADER = ("\ufeff" + ",".join(CORPUS_TARGET_COLUMNS) + "\n").encode("utf-8")
HEADLINE_KEYS = ["doc", "place", "level", "year"]
OUTCOME_COLUMNS = ["place", "level", "indicator_id", "label", "year", "target", "target_high", "unit", "qualifier",
                   "hard", "direction", "achieved", "achieved_kind", "met", "next_target", "next_target_high",
                   "next_qualifier", "target_doc", "result_doc"]


@dataclass
class TargetView:
    claims: pd.DataFrame  # the reports' targets and results (``collect``), with place, level and report year
    heads: pd.DataFrame  # the headline target per report and indicator
    table: pd.DataFrame  # places (and years) by indicator
    outcomes: pd.DataFrame  # targets beside next year's reported results
    indicators: Indicators
    documents: list[dict]  # the counted reports
    out_root: Path


def view(out_root: Path, documents: list[dict], indicators: Indicators) -> TargetView:
    claims = collect(out_root, documents)
    heads = headlines(claims)
    return TargetView(claims, heads, headline_table(heads, indicators), outcomes(claims, heads, indicators), indicators,
                      documents, out_root)


def files(view: TargetView) -> dict:
    return {"targets.csv": targets_csv(view.out_root, view.documents),
            "headline_targets.csv": frame_csv(view.table, list(view.table.columns)),
            "target_outcomes.csv": frame_csv(view.outcomes, OUTCOME_COLUMNS)}


def pictures(view: TargetView) -> dict[str, bytes]:
    found = {"targets_by_place.png": by_place_figure(view.heads, view.indicators),
             "targets_over_years.png": over_years_figure(view.heads, view.outcomes, view.indicators)}
    return {name: data for name, data in found.items() if data is not None}


def coverage(view: TargetView) -> list[str]:
    """How many reports of each level have a GDP growth target, for the page."""
    lines = []
    for level, name in (("national", "全国"), ("provincial", "省级"), ("local", "地方")):
        reports = sum(level_of(doc.get("place")) == level for doc in view.documents)
        if reports:
            with_gdp = view.heads[(view.heads["level"] == level) & (view.heads["indicator_id"] == "gdp")
                                  & (view.heads["unit"] == "%")]["doc"].nunique()
            lines.append(f"{name}报告 {reports} 份，其中 {with_gdp} 份给出生产总值增长目标")
    return lines


def collect(out_root: Path, documents: list[dict]) -> pd.DataFrame:
    """Every counted report's targets.csv, with its place, level and year, as far as the corpus tables
    read it (``targets_csv`` writes every row and column, report by report); reports without one are
    skipped."""
    frames = [_needed(rows).drop(columns=list(TEXT_COLUMNS)) for rows in _claims_by_report(out_root, documents)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CLAIM_COLUMNS)


def _needed(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows the headline targets and their outcomes read: targets, and one-year results of a named
    indicator; and the report's first row, which says the report is there (plans are most rows)."""
    needed = (rows["kind"] == "target") | rows.index.isin(one_year_results(rows).index) | (np.arange(len(rows)) == 0)
    return rows[needed]


def targets_csv(out_root: Path, documents: list[dict]):
    """A writer of the corpus's targets.csv (for ``write_outputs``): every report's rows, read and written
    one report at a time (at corpus scale the statements and sentences are hundreds of MB)."""
    def write(fh) -> None:
        header = True
        for rows in _claims_by_report(out_root, documents):
            fh.write(frame_csv(rows, CORPUS_TARGET_COLUMNS)[len(_HEADER) if not header else 0:])
            header = False
        if header:
            fh.write(frame_csv(pd.DataFrame(columns=CORPUS_TARGET_COLUMNS), CORPUS_TARGET_COLUMNS))

    return write


def _claims_by_report(out_root: Path, documents: list[dict]):
    """Each counted report's claims with its place, level and year, typed alike whatever the report holds."""
    for doc in documents:
        try:
            rows = read_table(out_root / doc["doc"] / "targets" / "targets.csv",
                              dtype={"qualifier": str, "value": float, "value_high": float, "year": "Int64"})
        except (InputError, ValueError):
            continue
        year = doc.get("year")
        rows = rows.assign(doc=doc["doc"], place=doc.get("place") or "", level=level_of(doc.get("place")),
                           report_year=pd.array([pd.NA if year is None or pd.isna(year) else int(year)] * len(rows),
                                                dtype="Int64"))[CORPUS_TARGET_COLUMNS]
        for name in ("indicator_id", "qualifier", "hard", "basis", "unit", "direction"):  # text columns: "" not NaN
            rows[name] = rows[name].astype(object).where(rows[name].notna(), "")
        yield rows


def headlines(targets: pd.DataFrame) -> pd.DataFrame:
    """Each report's headline target per indicator (one row per report and indicator), in one pass."""
    return headline_targets(targets).reset_index(drop=True)


def headline_units(heads: pd.DataFrame) -> dict[str, str]:
    """Each indicator's unit in the table of headline targets: the one most reports use (ties: the first seen)."""
    counts = heads.groupby(["indicator_id", "unit"], sort=False).size().reset_index(name="n")
    counts = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates("indicator_id")
    return dict(zip(counts["indicator_id"], counts["unit"], strict=True))


def headline_table(heads: pd.DataFrame, indicators: Indicators) -> pd.DataFrame:
    """Places (and years) by indicator: the headline target's value (the low end of a range), in the unit most
    reports use for that indicator (a target in another unit, 亿斤 where most write 万吨, stays in targets.csv)."""
    if heads.empty:
        return pd.DataFrame(columns=HEADLINE_KEYS)
    units = headline_units(heads)
    heads = heads[heads["unit"] == heads["indicator_id"].map(units)]
    columns = [i for i in indicators.by_id if i in set(heads["indicator_id"])]
    wide = heads.pivot_table(index=["doc", "place", "level", "report_year"], columns="indicator_id", values="value",
                             aggfunc="first")
    wide = wide.reindex(columns=columns).reset_index().rename(columns={"report_year": "year"})
    wide["year"] = wide["year"].astype("Int64")
    return wide.sort_values(["level", "place", "year"], key=_level_order, kind="stable").reset_index(drop=True)


def _level_order(column: pd.Series) -> pd.Series:
    return column.map({"national": 0, "provincial": 1, "local": 2}).fillna(3) if column.name == "level" else column


def outcomes(targets: pd.DataFrame, heads: pd.DataFrame, indicators: Indicators) -> pd.DataFrame:
    """Each headline target beside the result the same place's next report gives for that year (signed as the
    target counts it), and the next year's target: for places with reports of consecutive years."""
    first_result = {}  # (doc, indicator, unit, year) -> the first mention
    for row in one_year_results(targets).itertuples():
        if not pd.isna(row.year):
            first_result.setdefault((row.doc, row.indicator_id, row.unit, int(row.year)), row)
    reports = targets[(targets["place"] != "") & targets["report_year"].notna()]
    report_of = {(row.place, int(row.report_year)): row.doc for row in reports.drop_duplicates("doc").itertuples()}
    placed = heads[(heads["place"] != "") & heads["report_year"].notna()]
    target_of = {(row.place, row.indicator_id, row.unit, int(row.report_year)): row for row in placed.itertuples()}
    rows = []
    for (place, indicator_id, unit, year), target in sorted(target_of.items()):
        result_doc = report_of.get((place, year + 1))
        if result_doc is None:
            continue  # no report of the next year for this place
        result = first_result.get((result_doc, indicator_id, unit, year))
        achieved = None if result is None else signed_result(result.value, result.direction, target.direction)
        nxt = target_of.get((place, indicator_id, unit, year + 1))
        indicator = indicators.by_id.get(indicator_id)
        rows.append({"place": place, "level": target.level, "indicator_id": indicator_id,
                     "label": indicator.label if indicator else "", "year": year, "target": target.value,
                     "target_high": target.value_high, "unit": unit, "qualifier": target.qualifier,
                     "hard": target.hard, "direction": target.direction, "achieved": achieved,
                     "achieved_kind": "" if result is None else result.kind,
                     "met": None if result is None else target_met(target.direction, target.value, target.value_high,
                                                                   achieved),
                     "next_target": None if nxt is None else nxt.value,
                     "next_target_high": None if nxt is None else nxt.value_high,
                     "next_qualifier": "" if nxt is None else nxt.qualifier,
                     "target_doc": target.doc, "result_doc": result_doc})
    table = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    table["met"] = table["met"].astype("boolean")
    return table


def figure_indicators(heads: pd.DataFrame, indicators: Indicators, level: str, limit: int) -> list[str]:
    """The headline indicators most places of a level set a target for, in the list's order of importance."""
    counts = heads[heads["level"] == level].groupby("indicator_id")["place"].nunique()
    chosen = [i for i in indicators.by_id if indicators.by_id[i].headline and counts.get(i, 0) >= 2]
    return sorted(chosen, key=lambda i: -counts[i])[:limit]


def by_place_figure(heads: pd.DataFrame, indicators: Indicators, limit: int = 4) -> bytes | None:
    """Provincial headline targets, one panel per indicator, bars by year, the national target as a line."""
    from pipeline.figuring import charts

    chosen = figure_indicators(heads, indicators, "provincial", limit)
    if not chosen:
        return None
    heads = heads[heads["unit"] == heads["indicator_id"].map(headline_units(heads))]  # one unit per panel
    panels = []
    for indicator_id in chosen:
        rows = heads[(heads["indicator_id"] == indicator_id) & (heads["level"] == "provincial")]
        national = heads[(heads["indicator_id"] == indicator_id) & (heads["level"] == "national")]
        years = sorted(int(y) for y in rows["report_year"].dropna().unique())
        places = sorted(rows["place"].unique())
        values = np.full((len(places), len(years)), np.nan)
        for row in rows.itertuples():
            if not pd.isna(row.report_year):
                values[places.index(row.place), years.index(int(row.report_year))] = row.value
        reference = {int(r.report_year): r.value for r in national.itertuples() if int(r.report_year) in years}
        unit = rows["unit"].iloc[0]
        panels.append((f"{indicators.by_id[indicator_id].label}（{unit}）", places, years, values, reference))
    return charts.grouped_bars_png("各地主要预期目标", panels, "全国目标", 1200)


def over_years_figure(heads: pd.DataFrame, outcome: pd.DataFrame, indicators: Indicators,
                      min_years: int = 3) -> bytes | None:
    """Targets over the years for each place with several reports (lines never join two places), with the
    result the next report gives, where there is one: the MAX_PLACES places with the most years."""
    from pipeline.figuring import charts

    panels = []
    chosen = places_with_years(heads, "report_year", min_years, MAX_PLACES)
    for place, group in heads[heads["place"].isin(chosen)].groupby("place", sort=True):
        series = []
        for indicator_id in [i for i in indicators.by_id if indicators.by_id[i].headline]:
            rows = group[(group["indicator_id"] == indicator_id) & (group["unit"] == "%")]
            if len(rows) < 2:
                continue
            label = indicators.by_id[indicator_id].label
            series.append((f"{label} 目标", rows["report_year"], rows["value"], "-"))
            results = outcome[(outcome["place"] == place) & (outcome["indicator_id"] == indicator_id)
                              & (outcome["unit"] == "%") & outcome["achieved"].notna()]
            if len(results):
                series.append((f"{label} 实际", results["year"], results["achieved"], "--"))
        if series:
            panels.append((place, series))
    if not panels:
        return None
    return charts.year_lines_png("主要预期目标的历年变化（%）", panels, 1200)
