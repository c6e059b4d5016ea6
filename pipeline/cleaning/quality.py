"""Checks a reader must know about: lost text, duplicated passages.

Each check returns findings with offsets in the current text; the cleaner maps
them to paragraph ids once the structure is known.
"""

from __future__ import annotations

import re

from pipeline.cleaning.chrome import line_spans
from pipeline.cleaning.ledger import Edit
from pipeline.cleaning.structure import Finding
from pipeline.text import HAN

_QUOTE_PAIRS = {"“": "”", "《": "》", "「": "」", "『": "』"}
_CLOSERS = {v: k for k, v in _QUOTE_PAIRS.items()}
_DUPLICATE_MIN_CHARS = 30  # shorter paragraphs (各位代表！) repeat legitimately
_DUPLICATE_RUN = 2  # this many repeated paragraphs in a row are a duplicated body, removed


def unbalanced_quotes(text: str) -> list[Finding]:
    """Paragraphs whose quotes or title marks close before they open, or never close."""
    findings = []
    for start, end in line_spans(text):
        line = text[start:end]
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(line):
            if ch in _QUOTE_PAIRS:
                stack.append((ch, i))
            elif ch in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[ch]:
                    stack.pop()
                else:
                    findings.append(Finding("suspected truncation", None,
                                            f"unbalanced quotes: {ch} without its {_CLOSERS[ch]}; text may be lost here",
                                            start + max(0, i - 10), start + min(len(line), i + 10)))
                    break
        else:
            if stack:
                mark, i = stack[0]
                findings.append(Finding("suspected truncation", None,
                                        f"unbalanced quotes: {mark} never closed in its paragraph",
                                        start + i, start + min(len(line), i + 20)))
    return findings


_HAN_BEFORE_NUMBER = re.compile(f"[{HAN}](?P<number>\\d[\\d.]*%?)")


def number_run_ons(text: str, runs_into_number) -> list[Finding]:
    """Places where a sentence runs into a number nothing before it introduces.

    ``runs_into_number(text, number_start)`` judges one place (see quantity_context).
    """
    findings = []
    for m in _HAN_BEFORE_NUMBER.finditer(text):
        if runs_into_number(text, m.start("number")):
            findings.append(Finding("suspected truncation", None,
                                    f"sentence runs into a number: “{text[max(0, m.start() - 6):m.end()]}”; "
                                    "text may be lost before the number", max(0, m.start() - 6), m.end()))
    return findings


def duplicate_passages(text: str) -> tuple[list[Edit], list[Finding]]:
    """Runs of repeated paragraphs are removed (a page that shows the body twice); single repeats are flagged."""
    spans = [(a, b) for a, b in line_spans(text) if b > a]
    seen: dict[str, int] = {}
    repeats = []  # (index of repeat, index of first occurrence)
    for k, (a, b) in enumerate(spans):
        line = text[a:b]
        if len(line) >= _DUPLICATE_MIN_CHARS:
            if line in seen:
                repeats.append((k, seen[line]))
            else:
                seen[line] = k
    edits, findings = [], []
    k = 0
    while k < len(repeats):
        j = k
        while j + 1 < len(repeats) and repeats[j + 1][0] == repeats[j][0] + 1:
            j += 1
        first, last = repeats[k][0], repeats[j][0]
        a, b = spans[first][0], spans[last][1]
        if j - k + 1 >= _DUPLICATE_RUN:
            while b < len(text) and text[b] == "\n":  # with the paragraph break after it
                b += 1
            edits.append(Edit(a, b, "", "repeated paragraphs", "duplicate body"))
            # Point at the first occurrence: it stays, and it lies before the removed text.
            findings.append(Finding("duplicated passage", None,
                                    f"{j - k + 1} paragraphs from here were repeated later; the repeat was removed",
                                    spans[repeats[k][1]][0], spans[repeats[j][1]][1], "removed"))
        else:
            findings.append(Finding("duplicated passage", None,
                                    f"paragraph repeats paragraph {repeats[k][1] + 1} word for word", a, b))
        k = j + 1
    return edits, findings
