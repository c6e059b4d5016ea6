"""The targets stage's cost on real reports, next to plain jieba.lcut of the same texts.

Cleans every report of the folders given (default: the three collections of
../shared/corpora, 102 reports) once, then times, in one process on one core, medians of
--repeat runs:

- plain ``jieba.lcut`` of each clean text: the baseline every per-report run pays at least
  (the segment stage does more);
- the clean stage (``clean_source``);
- the targets stage on the clean records in memory (``target_tables``, as corpus mode runs it);
- every per-report stage as corpus mode's cheapest setting runs them (``--no-figures
  --no-report-topics``: clean, targets, segment, keywords and the topics tables' stubs).

The issue's bar: the targets stage adds at most 10% to a report's processing time. The share
printed is the targets stage's time over the per-report stages' time in that cheapest setting
(with figures, pages and topic models, as ``make`` runs a report, the share is smaller still).

    .venv/bin/python benchmarks/targets.py --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from pipeline import jieba_model  # noqa: E402
from pipeline.catalog import CleanInput  # noqa: E402
from pipeline.clean import CleanSettings, clean_source  # noqa: E402
from pipeline.cleaning.chrome import load_rules  # noqa: E402
from pipeline.cleaning.sources import find_sources  # noqa: E402
from pipeline.config import project_path  # noqa: E402
from pipeline.corpusing import runner  # noqa: E402
from pipeline.settings import TargetSettings  # noqa: E402
from pipeline.targeting.indicators import load_indicators  # noqa: E402
from pipeline.targets import target_tables  # noqa: E402

from clean import timed  # noqa: E402  (benchmarks/clean.py: the median of several runs)

CORPORA = ROOT.parent / "shared" / "corpora"
COLLECTIONS = [CORPORA / name for name in ("national-1954-2018-gbk", "provinces-2026-csv", "provinces-2025-docx")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=COLLECTIONS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = [source for folder in args.folders for source in find_sources(folder)[0]]
    settings, targets = CleanSettings(), TargetSettings()
    rules = load_rules(project_path(settings.chrome_rules))
    indicators = load_indicators(project_path(targets.indicators))
    model = jieba_model.word_model()
    jieba.initialize()

    def clean_all():
        return [clean_source(s, settings=settings, rules=rules, word_model=lambda: model) for s in sources]

    cleaned = [CleanInput.of(result) for result in clean_all()]
    texts = [c.text for c in cleaned]
    target_tables(cleaned[0], indicators, targets)  # warm up: regexes compiled, lazy imports done
    out = Path(tempfile.mkdtemp(prefix="targets-bench-"))
    jobs = [runner.Job(s.path, out / s.doc, "jieba", False, False, s.row) for s in sources]
    baseline = timed(lambda: [jieba.lcut(text) for text in texts], args.repeat)
    clean = timed(clean_all, args.repeat)
    stage = timed(lambda: [target_tables(c, indicators, targets) for c in cleaned], args.repeat)
    reports = timed(lambda: runner.process(jobs), args.repeat)
    shutil.rmtree(out)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(sources)} reports, {megabytes:.1f} MB of clean text, medians of {args.repeat} runs, one core")
    print("| contender | s | ms per report | × jieba.lcut |")
    print("|---|---|---|---|")
    for name, seconds in (("jieba.lcut (baseline)", baseline), ("clean stage", clean), ("targets stage", stage),
                          ("every per-report stage, no figures or topic models", reports)):
        print(f"| {name} | {seconds:.2f} | {1000 * seconds / len(sources):.0f} | {seconds / baseline:.2f} |")
    print(f"targets stage / per-report stages: {stage / reports:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
