"""HTML pages to text, as ledger edits on the page source.

Uses the standard library's HTML tokenizer (``html.parser``), which reports
where each tag, entity and text run starts, so every removed tag and every
decoded entity is a logged edit of the decoded input.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from pipeline.cleaning.ledger import Edit

# Tags whose whole content is not report text.
_SKIP_CONTENT = {"script", "style", "head", "noscript", "template", "svg", "iframe", "button", "select"}
# Page furniture, skipped only when the page closes it (an unclosed <nav> would swallow the page).
_SKIP_IF_CLOSED = {"nav", "footer", "aside"}
# Tags that end a line when rendered.
_BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
          "ul", "ol", "blockquote", "pre", "dd", "dt", "header", "main", "hr", "center"}


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[tuple[int, int], str, str]] = []  # ((line, col), kind, tag)

    def _add(self, kind: str, tag: str = "") -> None:
        self.events.append((self.getpos(), kind, tag))

    def handle_starttag(self, tag, attrs):
        self._add("start", tag)

    def handle_startendtag(self, tag, attrs):
        self._add("startend", tag)

    def handle_endtag(self, tag):
        self._add("end", tag)

    def handle_data(self, data):
        self._add("data")

    def handle_entityref(self, name):
        self._add("entity")

    def handle_charref(self, name):
        self._add("entity")

    def handle_comment(self, data):
        self._add("markup")

    def handle_decl(self, decl):
        self._add("markup")

    def handle_pi(self, data):
        self._add("markup")

    def unknown_decl(self, data):
        self._add("markup")


def html_edits(source: str) -> list[Edit]:
    """Edits that turn an HTML page into plain text, each with its reason."""
    parser = _Tokens()
    parser.feed(source)
    parser.close()
    line_starts = [0]
    for i, ch in enumerate(source):
        if ch == "\n":
            line_starts.append(i + 1)
    starts = [line_starts[line - 1] + col for (line, col), _, _ in parser.events]
    edits: list[Edit] = []
    skip_depth: dict[str, int] = {}
    opened: dict[str, int] = {}
    for _, kind, tag in parser.events:
        if tag in _SKIP_IF_CLOSED and kind in ("start", "end"):
            opened[tag] = opened.get(tag, 0) + (1 if kind == "start" else -1)
    skip = _SKIP_CONTENT | {tag for tag in _SKIP_IF_CLOSED if opened.get(tag, 1) == 0}
    pre_depth = 0
    for i, (_, kind, tag) in enumerate(parser.events):
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(starts) else len(source)
        if start >= end:
            continue
        span = source[start:end]
        skipping = any(skip_depth.values())
        if kind in ("start", "end", "startend"):
            if tag == "pre" and kind != "startend":
                pre_depth = max(0, pre_depth + (1 if kind == "start" else -1))
            if tag in skip and kind != "startend":
                skip_depth[tag] = max(0, skip_depth.get(tag, 0) + (1 if kind == "start" else -1))
            newline = "\n" if tag in _BLOCK and not skipping else ""
            edits.append(Edit(start, end, newline, f"<{tag}>", "html markup"))
        elif kind == "markup":
            edits.append(Edit(start, end, "", "comment/declaration", "html markup"))
        elif skipping:
            edits.append(Edit(start, end, "", "non-text element", "page chrome (html)"))
        elif kind == "entity":
            edits.append(Edit(start, end, html.unescape(span), "entity", "html entity"))
        elif ("\n" in span or "\r" in span) and not pre_depth:
            # Source line breaks inside a text run are not paragraph breaks in HTML.
            edits.extend(_soft_breaks(span, start))
    return edits


def _soft_breaks(span: str, offset: int) -> list[Edit]:
    out = []
    for m in re.finditer(r"[ \t]*[\r\n]+[ \t]*", span):
        before = span[m.start() - 1] if m.start() > 0 else ""
        after = span[m.end()] if m.end() < len(span) else ""
        ascii_join = before.isascii() and after.isascii() and before.strip() and after.strip()
        out.append(Edit(offset + m.start(), offset + m.end(), " " if ascii_join else "", "source line break",
                        "html whitespace"))
    return out
