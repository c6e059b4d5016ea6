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

import numpy as np
import pyarrow as pa

# Function words that do not begin or end a phrase (一是 / 守住 gives no phrase 是守住).
_NOT_FIRST = set("是了的和在与及等对为把被将也都就而之其")
_NOT_LAST = set("的了是和在与及等着过对把被将")


def candidate_words(vocab: pa.StringArray, ids: np.ndarray, is_word: np.ndarray, sentence: np.ndarray, has_word, *,
                    min_count: int, min_pmi: float, min_entropy: float, max_length: int, limit: int,
                    not_in_dictionary: np.ndarray | None = None) -> list[dict]:
    """Candidates, best first: dicts with term, kind, count, cohesion, left/right entropy.

    One document's tokens as ids into ``vocab``, which tokens are (non-stop) words, and
    a sentence number per token (equal within a sentence). ``not_in_dictionary`` (per
    vocab word) narrows the search for HMM words before ``has_word`` has the last word.
    """
    rows = _hmm_words(vocab, ids, is_word, has_word, min_count, max_length, not_in_dictionary)
    rows += _phrases(vocab, ids, is_word, sentence, has_word, min_count, min_pmi, min_entropy, max_length)
    rows.sort(key=lambda r: (-r["count"] * (r["cohesion"] if r["cohesion"] is not None else min_pmi), r["term"]))
    return rows[:limit]


def _hmm_words(vocab, ids, is_word, has_word, min_count, max_length, not_in_dictionary) -> list[dict]:
    counts = np.bincount(ids[is_word], minlength=len(vocab))
    recurring = counts >= min_count
    if not_in_dictionary is not None:
        recurring &= not_in_dictionary
    frequent = np.flatnonzero(recurring)
    return [{"term": word, "kind": "hmm word", "count": int(counts[i]), "cohesion": None,
             "left_entropy": None, "right_entropy": None}
            for i, word in zip(frequent, vocab.take(pa.array(frequent)).to_pylist(), strict=True)
            if 2 <= len(word) <= max_length and not has_word(word)]


def _phrases(vocab, ids, is_word, sentence, has_word, min_count, min_pmi, min_entropy, max_length) -> list[dict]:
    n = len(ids)
    if n < 3:
        return []
    pair_ok = is_word[:-1] & is_word[1:] & (sentence[:-1] == sentence[1:])
    first = np.flatnonzero(pair_ok)
    keys = ids[first] * len(vocab) + ids[first + 1]
    unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    unigram = np.bincount(ids[is_word], minlength=len(vocab))
    total = max(1, int(is_word.sum()))
    # Cohesion first, on whole arrays: few pairs recur and stick together.
    left_id, right_id = np.divmod(unique, len(vocab))
    rough_pmi = np.log(counts * total / (unigram[left_id] * unigram[right_id]))
    chosen = np.flatnonzero((counts >= min_count) & (rough_pmi >= min_pmi - 1e-6))
    lefts = vocab.take(pa.array(left_id[chosen])).to_pylist()
    rights = vocab.take(pa.array(right_id[chosen])).to_pylist()
    pairs = []  # (pair, term, pmi) that pass the cheap tests
    for k, a, b in zip(chosen, lefts, rights, strict=True):
        term = a + b
        pmi = math.log(counts[k] * total / (unigram[left_id[k]] * unigram[right_id[k]]))
        if pmi >= min_pmi and len(term) <= max_length and term[0] not in _NOT_FIRST and term[-1] not in _NOT_LAST \
                and not has_word(term):
            pairs.append((k, term, pmi))
    if not pairs:
        return []
    # Boundary entropy: the neighbours before and after each occurrence, by id (-1: sentence
    # start, -2: sentence end), found on arrays; counted per pair in order of occurrence.
    is_chosen = np.zeros(len(unique), dtype=bool)
    is_chosen[[k for k, _, _ in pairs]] = True
    occurrence = np.flatnonzero(is_chosen[inverse])
    occurrence = occurrence[np.argsort(inverse[occurrence], kind="stable")]
    at, pair_of = first[occurrence], inverse[occurrence]
    before = np.where((at > 0) & (sentence[np.maximum(at - 1, 0)] == sentence[at]), ids[np.maximum(at - 1, 0)], -1)
    after_at = np.minimum(at + 2, n - 1)
    after = np.where((at + 2 < n) & (sentence[after_at] == sentence[at]), ids[after_at], -2)
    left_entropy, right_entropy = _entropies(pair_of, before), _entropies(pair_of, after)
    rows = []
    for k, term, pmi in pairs:
        ent_left, ent_right = left_entropy[k], right_entropy[k]
        if min(ent_left, ent_right) >= min_entropy:
            rows.append({"term": term, "kind": "phrase", "count": int(counts[k]), "cohesion": round(pmi, 3),
                         "left_entropy": round(ent_left, 3), "right_entropy": round(ent_right, 3)})
    return rows


def _entropies(group: np.ndarray, value: np.ndarray) -> dict[int, float]:
    """Entropy of the values within each group (``group`` sorted), summed over the distinct
    values in order of first occurrence, as a Counter would (same floats, same rounding)."""
    keys = group * (int(value.max()) + 3) + (value + 2)  # values are >= -2
    _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    group_of = group[first]
    order = np.lexsort((first, group_of))
    group_of, counts = group_of[order], counts[order].tolist()
    starts = np.flatnonzero(np.diff(group_of, prepend=-1))
    bounds = np.append(starts, len(counts)).tolist()
    return {g: _entropy(counts[a:b]) for g, a, b in zip(group_of[starts].tolist(), bounds, bounds[1:], strict=False)}


def _entropy(counts: list[int]) -> float:
    total = sum(counts)
    return -sum(c / total * math.log(c / total) for c in counts) if total else 0.0
