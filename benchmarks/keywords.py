"""The keywords stage on the sample with and without the genre profile, in the same run.

Segments the sample once, then times ``keywords.run`` (in process, imports paid) with
``genre_profile = ""`` (no genre keyness, as before issue 15) and with the default profile,
alternating, medians of --repeat runs; and the profile's load on its own (pandas imported).
Target (issue 15): within 1.2× with the profile, which loads in under 0.3 s.

    .venv/bin/python benchmarks/keywords.py --repeat 5
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import clean, genre, keywords, segment  # noqa: E402
from pipeline.config import project_path  # noqa: E402
from pipeline.settings import KeywordSettings  # noqa: E402

SAMPLE = ROOT / "data" / "raw" / "2024-xiangtan-county-report.forum.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "doc"
        clean.run(SAMPLE, doc / "clean")
        segment.run(doc / "clean", doc)
        plain = dataclasses.replace(KeywordSettings(), genre_profile="")
        with_genre = KeywordSettings()
        loads = []
        for _ in range(args.repeat):
            genre.load.cache_clear()
            start = time.perf_counter()
            genre.load(project_path(with_genre.genre_profile))
            loads.append(time.perf_counter() - start)
        keywords.run(doc, doc / "keywords", settings=plain)  # warm up: imports, jieba's IDF
        runs = {"without profile": [], "with profile": []}
        for _ in range(args.repeat):
            for name, settings in (("without profile", plain), ("with profile", with_genre)):
                start = time.perf_counter()
                keywords.run(doc, doc / "keywords", settings=settings)
                runs[name].append(time.perf_counter() - start)
    base = statistics.median(runs["without profile"])
    print(f"sample report, medians of {args.repeat} runs (the profile cached after its first load)")
    print("| keywords stage | s | × without |\n|---|---|---|")
    for name, times in runs.items():
        print(f"| {name} | {statistics.median(times):.3f} | {statistics.median(times) / base:.2f} |")
    print(f"\nprofile load (terms.csv.gz, {genre.load(project_path(with_genre.genre_profile)).meta['terms']} terms): "
          f"{statistics.median(loads):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
