"""The token table of one document, built column-wise.

The engine cuts the whole document in one call; quantity/date/latin spans then replace
the words they overlap; everything after that is computed on whole columns with numpy
and pyarrow: the token strings are cut out of the text's bytes, and kinds, tags and stop
flags are worked out once per distinct word. No Python work is done per token, which
keeps the fast engine fast.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.segmenting import quantities

COLUMNS = ["doc", "chapter", "section", "paragraph_id", "role", "sentence", "position", "token", "norm",
           "pos", "kind", "is_stop", "stop_list", "start", "end"]
_TYPES = {"chapter": pa.int16(), "section": pa.int16(), "sentence": pa.int32(), "position": pa.int32(),
          "is_stop": pa.bool_(), "start": pa.int32(), "end": pa.int32()}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in COLUMNS])


def cut_document(norm_text: str, engine) -> tuple[np.ndarray, pa.Array]:
    """(starts, kinds) of the tokens, which tile the text: where each begins, sorted.

    The engine cuts the whole text in one call; words that overlap a quantity, date or
    Latin span give way to the span (608 / 亿元 become 608亿元), and what a word keeps
    outside a span (底 of 2023 / 年底) is cut again on its own. ``kinds`` is null where
    the engine cut.
    """
    starts, ends = _bounds(engine.cut(norm_text), 0)
    spans = quantities.special_spans(norm_text)
    if not spans:
        return starts, pa.nulls(len(starts), pa.string())
    span_start = np.array([a for a, _, _ in spans], dtype=np.int64)
    span_end = np.array([b for _, b, _ in spans], dtype=np.int64)
    nearest = np.minimum(np.searchsorted(span_end, starts, side="right"), len(spans) - 1)  # first span ending after
    overlaps = (span_end[nearest] > starts) & (span_start[nearest] < ends)
    covered = overlaps & (span_start[nearest] <= starts) & (ends <= span_end[nearest])
    keep = np.flatnonzero(~overlaps)
    extra_starts = [np.zeros(0, dtype=np.int64)]
    for i in np.flatnonzero(overlaps & ~covered):  # words sticking out of a span: rare
        for a, b in _outside_spans(int(starts[i]), int(ends[i]), span_start, span_end):
            extra_starts.append(_bounds(engine.cut(norm_text[a:b]), a)[0])
    extra = np.concatenate(extra_starts)
    all_starts = np.concatenate([starts[keep], extra, span_start])
    all_kinds = pa.concat_arrays([pa.nulls(len(keep) + len(extra), pa.string()),
                                  pa.array([k for _, _, k in spans], pa.string())])
    order = np.argsort(all_starts, kind="stable")
    return all_starts[order], all_kinds.take(order)


def _bounds(words: list[str], offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of consecutive words that begin at ``offset``."""
    ends = np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words))) + offset
    return np.concatenate([[offset], ends[:-1]]).astype(np.int64), ends


def tiles(text: str, starts: np.ndarray) -> pa.StringArray:
    """The pieces of ``text`` that begin at ``starts`` and run to the next one (or the end).

    Built straight on the text's UTF-8 bytes: converting hundreds of thousands of Python
    strings one by one costs more than segmenting them.
    """
    data = text.encode("utf-8")
    code_points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    width = 1 + (code_points >= 0x80).astype(np.int32) + (code_points >= 0x800) + (code_points >= 0x10000)
    byte_at = np.concatenate([[0], np.cumsum(width, dtype=np.int64)])
    offsets = byte_at[np.append(starts, len(text))].astype(np.int32)
    return pa.StringArray.from_buffers(len(starts), pa.py_buffer(offsets), pa.py_buffer(data))


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
    all_starts, known_kind = cut_document(norm_text, engine)
    all_norm = tiles(norm_text, all_starts)
    all_ends = np.append(all_starts[1:], len(norm_text))
    sent_start = np.array([int(s["start"]) for s in sentences], dtype=np.int64)
    sent_end = np.array([int(s["end"]) for s in sentences], dtype=np.int64)
    sentence_of = np.searchsorted(sent_start, all_starts, side="right") - 1
    inside = (sentence_of >= 0) & (all_ends <= sent_end[np.maximum(sentence_of, 0)])
    keep = inside & ~np.asarray(pc.fill_null(pc.utf8_is_space(all_norm), False), dtype=bool)
    idx = np.flatnonzero(keep)
    norm, start, end, sentence_of = all_norm.take(idx), all_starts[idx], all_ends[idx], sentence_of[idx]
    known_kind = known_kind.take(idx)
    # Kind, tag and stop list depend on the word alone: work them out once per distinct word.
    encoded = pc.dictionary_encode(norm)
    distinct, which = encoded.dictionary, encoded.indices
    kind = pc.coalesce(known_kind, _kinds(distinct).take(which))
    tag = _tags(engine, distinct, which, kind, pc.is_null(known_kind))
    stop_list = pc.if_else(pc.equal(kind, "word"), _stop_lists(distinct, stoplists).take(which), "")
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
    token = norm if text is norm_text else tiles(text, all_starts).take(idx)
    columns = {
        "doc": pa.repeat(pa.scalar(doc, pa.string()), len(idx)),
        **{name: values.take(take) for name, values in per_sentence.items()},
        "position": pa.array(np.arange(len(idx)) - first_of_sentence, pa.int32()),
        "token": token, "norm": norm, "pos": tag, "kind": kind,
        "is_stop": pc.is_in(stop_list, value_set=pa.array(list(active), pa.string())), "stop_list": stop_list,
        "start": pa.array(start, pa.int32()), "end": pa.array(end, pa.int32()),
    }
    return pa.table([columns[name] for name in COLUMNS], schema=SCHEMA)


def _tags(engine, distinct: pa.Array, which: pa.Array, kind: pa.Array, engine_cut: pa.Array) -> pa.Array:
    """The engine's tag for the words it cut, jieba's tag of the kind for spans, x for punctuation."""
    needs_tag = np.asarray(pc.and_(engine_cut, pc.not_equal(kind, "punct")), dtype=bool)
    wanted = np.unique(np.asarray(which)[needs_tag])
    distinct_tags = np.full(len(distinct), None, dtype=object)
    distinct_tags[wanted] = engine.tags_for(distinct.take(pa.array(wanted)).to_pylist())
    tag = pa.array(distinct_tags, pa.string()).take(which)
    of_kind = pa.array([quantities.POS_OF_KIND.get(k) for k in pc.unique(kind).to_pylist()], pa.string())
    kind_tag = pc.take(of_kind, pc.index_in(kind, value_set=pc.unique(kind)))
    return pc.if_else(needs_tag, tag, kind_tag)


def _kinds(norm: pa.Array) -> pa.Array:
    """Kinds of the engine's words (punct, latin, quantity, word); the spans keep theirs.

    Character classes, not regexes: a token of letters and digits is
    a word (Han), Latin (ASCII letters) or a quantity (ASCII digits); a token with no letter
    or digit is punctuation; the few mixed tokens (党建+莲湘颐老) are words.
    """
    alnum = np.asarray(pc.fill_null(pc.utf8_is_alnum(norm), False), dtype=bool)
    ascii_ = np.asarray(pc.string_is_ascii(norm), dtype=bool)
    digits = np.asarray(pc.fill_null(pc.utf8_is_digit(norm), False), dtype=bool)
    guessed = np.where(alnum, np.where(ascii_, np.where(digits, "quantity", "latin"), "word"), "punct").astype(object)
    mixed = np.flatnonzero(~alnum)  # look closer only at words with a character that is not alphanumeric
    has_letter = [any(ch.isalnum() for ch in word) for word in norm.take(mixed).to_pylist()]
    guessed[mixed[np.array(has_letter, dtype=bool)]] = "word"  # 党建+莲湘颐老
    return pa.array(guessed, pa.string())


def _stop_lists(words: pa.Array, stoplists: dict[str, list[str]]) -> pa.Array:
    """Name of the first stop list holding each word, "" otherwise."""
    members, names = _stop_arrays(tuple((name, tuple(members)) for name, members in stoplists.items()))
    if not len(members):
        return pa.array([""] * len(words), pa.string())
    return pc.fill_null(pc.take(names, pc.index_in(words, value_set=members)), "")


@cache
def _stop_arrays(stoplists: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[pa.Array, pa.Array]:
    first: dict[str, str] = {}
    for name, members in stoplists:
        for word in members:
            first.setdefault(word, name)
    return pa.array(list(first), pa.string()), pa.array(list(first.values()), pa.string())
