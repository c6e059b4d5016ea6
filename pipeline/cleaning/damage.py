"""Damaged text: mojibake spans (found, and repaired when the repair is clearly right).

A report that went through a wrong GBK round trip shows U+FFFD or a run of rare
characters (``专钫衅富疃�59场次``). We re-encode the span to GBK bytes, try
dropping a stray leading byte and filling the lost byte(s), decode again, and
score every candidate with jieba's word model in its context. A repair is
accepted only when the best candidate is ordinary text (common characters, all
inside dictionary words) and clearly beats the runner-up; otherwise the span is
only flagged.
"""

from __future__ import annotations

import math
import re
from pipeline.text import HAN_CHAR as _HAN
from dataclasses import dataclass
from functools import cache

_RARE_RUN = 4  # this many rare characters in a row is garbled text
_MAX_LEFT = 6  # characters left of U+FFFD that may belong to the damage


@cache
def is_common(ch: str) -> bool:
    """Among the ~3,800 most frequent simplified (GB2312 level 1) or ~5,400 traditional (Big5 level 1) characters."""
    for codec, lo, hi in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            if lo <= ch.encode(codec)[0] <= hi:
                return True
        except UnicodeEncodeError:
            pass
    return False


def _is_rare_han(ch: str) -> bool:
    return bool(_HAN.match(ch)) and not is_common(ch)


@dataclass(frozen=True)
class Damage:
    start: int
    end: int
    text: str
    kind: str  # "replacement character" or "rare-character run"


@dataclass(frozen=True)
class Repair:
    start: int
    end: int
    original: str
    replacement: str
    confidence: float
    accepted: bool
    note: str


def find_damage(text: str) -> list[Damage]:
    """Spans of U+FFFD (with the rare characters just before them) and runs of rare characters."""
    spans: list[Damage] = []
    for m in re.finditer("\ufffd+", text):
        start = m.start()
        while start > 0 and m.start() - start < _MAX_LEFT and _HAN.match(text[start - 1]):
            start -= 1
        spans.append(Damage(start, m.end(), text[start : m.end()], "replacement character"))
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and _is_rare_han(text[j]):
            j += 1
        if j - i >= _RARE_RUN and not any(d.start <= i < d.end for d in spans):
            spans.append(Damage(i, j, text[i:j], "rare-character run"))
        i = max(j, i + 1)
    return sorted(spans, key=lambda d: d.start)


class RepairScorer:
    """Scores candidate strings with a jieba tokenizer's unigram word model."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        tokenizer.check_initialized()

    def logprob(self, sentence: str) -> float:
        dag = self.tokenizer.get_DAG(sentence)
        route: dict[int, tuple[float, int]] = {}
        self.tokenizer.calc(sentence, dag, route)
        return route[0][0]

    def word_coverage(self, sentence: str, start: int, end: int) -> float:
        """Share of characters in [start, end) that sit inside multi-character dictionary words."""
        pos, covered = 0, 0
        for word in self.tokenizer.lcut(sentence, HMM=False):
            a, b = pos, pos + len(word)
            if len(word) > 1 and word in self.tokenizer.FREQ:
                covered += max(0, min(b, end) - max(a, start))
            pos = b
        return covered / max(1, end - start)


def repair_damage(text: str, damage: Damage, scorer: RepairScorer, *, min_confidence: float) -> Repair:
    """Try to undo a GBK round trip in ``damage``; the result says whether to accept it."""
    fffd = damage.text.find("\ufffd")
    tail_start = damage.start + (fffd if fffd >= 0 else len(damage.text))
    right = text[damage.end : damage.end + 4]
    candidates: dict[tuple[int, str], tuple[float, int]] = {}  # (start, text) -> (score, bytes dropped)
    for start in range(damage.start, tail_start):
        left = text[max(0, start - 4) : start]
        try:
            raw = text[start:tail_start].encode("gb18030")
        except UnicodeEncodeError:
            continue
        for lead, body in _byte_variants(raw, fill=fffd >= 0):
            for codec in ("gb18030", "utf-8"):
                try:
                    cand = body.decode(codec)
                except UnicodeDecodeError:
                    continue
                if not cand or not all(_HAN.match(c) and is_common(c) for c in cand):
                    continue
                context = left + cand + right
                coverage = scorer.word_coverage(context, len(left), len(left) + len(cand))
                if coverage < 0.999:
                    continue
                score = scorer.logprob(context) / len(context)
                key = (start, cand)
                candidates[key] = max(candidates.get(key, (-math.inf, 0)), (score, -lead))
    if not candidates:
        return Repair(damage.start, damage.end, damage.text, "", 0.0, False,
                      "no candidate decodes to ordinary text")
    ranked = sorted(candidates.items(), key=lambda kv: (-kv[1][0], kv[0]))
    (best_start, best), (best_score, dropped) = ranked[0]
    # Confidence: softmax of per-character log-probabilities over distinct candidate strings.
    scores = {}
    for (_, cand), (score, _) in ranked:
        scores.setdefault(cand, score)
    weights = [math.exp(40 * (s - best_score)) for s in scores.values()]
    confidence = round(1 / sum(weights), 3)
    note = f"re-encoded as GBK and re-decoded; {len(scores)} candidate(s)"
    if dropped:
        note += f"; a stray byte was dropped, so a character before “{best[:2]}” is probably lost"
    return Repair(best_start, damage.end, text[best_start : damage.end], best, confidence,
                  confidence >= min_confidence, note)


def _byte_variants(raw: bytes, *, fill: bool):
    """The span's bytes with a stray leading byte dropped and/or a lost byte filled in."""
    for lead in (0, 1):
        body = raw[lead:]
        yield lead, body
        if fill:
            for b in range(0x40, 0xFF):
                yield lead, body + bytes([b])
