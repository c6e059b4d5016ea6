"""The clean stage's speed on real reports, next to plain decoding of the same files.

Reads every report of --folder (default: the national collection, 47 saved portal pages in
GBK, ../shared/corpora/national-1954-2018-gbk), then times, in one process on one core:

- plain decoding: each report read and decoded (``read_source``: bytes decoded, a Word file's
  or a table's text extracted), the floor no stage can beat;
- the clean stage: each file read, decoded, stripped of chrome and repeats, normalised,
  checked and parsed into structure and metadata (``clean_source``, as
  corpus mode runs it, with jieba's dictionary loaded once beforehand).

Figures are medians of --repeat runs: seconds, MB of input per second, and the ratio.

    .venv/bin/python benchmarks/clean.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import jieba_model  # noqa: E402
from pipeline.clean import CleanSettings, clean_source  # noqa: E402
from pipeline.cleaning.chrome import load_rules  # noqa: E402
from pipeline.cleaning.sources import find_sources, read_source  # noqa: E402
from pipeline.config import project_path  # noqa: E402

NATIONAL = ROOT.parent / "shared" / "corpora" / "national-1954-2018-gbk"


def plain_decoding(sources) -> None:
    for source in sources:
        read_source(source)


def clean_stage(sources, settings, rules, model) -> None:
    for source in sources:
        clean_source(source, settings=settings, rules=rules, word_model=lambda: model)


def timed(work, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=NATIONAL, help="reports to clean (default: the national collection)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sources, _ = find_sources(args.folder)
    megabytes = sum(s.path.stat().st_size for s in sources) / 1e6
    settings = CleanSettings()
    rules = load_rules(project_path(settings.chrome_rules))
    model = jieba_model.word_model()
    clean_stage(sources[:2], settings, rules, model)  # warm up: regexes compiled, lazy imports done
    floor = timed(lambda: plain_decoding(sources), args.repeat)
    stage = timed(lambda: clean_stage(sources, settings, rules, model), args.repeat)
    print(f"{len(sources)} reports, {megabytes:.1f} MB, medians of {args.repeat} runs, one core")
    print("| contender | s | MB/s | × plain decoding |")
    print("|---|---|---|---|")
    for name, seconds in (("plain decoding", floor), ("clean stage", stage)):
        print(f"| {name} | {seconds:.2f} | {megabytes / seconds:.1f} | {seconds / floor:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
