"""The segment stage: outputs/<doc>/clean/ to outputs/<doc>/tokens.parquet, one row per token.

``segment_documents`` is the pure core (clean records of many documents in, a token table
each out; ``segment_document`` is a batch of one); ``run_many`` writes each document's
``tokens.parquet`` and ``lexicon_found.csv`` next to its ``clean/`` folder, and ``main``
does so for one document read from the clean stage's files.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import ROOT, project_path, stage_settings
from pipeline.catalog import CleanInput, read_clean
from pipeline.settings import SegmentSettings
from pipeline.text import to_simplified
from pipeline.io import csv_bytes, write_outputs
from pipeline.segmenting import candidates, harvest, table
from pipeline.segmenting.engines import ENGINES, make_engine
from pipeline.segmenting.lexicon import Term, load_terms
from pipeline.resources.stopwords import LISTS, inconsistencies, load_lists

TOKEN_COLUMNS = table.COLUMNS
LEXICON_COLUMNS = ["term", "source", "count", "in_jieba_dictionary", "used", "cohesion", "left_entropy",
                   "right_entropy"]
STOPWORD_CHECK_COLUMNS = ["list", "stopword", "segmented", "pieces_not_in_lists"]


@dataclass
class Segmented:
    tokens: pa.Table
    lexicon: list[dict]

    @property
    def columns(self) -> dict[str, list]:
        """The token table as Python lists (for tests and small documents)."""
        return self.tokens.to_pydict()


def segment_document(doc: str, text: str, paragraphs: list[dict], sentences: list[dict], chapters: list[dict],
                     engine, settings: SegmentSettings, stoplists: dict[str, list[str]],
                     policy_terms: list[Term]) -> Segmented:
    """Tokens of one cleaned document. Pure: records in, a token table out."""
    return segment_documents([CleanInput(doc, text, paragraphs, sentences, chapters)], engine, settings, stoplists,
                             policy_terms)[0]


def segment_documents(inputs: list[CleanInput], engine, settings: SegmentSettings, stoplists: dict[str, list[str]],
                      policy_terms: list[Term]) -> list[Segmented]:
    """Tokens of many cleaned documents, each exactly as if segmented alone.

    Each document is cut with its own harvested terms; the token tables of all of them
    are then built in one vectorised pass (``table.token_tables``), which is what makes
    a corpus fast: per-document overhead, not the segmenter, dominated before.
    """
    known = {t.word for t in policy_terms}
    cuts, harvests = [], []
    for item in inputs:
        norm_text = to_simplified(item.text, settings.traditional)
        harvested = harvest.harvest_terms(norm_text, harvest.glossary_titles(item.chapters),
                                          max_length=settings.harvest_max_length, sources=list(settings.harvest))
        harvested = [t for t in harvested if t.word not in known]
        harvests.append((harvested, {t.word: engine.has_word(t.word) for t in harvested}))
        cuts.append(table.cut(item.doc, item.text, norm_text, item.paragraphs, item.sentences, engine, harvested))
    batch = table.token_tables(cuts, engine, stoplists, settings.stopword_lists)
    found = [_candidates(batch, i, cuts[i].own_terms, engine, settings) for i in range(len(cuts))]
    if settings.use_candidates:
        again = [i for i, rows in enumerate(found) if rows]
        recut = [table.cut(cuts[i].doc, cuts[i].text, cuts[i].norm_text, cuts[i].paragraphs, cuts[i].sentences,
                           engine, cuts[i].own_terms + [Term(r["term"], 1000, "nz", "candidate") for r in found[i]])
                 for i in again]
        second = table.token_tables(recut, engine, stoplists, settings.stopword_lists) if recut else None
        second_of = {i: k for k, i in enumerate(again)}
    results = []
    for i, (harvested, in_dictionary) in enumerate(harvests):
        source, k = (second, second_of[i]) if settings.use_candidates and i in second_of else (batch, i)
        counts = _counts(source, k, [t.word for t in policy_terms] + [t.word for t in harvested]
                         + [c["term"] for c in found[i]])
        results.append(Segmented(source.tokens(k), _lexicon(policy_terms, harvested, in_dictionary, found[i], counts,
                                                            settings.use_candidates)))
    return results


def _candidates(batch: table.TokenBatch, i: int, own_terms: list[Term], engine,
                settings: SegmentSettings) -> list[dict]:
    """Candidate new words of document ``i``: not in the dictionary, nor among its own terms."""
    own = {t.word for t in own_terms}
    rows = batch.rows(i)
    return candidates.candidate_words(batch.vocab, batch.ids[rows], batch.is_content_word[rows], batch.sentence_ids[rows],
                                      lambda word: word in own or engine.has_word(word),
                                      min_count=settings.candidate_min_count, min_pmi=settings.candidate_min_pmi,
                                      min_entropy=settings.candidate_min_entropy,
                                      max_length=settings.harvest_max_length, limit=settings.candidate_limit,
                                      not_in_dictionary=batch.not_in_dictionary)


def _counts(batch: table.TokenBatch, i: int, words: list[str]) -> dict[str, int]:
    """How often each of ``words`` occurs in document ``i`` (absent words: 0)."""
    counts = np.bincount(batch.ids[batch.rows(i)], minlength=len(batch.vocab))
    return {w: int(counts[k]) if (k := batch.vocab_ids.get(w)) is not None else 0 for w in words}


def _lexicon(policy_terms: list[Term], harvested: list[Term], in_dictionary: dict[str, bool], found: list[dict],
             counts: dict[str, int], use_candidates: bool) -> list[dict]:
    """lexicon_found.csv's rows: policy terms met, harvested terms, candidates."""
    lexicon = [{"term": t.word, "source": "policy_terms.txt", "count": counts[t.word], "in_jieba_dictionary": None,
                "used": True} for t in policy_terms if counts.get(t.word)]
    lexicon += [{"term": t.word, "source": t.source, "count": counts.get(t.word, 0),
                 "in_jieba_dictionary": in_dictionary[t.word], "used": True} for t in harvested]
    # A candidate's count is its count in the first segmentation unless it was used.
    lexicon += [{"term": c["term"], "source": f"candidate ({c['kind']})",
                 "count": counts.get(c["term"], 0) if use_candidates else c["count"],
                 "in_jieba_dictionary": False, "used": use_candidates, "cohesion": c["cohesion"],
                 "left_entropy": c["left_entropy"], "right_entropy": c["right_entropy"]} for c in found]
    return lexicon


def parquet_bytes(tokens: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(tokens, buffer, compression="zstd")
    return buffer.getvalue()


def load_resources(settings: SegmentSettings):
    """The policy lexicon, and every stop list (``stop_list`` names them all; later stages choose)."""
    terms = load_terms(project_path(settings.policy_terms))
    stoplists = load_lists(ROOT / "stopwords", list(LISTS))
    return terms, stoplists


def run(clean_dir: Path, outdir: Path, *, settings: SegmentSettings | None = None, engine=None) -> Segmented:
    settings = settings or SegmentSettings.from_dict(stage_settings("segment"))
    return run_many([(read_clean(clean_dir), outdir)], settings=settings, engine=engine)[0]


def run_many(documents: list[tuple[CleanInput, Path]], *, settings: SegmentSettings, engine=None,
             resources=None) -> list[Segmented]:
    """Segment cleaned documents together and write each one's tables to its folder."""
    terms, stoplists = resources or load_resources(settings)
    engine = engine or make_engine(settings.engine, terms, hmm=settings.hmm)
    results = segment_documents([item for item, _ in documents], engine, settings, stoplists, terms)
    for (_, outdir), result in zip(documents, results, strict=True):
        write_outputs(outdir, {"tokens.parquet": parquet_bytes(result.tokens),
                               "lexicon_found.csv": csv_bytes(result.lexicon, LEXICON_COLUMNS)})
    return results


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("clean_dir", type=Path, help="a document's clean/ folder (from the clean stage)")
    parser.add_argument("outdir", type=Path, help="folder for tokens.parquet and lexicon_found.csv")
    parser.add_argument("--engine", choices=ENGINES, help="override segment.engine")


def main(args: argparse.Namespace) -> int:
    values = stage_settings("segment")
    if args.engine:
        values = {**values, "engine": args.engine}
    run(args.clean_dir, args.outdir, settings=SegmentSettings.from_dict(values))
    return 0


def add_stopwords_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="CSV file to write")


def check_stopwords_main(args: argparse.Namespace) -> int:
    """Write the stop words the segmenter splits into non-stop words (one row each)."""
    settings = SegmentSettings.from_dict(stage_settings("segment"))
    terms = load_terms(project_path(settings.policy_terms))
    stoplists = load_lists(ROOT / "stopwords", list(LISTS))
    engine = make_engine(settings.engine, terms, hmm=settings.hmm)
    rows = inconsistencies(stoplists, engine.cut)
    write_outputs(args.out.parent, {args.out.name: csv_bytes(rows, STOPWORD_CHECK_COLUMNS)})
    print(f"{len(rows)} stop word(s) split by the segmenter into non-stop words: see {args.out}", file=sys.stderr)
    return 0
