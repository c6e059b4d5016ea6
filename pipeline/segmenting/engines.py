"""Segmentation engines with one interface: ``cut(text) -> words`` and ``tags_for(words) -> tags``.

- ``jieba``: the reference. Words from a ``jieba.Tokenizer`` instance (never the module
  default), exactly as ``jieba.lcut`` cuts them; parts of speech as jieba.posseg gives
  them: the dictionary's tag for a dictionary word, posseg's HMM tagger for a word the
  HMM found. (Running jieba.posseg itself would cut differently: its joint HMM merges
  and splits unknown words its own way, and is four times slower.)
- ``rjieba``: jieba's dictionary and algorithm in Rust (jieba-rs), about 20 times
  faster; same tag table, jieba-rs's tagger for words the HMM found.

Both return words that concatenate back to the input, so offsets are running sums. A
word's tag depends on the word alone, so callers tag each distinct word once.
Words added with ``add_words`` can be removed again with ``remove_words``, so one
engine can serve many documents, each with its own harvested terms.
"""

from __future__ import annotations

import logging

import jieba
import jieba.posseg

from pipeline.errors import SettingsError
from pipeline.segmenting.dictionary import load_tables
from pipeline.segmenting.lexicon import Term

ENGINES = ("jieba", "rjieba")


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

    def tags_for(self, words: list[str]) -> list[str]:
        return _tags_for(words, self.tags, self._oov_tag)

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
        for term in terms:
            self.jieba.add_word(term.word, max(term.freq, self.jieba.suggest_freq(term.word)), term.tag)

    def tags_for(self, words: list[str]) -> list[str]:
        return _tags_for(words, self.tags, self._oov_tag)

    def _oov_tag(self, word: str) -> str:
        """jieba-rs's tag for a word the dictionary lacks (last piece: compounds are right-headed)."""
        tag = self._oov_tags.get(word)
        if tag is None:
            pieces = self.jieba.tag(word, self.hmm)
            tag = self._oov_tags[word] = pieces[-1][1] if pieces else "x"
        return tag

    def cut(self, text: str) -> list[str]:
        return self.jieba.cut(text, self.hmm)

    def has_word(self, word: str) -> bool:
        return self.jieba.has_word(word)

    def add_words(self, terms: list[Term]) -> None:
        for term in terms:
            if term.word not in self._saved:
                self._saved[term.word] = (self._dictionary_freq(term.word), self.tags.get(term.word))
            self.jieba.add_word(term.word, max(term.freq, self.jieba.suggest_freq(term.word)), term.tag)
            self.tags[term.word] = term.tag

    def _dictionary_freq(self, word: str) -> int:
        if not self.jieba.has_word(word):
            return 0
        if self._wordfreq is None:
            self._wordfreq = load_tables(self._terms, part="wordfreq")
        return self._wordfreq.get(word, 0)

    def remove_words(self) -> None:
        """Undo ``add_words``: jieba-rs treats a frequency of 0 as absent."""
        for word, (freq, tag) in self._saved.items():
            self.jieba.add_word(word, freq, tag or "x")
            if tag is None:
                self.tags.pop(word, None)
            else:
                self.tags[word] = tag
        self._saved = {}


def _tags_for(words: list[str], dictionary_tags: dict[str, str], oov_tag) -> list[str]:
    """The dictionary's tag of each word; the engine's own tagger for words the HMM found."""
    tags = list(map(dictionary_tags.get, words))
    for i, tag in enumerate(tags):
        if tag is None:
            tags[i] = oov_tag(words[i])
    return tags


def make_engine(name: str, terms: list[Term], *, hmm: bool = True):
    if name == "jieba":
        return JiebaEngine(terms, hmm=hmm)
    if name == "rjieba":
        return RJiebaEngine(terms, hmm=hmm)
    raise SettingsError(f"segment.engine = {name!r} in pipeline.toml is not an engine; valid: {', '.join(ENGINES)}")
