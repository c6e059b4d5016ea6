"""How well the clean stage reads real reports, scored against a gold set labelled by reading them.

    python -m pipeline evaluate [--gold tests/gold] [--shared ../shared] [--check]

Each gold file (``tests/gold/**/*.json``) records what a careful reader sees in one report:
its body chapter titles in order, title, place, year, date and speaker. The clean stage runs
on every gold report (in memory, nothing written); the command prints the accuracy of each
field, the page chrome left in ``clean.txt`` (lines matching a list of markers kept apart
from the chrome rules), passages left repeated, and every miss. ``--check`` exits 1 when a
target is not met.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import ROOT

GOLD_DIR = ROOT / "tests" / "gold"
SHARED_DIR = ROOT.parent / "shared"
FIELDS = ("chapters", "title", "place", "year", "date", "speaker")
# Targets of the gold set: share of reports right per field; chrome lines and repeats left.
TARGETS = {"chapters": 0.95, "title": 0.95, "place": 0.95, "year": 0.95, "speaker": 0.95}
_REPEAT_MIN = 40  # a paragraph of at least this many characters seen twice is a repeat left
_REMOVED_MIN = 30  # removed lines of at least this many letters and digits are listed for a reader
_TRAILING = "。．.：:；;，,！!？? \u3000"


@dataclass
class Score:
    report: str
    misses: list[tuple[str, object, object]] = field(default_factory=list)  # (field, expected, got)
    chrome: list[str] = field(default_factory=list)
    repeats: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, line): long lines gone from the text
    ledger_ok: bool = True  # clean.txt and the log rebuild the decoded input exactly
    error: str = ""


def normalised(value):
    """Compare as a reader would: width, spaces and trailing punctuation do not count."""
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if not isinstance(value, str):
        return value
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    return text.rstrip(_TRAILING) or None


def load_gold(gold_dir: Path) -> list[tuple[Path, dict]]:
    """One gold file per report (targets/ holds the targets stage's gold, scored by evaluate_targets)."""
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(gold_dir.rglob("*.json"))
            if path.parent.name != "targets"]


def load_markers(gold_dir: Path) -> list[re.Pattern]:
    path = gold_dir / "chrome_markers.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [re.compile(line) for line in lines if line.strip() and not line.startswith("#")]


def observed(document: dict) -> dict:
    """The fields of a cleaned report's document.json, in the gold set's terms."""
    chapters = [c["title"] for c in document["chapters"] if c["kind"] == "body" and c["title"]]
    return {"chapters": chapters, **{k: document.get(k) for k in FIELDS if k != "chapters"}}


def score(gold: dict, result, markers: list[re.Pattern], original: str | None = None) -> Score:
    outcome = Score(gold["source"])
    if original is not None:
        outcome.ledger_ok = ledger_balances(original, result)
    got = observed(result.document)
    for name in FIELDS:
        expected = gold.get(name)
        accepted = [expected] + (gold.get("title_alternatives", []) if name == "title" else [])
        if normalised(got[name]) not in [normalised(a) for a in accepted]:
            outcome.misses.append((name, expected, got[name]))
    lines = [line for line in result.text.split("\n") if line.strip()]
    outcome.chrome = [line for line in lines if any(m.search(line) for m in markers)]
    counts = Counter(line for line in lines if len(line) >= _REPEAT_MIN)
    outcome.repeats = [line for line, n in counts.items() if n > 1]
    outcome.removed = removed_passages(result)
    return outcome


def ledger_balances(original: str, result) -> bool:
    """Every character of the input is kept in the text or logged: the two rebuild the input."""
    from pipeline.cleaning.ledger import replay

    rows = result.log
    rebuilt = replay(original, [(r["start"], r["end"], r["replacement"]) for r in rows])
    return rebuilt == result.text and all(original[r["start"]:r["end"]] == r["original"] for r in rows)


def removed_passages(result) -> list[tuple[str, str]]:
    """Long lines the cleaner removed whose words are nowhere in clean.txt: a reader checks that
    each is page chrome (a caption, a byline, a link list), not lost report text."""
    kept = _letters(result.text)
    gone = []
    for row in result.log:
        if row["replacement"]:
            continue
        for line in row["original"].split("\n"):
            key = _letters(re.sub(r"<U\+[0-9A-Fa-f]{4,6}>", "", line))
            if len(key) >= _REMOVED_MIN and key not in kept:
                gone.append((row["rule"], line.strip()))
    return list(dict.fromkeys(gone))  # a page's repeated caption once


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def evaluate(gold_dir: Path = GOLD_DIR, shared: Path = SHARED_DIR, *, only: str = "",
             keep: Path | None = None) -> list[Score]:
    """Clean every gold report and score it."""
    from pipeline import jieba_model
    from pipeline.clean import CleanSettings, clean_report, limits
    from pipeline.cleaning.chrome import load_rules
    from pipeline.cleaning.sources import TABLE_SUFFIXES, Source, read_source
    from pipeline.config import project_path, stage_settings
    from pipeline.errors import PipelineError

    settings = CleanSettings.from_dict(stage_settings("clean"))
    rules = load_rules(project_path(settings.chrome_rules))
    model = jieba_model.word_model()
    markers = load_markers(gold_dir)
    scores = []
    for path, gold in load_gold(gold_dir):
        if only and only not in gold["source"]:
            continue
        source_path = shared / gold["source"]
        source = Source(source_path, source_path.stem, 1 if source_path.suffix.lower() in TABLE_SUFFIXES else None)
        try:
            raw = read_source(source, limits=limits(settings), encoding=settings.encoding)
            result = clean_report(raw, name=str(source_path), settings=settings, rules=rules,
                                  word_model=lambda: model, doc=source.doc)
        except PipelineError as err:
            scores.append(Score(gold["source"], error=str(err)))
            continue
        scores.append(score(gold, result, markers, raw.decoded.text))
        if keep is not None:  # the cleaned text, for a reader checking the misses
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{path.stem}.txt").write_text(result.text, encoding="utf-8")
    return scores


def summary(scores: list[Score]) -> tuple[list[str], bool]:
    """The report's lines and whether every target is met."""
    total = len(scores)
    lines, ok = [f"{total} gold report(s)"], total > 0
    for name in FIELDS:
        right = sum(1 for s in scores if not s.error and all(m[0] != name for m in s.misses))
        target = TARGETS.get(name)
        met = target is None or (total and right / total >= target)
        ok = ok and bool(met)
        goal = f" (target {target:.0%})" if target else ""
        lines.append(f"  {name:9s} {right:3d}/{total} = {right / max(total, 1):6.1%}{goal}{'' if met else '  BELOW TARGET'}")
    chrome = sum(len(s.chrome) for s in scores)
    repeats = sum(len(s.repeats) for s in scores)
    errors = [s for s in scores if s.error]
    unbalanced = [s for s in scores if not s.ledger_ok]
    ok = ok and chrome == 0 and repeats == 0 and not errors and not unbalanced
    lines.append(f"  ledger balanced (clean.txt + cleaning_log.csv rebuild the input): {total - len(unbalanced)}/{total}")
    lines.append(f"  chrome lines left: {chrome} (target 0); repeated passages left: {repeats} (target 0); "
                 f"unreadable: {len(errors)}")
    removed = Counter(rule for s in scores for rule, _ in s.removed)
    lines.append(f"  long lines removed and nowhere in the text: {sum(removed.values())} "
                 f"({', '.join(f'{rule} {n}' for rule, n in removed.most_common()) or 'none'}); check each below")
    # what fails a target first, then what a reader checks by eye
    for s in scores:
        lines += [f"ERROR {s.report}: {s.error}"] if s.error else []
        lines += [f"LEDGER {s.report}: clean.txt and the log do not rebuild the input"] if not s.ledger_ok else []
        lines += [f"MISS {s.report}: {name}: expected {_shown(expected)}, got {_shown(got)}"
                  for name, expected, got in s.misses]
        lines += [f"CHROME {s.report}: {line[:80]}" for line in s.chrome]
        lines += [f"REPEAT {s.report}: {line[:60]}" for line in s.repeats]
    lines += [f"REMOVED {s.report}: {rule}: {line[:70]}" for s in scores for rule, line in s.removed]
    return lines, ok


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="folder of gold files (default tests/gold)")
    parser.add_argument("--shared", type=Path, default=SHARED_DIR, help="where the gold files' sources are "
                        "(default ../shared)")
    parser.add_argument("--only", default="", help="only the gold reports whose source contains this text")
    parser.add_argument("--keep", type=Path, help="also write each gold report's clean.txt into this folder")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")


def main(args: argparse.Namespace) -> int:
    from pipeline.errors import InputError

    if not args.gold.is_dir() or not any(args.gold.rglob("*.json")):
        raise InputError(f"{args.gold} holds no gold files (*.json); give the gold set's folder with --gold")
    lines, ok = summary(evaluate(args.gold, args.shared, only=args.only, keep=args.keep))
    print("\n".join(lines))
    if args.check and not ok:
        print("Error: the clean stage is below its targets on the gold set (see the misses above)", file=sys.stderr)
        return 1
    return 0
