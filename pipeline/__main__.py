"""Command line: ``python -m pipeline <stage> ...``; each stage's main() does the work."""

from __future__ import annotations

import argparse
import sys

from pipeline import clean
from pipeline.errors import PipelineError

STAGES = {
    "clean": (clean, "clean a raw report: decode, strip page chrome, normalise, flag damage, parse structure"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Government work report pipeline.")
    sub = parser.add_subparsers(dest="stage", required=True, metavar="STAGE")
    for name, (module, help_text) in STAGES.items():
        stage_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(stage_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = STAGES[args.stage][0]
    try:
        return module.main(args)
    except PipelineError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted; no outputs were written for the file in progress", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
