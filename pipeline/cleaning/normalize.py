"""Normalisation rules. Each takes the current text and returns the edits it wants.

Every rule is also usable as a plain ``str -> str`` function through
``pipeline.cleaning.ledger.apply_edits``; the cleaner applies them through the
ledger so each change is logged.
"""

from __future__ import annotations

import bisect
import re

from pipeline.cleaning.ledger import Edit
from pipeline.text import HAN

# Chinese punctuation and brackets: what counts as "Chinese context" next to ASCII punctuation.
CJK_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】「」『』…—·"
_CJK_CONTEXT = re.compile(f"[{HAN}{CJK_PUNCT}]")

_LINE_ENDING = re.compile(r"\r*\n|\r+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]+")
# Whitespace Python's str.strip misses or keeps: NBSP, U+3000, em/en spaces are all \s in re.
_EDGE_SPACE = re.compile(r"^[^\S\n]+|[^\S\n]+$", re.M)
_INNER_SPACE = re.compile(r"[^\S\n]+")
# Two or more single Han characters separated by single spaces: letter-spaced titles and names.
_LETTER_SPACED = re.compile(f"(?<![{HAN}])[{HAN}](?:[^\\S\\n][{HAN}])+(?![{HAN}])")
_BLANK_LINES = re.compile(r"\n+")
_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
_HAN_CHAR = re.compile(f"[{HAN}]")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05]")
_FULLWIDTH_DOT_IN_NUMBER = re.compile("(?<=[0-9\uff10-\uff19])\uff0e(?=[0-9\uff10-\uff19])")


_LITERAL_ESCAPE = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>|\\u([0-9A-Fa-f]{4})(?![0-9A-Fa-f])")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TEXT_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|amp|lt|gt|quot|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|"
                          r"#\d{2,6}|#x[0-9A-Fa-f]{2,5});")


def literal_escapes(text: str) -> list[Edit]:
    """Escapes written out as text by the tool that saved the page (R's ``<U+00A0>``, ``\\u00a0``)
    become the character they stand for; later rules treat it like any other."""
    edits = []
    for m in _LITERAL_ESCAPE.finditer(text):
        code = int(m.group(1) or m.group(2), 16)
        if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            edits.append(Edit(m.start(), m.end(), chr(code), "literal escape decoded"))
    return edits


def markup_in_text(text: str) -> list[Edit]:
    """HTML comments and entities left in a text file by a copy of a page's source."""
    import html

    edits = [Edit(m.start(), m.end(), "", "html comment") for m in _HTML_COMMENT.finditer(text)]
    taken = [(e.start, e.end) for e in edits]
    for m in _TEXT_ENTITY.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            edits.append(Edit(m.start(), m.end(), html.unescape(m.group()), "html entity"))
    return sorted(edits, key=lambda e: e.start)


# Where a paragraph must start inside a run-on line: an indent after the end of a sentence, the
# opening address, and the end of a news page's photo caption (…记者 X 摄) or dateline (…3月14日电).
_RUN_ON_BREAK = re.compile("(?<=[。！？；：”])[\u3000\u00a0 ]{2,}(?=\\S)|(?<=[^。！？\\s])(?=各位代表[：:])"
                           "|(?<=摄)[\u3000\u00a0 ]+|(?<=\\d日电)(?=\\S)")
_RUN_ON_LINE = 2000  # a line this long holds several paragraphs: no report paragraph is


def indent_breaks(text: str) -> list[Edit]:
    """Paragraph breaks a page lost but whose marks it kept: in a run-on line, an indent after
    the end of a sentence, the opening address, the end of a photo caption or a dateline."""
    edits, pos = [], 0
    for line in text.split("\n"):
        if len(line) >= _RUN_ON_LINE:
            for m in _RUN_ON_BREAK.finditer(line):
                # the ledger logs replacements, not insertions: a break between two characters
                # replaces the one before it with itself and the break
                start = m.start() - (m.start() == m.end())
                edits.append(Edit(pos + start, pos + m.end(), line[start:m.start()] + "\n",
                                  "paragraph break inside a line"))
        pos += len(line) + 1
    return edits


def line_endings(text: str) -> list[Edit]:
    """CR LF, CR CR LF and lone CR become one LF."""
    return [Edit(m.start(), m.end(), "\n", "line ending") for m in _LINE_ENDING.finditer(text) if m.group() != "\n"]


_SOFT_BREAK = re.compile(f"(?<=[{HAN}\\w])(?:[\u200b\u200c\u200d\u2060\u00ad]+\n|\n[\u200b\u200c\u200d\u2060\u00ad]+)(?=[{HAN}\\w])")


def soft_breaks(text: str) -> list[Edit]:
    """A line break next to a zero-width space or soft hyphen splits a word, not a paragraph: joined."""
    return [Edit(m.start(), m.end(), "", "line split inside a word") for m in _SOFT_BREAK.finditer(text)]


def invisible_characters(text: str) -> list[Edit]:
    """Zero-width spaces and joiners, soft hyphens, stray BOMs are removed."""
    return [Edit(m.start(), m.end(), "", "zero-width character") for m in _INVISIBLE.finditer(text)]


def line_edge_whitespace(text: str) -> list[Edit]:
    """Indentation (ASCII spaces, U+3000, NBSP, tabs) and trailing spaces are removed."""
    return [Edit(m.start(), m.end(), "", "indentation / trailing space") for m in _EDGE_SPACE.finditer(text)]


def inner_whitespace(text: str) -> list[Edit]:
    """Letter-spaced words are closed up; other runs of spaces become one ASCII space.

    Spaces next to Chinese punctuation are dropped: they carry nothing.
    """
    edits: dict[int, Edit] = {}
    for m in _LETTER_SPACED.finditer(text):
        for gap in _INNER_SPACE.finditer(text, m.start(), m.end()):
            edits[gap.start()] = Edit(gap.start(), gap.end(), "", "letter spacing")
    for m in _INNER_SPACE.finditer(text):
        if m.start() in edits:
            continue
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before in CJK_PUNCT or after in CJK_PUNCT:
            edits[m.start()] = Edit(m.start(), m.end(), "", "space beside punctuation")
        elif m.group() != " ":
            edits[m.start()] = Edit(m.start(), m.end(), " ", "space run")
    return [edits[k] for k in sorted(edits)]


def blank_lines(text: str) -> list[Edit]:
    """Paragraphs are separated by one blank line; leading and trailing newlines go.

    One layout for every report: by now broken lines are joined, so each line is a
    paragraph, and re-cleaning the output finds nothing left to join.
    """
    edits = [Edit(m.start(), m.end(), "\n\n", "paragraph break") for m in _BLANK_LINES.finditer(text)
             if m.group() != "\n\n"]
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n"))
    if lead and lead < len(text):
        edits = [e for e in edits if e.start >= lead] + [Edit(0, lead, "", "leading newline")]
    if trail and trail < len(text):
        edits = [e for e in edits if e.end <= len(text) - trail] + [Edit(len(text) - trail, len(text), "", "trailing newline")]
    return sorted(edits, key=lambda e: e.start)


def cjk_punctuation(text: str) -> list[Edit]:
    """ASCII , ; : ! ? ( ) in Chinese context become their full-width forms.

    Chinese context: the nearest character on either side (spaces skipped) is Han or
    Chinese punctuation, or another ASCII mark that itself is being converted
    ("6%(预计数,同比)" converts both brackets). Times and numbers (9:00, 1,000) stay.
    """
    marks = [i for i, ch in enumerate(text) if ch in _ASCII_TO_CJK]
    chinese_line = _chinese_lines(text)
    convert: set[int] = set()
    # Context flows along runs of marks: one pass left to right, one right to left.
    for order in (marks, marks[::-1]):
        for i in order:
            if i in convert or _number_punctuation(text, i):
                continue
            left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
            if chinese_line(i) or (left is not None and (_CJK_CONTEXT.match(text[left]) or left in convert)) or (
                right is not None and (_CJK_CONTEXT.match(text[right]) or right in convert)
            ):
                convert.add(i)
    return [Edit(i, i + 1, _ASCII_TO_CJK[text[i]], "ASCII punctuation in Chinese text") for i in sorted(convert)]


def fullwidth_alphanumerics(text: str) -> list[Edit]:
    """Full-width digits, Latin letters, % and the decimal point inside numbers become ASCII."""
    edits = [Edit(m.start(), m.end(), chr(ord(m.group()) - 0xFEE0), "full-width digit/letter")
             for m in _FULLWIDTH_ALNUM.finditer(text)]
    edits += [Edit(m.start(), m.end(), ".", "full-width decimal point") for m in _FULLWIDTH_DOT_IN_NUMBER.finditer(text)]
    return sorted(edits, key=lambda e: e.start)


def _neighbour(text: str, i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(text) and text[j].isspace() and text[j] != "\n":
        j += step
    if 0 <= j < len(text) and text[j] != "\n":
        return j
    return None


def _number_punctuation(text: str, i: int) -> bool:
    """Thousands separators (1,000) and times or ratios (9:00, 2:1) are part of a number."""
    if text[i] == ",":
        return bool(_THOUSANDS.match(text, max(0, i - 1)))
    left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
    return left is not None and right is not None and text[left].isdigit() and text[right].isdigit()


def _chinese_lines(text: str):
    """``chinese_line(i)``: is position i on a line that is mostly Chinese prose?"""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    ratios = []
    for k, start in enumerate(starts):
        line = text[start : starts[k + 1] - 1 if k + 1 < len(starts) else len(text)]
        ratios.append(len(_HAN_CHAR.findall(line)) / max(1, len(line)))

    def chinese_line(i: int) -> bool:
        return ratios[bisect.bisect_right(starts, i) - 1] >= 0.3

    return chinese_line
