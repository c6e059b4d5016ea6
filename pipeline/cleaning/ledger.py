"""The cleaning ledger: every change to the decoded input, in its coordinates.

The cleaner is a chain of rules. Each rule looks at the *current* text and
proposes edits (span + replacement) in current coordinates; the ledger turns
them into edits of the *original* decoded text, so that at the end

    original == kept characters + logged originals

holds by construction and can be checked from the written files alone
(``cleaning_log.csv`` + ``clean.txt`` rebuild the input; see ``replay``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Iterable


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the current text by ``replacement``."""

    start: int
    end: int
    replacement: str = ""
    rule: str = ""
    reason: str = ""  # overrides the reason given to ``Ledger.apply``


@dataclass
class _Piece:
    # A stretch of the original text [start, end). ``text is None`` means the
    # original characters are kept; otherwise they were replaced by ``text``.
    start: int
    end: int
    text: str | None = None
    reasons: list[str] = field(default_factory=list)

    def current(self, original: str) -> str:
        return original[self.start : self.end] if self.text is None else self.text


@dataclass(frozen=True)
class LogRow:
    """One removed or changed span of the original text."""

    start: int
    end: int
    original: str
    replacement: str
    reason: str
    rule: str
    clean_start: int


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to a plain string (the ``str -> str`` view of a rule)."""
    out, pos = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


class Ledger:
    """The current text plus the record of how it was made from ``original``."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._pieces = [_Piece(0, len(original))] if original else []
        self._text: str | None = original

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(p.current(self.original) for p in self._pieces)
        return self._text

    def apply(self, edits: Iterable[Edit], reason: str = "") -> int:
        """Apply edits (current coordinates, non-overlapping) and log them under ``reason``.

        Returns the number of edits that changed something.
        """
        edits = list(edits)
        if any(e.start >= e.end and e.replacement for e in edits):
            raise ValueError(f"{reason!r}: pure insertions cannot be logged against the original; replace a span")
        todo = sorted((e for e in edits if e.start < e.end and
                       self.text[e.start : e.end] != e.replacement), key=lambda e: e.start)
        for a, b in zip(todo, todo[1:], strict=False):
            if b.start < a.end:
                raise ValueError(f"overlapping edits {a} and {b} for {reason!r}")
        if not todo:
            return 0
        new_pieces: list[_Piece] = []
        offset = 0  # current-text offset of the piece being split
        k = 0  # next edit
        for piece in self._pieces:
            cur = piece.current(self.original)
            p_start, p_end = offset, offset + len(cur)
            offset = p_end
            if not _touches(todo, k, p_start, p_end):
                new_pieces.append(piece)
                continue
            k = self._split_piece(piece, cur, p_start, p_end, todo, k, reason, new_pieces)
        self._pieces = [p for p in new_pieces if p.end > p.start or p.text]
        self._text = None
        return len(todo)

    def _split_piece(self, piece, cur, p_start, p_end, todo, k, reason, out) -> int:
        """Split one piece by the edits overlapping it; returns the next edit index."""
        if piece.text is not None:
            # Already replaced text edited again: rewrite its replacement.
            text, shift, j = piece.text, 0, k
            while j < len(todo) and todo[j].start < p_end:
                e = todo[j]
                a, b = max(e.start, p_start) - p_start, min(e.end, p_end) - p_start
                repl = e.replacement if e.start >= p_start else ""
                text = text[: a + shift] + repl + text[b + shift :]
                shift += len(repl) - (b - a)
                if e.end > p_end:
                    break
                j += 1
            last = todo[min(j, len(todo) - 1)]
            reasons = piece.reasons + [f"{last.reason or reason}|{last.rule}"]
            out.append(_Piece(piece.start, piece.end, text, reasons))
            return j
        pos = p_start  # current offset up to which the piece is emitted
        j = k
        while j < len(todo) and todo[j].start < p_end:
            e = todo[j]
            a, b = max(e.start, p_start), min(e.end, p_end)
            if a > pos:
                out.append(_Piece(piece.start + pos - p_start, piece.start + a - p_start))
            repl = e.replacement if e.start >= p_start else ""
            out.append(_Piece(piece.start + a - p_start, piece.start + b - p_start, repl,
                              [f"{e.reason or reason}|{e.rule}"]))
            pos = b
            if e.end > p_end:
                break
            j += 1
        if pos < p_end:
            out.append(_Piece(piece.start + pos - p_start, piece.end))
        return j

    def rows(self) -> list[LogRow]:
        """The log: one row per changed span, neighbours with the same reason merged."""
        rows: list[LogRow] = []
        clean_pos = 0
        for piece in self._pieces:
            if piece.text is None:
                clean_pos += piece.end - piece.start
                continue
            reason = "; ".join(r.split("|")[0] for r in piece.reasons)
            rule = "; ".join(r.split("|")[1] for r in piece.reasons)
            last = rows[-1] if rows else None
            if last and last.end == piece.start and last.reason == reason and last.rule == rule:
                rows[-1] = LogRow(last.start, piece.end, last.original + self.original[piece.start:piece.end],
                                  last.replacement + piece.text, reason, rule, last.clean_start)
            else:
                rows.append(LogRow(piece.start, piece.end, self.original[piece.start : piece.end],
                                   piece.text, reason, rule, clean_pos))
            clean_pos += len(piece.text)
        return rows


def _touches(todo: list[Edit], k: int, p_start: int, p_end: int) -> bool:
    # A deleted piece (no current text) is never touched: edits around it leave it as it is.
    return p_end > p_start and k < len(todo) and todo[k].start < p_end and todo[k].end > p_start


def replay(original: str, rows: Iterable[tuple[int, int, str]]) -> str:
    """Rebuild the clean text from the original and log rows (start, end, replacement)."""
    out, pos = [], 0
    for start, end, replacement in sorted(rows):
        out.append(original[pos:start])
        out.append(replacement)
        pos = end
    out.append(original[pos:])
    return "".join(out)
