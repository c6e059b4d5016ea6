"""Corpus mode at scale: corpora of --sizes reports made by recombining the real reports'
paragraphs, run through every per-report stage except figures (and the corpus tables),
next to plain jieba.lcut over the same text.

Each synthetic report takes the title block of one real report and, chapter by chapter,
paragraphs drawn (seeded) from the same-numbered chapters of all real reports, so every
report has the real skeleton, real sentences and a different mix. Reports: the sample and
../shared/corpus, cleaned.

Figures per size, engine and report-topics setting: wall time, reports per minute, peak
memory (largest process: the pool's workers and the parent), and the wall time of plain
jieba.lcut over the reports' texts in one process, with the ratio.

    .venv/bin/python benchmarks/corpus.py --sizes 100 1000 --engines jieba rjieba --report-topics on off
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def real_reports() -> list[list[tuple[str, int]]]:
    """Each real report as its paragraphs (text, chapter), from the clean stage."""
    from pipeline.clean import CleanSettings, clean_document
    from pipeline.cleaning.chrome import load_rules
    from pipeline.config import project_path

    settings = CleanSettings()
    rules = load_rules(project_path(settings.chrome_rules))
    paths = sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    reports = []
    for path in paths:
        result = clean_document(path.read_bytes(), name=path.name, html=False, settings=settings, rules=rules)
        reports.append([(p["text"], int(p["chapter"])) for p in result.paragraphs])
    return reports


def synthetic_corpus(folder: Path, size: int, seed: int) -> int:
    """Write ``size`` recombined reports into ``folder``; their total size in bytes."""
    rng = random.Random(seed)
    reports = real_reports()
    by_chapter: dict[int, list[str]] = {}
    for paragraphs in reports:
        for text, chapter in paragraphs:
            if chapter > 0:
                by_chapter.setdefault(chapter, []).append(text)
    total = 0
    for n in range(size):
        base = reports[n % len(reports)]
        lines = [text for text, chapter in base if chapter == 0]
        for chapter in sorted({c for _, c in base if c > 0}):
            own = [text for text, c in base if c == chapter]
            lines.append(own[0])  # the chapter's heading line
            pool = by_chapter[chapter]
            lines += rng.sample(pool, min(len(pool), max(3, len(own) - 1)))
        text = "\n\n".join(lines) + "\n"
        (folder / f"r{n:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def plain_lcut(folder: Path) -> float:
    code = ("import jieba, sys, time, pathlib; jieba.setLogLevel(60); jieba.initialize(); t = time.perf_counter(); "
            "[jieba.lcut(p.read_text(encoding='utf-8')) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]; "
            "print(time.perf_counter() - t)")
    return float(subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True,
                                check=True).stdout)


def run_corpus(folder: Path, out: Path, engine: str, workers: int, report_topics: bool) -> tuple[float, float]:
    """(wall seconds, peak MB of the largest process) of the corpus command without figures."""
    command = [sys.executable, "-m", "pipeline", "corpus", str(folder), str(out), "--no-figures", "--engine", engine,
               "--workers", str(workers), *([] if report_topics else ["--no-report-topics"])]
    # A wrapper process of its own, so the peak covers this run's processes only.
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
               "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    result = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=ROOT, check=True, capture_output=True,
                            text=True)
    wall, peak = map(float, result.stdout.split())
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--engines", nargs="+", default=["jieba", "rjieba"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--report-topics", nargs="+", choices=["on", "off"], default=["on"],
                        help="with each report's own topic model (on, as make does), without (off), or both")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "raw"
            folder.mkdir()
            nbytes = synthetic_corpus(folder, size, args.seed)
            lcut = plain_lcut(folder)
            for engine, topics in ((e, t) for e in args.engines for t in args.report_topics):
                out = Path(tmp) / f"out-{engine}-{topics}"
                wall, peak = run_corpus(folder, out, engine, args.workers, topics == "on")
                rows.append({"reports": size, "mb": round(nbytes / 1e6, 1), "engine": engine, "report_topics": topics,
                             "wall_s": round(wall, 1),
                             "reports_per_min": round(size / wall * 60, 1), "peak_mb": round(peak),
                             "lcut_s": round(lcut, 1), "ratio_to_lcut": round(wall / lcut, 2)})
                print(rows[-1], file=sys.stderr)
                shutil.rmtree(out)
    print("| reports | MB | engine | report topics | wall s | reports/min | peak MB (largest process) | "
          "plain jieba.lcut s | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['reports']} | {r['mb']} | {r['engine']} | {r['report_topics']} | {r['wall_s']} | "
              f"{r['reports_per_min']} | {r['peak_mb']} | "
              f"{r['lcut_s']} | {r['ratio_to_lcut']} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
