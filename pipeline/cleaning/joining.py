"""Join lines that a scrape broke in the middle of a paragraph.

Scraped pages break lines where a link or a subscript was (1954: every former
wiki link; Guangdong: "PM" / "2.5" / "年平均浓度…"). Two layouts:

- blank-line layout: paragraphs are separated by blank lines, so a single line
  break inside the body is always a broken line;
- line-per-paragraph layout: a break is joined only when a fragment (a short line
  without sentence punctuation) follows a line that does not end a sentence, and
  the following line is joined to the fragment in turn.

The title block before the opening address is left alone except for a meeting
line split in two (——2026年1月26日在广东省第十四届 / 人民代表大会第五次会议上).
"""

from __future__ import annotations

import re

from pipeline.cleaning.chrome import body_bounds, line_spans
from pipeline.cleaning.headings import APPENDIX, CHAPTER, is_heading_line
from pipeline.cleaning.ledger import Edit

_CONTINUATION_START = re.compile(r"^[，。、；：！？）」』”》%,.;:!?)]")
_ENDS_CLAUSE = re.compile(r"[。！？；：!?;:…”’」』）)》]$")
_FRAGMENT_MAX = 20
_HEADING_PIECE_MAX = 12
_MEETING_HEAD = re.compile(r"^([—\-－]{2,}|\d{4}年).*在")
_MEETING_TAIL = re.compile(r"(会议|會議)上$")


def broken_lines(text: str) -> list[Edit]:
    spans = line_spans(text)
    lines = [text[a:b].strip() for a, b in spans]
    first, _ = body_bounds(lines)
    edits = [_join(spans, i, "split meeting line") for i in _split_meeting_lines(lines, first)]
    body = [i for i in range(first, len(lines)) if lines[i]]
    adjacent = [(i, j) for i, j in zip(body, body[1:], strict=False) if j == i + 1]
    blank_layout = len(body) > 4 and len(adjacent) <= 0.5 * (len(body) - 1)
    joined_prev = False
    for i, j in adjacent:
        a, b = lines[i], lines[j]
        if _heading_continues(lines, i):
            edits.append(_join(spans, i, "heading broken over two lines"))
            joined_prev = False
            continue
        if i == first or _stands_alone(a) or is_heading_line(b):
            joined_prev = False
            continue
        if blank_layout or _CONTINUATION_START.match(b):
            join = True
        else:
            ends_open = not _ENDS_CLAUSE.search(a)
            join = ends_open and (_is_fragment(b) or (joined_prev and _is_fragment(a)))
        if join:
            edits.append(_join(spans, i, "line broken mid-paragraph"))
        joined_prev = join
    return edits


def _join(spans: list[tuple[int, int]], i: int, rule: str) -> Edit:
    end = spans[i][1]
    return Edit(end, end + 1, "", rule)


def _heading_continues(lines: list[str], i: int) -> bool:
    """A chapter heading whose last words fell onto the next line (三、持续提升政府 / 治理效能和服务水平):
    a short piece without any punctuation, followed by prose."""
    if not CHAPTER.match(lines[i]) or i + 2 >= len(lines):
        return False
    piece, after = lines[i + 1], lines[i + 2] or (lines[i + 3] if i + 3 < len(lines) else "")
    if not (_is_piece(piece) and len(lines[i]) + len(piece) <= 40 and len(after) > 40):
        return False
    # A chapter that has other such short lines uses them as unnumbered subheadings: this is one.
    chapter_end = next((j for j in range(i + 2, len(lines)) if CHAPTER.match(lines[j])), len(lines))
    return not any(_is_piece(line) for line in lines[i + 2:chapter_end])


def _is_piece(line: str) -> bool:
    return 2 <= len(line) <= _HEADING_PIECE_MAX and not re.search(r"[\W\d]", line) and not is_heading_line(line)


def _stands_alone(line: str) -> bool:
    return bool(CHAPTER.match(line) or APPENDIX.match(line))


def _is_fragment(line: str) -> bool:
    return len(line) <= _FRAGMENT_MAX and not re.search(r"[。！？；!?;]", line)


def _split_meeting_lines(lines: list[str], first: int) -> list[int]:
    return [i for i in range(min(first, len(lines)) - 1)
            if _MEETING_HEAD.search(lines[i]) and not _MEETING_TAIL.search(lines[i])
            and lines[i + 1] and _MEETING_TAIL.search(lines[i + 1]) and len(lines[i + 1]) < 30]


_GLUED_HEADING = re.compile(r"^(?P<head>[一二三四五六七八九十]{1,3}、[^\s，。；：！？,;:!?]{2,30})(?P<gap>[^\S\n]+)(?=\S.{29,}[。！？；]$)",
                            re.M)


def glued_headings(text: str) -> list[Edit]:
    """A chapter heading printed on the line of its first paragraph, a space between them
    (三、深入改革经济体制和扩大对外开放 国民经济的长期稳定发展…): the heading gets its own line."""
    return [Edit(m.start("gap"), m.end("gap"), "\n", "heading glued to its paragraph") for m in _GLUED_HEADING.finditer(text)]


_WRAP_SHARE = 0.4  # share of lines at the measure for a text to be hard-wrapped
_AT_MEASURE = 0.85  # a line this close to the measure was wrapped, not ended


def wrapped_lines(text: str) -> list[Edit]:
    """Lines a PDF wrapped at its right margin, joined back into paragraphs.

    A PDF's text layer has one line per printed line. Chinese characters all have the same
    width, so the measure shows in the line lengths: a line that reaches it was wrapped, one
    that stops short ends its paragraph (headings are short and stay apart).
    """
    spans = line_spans(text)
    lines = [text[a:b].strip() for a, b in spans]
    lengths = sorted(len(line) for line in lines if len(line) >= 10)
    if len(lengths) < 5:
        return []
    measure = lengths[int(0.9 * (len(lengths) - 1))]
    full = [len(line) >= _AT_MEASURE * measure for line in lines]
    if sum(full) < _WRAP_SHARE * len(lengths):
        return []
    first, _ = body_bounds(lines)  # the title block is centred, not wrapped
    return [_join(spans, i, "line wrapped at the PDF's margin") for i in range(first, len(lines) - 1)
            if full[i] and lines[i + 1] and not is_heading_line(lines[i + 1])]
