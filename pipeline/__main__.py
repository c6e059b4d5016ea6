"""Command line: ``python -m pipeline <stage> ...``; each stage's main() does the work."""

from __future__ import annotations

import argparse
import sys

from pathlib import Path

from pipeline import clean, keywords, kwic, segment, topics
from pipeline.errors import PipelineError

# name: (add_arguments, main, help)
STAGES = {
    "clean": (clean.add_arguments, clean.main,
              "clean a raw report: decode, strip page chrome, normalise, flag damage, parse structure"),
    "segment": (segment.add_arguments, segment.main,
                "segment a cleaned report with jieba and the policy lexicon into tokens.parquet"),
    "keywords": (keywords.add_arguments, keywords.main,
                 "keyword tables per chapter: frequency, TF-IDF, TextRank, keyness; emphasis and categories"),
    "topics": (topics.add_arguments, topics.main,
               "topics across the report (k by coherence and stability) and clusters within chapters"),
}
COMMANDS = {
    "kwic": (kwic.add_arguments, kwic.main, "print a term's keyword-in-context lines with paragraph ids"),
    "stopwords-check": (lambda p: p.add_argument("out", type=Path, help="CSV file to write"),
                        segment.check_stopwords_main,
                        "list stop words that the segmenter splits into non-stop words"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Government work report pipeline.")
    sub = parser.add_subparsers(dest="stage", required=True, metavar="COMMAND")
    for name, (add_arguments, _, help_text) in {**STAGES, **COMMANDS}.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run = {**STAGES, **COMMANDS}[args.stage][1]
    try:
        return run(args)
    except PipelineError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted; no outputs were written for the file in progress", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
