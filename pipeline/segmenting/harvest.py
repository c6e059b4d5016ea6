"""Terms a document brings with it, harvested before segmentation.

- quoted terms “三高四新” and titles 《新闻联播》 of reasonable length;
- numeric slogans (四区一地一圈一强, 三提一领): numeral + one character, repeated;
- the terms a glossary appendix (名词解释) defines.

Candidate new words from the document's statistics are in ``candidates``.
"""

from __future__ import annotations

import re

from pipeline.segmenting.lexicon import Term
from pipeline.text import HAN as _HAN

# Both quote styles in one left-to-right scan, so a quote inside the other style's quote is
# part of it; most texts have only “”, and a pattern that opens with a literal is scanned
# for three times faster.
_CURLY_QUOTE, _CORNER_QUOTE = "“([^“”]{2,40})”", "「([^「」]{2,40})」"
_QUOTED_EITHER = re.compile(f"{_CURLY_QUOTE}|{_CORNER_QUOTE}")
_QUOTED_CURLY = re.compile(_CURLY_QUOTE)
_TITLED = re.compile("《([^《》]{2,40})》")
_NUMERAL = "一二三四五六七八九十两百千万"
# Each unit a numeral and one character that is not a measure word or another numeral.
_SLOGAN_UNIT = rf"[{_NUMERAL}]{{1,2}}[^{_NUMERAL}\W\d个是项条批年月日次名家件位点點倍成]"
# The first unit outside the group, so the pattern opens with a character set (the numerals),
# which the regex engine skips to quickly.
_SLOGAN = re.compile(rf"{_SLOGAN_UNIT}(?:{_SLOGAN_UNIT}){{1,5}}")
_PUNCT_INSIDE = re.compile(r"[，。、；：！？,.;:!?\s“”《》（）()]")
_HAS_HAN = re.compile(f"[{_HAN}]")
_DIGIT_OR_LATIN = re.compile(r"[\dA-Za-z]")
_GLOSSARY_TITLE = re.compile(r"^(名词解释|名詞解釋)")


def harvest_terms(text: str, glossary_titles: list[str], *, max_length: int, sources: list[str]) -> list[Term]:
    """Terms from quotes, title marks, numeric slogans and a glossary, in order of first appearance.

    Every quoted term is kept, also one that contains another (“百千万工程” beside “千万工程”):
    the author quoted it as a name.
    """
    found: dict[str, str] = {}

    def add(term: str, source: str) -> None:
        if term in found:  # most quoted terms recur
            return
        term = term.strip()
        # Digits and Latin letters are cut out before segmentation, so such terms could never match.
        if 2 <= len(term) <= max_length and not _PUNCT_INSIDE.search(term) and _HAS_HAN.search(term) \
                and not _DIGIT_OR_LATIN.search(term):
            found.setdefault(term, source)

    if "glossary" in sources:
        for title in glossary_titles:
            for quoted in re.findall("“([^”]+)”", title):
                add(quoted, "glossary")
            add(re.sub("[“”]", "", title), "glossary")
    for m in sorted(_matches(text, sources), key=lambda pair: pair[0]):
        add(m[1], m[2])
    return [Term(word, 1000, "nz", source) for word, source in found.items()]


def _matches(text: str, sources: list[str]):
    if "quotes" in sources:
        for m in (_QUOTED_EITHER if "「" in text else _QUOTED_CURLY).finditer(text):
            quoted = m.group(m.lastindex)
            source = "numeric_slogan" if quoted[0] in _NUMERAL and _SLOGAN.fullmatch(quoted) else "quotes"
            yield m.start(m.lastindex), quoted, source
    if "book_titles" in sources:
        for m in _TITLED.finditer(text):
            yield m.start(1), m.group(1), "book_titles"
    if "numeric_slogans" in sources:
        counts: dict[str, int] = {}
        for m in _SLOGAN.finditer(text):
            # Outside quotes a slogan must recur: a single 一地一策 may be plain prose.
            slogan = m.group()
            if slogan not in counts:
                counts[slogan] = text.count(slogan)
            if counts[slogan] >= 2:
                yield m.start(), slogan, "numeric_slogan"


def glossary_titles(chapters: list[dict]) -> list[str]:
    """Section titles of glossary appendices (名词解释): the terms they define."""
    titles = []
    for chapter in chapters:
        if chapter["kind"] == "appendix" and _GLOSSARY_TITLE.search((chapter["title"] or "").split(" ")[-1]):
            titles += [section["title"] for section in chapter["sections"]]
    return titles
