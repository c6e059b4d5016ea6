"""How well the targets stage reads real reports, scored against targets a careful reader labelled.

    python -m pipeline evaluate-targets [--gold tests/gold] [--shared ../shared] [--check]

Three gold files in ``tests/gold/targets/``, each written by reading the raw reports:
- ``gdp_targets.json``: the GDP growth target of every provincial report of 2025 and 2026;
- ``headline_blocks.json``: every target of the main-targets block of 14 reports;
- ``judged_rows.json`` and ``judged_rows_holdout.json``: two samples of 100 extracted rows across
  the corpora, each with the values a reader found correct for every column (the first guided
  the rules; the second was drawn and judged after them).
The clean and targets stages run in memory on each gold report; the command prints coverage,
accuracy per field and every miss. ``--check`` exits 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

from pipeline.io import missing
from pipeline.evaluate import GOLD_DIR, SHARED_DIR, load_gold

# Share of gold items right; below it --check fails.
# The hand-read samples' floor is the lowest column's precision: a regression guard (see README for the figures).
TARGETS = {"gdp": 0.95, "headline_recall": 0.9, "headline_fields": 0.9, "judged": 0.85, "judged_holdout": 0.8}
HEADLINE_FIELDS = ("indicator", "value", "value_high", "unit", "qualifier", "direction")
JUDGED_FIELDS = ("indicator", "indicator_id", "value", "value_high", "unit", "qualifier", "hard", "direction", "kind",
                 "year")
# The words a qualifier is compared by: the printed stretch phrase varies (在实际工作中努力争取更好结果).
CORE_QUALIFIERS = re.compile(r"左右|以上|之上|以内|之内|以下|上下|不低于|不少于|至少|不超过|"
                             r"不高于|高于|低于|超过|确保|力争|争取|努力|约|多")


STRETCH_PHRASE = re.compile(r"(?:全力|努力|尽力)?(?:争取|力争)更好(?:的)?结果")


def core_qualifiers(text: str | None) -> set[str]:
    """The qualifier words of a printed qualifier; a stretch phrase (在实际工作中全力争取更好结果) counts as one."""
    text, stretched = STRETCH_PHRASE.subn("", text or "")
    return set(CORE_QUALIFIERS.findall(text)) | ({"争取更好结果"} if stretched else set())


def extract(gold_dir: Path, shared: Path, docs: set[str]) -> dict[str, pd.DataFrame]:
    """The targets table of each named gold report, cleaned in memory from its raw file."""
    from pipeline import clean, targets
    from pipeline.catalog import CleanInput
    from pipeline.cleaning.chrome import load_rules
    from pipeline.cleaning.sources import TABLE_SUFFIXES, Source
    from pipeline.config import project_path
    from pipeline.settings import load
    from pipeline.targeting.indicators import load_indicators

    settings = load()
    rules = load_rules(project_path(settings.clean.chrome_rules))
    indicators = load_indicators(project_path(settings.targets.indicators))
    sources = {Path(gold["source"]).stem: gold["source"] for _, gold in load_gold(gold_dir)}
    tables = {}
    for doc in sorted(docs):
        if doc not in sources:
            raise SystemExit(f"Error: no gold report named {doc} in {gold_dir}; its source file is unknown")
        path = shared / sources[doc]
        source = Source(path, path.stem, 1 if path.suffix.lower() in TABLE_SUFFIXES else None)
        result = clean.clean_source(source, settings=settings.clean, rules=rules)
        tables[doc], _ = targets.target_tables(CleanInput.of(result), indicators, settings.targets)
    return tables


def score_gdp(gold: dict, tables: dict[str, pd.DataFrame]) -> tuple[int, int, list[str]]:
    from pipeline.targets import headline_targets

    right, misses = 0, []
    for doc, expected in gold.items():
        rows = headline_targets(tables[doc])
        got = rows[rows["indicator_id"] == "gdp"]
        if expected.get("value") is None:
            continue
        if got.empty:
            misses.append(f"{doc}: no GDP target; expected {expected['value']} in 「{expected['sentence']}」")
            continue
        row = got.iloc[0]
        found = (row["value"], _none(row["value_high"]), core_qualifiers(row["qualifier"]))
        wanted = (expected["value"], expected.get("value_high"), core_qualifiers(expected.get("qualifier")))
        if found == wanted:
            right += 1
        else:
            misses.append(f"{doc}: got {found}, expected {wanted} from 「{expected['sentence']}」")
    return right, sum(1 for e in gold.values() if e.get("value") is not None), misses


def score_headlines(gold: dict, tables: dict[str, pd.DataFrame]) -> tuple[int, int, dict, list[str], list[str]]:
    """Gold block targets found among the headline rows, field accuracy on those found, misses and extras."""
    found, total, fields, misses, extras = 0, 0, defaultdict(int), [], []
    for doc, block in gold.items():
        rows = tables[doc]
        rows = rows[rows["headline"].astype(bool)].reset_index(drop=True)
        used = set()
        for target in block["targets"]:
            total += 1
            index = _match(target, rows, used)
            if index is None:
                misses.append(f"{doc}: not found: {target['indicator']} {target['value']} ({target['text']})")
                continue
            used.add(index)
            found += 1
            row = rows.loc[index]
            for name in HEADLINE_FIELDS:
                if _same(name, target.get(name), row[name]):
                    fields[name] += 1
                else:
                    misses.append(f"{doc}: {name} of 「{target['text']}」: got {row[name]!r}, expected {target.get(name)!r}")
        extras += [f"{doc}: extra row {rows.loc[k, 'indicator']} {rows.loc[k, 'value']} 「{rows.loc[k, 'statement']}」"
                   for k in rows.index if k not in used]
    return found, total, dict(fields), misses, extras


def _match(target: dict, rows: pd.DataFrame, used: set[int]) -> int | None:
    for k in rows.index:
        if k in used:
            continue
        row = rows.loc[k]
        if target["value"] is not None:
            if row["value"] == target["value"] and _overlap(target["indicator"], row["indicator"]):
                return k
        elif pd.isna(row["value"]) and _overlap(target["indicator"], row["indicator"]):
            return k
    return None


def _overlap(expected: str, got: str) -> bool:
    """The same indicator as written: one contains the other, or they share four characters in a row."""
    if not got:
        return False
    if expected in got or got in expected:
        return True
    return any(expected[i:i + 4] in got for i in range(len(expected) - 3))


def _same(name: str, expected, got) -> bool:
    got = _none(got)
    if name == "qualifier":
        return core_qualifiers(expected) == core_qualifiers(got)
    if name == "indicator":
        return _overlap(expected or "", got or "")
    if name in ("value", "value_high", "year"):
        return (expected is None and got is None) or (expected is not None and got is not None
                                                     and float(expected) == float(got))
    return (expected or "") == (got or "")


def _none(value):
    return None if missing(value) else value


def score_judged(judged: list[dict], tables: dict[str, pd.DataFrame]) -> tuple[int, dict, list[str]]:
    """For each judged row (found again by report, paragraph and figure, its statement first), the columns that
    match the reader's."""
    fields, misses, present = defaultdict(int), [], 0
    for item in judged:
        rows = tables[item["doc"]]
        same = rows[rows["paragraph_id"] == item["paragraph_id"]]
        if item["correct"].get("value") is not None:  # the same figure of the paragraph
            same = same[same["value"] == item["correct"]["value"]]
        else:
            same = same[same["statement"] == item["statement"]]
        same = same.sort_values("statement", key=lambda s: s != item["statement"], kind="stable")
        if same.empty:
            if item["correct"].get("not_a_claim"):  # rightly no longer extracted
                for name in JUDGED_FIELDS:
                    fields[name] += 1
            else:
                misses.append(f"{item['doc']} {item['paragraph_id']}: row no longer extracted: 「{item['statement']}」")
            continue
        present += 1
        if item["correct"].get("not_a_claim"):  # every column of a row that should not exist is wrong
            misses.append(f"{item['doc']} {item['paragraph_id']}: not a quantity claim, a reader says: 「{item['statement']}」")
            continue
        row = same.iloc[0]
        for name in JUDGED_FIELDS:
            if _same(name, item["correct"].get(name), row[name]):
                fields[name] += 1
            else:
                misses.append(f"{item['doc']} {item['paragraph_id']} {name}: got {_none(row[name])!r}, "
                              f"a reader says {item['correct'].get(name)!r} 「{item['statement']}」")
    return present, dict(fields), misses


# Hand-read samples of extracted rows: the first guided the rules' development, the second was
# drawn and judged afterwards, so its precision is what a new report can expect.
JUDGED_SAMPLES = {"judged": ("judged_rows.json", "Hand-read sample (development)"),
                  "judged_holdout": ("judged_rows_holdout.json", "Hand-read sample (held out)")}


def main_scores(gold_dir: Path, shared: Path) -> tuple[dict[str, float], list[str]]:
    folder = gold_dir / "targets"
    gdp = _read(folder / "gdp_targets.json")
    blocks = _read(folder / "headline_blocks.json")
    samples = {key: _read(folder / name).get("rows", []) for key, (name, _) in JUDGED_SAMPLES.items()
               if (folder / name).exists()}
    tables = extract(gold_dir, shared, set(gdp) | set(blocks) | {item["doc"] for rows in samples.values()
                                                                 for item in rows})
    lines, scores, misses = [], {}, []
    right, total, gdp_misses = score_gdp(gdp, tables)
    scores["gdp"] = right / total if total else 1.0
    lines.append(f"GDP growth target of provincial reports: {right}/{total} right ({scores['gdp']:.1%})")
    found, total, fields, block_misses, extras = score_headlines(blocks, tables)
    scores["headline_recall"] = found / total if total else 1.0
    scores["headline_fields"] = min((fields.get(f, 0) / found for f in HEADLINE_FIELDS), default=1.0) if found else 0.0
    lines.append(f"Main-targets blocks ({len(blocks)} reports): {found}/{total} targets found "
                 f"({scores['headline_recall']:.1%}), {len(extras)} rows not in the gold set")
    lines += [f"  {name:10s} {fields.get(name, 0)}/{found}" for name in HEADLINE_FIELDS]
    misses += gdp_misses + block_misses
    for key, judged in samples.items():
        if not judged:
            continue
        present, judged_fields, judged_misses = score_judged(judged, tables)
        scores[key] = min(judged_fields.get(f, 0) for f in JUDGED_FIELDS) / len(judged)
        lines.append(f"{JUDGED_SAMPLES[key][1]}: {present}/{len(judged)} rows still extracted; precision per column:")
        lines += [f"  {name:12s} {judged_fields.get(name, 0)}/{len(judged)} ({judged_fields.get(name, 0) / len(judged):.0%})"
                  for name in JUDGED_FIELDS]
        misses += judged_misses
    lines += ["", "Misses:"] + [f"  {m}" for m in misses]
    lines += ["", "Rows of main-targets blocks not in the gold set:"] + [f"  {e}" for e in extras]
    return scores, lines


def _read(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="gold set folder (default tests/gold)")
    parser.add_argument("--shared", type=Path, default=SHARED_DIR, help="folder of the real reports (../shared)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a score is below its target")


def main(args: argparse.Namespace) -> int:
    scores, lines = main_scores(args.gold, args.shared)
    print("\n".join(lines))
    failed = [f"{name} {scores[name]:.1%} < {target:.0%}" for name, target in TARGETS.items()
              if name in scores and scores[name] < target]
    if failed:
        print("Below target: " + "; ".join(failed), file=sys.stderr)
    return 1 if args.check and failed else 0
