"""`make` on the sample from empty outputs, next to the tutorial script, in the same run.

The tutorial script (benchmarks/tutorial_baseline.py) is what most blog posts do: jieba.lcut,
word counts, one word cloud, a TF-IDF top 20. `make` runs every stage of the pipeline on the
same report (clean, segment, keywords, topics, figures, report) in one process. Both are timed
as whole processes, --repeat times each, alternating; the medians and their ratio are printed.

    .venv/bin/python benchmarks/make.py --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "2024-xiangtan-county-report.forum.txt"


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "MAKEFLAGS": ""}
    make_runs, tutorial_runs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):
            out = Path(tmp) / f"out{k}"
            make_runs.append(timed(["make", f"OUT={out}", f"VENV={sys.prefix}"], cwd=ROOT, env=env))
            tutorial_runs.append(timed([sys.executable, str(ROOT / "benchmarks" / "tutorial_baseline.py"), str(SAMPLE),
                                        str(Path(tmp) / f"cloud{k}.png")], cwd=ROOT))
    make_s, tutorial_s = statistics.median(make_runs), statistics.median(tutorial_runs)
    print(f"sample report, medians of {args.repeat} runs")
    print("| command | s | × tutorial |\n|---|---|---|")
    print(f"| tutorial script (jieba.lcut, one cloud, TF-IDF top 20) | {tutorial_s:.2f} | 1.00 |")
    print(f"| make from empty outputs (every stage, one process) | {make_s:.2f} | {make_s / tutorial_s:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
