"""jieba tokenizers built per run (never the module-level default), cached under .cache/."""

from __future__ import annotations

import logging

from pipeline.config import CACHE_DIR


def word_model():
    """A plain jieba Tokenizer with jieba's own dictionary, its cache in the project's cache folder."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(CACHE_DIR)
    tokenizer.initialize()
    return tokenizer
