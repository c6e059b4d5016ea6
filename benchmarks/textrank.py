"""TextRank by power iteration against jieba.analyse's graph ranking, on real reports' tokens.

Reads every report's tokens.parquet under an outputs folder (a corpus run, e.g. ``make
RAW=../shared/corpora OUT=/tmp/out``), and for each chapter and each whole report with at least
20 candidate words ranks the same co-occurrence graph both ways. Prints the agreement of the top
10 terms and the time of each (medians of --repeat runs over all units, one core).

    .venv/bin/python benchmarks/textrank.py /tmp/out --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.catalog import read_tokens  # noqa: E402
from pipeline.keywording.rankers import textrank, textrank_power  # noqa: E402
from pipeline.settings import KeywordSettings  # noqa: E402
from pipeline.terms import term_tokens  # noqa: E402

from clean import timed  # noqa: E402  (benchmarks/clean.py: the median of several runs)


def units(out: Path, settings: KeywordSettings) -> list[tuple[list[str], list[bool]]]:
    found = []
    for folder in sorted(p for p in out.iterdir() if (p / "tokens.parquet").exists()):
        tokens, _ = read_tokens(folder)
        mask = term_tokens(tokens, settings)
        for _, chapter in [*tokens.groupby("chapter"), ("all", tokens)]:
            candidate = (mask[chapter.index] & chapter["pos"].isin(settings.textrank_pos)).tolist()
            if sum(candidate) >= 20:
                found.append((chapter["norm"].tolist(), candidate))
    return found


def top(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda term: (-scores[term], term))[:10]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="an outputs folder with reports' tokens.parquet")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = KeywordSettings()
    work = units(args.out, settings)
    overlaps, same = [], 0
    for words, candidate in work:
        a, b = top(textrank(words, candidate, window=settings.textrank_window)), top(
            textrank_power(words, candidate, window=settings.textrank_window))
        overlaps.append(len(set(a) & set(b)) / 10)
        same += a == b
    jieba_s = timed(lambda: [textrank(w, c, window=settings.textrank_window) for w, c in work], args.repeat)
    power_s = timed(lambda: [textrank_power(w, c, window=settings.textrank_window) for w, c in work], args.repeat)
    print(f"{len(work)} units (chapters and whole reports with 20+ candidates), medians of {args.repeat} runs")
    print(f"top-10 overlap: mean {statistics.mean(overlaps):.3f}, lowest {min(overlaps):.1f}; "
          f"the same top 10 in the same order: {same}/{len(work)}")
    print("| ranking | s | × jieba |\n|---|---|---|")
    print(f"| jieba.analyse's graph (10 in-place rounds) | {jieba_s:.2f} | 1.00 |")
    print(f"| power iteration, sparse | {power_s:.2f} | {power_s / jieba_s:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
