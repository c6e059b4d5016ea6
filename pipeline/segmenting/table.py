"""The token table of one document, built column-wise.

The engine cuts the text between the quantity/date/latin spans in one pass over the
document; everything after that (kinds, sentence and paragraph ids, stop flags) is
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


def cut_document(norm_text: str, engine) -> tuple[list[str], list[int], list[str], list[str | None]]:
    """(words, starts, tags, kinds) over the whole text; kinds are None where the engine cut."""
    words: list[str] = []
    starts: list[int] = []
    tags: list[str] = []
    kinds: list[str | None] = []
    pos = 0
    for start, end, kind in [*quantities.special_spans(norm_text), (len(norm_text), len(norm_text), "")]:
        if start > pos:
            piece_words, piece_tags = engine.tag(norm_text[pos:start])
            words += piece_words
            tags += piece_tags
            starts += accumulate(map(len, piece_words[:-1]), initial=pos)
            kinds += [None] * len(piece_words)
        if end > start:
            words.append(norm_text[start:end])
            starts.append(start)
            tags.append(quantities.POS_OF_KIND[kind])
            kinds.append(kind)
        pos = end
    return words, starts, tags, kinds


def token_table(doc: str, text: str, norm_text: str, paragraphs: list[dict], sentences: list[dict], engine,
                stoplists: dict[str, list[str]]) -> pa.Table:
    words, starts, tags, kinds = cut_document(norm_text, engine)
    norm = pa.array(words, pa.string())
    start = np.asarray(starts, dtype=np.int64)
    end = start + np.asarray(pc.utf8_length(norm), dtype=np.int64)
    kind = _kinds(norm, kinds)
    sent_start = np.array([int(s["start"]) for s in sentences], dtype=np.int64)
    sent_end = np.array([int(s["end"]) for s in sentences], dtype=np.int64)
    sentence_of = np.searchsorted(sent_start, start, side="right") - 1
    inside = (sentence_of >= 0) & (end <= sent_end[np.maximum(sentence_of, 0)])
    keep = inside & ~np.asarray(pc.match_substring_regex(norm, r"^\s*$"), dtype=bool)
    idx = np.flatnonzero(keep)
    norm, kind, start, end, sentence_of = norm.take(idx), kind.take(idx), start[idx], end[idx], sentence_of[idx]
    tag = pa.array(tags, pa.string()).take(idx)
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
        "doc": pa.array([doc] * len(idx), pa.string()),
        **{name: values.take(take) for name, values in per_sentence.items()},
        "position": pa.array(np.arange(len(idx)) - first_of_sentence, pa.int32()),
        "token": token, "norm": norm, "pos": tag, "kind": kind,
        "is_stop": pc.not_equal(stop_list, ""), "stop_list": stop_list,
        "start": pa.array(start, pa.int32()), "end": pa.array(end, pa.int32()),
    }
    return pa.table([columns[name] for name in COLUMNS], schema=SCHEMA)


def _kinds(norm: pa.Array, known: list[str | None]) -> pa.Array:
    """Kinds of the engine's words (punct, latin, quantity, word); the spans keep theirs."""
    han = pc.match_substring_regex(norm, r"^\p{Han}")
    punct = pc.match_substring_regex(norm, r"^[\p{P}\p{S}\s]+$")
    number = pc.match_substring_regex(norm, r"^\d+(\.\d+)?$")
    ascii_ = pc.string_is_ascii(norm)
    guessed = pc.if_else(han, "word", pc.if_else(punct, "punct", pc.if_else(number, "quantity",
                                                                              pc.if_else(ascii_, "latin", "word"))))
    return pc.coalesce(pa.array(known, pa.string()), guessed)


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
