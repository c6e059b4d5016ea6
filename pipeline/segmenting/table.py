"""The token table of one document, built column-wise.

The engine cuts the whole document in one call; quantity/date/latin spans then replace
the words they overlap; everything after that (kinds, sentence and paragraph ids, stop flags) is
computed on whole columns with numpy and pyarrow, so the Python work per token is a
dictionary lookup for its tag. That keeps the fast engine fast.
"""

from __future__ import annotations

from functools import cache
from itertools import accumulate

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.segmenting import quantities

COLUMNS = ["doc", "chapter", "section", "paragraph_id", "role", "sentence", "position", "token", "norm",
           "pos", "kind", "is_stop", "stop_list", "start", "end"]
_TYPES = {"chapter": pa.int16(), "section": pa.int16(), "sentence": pa.int32(), "position": pa.int32(),
          "is_stop": pa.bool_(), "start": pa.int32(), "end": pa.int32()}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in COLUMNS])


def cut_document(norm_text: str, engine) -> tuple[pa.Array, np.ndarray, pa.Array, pa.Array]:
    """(words, starts, tags, kinds) over the whole text, sorted by start.

    The engine cuts the whole text in one call; words that overlap a quantity, date or
    Latin span give way to the span (608 / 亿元 become 608亿元), and what a word keeps
    outside a span (底 of 2023 / 年底) is cut again on its own. ``kinds`` is null where
    the engine cut.
    """
    words, tags = engine.tag(norm_text)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    spans = quantities.special_spans(norm_text)
    if not spans:
        return pa.array(words, pa.string()), starts, pa.array(tags, pa.string()), pa.nulls(len(words), pa.string())
    span_start = np.array([a for a, _, _ in spans], dtype=np.int64)
    span_end = np.array([b for _, b, _ in spans], dtype=np.int64)
    nearest = np.minimum(np.searchsorted(span_end, starts, side="right"), len(spans) - 1)  # first span ending after
    overlaps = (span_end[nearest] > starts) & (span_start[nearest] < ends)
    covered = overlaps & (span_start[nearest] <= starts) & (ends <= span_end[nearest])
    keep = np.flatnonzero(~overlaps)
    extra_words, extra_starts, extra_tags = [], [], []
    for i in np.flatnonzero(overlaps & ~covered):  # words sticking out of a span: rare
        for a, b in _outside_spans(int(starts[i]), int(ends[i]), span_start, span_end):
            piece_words, piece_tags = engine.tag(norm_text[a:b])
            extra_words += piece_words
            extra_tags += piece_tags
            extra_starts += accumulate(map(len, piece_words[:-1]), initial=a)
    span_words = [norm_text[a:b] for a, b, _ in spans]
    all_words = pa.concat_arrays([pa.array(words, pa.string()).take(keep), pa.array(extra_words, pa.string()),
                                  pa.array(span_words, pa.string())])
    all_tags = pa.concat_arrays([pa.array(tags, pa.string()).take(keep), pa.array(extra_tags, pa.string()),
                                 pa.array([quantities.POS_OF_KIND[k] for _, _, k in spans], pa.string())])
    all_kinds = pa.concat_arrays([pa.nulls(len(keep) + len(extra_words), pa.string()),
                                  pa.array([k for _, _, k in spans], pa.string())])
    all_starts = np.concatenate([starts[keep], np.asarray(extra_starts, dtype=np.int64), span_start])
    order = np.argsort(all_starts, kind="stable")
    return all_words.take(order), all_starts[order], all_tags.take(order), all_kinds.take(order)


def _outside_spans(start: int, end: int, span_start: np.ndarray, span_end: np.ndarray) -> list[tuple[int, int]]:
    """The parts of [start, end) that no span covers."""
    pieces, pos = [], start
    k = int(np.searchsorted(span_end, start, side="right"))
    while k < len(span_start) and span_start[k] < end:
        if span_start[k] > pos:
            pieces.append((pos, int(span_start[k])))
        pos = max(pos, int(span_end[k]))
        k += 1
    if pos < end:
        pieces.append((pos, end))
    return pieces


def token_table(doc: str, text: str, norm_text: str, paragraphs: list[dict], sentences: list[dict], engine,
                stoplists: dict[str, list[str]], active: tuple[str, ...]) -> pa.Table:
    """The token table; ``stop_list`` names any list holding the word, ``is_stop`` only the ``active`` ones."""
    norm, start, tag, known_kind = cut_document(norm_text, engine)
    end = start + np.asarray(pc.utf8_length(norm), dtype=np.int64)
    kind = _kinds(norm, known_kind)
    sent_start = np.array([int(s["start"]) for s in sentences], dtype=np.int64)
    sent_end = np.array([int(s["end"]) for s in sentences], dtype=np.int64)
    sentence_of = np.searchsorted(sent_start, start, side="right") - 1
    inside = (sentence_of >= 0) & (end <= sent_end[np.maximum(sentence_of, 0)])
    keep = inside & ~np.asarray(pc.fill_null(pc.utf8_is_space(norm), False), dtype=bool)
    idx = np.flatnonzero(keep)
    norm, kind, start, end, sentence_of = norm.take(idx), kind.take(idx), start[idx], end[idx], sentence_of[idx]
    tag = tag.take(idx)
    tag = pc.if_else(pc.equal(kind, "punct"), "x", tag)  # jieba's tag for punctuation, also from the engine
    first_of_sentence = np.searchsorted(sentence_of, sentence_of, side="left")
    by_id = {p["paragraph_id"]: p for p in paragraphs}
    para = [by_id[s["paragraph_id"]] for s in sentences]
    per_sentence = {
        "chapter": pa.array([int(p["chapter"]) for p in para], pa.int16()),
        "section": pa.array([int(p["section"]) for p in para], pa.int16()),
        "paragraph_id": pa.array([p["paragraph_id"] for p in para], pa.string()),
        "role": pa.array([p["role"] for p in para], pa.string()),
        "sentence": pa.array([int(s["sentence"]) for s in sentences], pa.int32()),
    }
    take = pa.array(sentence_of)
    stop_list = _stop_lists(norm, kind, stoplists)
    token = norm if text is norm_text else pa.array([text[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)],
                                                    pa.string())
    columns = {
        "doc": pa.repeat(pa.scalar(doc, pa.string()), len(idx)),
        **{name: values.take(take) for name, values in per_sentence.items()},
        "position": pa.array(np.arange(len(idx)) - first_of_sentence, pa.int32()),
        "token": token, "norm": norm, "pos": tag, "kind": kind,
        "is_stop": pc.is_in(stop_list, value_set=pa.array(list(active), pa.string())), "stop_list": stop_list,
        "start": pa.array(start, pa.int32()), "end": pa.array(end, pa.int32()),
    }
    return pa.table([columns[name] for name in COLUMNS], schema=SCHEMA)


def _kinds(norm: pa.Array, known: pa.Array) -> pa.Array:
    """Kinds of the engine's words (punct, latin, quantity, word); the spans keep theirs.

    Character classes, not regexes, for the common cases: a token of letters and digits is
    a word (Han), Latin (ASCII letters) or a quantity (ASCII digits); a token with no letter
    or digit is punctuation; the few mixed tokens (党建+莲湘颐老) are words.
    """
    alnum = np.asarray(pc.fill_null(pc.utf8_is_alnum(norm), False), dtype=bool)
    ascii_ = np.asarray(pc.string_is_ascii(norm), dtype=bool)
    digits = np.asarray(pc.fill_null(pc.utf8_is_digit(norm), False), dtype=bool)
    guessed = np.where(alnum, np.where(ascii_, np.where(digits, "quantity", "latin"), "word"), "punct").astype(object)
    mixed = np.flatnonzero(~alnum)  # the regex only for tokens with a non-alphanumeric character
    has_letter = np.asarray(pc.match_substring_regex(norm.take(mixed), r"[\p{L}\p{N}]"), dtype=bool)
    guessed[mixed[has_letter]] = "word"  # 党建+莲湘颐老
    return pc.coalesce(known, pa.array(guessed, pa.string()))


def _stop_lists(norm: pa.Array, kind: pa.Array, stoplists: dict[str, list[str]]) -> pa.Array:
    """Name of the first stop list holding each word token, "" otherwise."""
    words, names = _stop_arrays(tuple((name, tuple(members)) for name, members in stoplists.items()))
    if not len(words):
        return pa.array([""] * len(norm), pa.string())
    index = pc.index_in(norm, value_set=words)
    listed = pc.take(names, index)
    return pc.if_else(pc.and_(pc.is_valid(index), pc.equal(kind, "word")), listed, "")


@cache
def _stop_arrays(stoplists: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[pa.Array, pa.Array]:
    first: dict[str, str] = {}
    for name, members in stoplists:
        for word in members:
            first.setdefault(word, name)
    return pa.array(list(first), pa.string()), pa.array(list(first.values()), pa.string())
