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
    return (2 <= len(piece) <= _HEADING_PIECE_MAX and not re.search(r"[\W\d]", piece) and not is_heading_line(piece)
            and len(lines[i]) + len(piece) <= 40 and len(after) > 40)


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
