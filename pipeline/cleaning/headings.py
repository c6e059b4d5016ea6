"""What headings and markers look like in government work reports."""

from __future__ import annotations

import re

NUMERALS = "零〇一二三四五六七八九十百"
_NUM = f"[{NUMERALS}]{{1,4}}"

# 一、客观总结全年工作 (a line of its own, no full stop inside)
CHAPTER = re.compile(rf"^(?P<num>{_NUM})[、.．]\s*(?P<title>[^。；！？]{{2,48}}[。]?)$")
# Section markers at the start of a paragraph; the malformed "三）" is accepted and flagged.
SECTION_STYLES = {
    "paren": re.compile(rf"^(?P<open>[（(]?)(?P<num>{_NUM})[）)]\s*"),
    "arabic": re.compile(r"^(?P<num>\d{1,2})[.．、](?!\d)\s*"),
    "ordinal": re.compile(rf"^(?P<num>{_NUM})是(?=[^，、。；：\d])"),
    "first": re.compile(rf"^第(?P<num>{_NUM})[，、,：:]\s*"),
    # 一、 inside an appendix, where it numbers items rather than chapters
    "comma": re.compile(rf"^(?P<num>{_NUM})、\s*"),
}
APPENDIX = re.compile(r"^(附件\s*\d*|附录\s*\d*|名词解释|名詞解釋|注释|註釋|附[：:])\s*[：:]?$")
SENTENCE_END = "。！？；!?;"


def numeral_value(text: str) -> int | None:
    """Value of a Chinese (一…九十九) or Arabic numeral; None if it is neither."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    if not text or any(c not in digits and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + digits[ch] if current else digits[ch]
    return total + current


def is_heading_line(line: str) -> bool:
    """A line that stands alone as a heading: never joined to its neighbours."""
    line = line.strip()
    if CHAPTER.match(line) or APPENDIX.match(line):
        return True
    if any(style.match(line) for style in SECTION_STYLES.values()):
        return True
    return False
