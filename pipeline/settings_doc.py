"""``python -m pipeline settings``: check pipeline.toml, or print docs/settings.md from the declarations."""

from __future__ import annotations

import argparse
import sys

from pipeline import settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--markdown", action="store_true", help="print docs/settings.md")


def main(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(settings.markdown())
    else:
        print(f"{settings.load().path}: every setting is valid")
    return 0
