"""Token tables, built column-wise for many documents at once.

The engine cuts each document in one call (``cut``); quantity/date/latin spans then
replace the words they overlap. ``token_tables`` then works on the joined documents of a
batch with numpy and pyarrow: the token strings are cut out of the text's bytes, and
kinds, tags and stop flags are worked out once per distinct word of the batch. No Python
work is done per token, which keeps the fast engine fast.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.segmenting import quantities
from pipeline.segmenting.lexicon import Term

COLUMNS = ["doc", "chapter", "section", "paragraph_id", "role", "sentence", "position", "token", "norm",
           "pos", "kind", "is_stop", "stop_list", "start", "end"]
_TYPES = {"chapter": pa.int16(), "section": pa.int16(), "sentence": pa.int32(), "position": pa.int32(),
          "is_stop": pa.bool_(), "start": pa.int32(), "end": pa.int32()}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in COLUMNS])
KINDS = ("word", "quantity", "date", "latin", "punct")
KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
ENGINE_CUT = -1  # kind code of a token the engine cut: its kind follows from its characters
_KIND_NAMES = pa.array(KINDS, pa.string())
_KIND_TAGS = pa.array([quantities.POS_OF_KIND.get(kind) for kind in KINDS], pa.string())


def cut_document(norm_text: str, engine) -> tuple[np.ndarray, np.ndarray]:
    """(starts, kind codes) of the tokens, which tile the text: where each begins, sorted.

    The engine cuts the whole text in one call; words that overlap a quantity, date or
    Latin span give way to the span (608 / 亿元 become 608亿元), and what a word keeps
    outside a span (底 of 2023 / 年底) is cut again on its own. ``kinds`` is ENGINE_CUT
    where the engine cut, else the code of the span's kind (``KINDS``).
    """
    ends = engine.ends(norm_text)
    starts = _starts(ends, 0)
    span_start, span_end, span_kinds = quantities.special_spans(norm_text)
    if not span_start:
        return starts, np.full(len(starts), ENGINE_CUT, dtype=np.int8)
    span_start, span_end = np.array(span_start, dtype=np.int64), np.array(span_end, dtype=np.int64)
    nearest = np.minimum(np.searchsorted(span_end, starts, side="right"), len(span_end) - 1)  # first span ending after
    overlaps = (span_end[nearest] > starts) & (span_start[nearest] < ends)
    covered = overlaps & (span_start[nearest] <= starts) & (ends <= span_end[nearest])
    keep = np.flatnonzero(~overlaps)
    extra_starts = [np.zeros(0, dtype=np.int64)]
    for i in np.flatnonzero(overlaps & ~covered):  # words sticking out of a span: rare
        for a, b in _outside_spans(int(starts[i]), int(ends[i]), span_start, span_end):
            extra_starts.append(_starts(engine.ends(norm_text[a:b]) + a, a))
    extra = np.concatenate(extra_starts)
    all_starts = np.concatenate([starts[keep], extra, span_start])
    all_kinds = np.concatenate([np.full(len(keep) + len(extra), ENGINE_CUT, dtype=np.int8),
                                np.array([KIND_CODE[k] for k in span_kinds], dtype=np.int8)])
    order = np.argsort(all_starts, kind="stable")
    return all_starts[order], all_kinds[order]


def _starts(ends: np.ndarray, begin: int) -> np.ndarray:
    """Where consecutive words begin, from where they end and where the first begins (no words: none)."""
    return np.concatenate([[begin], ends[:-1]]).astype(np.int64)[:len(ends)]


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


@dataclass
class Cut:
    """One document as the engine cut it (with the document's own terms added)."""

    doc: str
    text: str  # the original text: the token column
    norm_text: str  # what was segmented (a simplified copy of a traditional text): the norm column
    paragraphs: list[dict]
    sentences: list[dict]
    own_terms: list[Term]  # harvested (and candidate) terms: their tag in this document
    starts: np.ndarray
    kinds: np.ndarray  # KINDS codes; ENGINE_CUT where the engine cut


def cut(doc: str, text: str, norm_text: str, paragraphs: list[dict], sentences: list[dict], engine,
        own_terms: list[Term]) -> Cut:
    """Cut one document with ``own_terms`` added to the engine for this document only."""
    try:
        engine.add_words(own_terms)
        starts, kinds = cut_document(norm_text, engine)
    finally:
        engine.remove_words()
    return Cut(doc, text, norm_text, paragraphs, sentences, own_terms, starts, kinds)


@dataclass
class TokenBatch:
    """The token tables of several documents, built in one pass: one table, a slice per document.

    ``vocab`` / ``ids`` number the distinct ``norm`` values of the whole batch, for the
    per-document statistics that follow (counts, candidate words).
    """

    table: pa.Table
    row_bounds: np.ndarray  # document i owns rows row_bounds[i]:row_bounds[i + 1]
    vocab: pa.StringArray
    ids: np.ndarray
    sentence_ids: np.ndarray  # the token's sentence, numbered across the batch
    not_in_dictionary: np.ndarray  # per vocab word: the engine's dictionary lacks it (the HMM found it)
    is_content_word: np.ndarray  # per token: a word (not a span, not punctuation) and not a stop word

    @cached_property
    def vocab_ids(self) -> dict[str, int]:
        return {word: k for k, word in enumerate(self.vocab.to_pylist())}

    def tokens(self, i: int) -> pa.Table:
        return self.table.slice(self.row_bounds[i], self.row_bounds[i + 1] - self.row_bounds[i])

    def rows(self, i: int) -> slice:
        return slice(int(self.row_bounds[i]), int(self.row_bounds[i + 1]))


def token_tables(cuts: list[Cut], engine, stoplists: dict[str, list[str]], active: tuple[str, ...]) -> TokenBatch:
    """The token tables of ``cuts``; ``stop_list`` names any list holding the word, ``is_stop`` only the ``active`` ones.

    All documents are worked on as one: their texts are joined, so each step is one
    vectorised call for the batch, and kinds, tags and stop lists are worked out once per
    distinct word of the batch (a word's tag depends on the word alone, except for a
    document's own terms, which keep their own tag in that document).
    """
    lengths = np.array([len(c.norm_text) for c in cuts], dtype=np.int64)
    base = np.concatenate([[0], np.cumsum(lengths)])
    norm_text = "".join(c.norm_text for c in cuts)
    all_starts = np.concatenate([c.starts + b for c, b in zip(cuts, base[:-1], strict=True)] or [np.zeros(0, np.int64)])
    known_kind = np.concatenate([c.kinds for c in cuts] or [np.zeros(0, np.int8)])
    all_norm = tiles(norm_text, all_starts)
    all_ends = np.append(all_starts[1:], len(norm_text))
    sentence_base = np.repeat(base[:-1], [len(c.sentences) for c in cuts])
    # Sentence and paragraph records as arrays (one pass over each), so token columns are takes.
    sentence_rows = _int_rows([s for c in cuts for s in c.sentences], ("start", "end", "sentence"))
    paragraph_rows, paragraph_of = [], []
    for c in cuts:
        index = {p["paragraph_id"]: len(paragraph_rows) + k for k, p in enumerate(c.paragraphs)}
        paragraph_rows += [(int(p["chapter"]), int(p["section"]), p["paragraph_id"], p["role"]) for p in c.paragraphs]
        paragraph_of += [index[s["paragraph_id"]] for s in c.sentences]
    sent_start, sent_end = sentence_rows[:, 0] + sentence_base, sentence_rows[:, 1] + sentence_base
    sentence_of = np.searchsorted(sent_start, all_starts, side="right") - 1
    inside = (sentence_of >= 0) & (all_ends <= sent_end[np.maximum(sentence_of, 0)])
    keep = inside & (all_ends > all_starts) & ~np.asarray(pc.fill_null(pc.utf8_is_space(all_norm), False), dtype=bool)
    idx = np.flatnonzero(keep)
    norm, start, end, sentence_of = all_norm.take(idx), all_starts[idx], all_ends[idx], sentence_of[idx]
    known_kind = known_kind[idx]
    doc_of = np.repeat(np.arange(len(cuts)), [len(c.sentences) for c in cuts])[sentence_of]
    # Kind, tag and stop list depend on the word alone: work them out once per distinct word.
    encoded = pc.dictionary_encode(norm)
    distinct, which = encoded.dictionary, encoded.indices
    which = np.asarray(which, dtype=np.int64)
    engine_cut = known_kind == ENGINE_CUT
    kind_code = np.where(engine_cut, _kinds(distinct)[which], known_kind)
    tag, not_in_dictionary = _tags(engine, distinct, which, kind_code, engine_cut, doc_of, [c.own_terms for c in cuts])
    stop_choice = pa.array(np.where(kind_code == KIND_CODE["word"], which, len(distinct)))  # not a word: ""
    distinct_stop = _stop_lists(distinct, stoplists)
    stop_list = pa.concat_arrays([distinct_stop, pa.array([""])]).take(stop_choice)
    is_stop = pa.concat_arrays([pc.is_in(distinct_stop, value_set=pa.array(list(active), pa.string())),
                                pa.array([False])]).take(stop_choice)
    sentence_begins = np.flatnonzero(np.diff(sentence_of, prepend=-1))  # sentence_of is sorted
    first_of_sentence = np.repeat(sentence_begins, np.diff(sentence_begins, append=len(sentence_of)))
    chapter, section, paragraph_id, role = zip(*paragraph_rows, strict=True) if paragraph_rows else ((), (), (), ())
    per_paragraph = {"chapter": pa.array(chapter, pa.int16()), "section": pa.array(section, pa.int16()),
                     "paragraph_id": pa.array(paragraph_id, pa.string()), "role": pa.array(role, pa.string())}
    paragraph_of_token = pa.array(np.asarray(paragraph_of, dtype=np.int64)[sentence_of])
    if all(c.text is c.norm_text for c in cuts):
        token = norm
    else:
        token = tiles("".join(c.text for c in cuts), all_starts).take(idx)
    columns = {
        "doc": pa.array([c.doc for c in cuts], pa.string()).take(pa.array(doc_of)),
        **{name: values.take(paragraph_of_token) for name, values in per_paragraph.items()},
        "sentence": pa.array(sentence_rows[sentence_of, 2], pa.int32()),
        "position": pa.array(np.arange(len(idx)) - first_of_sentence, pa.int32()),
        "token": token, "norm": norm, "pos": tag, "kind": _KIND_NAMES.take(pa.array(kind_code)),
        "is_stop": is_stop, "stop_list": stop_list,
        "start": pa.array(start - base[doc_of], pa.int32()), "end": pa.array(end - base[doc_of], pa.int32()),
    }
    row_bounds = np.searchsorted(doc_of, np.arange(len(cuts) + 1), side="left")
    is_content_word = (kind_code == KIND_CODE["word"]) & ~np.asarray(is_stop, dtype=bool)
    return TokenBatch(pa.table([columns[name] for name in COLUMNS], schema=SCHEMA), row_bounds, distinct, which,
                      sentence_of, not_in_dictionary, is_content_word)


def _int_rows(records: list[dict], keys: tuple[str, ...]) -> np.ndarray:
    """The ``keys`` of each record as a row of integers (numbers, or their text when read from CSV)."""
    rows = map(operator.itemgetter(*keys), records)  # a tuple per record (a value, for one key)
    values = itertools.chain.from_iterable(rows) if len(keys) > 1 else rows
    return np.fromiter(values, dtype=np.int64).reshape(-1, len(keys))


def _tags(engine, distinct: pa.Array, which: np.ndarray, kind_code: np.ndarray, engine_cut: np.ndarray,
          doc_of: np.ndarray, own_terms: list[list[Term]]) -> tuple[pa.Array, np.ndarray]:
    """(tag of each token, which distinct words the dictionary lacks).

    The engine's tag for the words it cut (a document's own terms: their tag), jieba's tag
    of the kind for spans, x for punctuation.
    """
    needs_tag = engine_cut & (kind_code != KIND_CODE["punct"])
    wanted = np.flatnonzero(np.bincount(which[needs_tag], minlength=len(distinct)))
    tags, unknown = engine.tag_words(distinct.take(pa.array(wanted)).to_pylist())
    distinct_tags = np.full(len(distinct), None, dtype=object)
    distinct_tags[wanted] = tags
    not_in_dictionary = np.zeros(len(distinct), dtype=bool)
    not_in_dictionary[wanted[unknown]] = True
    # One take from the distinct words' tags, then the kinds' tags, then the own terms' tags.
    choice = np.where(needs_tag, which, len(distinct) + kind_code.astype(np.int64))
    tokens, term_tags = _own_term_tokens(distinct, which, doc_of, own_terms, needs_tag)
    choice[tokens] = len(distinct) + len(_KIND_TAGS) + np.arange(len(tokens))
    tag = pa.concat_arrays([pa.array(distinct_tags, pa.string()), _KIND_TAGS, pa.array(term_tags, pa.string())])
    return tag.take(pa.array(choice)), not_in_dictionary


def _own_term_tokens(distinct: pa.Array, which: np.ndarray, doc_of: np.ndarray, own_terms: list[list[Term]],
                   needs_tag: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """(the tokens that are their document's own term, their tag in that document's lexicon)."""
    terms = [(d, t) for d, own in enumerate(own_terms) for t in own]
    if not terms:
        return np.zeros(0, dtype=np.int64), []
    word_id = pc.index_in(pa.array([t.word for _, t in terms], pa.string()), value_set=distinct)
    present = np.asarray(pc.is_valid(word_id), dtype=bool)
    if not present.any():
        return np.zeros(0, dtype=np.int64), []
    word_id = np.asarray(word_id.drop_null(), dtype=np.int64)
    is_term = np.zeros(len(distinct), dtype=bool)
    is_term[word_id] = True
    maybe = np.flatnonzero(is_term[which] & needs_tag)  # tokens of some document's own term
    keys = np.array([d for d, _ in terms], dtype=np.int64)[present] * len(distinct) + word_id
    order = np.argsort(keys, kind="stable")
    keys, term_tags = keys[order], np.array([t.tag for _, t in terms], dtype=object)[present][order]
    token_keys = doc_of[maybe] * len(distinct) + which[maybe]
    at = np.minimum(np.searchsorted(keys, token_keys), len(keys) - 1)
    own = keys[at] == token_keys
    return maybe[own], term_tags[at[own]].tolist()


def _kinds(norm: pa.Array) -> np.ndarray:
    """Kind codes of the engine's words (punct, latin, quantity, word); the spans keep theirs.

    Character classes, not regexes: a token of letters and digits is
    a word (Han), Latin (ASCII letters) or a quantity (ASCII digits); a token with no letter
    or digit is punctuation; the few mixed tokens (党建+莲湘颐老) are words.
    """
    alnum = np.asarray(pc.fill_null(pc.utf8_is_alnum(norm), False), dtype=bool)
    ascii_ = np.asarray(pc.string_is_ascii(norm), dtype=bool)
    digits = np.asarray(pc.fill_null(pc.utf8_is_digit(norm), False), dtype=bool)
    code = np.where(alnum, np.where(ascii_, np.where(digits, KIND_CODE["quantity"], KIND_CODE["latin"]),
                                    KIND_CODE["word"]), KIND_CODE["punct"]).astype(np.int8)
    mixed = np.flatnonzero(~alnum)  # look closer only at words with a character that is not alphanumeric
    has_letter = [any(ch.isalnum() for ch in word) for word in norm.take(mixed).to_pylist()]
    code[mixed[np.array(has_letter, dtype=bool)]] = KIND_CODE["word"]  # 党建+莲湘颐老
    return code


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
