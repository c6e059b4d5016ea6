"""Segmentation engines with one interface: ``cut(text) -> words``, ``ends(text) -> where
the words end`` and ``tag_words(words) -> (tags, positions of the words the dictionary lacks)``.

- ``jieba``: the reference. Words from a ``jieba.Tokenizer`` instance (never the module
  default), exactly as ``jieba.lcut`` cuts them; parts of speech as jieba.posseg gives
  them: the dictionary's tag for a dictionary word, posseg's HMM tagger for a word the
  HMM found. (Running jieba.posseg itself would cut differently: its joint HMM merges
  and splits unknown words its own way, and is four times slower.)
- ``rjieba``: jieba's dictionary and algorithm in Rust (jieba-rs), about 20 times
  faster; same tag table, jieba-rs's tagger for words the HMM found.

Both return words that concatenate back to the input, so offsets are running sums. A
word's tag depends on the word alone, so callers tag each distinct word once.
Words added with ``add_words`` are taken back by ``remove_words``, so one engine can
serve many documents, each with its own harvested terms, and give every document the
same tokens whatever came before it. (jieba-rs cannot remove a word: see
``RJiebaEngine.add_words``.)
"""

from __future__ import annotations

import itertools
import logging
import re

import ahocorasick
import jieba
import jieba.posseg
import numpy as np

from pipeline.settings import ENGINES
from pipeline.errors import SettingsError
from pipeline.segmenting.dictionary import load_tables
from pipeline.segmenting.lexicon import Term



class JiebaEngine:
    name = "jieba"

    def __init__(self, terms: list[Term], *, hmm: bool = True) -> None:
        jieba.setLogLevel(logging.WARNING)
        self.hmm = hmm
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total = load_tables(terms, part="freq")
        self.tokenizer.initialized = True
        self.tags = load_tables(terms, part="tags")
        self._oov_tags: dict[str, str] = {}
        self._tagger = None
        self._saved: dict[str, tuple[int | None, str | None]] = {}

    def tag_words(self, words: list[str]) -> tuple[list[str], list[int]]:
        return _tag_words(words, self.tags, self._oov_tag)

    def _oov_tag(self, word: str) -> str:
        """posseg's HMM tag for a word the dictionary lacks (compounds are right-headed: last piece).

        Cached for the engine's life: the tag depends on the word alone (posseg's HMM).
        """
        if word not in self._oov_tags:
            if self._tagger is None:
                self._tagger = _CachedPOSTokenizer(self.tokenizer, self.tags)
            pieces = self._tagger.lcut(word, HMM=True)
            self._oov_tags[word] = pieces[-1].flag if pieces else "x"
        return self._oov_tags[word]

    def cut(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text, HMM=self.hmm)

    def ends(self, text: str) -> np.ndarray:
        return word_ends(self.cut(text))

    def has_word(self, word: str) -> bool:
        return bool(self.tokenizer.FREQ.get(word))

    def add_words(self, terms: list[Term]) -> None:
        if not self._saved:
            self._total = self.tokenizer.total  # jieba's add_word adds to total without taking back
        for term in terms:
            if term.word not in self._saved:
                self._saved[term.word] = (self.tokenizer.FREQ.get(term.word), self.tags.get(term.word))
            freq = max(term.freq, self.tokenizer.suggest_freq(term.word, tune=False))
            self.tokenizer.add_word(term.word, freq, term.tag)
            self.tags[term.word] = term.tag
        self.tokenizer.user_word_tag_tab = {}  # tags live in self.tags

    def remove_words(self) -> None:
        """Undo ``add_words``: the engine is as it was loaded."""
        if self._saved:
            self.tokenizer.total = self._total
        for word, (freq, tag) in self._saved.items():
            self.tokenizer.FREQ[word] = freq or 0  # 0: a prefix entry, as jieba leaves it
            if tag is None:
                self.tags.pop(word, None)
            else:
                self.tags[word] = tag
        self._saved = {}


class _CachedPOSTokenizer(jieba.posseg.POSTokenizer):
    """jieba.posseg's tagger with its tag table given, not re-read from dict.txt."""

    def __init__(self, tokenizer, word_tag_tab) -> None:  # the parent would re-read dict.txt here
        self.tokenizer = tokenizer
        self.word_tag_tab = word_tag_tab


class RJiebaEngine:
    name = "rjieba"

    def __init__(self, terms: list[Term], *, hmm: bool = True) -> None:
        try:
            import rjieba
        except ImportError:
            raise SettingsError("segment.engine = \"rjieba\" needs the rjieba package; run `make setup`") from None
        self.hmm = hmm
        self._terms = terms
        self.jieba = rjieba.Jieba()
        self.tags = load_tables(terms, part="tags")
        self._wordfreq: dict[str, int] | None = None
        self._oov_tags: dict[str, str] = {}
        self._saved: dict[str, tuple[int, str | None]] = {}
        self._forced: set[str] = set()  # words of the document that jieba-rs lacks: put back after the cut
        self._forced_words = None  # ... as an Aho-Corasick automaton
        for term in terms:
            self.jieba.add_word(term.word, max(term.freq, self.jieba.suggest_freq(term.word)), term.tag)

    def tag_words(self, words: list[str]) -> tuple[list[str], list[int]]:
        return _tag_words(words, self.tags, self._oov_tag)

    def _oov_tag(self, word: str) -> str:
        """jieba-rs's tag for a word the dictionary lacks (last piece: compounds are right-headed)."""
        tag = self._oov_tags.get(word)
        if tag is None:
            pieces = self.jieba.tag(word, self.hmm)
            tag = self._oov_tags[word] = pieces[-1][1] if pieces else "x"
        return tag

    def cut(self, text: str) -> list[str]:
        return _pieces(text, self.ends(text))

    def ends(self, text: str) -> np.ndarray:
        ends = word_ends(self.jieba.cut(text, self.hmm))
        occurrences = _occurrences(text, self._forced_words) if self._forced else []
        if not occurrences:
            return ends
        # A document's own word cut in pieces is put back whole and its neighbours cut again (with
        # the word in its dictionary jieba would nearly always cut it so); one inside a longer word
        # stays there.
        spans = np.array(occurrences, dtype=np.int64)
        first = np.searchsorted(ends, spans[:, 0], side="right")  # the word each occurrence begins in
        last = np.searchsorted(ends, spans[:, 1], side="left")  # ... and ends in
        dropped = np.zeros(len(ends), dtype=bool)
        added, done = [], 0  # words before ``done`` are settled
        for (start, end), a, b in zip(occurrences, first.tolist(), last.tolist(), strict=True):
            if a == b or a < done:
                continue  # inside one word already, or in a word already cut again for the last one
            left, right = int(ends[a - 1]) if a else 0, int(ends[b])
            dropped[a:b + 1] = True
            added += [self._cut_ends(text, left, start), np.array([end]), self._cut_ends(text, end, right)]
            done = b + 1
        return np.sort(np.concatenate([ends[~dropped], *added])) if added else ends

    def _cut_ends(self, text: str, begin: int, end: int) -> np.ndarray:
        """Where the words of text[begin:end] end, as offsets into ``text``."""
        return word_ends(self.jieba.cut(text[begin:end], self.hmm)) + begin if end > begin else np.zeros(0, np.int64)

    def has_word(self, word: str) -> bool:
        return self.jieba.has_word(word)

    def add_words(self, terms: list[Term]) -> None:
        """Words of one document. A word jieba-rs lacks is not added to it: jieba-rs cannot
        remove a word again (at frequency 0 it still breaks up the text around it), which would
        change every later document. Where the cut splits such a word, ``ends`` puts it back."""
        for term in terms:
            if term.word not in self._saved:
                self._saved[term.word] = (self._dictionary_freq(term.word), self.tags.get(term.word))
            if self._saved[term.word][0]:
                self.jieba.add_word(term.word, max(term.freq, self.jieba.suggest_freq(term.word)), term.tag)
            elif _IN_ONE_BLOCK.fullmatch(term.word):  # jieba's dictionary never matches across blocks (·, ×)
                self._forced.add(term.word)
            self.tags[term.word] = term.tag
        if self._forced:
            self._forced_words = ahocorasick.Automaton()
            for word in self._forced:
                self._forced_words.add_word(word, len(word))
            self._forced_words.make_automaton()

    def _dictionary_freq(self, word: str) -> int:
        if not self.jieba.has_word(word):
            return 0
        if self._wordfreq is None:
            self._wordfreq = load_tables(self._terms, part="wordfreq")
        return self._wordfreq.get(word, 0)

    def remove_words(self) -> None:
        """Undo ``add_words``: the engine is as it was loaded."""
        for word, (freq, tag) in self._saved.items():
            if freq:
                self.jieba.add_word(word, freq, tag or "x")
            if tag is None:
                self.tags.pop(word, None)
            else:
                self.tags[word] = tag
        self._saved = {}
        self._forced, self._forced_words = set(), None


def word_ends(words: list[str]) -> np.ndarray:
    """Offsets where consecutive words end (the words tile the text they were cut from)."""
    return np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words)))


def _pieces(text: str, ends: np.ndarray) -> list[str]:
    bounds = [0, *ends.tolist()]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def _occurrences(text: str, words) -> list[tuple[int, int]]:
    """(start, end) of the words of an Aho-Corasick automaton in ``text``, left to right,
    longest first where they overlap."""
    found = [(last + 1 - length, -last - 1) for last, length in words.iter(text)]  # (start, -end): longest first
    found.sort()
    chosen, end = [], 0
    for start, minus_end in found:
        if start >= end:
            end = -minus_end
            chosen.append((start, end))
    return chosen


# The characters jieba segments as one block (jieba's re_han_default): a word never spans two blocks.
_IN_ONE_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")


def _tag_words(words: list[str], dictionary_tags: dict[str, str], oov_tag) -> tuple[list[str], list[int]]:
    """(tags, positions of the words the dictionary lacks): the dictionary's tag of each word,
    the engine's own tagger for words the HMM found."""
    tags = list(map(dictionary_tags.get, words))
    unknown = [i for i, tag in enumerate(tags) if tag is None]
    for i in unknown:
        tags[i] = oov_tag(words[i])
    return tags, unknown


def make_engine(name: str, terms: list[Term], *, hmm: bool = True):
    if name == "jieba":
        return JiebaEngine(terms, hmm=hmm)
    if name == "rjieba":
        return RJiebaEngine(terms, hmm=hmm)
    raise SettingsError(f"segment.engine = {name!r} in pipeline.toml is not an engine; valid: {', '.join(ENGINES)}")
