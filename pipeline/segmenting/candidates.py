"""Candidate new words from the document's own statistics, found on its tokens.

Two kinds, both written to lexicon_found.csv and used only when a setting says so:

- ``hmm word``: words the segmenter's HMM built because the dictionary lacks them
  (天易, 柏屹), recurring at least ``min_count`` times;
- ``phrase``: two adjacent word tokens that recur together (政务 + 小莲), stick together
  (pointwise mutual information of the pair, in nats) and have free boundaries (the
  entropy of the tokens seen before and after the pair, in nats), as in word2phrase.

Counting runs on token ids with numpy, so it costs little next to segmentation.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Function words that do not begin or end a phrase (一是 / 守住 gives no phrase 是守住).
_NOT_FIRST = set("是了的和在与及等对为把被将也都就而之其")
_NOT_LAST = set("的了是和在与及等着过对把被将")


def candidate_words(tokens: pa.Table, has_word, *, min_count: int, min_pmi: float, min_entropy: float,
                    max_length: int, limit: int) -> list[dict]:
    """Candidates, best first: dicts with term, kind, count, cohesion, left/right entropy."""
    norm = tokens.column("norm").combine_chunks()
    is_word = np.asarray(pc.and_(pc.equal(tokens.column("kind"), "word"), pc.invert(tokens.column("is_stop"))))
    encoded = pc.dictionary_encode(norm)
    vocab = encoded.dictionary.to_pylist()
    ids = np.asarray(encoded.indices, dtype=np.int64)
    sentence = np.asarray(tokens.column("paragraph_id").combine_chunks().dictionary_encode().indices, dtype=np.int64) \
        * 10_000 + np.asarray(tokens.column("sentence"), dtype=np.int64)
    rows = _hmm_words(vocab, ids, is_word, has_word, min_count, max_length)
    rows += _phrases(vocab, ids, is_word, sentence, has_word, min_count, min_pmi, min_entropy, max_length)
    rows.sort(key=lambda r: (-r["count"] * (r["cohesion"] if r["cohesion"] is not None else min_pmi), r["term"]))
    return rows[:limit]


def _hmm_words(vocab, ids, is_word, has_word, min_count, max_length) -> list[dict]:
    counts = np.bincount(ids[is_word], minlength=len(vocab))
    return [{"term": vocab[i], "kind": "hmm word", "count": int(counts[i]), "cohesion": None,
             "left_entropy": None, "right_entropy": None}
            for i in np.flatnonzero(counts >= min_count)
            if 2 <= len(vocab[i]) <= max_length and not has_word(vocab[i])]


def _phrases(vocab, ids, is_word, sentence, has_word, min_count, min_pmi, min_entropy, max_length) -> list[dict]:
    n = len(ids)
    if n < 3:
        return []
    pair_ok = is_word[:-1] & is_word[1:] & (sentence[:-1] == sentence[1:])
    first = np.flatnonzero(pair_ok)
    keys = ids[first] * len(vocab) + ids[first + 1]
    unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    by_pair = np.argsort(inverse, kind="stable")  # the occurrences of pair k: by_pair[begin[k]:begin[k + 1]]
    begin = np.concatenate([[0], np.cumsum(counts)])
    unigram = np.bincount(ids[is_word], minlength=len(vocab))
    total = max(1, int(is_word.sum()))
    rows = []
    for k in np.flatnonzero(counts >= min_count):
        a, b = divmod(int(unique[k]), len(vocab))
        term = vocab[a] + vocab[b]
        if len(term) > max_length or term[0] in _NOT_FIRST or term[-1] in _NOT_LAST or has_word(term):
            continue
        pmi = math.log(counts[k] * total / (unigram[a] * unigram[b]))
        if pmi < min_pmi:
            continue
        at = first[by_pair[begin[k]:begin[k + 1]]]
        left = Counter(vocab[ids[i - 1]] if i > 0 and sentence[i - 1] == sentence[i] else "^" for i in at)
        right = Counter(vocab[ids[i + 2]] if i + 2 < n and sentence[i + 2] == sentence[i] else "$" for i in at)
        ent_left, ent_right = _entropy(left), _entropy(right)
        if min(ent_left, ent_right) >= min_entropy:
            rows.append({"term": term, "kind": "phrase", "count": int(counts[k]), "cohesion": round(pmi, 3),
                         "left_entropy": round(ent_left, 3), "right_entropy": round(ent_right, 3)})
    return rows


def _entropy(counter: Counter) -> float:
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values()) if total else 0.0
