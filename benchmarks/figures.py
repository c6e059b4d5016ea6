"""Time the figures stage for one report against the tutorial script, in one run.

Both run as fresh processes, as `make` runs them, alternately, --repeat times: the figures
stage (`python -m pipeline figures`, all clouds and charts of the report) and
benchmarks/tutorial_baseline.py (jieba, counts, one cloud, one TF-IDF list). Prints the
medians and the ratio (figures stage / tutorial; target ≤ 1).

    .venv/bin/python benchmarks/figures.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = "2024-xiangtan-county-report.forum"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--doc", default=DOC, help="a document id with outputs/<doc>/keywords and topics (make first)")
    args = parser.parse_args()
    doc_dir = ROOT / "outputs" / args.doc
    raw = next((ROOT / "data" / "raw").glob(f"{args.doc}.*"))
    if not (doc_dir / "topics" / "topics.csv").exists():
        sys.exit(f"Error: {doc_dir} has no keywords/topics outputs; run make first")
    with tempfile.TemporaryDirectory() as tmp:
        stage = [sys.executable, "-m", "pipeline", "figures", str(doc_dir), str(Path(tmp) / "figures")]
        tutorial = [sys.executable, str(ROOT / "benchmarks" / "tutorial_baseline.py"), str(raw), str(Path(tmp) / "t.png")]
        wall(tutorial)  # warm the file cache and jieba's dictionary cache
        times = {"figures stage": [], "tutorial script": []}
        for _ in range(args.repeat):
            times["tutorial script"].append(wall(tutorial))
            times["figures stage"].append(wall(stage))
        figures = len(list((Path(tmp) / "figures").glob("*.png")))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"Report: {args.doc}; {figures} pictures; median of {args.repeat} runs each, wall time, fresh processes\n")
    print("| command | median s | runs |")
    print("|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {medians[name]:.2f} | {', '.join(f'{v:.2f}' for v in values)} |")
    print(f"\nRatio, figures stage / tutorial script: {medians['figures stage'] / medians['tutorial script']:.2f} "
          "(target ≤ 1.00)")


if __name__ == "__main__":
    main()
