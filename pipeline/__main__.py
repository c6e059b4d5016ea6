"""Command line: ``python -m pipeline <command> ...``; each command's module does the work."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from pipeline import settings
from pipeline.errors import PipelineError

# name: (module, its arguments function, its main function, help). A module is imported
# only when its command runs: importing them all (scipy, jieba.posseg, matplotlib, ...)
# would add about two seconds to every command make runs.
STAGES = {
    "clean": ("clean", "add_arguments", "main",
              "clean a raw report: decode, strip page chrome, normalise, flag damage, parse structure"),
    "targets": ("targets", "add_arguments", "main",
                "targets and indicators as data: every quantity claim, with its qualifier and kind"),
    "segment": ("segment", "add_arguments", "main",
                "segment a cleaned report with jieba and the policy lexicon into tokens.parquet"),
    "keywords": ("keywords", "add_arguments", "main",
                 "keyword tables per chapter: frequency, TF-IDF, TextRank, keyness; emphasis and categories"),
    "topics": ("topics", "add_arguments", "main",
               "topics across the report (k by coherence and stability) and clusters within chapters"),
    "figures": ("figures", "add_arguments", "main",
                "word clouds per chapter, a comparison cloud and charts with Chinese labels (PNG)"),
    "report": ("report", "add_arguments", "main",
               "one self-contained report.html per document, with report.md and tables.xlsx"),
    "corpus": ("corpus", "add_arguments", "main",
               "many reports at once: every per-report stage, then outputs/corpus/ (trends, alignment, duplicates)"),
}
COMMANDS = {
    "run": ("run", "add_arguments", "main", "every stale stage of one report in one process (what make runs)"),
    "settings": ("settings_doc", "add_arguments", "main",
                 "check the settings file, or print docs/settings.md (--markdown)"),
    "reference": ("reference", "add_arguments", "main",
                  "build a genre profile (term counts per chapter role) from folders of reports"),
    "stages": ("stages", "add_arguments", "main", "the stage graph: what each stage writes; --make for the Makefile"),
    "evaluate": ("evaluate", "add_arguments", "main",
                 "score the clean stage against the gold set (tests/gold): fields, chrome and repeats left, every miss"),
    "evaluate-targets": ("evaluate_targets", "add_arguments", "main",
                         "score the targets stage against the gold targets (tests/gold/targets): coverage, every miss"),
    "kwic": ("kwic", "add_arguments", "main", "print a term's keyword-in-context lines with paragraph ids"),
    "stopwords-check": ("segment", "add_stopwords_check_arguments", "check_stopwords_main",
                        "list stop words that the segmenter splits into non-stop words"),
}


def main(argv: list[str] | None = None) -> int:
    commands = {**STAGES, **COMMANDS}
    top = argparse.ArgumentParser(
        prog="python -m pipeline", description="Government work report pipeline.",
        epilog="commands:\n" + "\n".join(f"  {name:16s}{entry[3]}" for name, entry in commands.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--config", type=Path, help="settings file to use instead of pipeline.toml")
    top.add_argument("command", choices=commands, metavar="COMMAND", help="one of the commands below")
    top.add_argument("arguments", nargs=argparse.REMAINDER, help="the command's arguments (COMMAND --help)")
    chosen = top.parse_args(argv)
    before = os.environ.get("PIPELINE_CONFIG")
    if chosen.config:  # for this process and every worker it starts
        os.environ["PIPELINE_CONFIG"] = str(chosen.config.resolve())
    try:
        return _run(commands[chosen.command], chosen)
    finally:  # main() may be called again in this process (the tests do)
        if before is None:
            os.environ.pop("PIPELINE_CONFIG", None)
        else:
            os.environ["PIPELINE_CONFIG"] = before


def _run(command, chosen) -> int:
    try:
        settings.load()  # the whole file checked before anything runs: a typo costs milliseconds, not outputs
    except PipelineError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    module_name, arguments, run, help_text = command
    module = importlib.import_module(f"pipeline.{module_name}")
    parser = argparse.ArgumentParser(prog=f"python -m pipeline {chosen.command}", description=help_text)
    getattr(module, arguments)(parser)
    args = parser.parse_args(chosen.arguments)
    try:
        return getattr(module, run)(args)
    except PipelineError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted; no outputs were written for the file in progress", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
