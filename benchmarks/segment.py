"""Time the segment stage's core for each engine against bare jieba, in one run.

Input: the real reports (data/raw and ../shared/corpus), cleaned, repeated until the
text reaches --mb megabytes of UTF-8. The stage runs as corpus mode runs it, in batches of
``corpus.batch_reports`` reports (and once one report at a time, for comparison). Each
contender segments the same documents --repeat times; the table shows medians, MB/s and
ratios to bare ``jieba.lcut`` and ``jieba.posseg.lcut``. Bare jieba-rs (rjieba's cut, with
the policy lexicon) is the floor of the fast engine; it is timed in the same run because
this machine's speed drifts by a third from hour to hour. Then token and tag agreement
with the reference engine, and the cold start of each engine from the project's
dictionary cache (fresh process).

    .venv/bin/python benchmarks/segment.py --mb 10 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import jieba_model  # noqa: E402
from pipeline.clean import CleanSettings, clean_document  # noqa: E402
from pipeline.cleaning.chrome import load_rules  # noqa: E402
from pipeline.config import project_path, stage_settings  # noqa: E402
from pipeline.corpus import CorpusSettings  # noqa: E402
from pipeline.catalog import CleanInput  # noqa: E402
from pipeline.segment import SegmentSettings, load_resources, segment_documents  # noqa: E402
from pipeline.segmenting.engines import make_engine  # noqa: E402


def real_documents():
    settings = CleanSettings()
    rules = load_rules(project_path(settings.chrome_rules))
    # The traditional-character report is left out: the stage segments a simplified copy of it,
    # while bare jieba.posseg on traditional text crawls (its HMM meets nothing but unknown words).
    paths = sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted(
        p for p in (ROOT.parent / "shared" / "corpus").glob("*.txt") if "traditional" not in p.name)
    model = jieba_model.word_model()
    return [clean_document(p.read_bytes(), name=p.name, html=False, settings=settings, rules=rules,
                           word_model=lambda: model) for p in paths]


def build_input(mb: float):
    docs = real_documents()
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    copies = max(1, round(mb * 1e6 / size))
    return [d for _ in range(copies) for d in docs], copies * size


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        result = None  # the last run's output does not stay alive during this one
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cold_start(engine: str) -> tuple[float, float]:
    """(seconds to import the stage, seconds to load the engine's dictionary) in a fresh process."""
    code = ("import time; t0=time.perf_counter(); from pipeline.segment import SegmentSettings, load_resources; "
            "from pipeline.segmenting.engines import make_engine; t1=time.perf_counter(); "
            f"make_engine({engine!r}, load_resources(SegmentSettings())[0]); t2=time.perf_counter(); "
            "print(t1-t0, t2-t1)")
    make_engine(engine, load_resources(SegmentSettings())[0])  # make sure the cache exists
    runs = [tuple(map(float, subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                            check=True).stdout.split())) for _ in range(3)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0, help="input size in MB of UTF-8 text (default 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender; the median is reported")
    parser.add_argument("--batch", type=int, help="reports segmented together (default: corpus.batch_reports)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    docs, nbytes = build_input(args.mb)
    import jieba
    import jieba.posseg

    plain = jieba.Tokenizer()
    plain.tmp_dir = str(ROOT / ".cache")
    plain.initialize()
    posseg = jieba.posseg.POSTokenizer(plain)
    terms, stoplists = load_resources(SegmentSettings())
    engines = {name: make_engine(name, terms) for name in ("jieba", "rjieba")}

    inputs = [CleanInput.of(d) for d in docs]
    batch = args.batch or CorpusSettings.from_dict(stage_settings("corpus")).batch_reports

    def stage(name, size=batch):
        """The stage as corpus mode runs it: ``size`` reports segmented together."""
        settings = SegmentSettings(engine=name)
        return [result for k in range(0, len(inputs), size)
                for result in segment_documents(inputs[k:k + size], engines[name], settings, stoplists, terms)]

    bare_rjieba = engines["rjieba"].jieba  # jieba-rs as loaded, with the policy lexicon
    contenders = {
        "jieba.lcut (bare)": lambda: [plain.lcut(d.text) for d in docs],
        "rjieba cut (bare)": lambda: [bare_rjieba.cut(d.text, engines["rjieba"].hmm) for d in docs],
        "jieba.posseg.lcut (bare)": lambda: [posseg.lcut(d.text) for d in docs],
        "stage, engine jieba": lambda: stage("jieba"),
        "stage, engine rjieba": lambda: stage("rjieba"),
        "stage, engine rjieba, one report at a time": lambda: stage("rjieba", 1),
    }
    results, outputs = {}, {}
    for name, fn in contenders.items():
        gc.collect()
        results[name], output = timed(fn, args.repeat)
        if name.startswith("stage") and "one report" not in name:  # kept for the agreement figures
            outputs[name] = output
        del output  # millions of Python objects would slow the next contender's garbage collection
        print(f"  {name}: {results[name]:.2f} s", file=sys.stderr)
    lcut, posseg_time = results["jieba.lcut (bare)"], results["jieba.posseg.lcut (bare)"]
    print(f"\nInput: {nbytes / 1e6:.1f} MB ({len(docs)} documents, the stage in batches of {batch}), "
          f"median of {args.repeat} runs, one core\n")
    rjieba_time = results["rjieba cut (bare)"]
    print("| contender | median s | MB/s | × jieba.lcut time | × jieba.posseg.lcut time | × rjieba cut time |")
    print("|---|---|---|---|---|---|")
    for name, seconds in results.items():
        print(f"| {name} | {seconds:.2f} | {nbytes / 1e6 / seconds:.2f} | {seconds / lcut:.2f} | "
              f"{seconds / posseg_time:.2f} | {seconds / rjieba_time:.2f} |")

    # Agreement is computed on Python lists, outside the timed runs.
    ref = [r.columns for r in outputs["stage, engine jieba"]]
    fast = [r.columns for r in outputs["stage, engine rjieba"]]
    same_tokens = total = same_tags = common = 0
    for a, b in zip(ref, fast, strict=True):
        spans_a = dict(zip(zip(a["start"], a["end"], strict=True), a["pos"], strict=True))
        spans_b = dict(zip(zip(b["start"], b["end"], strict=True), b["pos"], strict=True))
        shared = spans_a.keys() & spans_b.keys()
        same_tokens += len(shared)
        total += len(spans_a)
        common += len(shared)
        same_tags += sum(spans_a[k] == spans_b[k] for k in shared)
    plain_spans = 0
    for d, a in zip(docs, ref, strict=True):  # agreement of the reference stage with bare jieba.lcut
        words, pos, spans = plain.lcut(d.text), 0, set()
        for w in words:
            spans.add((pos, pos + len(w)))
            pos += len(w)
        plain_spans += sum((s, e) in spans for s, e, k in zip(a["start"], a["end"], a["kind"], strict=True)
                           if k == "word")
    words_total = sum(k == "word" for a in ref for k in a["kind"])
    figures = {
        "mb": nbytes / 1e6, "repeat": args.repeat, "seconds": results,
        "token_agreement_rjieba_vs_reference": same_tokens / total,
        "pos_agreement_rjieba_vs_reference": same_tags / common,
        "word_agreement_reference_vs_bare_lcut": plain_spans / words_total,
        "cold_start_seconds": {name: cold_start(name) for name in engines},
    }
    print(f"\nToken agreement, rjieba vs reference engine: {figures['token_agreement_rjieba_vs_reference']:.4%}")
    print(f"Tag agreement on shared tokens, rjieba vs reference: {figures['pos_agreement_rjieba_vs_reference']:.4%}")
    print(f"Word tokens of the reference stage that bare jieba.lcut also cuts: "
          f"{figures['word_agreement_reference_vs_bare_lcut']:.4%} (the rest: quantities and dates kept whole)")
    for name, (imports, load) in figures["cold_start_seconds"].items():
        print(f"Cold start, engine {name}: dictionary with policy lexicon from .cache/ {load:.2f} s "
              f"(fresh process; importing the stage's modules before that: {imports:.2f} s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
