"""Copies of the page's text that a scrape or a saved page repeats: kept once.

Saved portal pages nest the article in table cells that a copy selected several times,
so the whole page (chrome, title block, body) comes back five or six times; scraped
pages repeat the title and opening at the end. Lines are compared with their spaces
removed; a run of lines that repeats an earlier run is removed when it is long enough
that a report would never say it twice (``min_chars``), and a single line when it is
long by itself (``min_line``). Short lines (各位代表！) repeat legitimately and are kept
unless they lie inside a repeated run. Before the opening address (各位代表：) a title
block printed twice is removed however short it is (``min_front``).
"""

from __future__ import annotations

import re

from pipeline.cleaning.chrome import line_spans, opening_address
from pipeline.cleaning.ledger import Edit

_SPACE = re.compile(r"\s+")
_MAX_CANDIDATES = 8  # latest earlier occurrences of a line tried as the start of a repeat (and the first)


def repeated_runs(text: str, *, min_chars: int = 80, min_line: int = 50, min_front: int = 8) -> tuple[list[Edit], int]:
    """Edits removing every repeated run of lines, and how many characters they remove."""
    spans = [(a, b) for a, b in line_spans(text) if text[a:b].strip()]
    keys = [_SPACE.sub("", text[a:b]) for a, b in spans]
    address = opening_address(keys)
    front_end = address if address is not None else 0
    seen: dict[str, list[int]] = {}
    edits, removed, j = [], 0, 0
    while j < len(keys):
        length, weight = _longest_earlier_run(keys, seen.get(keys[j], ()), j)
        front = j + length <= front_end
        if length and (weight >= (min_front if front else min_chars) or (length == 1 and len(keys[j]) >= min_line)):
            first = seen[keys[j]][0]
            if length == 1 and first < front_end <= j:
                # a page's lede before the report repeats the body's paragraph: the body keeps it
                a, b = spans[first][0], spans[first][1]
                edits.append(Edit(a, _with_breaks(text, b), "", "repeated copy of later text", "duplicate body"))
                removed += _with_breaks(text, b) - a
                seen[keys[j]] = [j]
                j += 1
                continue
            a, b = spans[j][0], spans[j + length - 1][1]
            b = _with_breaks(text, b)
            edits.append(Edit(a, b, "", "repeated copy of earlier text", "duplicate body"))
            removed += b - a
            j += length
            continue
        seen.setdefault(keys[j], []).append(j)
        j += 1
    return sorted(edits, key=lambda e: e.start), removed


def _with_breaks(text: str, end: int) -> int:
    """The end of a removed line with the line breaks after it."""
    while end < len(text) and text[end] in "\n\r":
        end += 1
    return end


def _longest_earlier_run(keys: list[str], earlier, j: int) -> tuple[int, int]:
    """(lines, characters) of the longest run starting at ``j`` that equals a run starting earlier."""
    best = (0, 0)
    for i in (list(earlier)[:1] + list(earlier)[-_MAX_CANDIDATES:]):  # the first copy, and the latest ones
        t, weight = 0, 0
        while j + t < len(keys) and i + t < j and keys[i + t] == keys[j + t]:
            weight += len(keys[j + t])
            t += 1
        if weight > best[1]:
            best = (t, weight)
    return best
