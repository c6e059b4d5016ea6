"""The report's structure: front matter, preamble, chapters, sections, closing, appendices.

Works on the cleaned text, one paragraph per line. Chapter 0 is everything
before the first chapter (title block, opening address, first paragraph); the
closing address is a unit of its own; 附件 / 名词解释 start appendix units, and
numbering that restarts inside them makes no new chapters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.cleaning.chrome import ADDRESS, body_bounds, opening_address
from pipeline.text import split_sentences
from pipeline.cleaning.headings import APPENDIX, CHAPTER, NUMERALS, SECTION_STYLES, numeral_value

_HEADING_MAX = 80  # a section heading standing alone on its line is one sentence of at most this length
_LOST_NUMBER_HEADING = re.compile(r"^[^，。；：！？,;:!?]{4,30}$")
_EXHORTATION = re.compile(r"^(让我们|讓我們)|[，。！]让我们")
_CLOSING_TITLES = ("结束语", "結束語")
_LIST_ITEM = re.compile(r"^\d{1,2}[.．、)）]")


@dataclass
class Paragraph:
    start: int
    end: int
    text: str
    chapter: int = 0
    section: int = 0
    number: int = 0  # within the section; 0 for a heading line
    role: str = "text"  # front_matter, address, chapter_heading, section_heading, text
    section_title: str | None = None

    @property
    def id(self) -> str:
        return f"c{self.chapter}.s{self.section}.p{self.number}"


@dataclass
class Chapter:
    number: int
    title: str | None
    kind: str  # preamble, body, closing, appendix
    heading_number: str | None = None  # as printed (三), None where lost or absent
    sections: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Finding:
    kind: str
    paragraph: int | None  # index into the paragraph list
    detail: str
    start: int | None = None  # offsets in clean.txt
    end: int | None = None
    action: str = "flagged"


@dataclass
class Structure:
    paragraphs: list[Paragraph]
    chapters: list[Chapter]
    findings: list[Finding]


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(pos, pos + len(line), line))
        pos += len(line) + 1
    return paragraphs


def parse_structure(text: str) -> Structure:
    paragraphs = split_paragraphs(text)
    findings: list[Finding] = []
    lines = [p.text for p in paragraphs]
    address = opening_address(lines)
    appendix_at = _appendix_start(lines, address or 0)
    body_end = appendix_at if appendix_at is not None else len(lines)
    heads = _top_level_parts(lines, (address or 0), body_end, findings)
    if not heads:
        # Chapter 0 keeps the address and the opening paragraph; the rest is chapter 1.
        opening = (address + 1) if address is not None else body_bounds(lines)[0]
        first_body = opening + 1 if opening + 1 < body_end else opening
        heads = [(first_body, None, None)] if first_body < body_end else []
        findings.append(Finding("no chapter headings", None,
                                "no chapter headings (一、二、…) found; the whole text is treated as one chapter"
                                if heads else "no chapter headings and no text after the opening"))
    chapters = [Chapter(0, None, "preamble")]
    for idx, (line_no, num_text, title) in enumerate(heads):
        chapters.append(Chapter(idx + 1, title, "body", num_text))
        if title is not None:
            paragraphs[line_no].role = "chapter_heading"
    starts = [h[0] for h in heads]
    closing_at = _closing_start(lines, starts[-1] if starts else 0, body_end)
    unit_of = _assign_units(len(lines), starts, closing_at, appendix_at, lines, chapters)
    body_start = address if address is not None else body_bounds(lines)[0]
    for i, p in enumerate(paragraphs):
        p.chapter = unit_of[i]
        if p.chapter == 0:
            if i < body_start:
                p.role = "front_matter"
            elif i == address:
                p.role = "address"
    for chapter in chapters:
        members = [p for p in paragraphs if p.chapter == chapter.number]
        _sections(chapter, members, findings, paragraphs)
    return Structure(paragraphs, chapters, findings)


def _appendix_start(lines: list[str], after: int) -> int | None:
    return next((i for i in range(after, len(lines)) if APPENDIX.match(lines[i])), None)


def _top_level_parts(lines, start, end, findings):
    """(line index, numeral as printed or None, title) of each chapter heading.

    Three layouts, as a reader sees them:
    - numbered parts 一、二、… (numbering that restarts inside a part makes sections);
    - unnumbered parts (2024年工作回顾 / 2025年工作安排), recognised when there are no
      numbered parts, when one comes before the first numbered heading, or when the
      numbering restarts: the numbered headings are then the parts' sections;
    - parts numbered （一）（二）… when nothing above them is numbered (older reports).
    """
    numbered, numbered_findings, restarts = _chapter_headings(lines, start, end)
    parts = _part_lines(lines, start, end)
    if numbered:  # above numbered headings, only lines that say they are parts
        parts = [i for i in parts if _PART_TITLE.search(lines[i])]
    if len(parts) >= 2 and (not numbered or parts[0] < numbered[0][0] or restarts):
        return [(i, None, lines[i]) for i in parts]
    if numbered:
        findings.extend(numbered_findings)
        return numbered
    return _bracketed_parts(lines, start, end)


def _chapter_headings(lines, start, end):
    """Numbered chapter headings, their findings, and whether the numbering restarts."""
    findings = []
    numbered = []
    for i in range(start, end):
        m = CHAPTER.match(lines[i])
        if m and numeral_value(m.group("num")):
            numbered.append((i, m.group("num"), m.group("title").rstrip("。")))
    # Numbering that restarts at 一 outside an appendix marker numbers a list inside the chapter:
    # that list's items are not chapters, until a heading continues the chapters' own numbering.
    kept, last, inner, inner_shape, restarts = [], 0, None, None, False
    for i, num, title in numbered:
        value = numeral_value(num)
        if inner is not None and value == inner + 1:
            # A heading that could continue both the list and the chapters goes with the one
            # whose items it looks like (a list's items end like sentences, chapter titles do not).
            if value != last + 1 or (_shape(lines[i]) == inner_shape != _shape(lines[kept[-1][0]])):
                inner = value
                continue
        if value <= last:
            if value == 1:  # a list inside the chapter: normal nesting, not a fault
                restarts, inner, inner_shape = True, 1, _shape(lines[i])
            else:
                findings.append(Finding("heading out of sequence", i, f"heading {num}、 after {last}: "
                                        "out of order; treated as part of the chapter before"))
            continue
        inner = None
        if value != last + 1:
            lost = _lost_number_headings(lines, kept[-1][0] + 1 if kept else start, i, value - last - 1)
            if lost:
                for j in lost:
                    kept.append((j, None, lines[j]))
                    findings.append(Finding("heading number missing", j,
                                            f"chapter heading without its number; taken as chapter {len(kept)}"))
            else:
                findings.append(Finding("heading out of sequence", i,
                                        f"chapter {num}、 follows chapter {last}: {value - last - 1} heading(s) missing"))
        kept.append((i, num, title))
        last = value
    return kept, findings, restarts


def _shape(line: str) -> bool:
    """Whether a heading line ends like a sentence (一、确定适度的经济增长率，….)."""
    return line.rstrip().endswith(("。", "；"))


_PART = re.compile(r"^[^。！？；：:!?;]{4,40}$")
# What a part's title says it is: the review, the targets, the tasks, 关于… (evidence enough to
# put unnumbered parts above numbered headings).
_PART_TITLE = re.compile(r"^关于|(回顾|成就|形势|目标|任务|工作|部署|安排|建议|重点|措施|情况|方针|政策|建设|展望)$")
_NOT_PART = re.compile(r"^(专栏|表|图|附|注)|[是为如下：]$")
_LEAD_IN = re.compile(r"以下|如下|下面|主要做了|重点做好|着力抓好|我们要|我们将|[0-9]+个方面")
_ENDS_SENTENCE = re.compile(r"[。！？；!?;…”’」』）)]$")


def _part_lines(lines, start, end) -> list[int]:
    """Lines standing alone as the title of an unnumbered part (2024年工作回顾, 关于外交工作)."""
    found = []
    for i in range(start + 1, end - 1):
        line = lines[i]
        if (not _PART.match(line) or line.count("，") > 1 or _LEAD_IN.search(line) or _NOT_PART.search(line)
                or line in _CLOSING_TITLES):
            continue
        if (CHAPTER.match(line) or APPENDIX.match(line) or ADDRESS.match(line) or _LIST_ITEM.match(line)
                or any(style.match(line) for style in SECTION_STYLES.values())):
            continue
        before, after = lines[i - 1], lines[i + 1]
        if _ENDS_SENTENCE.search(before) or ADDRESS.match(before) or CHAPTER.match(before):
            if (len(after) > 40 or re.search("[。！？；：，]", after) or CHAPTER.match(after)
                    or any(s.match(after) for s in SECTION_STYLES.values())):
                found.append(i)
    return found


_BRACKETED = re.compile(rf"^[（(](?P<num>[{NUMERALS}]{{1,3}})[）)]\s*(?P<title>[^。！？；]{{2,60}})$")


def _bracketed_parts(lines, start, end):
    """Standalone （一）（二）… headings numbered 1, 2, 3… with nothing above them."""
    heads = [(i, m.group("num"), m.group("title")) for i in range(start, end) if (m := _BRACKETED.match(lines[i]))]
    values = [numeral_value(num) for _, num, _ in heads]
    if len(heads) >= 2 and values == list(range(1, len(values) + 1)):
        return heads
    return []


def _lost_number_headings(lines, lo, hi, missing):
    """Short unpunctuated lines between two numbered headings where numbers are missing."""
    found = [j for j in range(lo, hi) if _LOST_NUMBER_HEADING.match(lines[j]) and not ADDRESS.match(lines[j])
             and not any(s.match(lines[j]) for s in SECTION_STYLES.values())]
    return found if len(found) == missing else []


def _closing_start(lines, last_chapter, end) -> int | None:
    """The closing address: a 结束语 heading, or the last run of 各位代表… paragraphs (or a final
    exhortation) at the end."""
    titled = [i for i in range(last_chapter + 1, end) if lines[i] in _CLOSING_TITLES]
    if titled:
        return titled[0]
    window = range(max(last_chapter + 1, end - 3), end)
    address = [i for i in window if ADDRESS.match(lines[i])]
    if address:
        i = address[-1]
        while i - 1 > last_chapter and ADDRESS.match(lines[i - 1]):
            i -= 1
        return i
    exhort = [i for i in window if _EXHORTATION.search(lines[i])]
    return exhort[-1] if exhort else None


def _assign_units(n, starts, closing_at, appendix_at, lines, chapters) -> list[int]:
    unit = [0] * n
    current = 0
    next_number = len(chapters)
    if closing_at is not None:
        chapters.append(Chapter(next_number, None, "closing"))
        closing_number = next_number
        next_number += 1
    appendix_numbers = {}
    for i in range(appendix_at if appendix_at is not None else n, n):
        if APPENDIX.match(lines[i]) and not (i > 0 and APPENDIX.match(lines[i - 1])):
            title = _appendix_title(lines, i)
            chapters.append(Chapter(next_number, title, "appendix"))
            appendix_numbers[i] = next_number
            next_number += 1
    for i in range(n):
        if i in starts:
            current = starts.index(i) + 1
        if closing_at is not None and i == closing_at:
            current = closing_number
        if i in appendix_numbers:
            current = appendix_numbers[i]
        unit[i] = current
    return unit


def _appendix_title(lines, i) -> str:
    marker = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if following and len(following) <= 30 and not re.search(r"[。；！？]", following) and not CHAPTER.match(following):
        return f"{marker} {following}"
    return marker


def _sections(chapter: Chapter, members: list[Paragraph], findings, all_paragraphs) -> None:
    """Find the chapter's section markers and number the paragraphs."""
    style = _section_style(members) if chapter.kind in ("body", "appendix") else None
    current, found, expected = 0, 0, 1  # section being filled (0: outside numbered sections)
    used = {0: 0}  # last paragraph number used in each section
    titles: dict[int, str] = {}
    for p in members:
        m = SECTION_STYLES[style].match(p.text) if style else None
        if current and not m and ADDRESS.match(p.text):
            current = 0  # 各位代表！ ends the numbered sections: what follows is the chapter's own text
        appendix_title = chapter.kind == "appendix" and (
            p is members[0] or (p is members[1] and chapter.title.endswith(" " + p.text)))
        if p.role == "chapter_heading" or appendix_title:
            p.role = "chapter_heading" if p.role == "chapter_heading" else "appendix_heading"
            if p is not members[0]:  # a second title line (附件1 / its title) is numbered like text
                used[0] += 1
            p.section, p.number = 0, used[0]
            continue
        if m:
            value = numeral_value(m.group("num"))
            found += 1
            current, used[found] = found, 0
            # numbering that starts again at 1 (under an unnumbered heading) is normal nesting
            if (value != expected and value != 1) or (style == "paren" and not m.group("open")):
                findings.append(Finding("heading out of sequence", all_paragraphs.index(p),
                                        f"section marker {m.group().strip()!r} where ({expected}) was expected"))
            expected = (value or expected) + 1
            title, standalone = _section_title(p.text, m.end())
            titles[current] = title
            chapter.sections.append((current, title))
            if standalone:
                p.role, p.section, p.number, p.section_title = "section_heading", current, 0, title
                continue
        used[current] += 1
        p.section, p.number, p.section_title = current, used[current], titles.get(current)


def _section_style(members: list[Paragraph]) -> str | None:
    """The marker style whose numbers run 1, 2, 3… at paragraph starts (at least two of them)."""
    best, best_key = None, None
    for name, pattern in SECTION_STYLES.items():
        values = [numeral_value(m.group("num")) for p in members if (m := pattern.match(p.text))]
        run = sum(1 for k, v in enumerate(values) if v == k + 1 or (k and v == values[k - 1] + 1))
        # a style that starts again at 1 numbers items inside sections: the other style is the outer one
        key = (-values[1:].count(1), run)
        if values and values[0] == 1 and run > 1 and (best_key is None or key > best_key):
            best, best_key = name, key
    return best


def _section_title(text: str, marker_end: int) -> tuple[str, bool]:
    """The heading text after the marker, and whether the heading is the whole line."""
    rest = text[marker_end:]
    first = split_sentences(rest)[0] if rest else (0, 0)
    title = rest[first[0] : first[1]].rstrip("。；！？!?;：:")
    standalone = first[1] >= len(rest.rstrip()) and len(rest) <= _HEADING_MAX
    if len(title) > 60:
        title = re.split(r"[，,：:]", title)[0]
    return title, standalone
