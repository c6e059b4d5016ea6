"""Every stale stage of one report, in one process: ``python -m pipeline run RAW OUTDIR``.

What `make` runs for a report: the stage graph of ``pipeline.stages`` decides which stages
are stale (their files missing or older than what they read, their code or the settings),
and they run here one after another, so the libraries are imported and the models loaded
once instead of once per stage. ``--targets`` limits the run to what those files need
(``make outputs/X/keywords/keywords.csv`` runs clean, segment and keywords at most).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.stages import run_stages, stale_stages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, help="the raw report (any input the clean stage reads)")
    parser.add_argument("outdir", type=Path, help="the report's folder, outputs/<doc>/")
    parser.add_argument("--targets", nargs="*", help="only what these output files need")
    parser.add_argument("--row", type=int, help="the report's row in a table of several reports")
    parser.add_argument("--text-column", help="a table's column of report text")


def main(args: argparse.Namespace) -> int:
    stages = stale_stages(args.outdir, args.input, args.targets)
    if not stages:
        print(f"{args.outdir}: up to date", file=sys.stderr)
        return 0
    from pipeline.cleaning.sources import Source  # only when something runs: an up-to-date check stays quick

    source = Source(args.input, args.outdir.name, args.row)
    started = time.perf_counter()

    def announce(stage) -> None:
        print(f"{stage.name:9s} {args.outdir}", file=sys.stderr)

    run_stages(stages, source, args.outdir, text_column=args.text_column, on_start=announce)
    if stages[-1].name == "report":
        print(f"Open {args.outdir / 'report.html'} ({time.perf_counter() - started:.1f} s)")
    return 0
