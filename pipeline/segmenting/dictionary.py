"""jieba's dictionary plus the policy lexicon, cached under .cache/ keyed by their content.

jieba reads its own cache with ``marshal.load(file)``, slow on Python 3.11; reading the
bytes first and ``marshal.loads`` them is about twice as fast. The cache also holds the
dictionary's part-of-speech tags, which jieba.posseg would otherwise re-read from dict.txt.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
from pathlib import Path
from typing import Any

from pipeline.config import CACHE_DIR
from pipeline.segmenting.lexicon import Term

_CACHE_FORMAT = "4"


def jieba_dict_path() -> Path:
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def cache_key(terms: list[Term]) -> str:
    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    digest.update(jieba_dict_path().read_bytes())
    for term in terms:
        digest.update(f"{term.word}\t{term.freq}\t{term.tag}\n".encode())
    return digest.hexdigest()[:16]


def load_tables(terms: list[Term], cache_dir: Path = CACHE_DIR, *, part: str) -> Any:
    """One part of jieba's dictionary with ``terms`` added, built once, then cached.

    ``part`` is "freq" for (FREQ, total), the tokenizer's prefix dictionary; "tags" for the
    word -> part-of-speech table; "wordfreq" for the frequencies of dict.txt's own words.
    The fast engine needs only the tags (and the word frequencies to undo a change).
    """
    key = cache_key(terms)
    path = cache_dir / f"segment-{key}.{part}.marshal"
    if path.is_file():
        try:
            return marshal.loads(path.read_bytes())
        except (EOFError, ValueError, TypeError):
            pass  # a damaged cache is rebuilt
    parts = _build_tables(terms)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for stale in cache_dir.glob("segment-*.marshal"):  # tables of an older lexicon: 20 MB each
        if not stale.name.startswith(f"segment-{key}."):
            stale.unlink(missing_ok=True)
    for name, value in parts.items():
        target = cache_dir / f"segment-{key}.{name}.marshal"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, target)
    return parts[part]


def _build_tables(terms: list[Term]) -> dict[str, Any]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(CACHE_DIR)
    tokenizer.initialize()
    tags: dict[str, str] = {}
    wordfreq: dict[str, int] = {}
    with open(jieba_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
                wordfreq[parts[0]] = int(parts[1])
    # Punctuation is tagged "x" as jieba.posseg does; in the table it needs no tagger call.
    for mark in "，。、；：！？“”‘’（）《》〈〉【】「」『』…—·,.;:!?()[]\"'%-/+":
        tags.setdefault(mark, "x")
    for term in terms:
        # The listed frequency is a floor: raise it until jieba keeps the term whole.
        freq = max(term.freq, tokenizer.suggest_freq(term.word, tune=False))
        tokenizer.add_word(term.word, freq, term.tag)
        tags[term.word] = term.tag
    return {"freq": (tokenizer.FREQ, tokenizer.total), "tags": tags, "wordfreq": wordfreq}
