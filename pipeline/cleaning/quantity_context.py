"""Does the text before a number introduce it? If not, a sentence probably ran into it.

Lost text often leaves a clause glued to a figure of the next one
(打造职业教育放50%以上: something is missing between 职业教育 and 放50%).
We segment the clause with jieba and look at the word right before the number:
a noun followed by a one-character verb that does not take a quantity
(放, 改, …) is suspicious; quantity verbs (达, 超, 增, 降, …), prepositions,
particles and measure words are not. Tags come from jieba's dictionary.
"""

from __future__ import annotations

import os
from functools import cache

# One-character verbs that take a number as object.
QUANTITY_VERBS = set("达超到有设降增减占涨升跌逾破创建用投引招获为是计共余剩完成收办居列排约近满")
# Rate and amount suffixes that jieba's dictionary tags as verbs but that precede their value (上线率67%).
VALUE_SUFFIXES = set("率比量额值数")
_NOUN_TAGS = ("n", "l", "vn", "nz", "ns", "nt", "i", "j")


class NumberContext:
    """Judges the word before a number with a jieba tokenizer and its dictionary's tags."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        self.tags = _dictionary_tags(tokenizer)

    def runs_into_number(self, text: str, number_start: int) -> bool:
        clause_start = number_start
        while clause_start > 0 and number_start - clause_start < 20 and "\u4e00" <= text[clause_start - 1] <= "\u9fff":
            clause_start -= 1
        words = self.tokenizer.lcut(text[clause_start:number_start], HMM=False)
        if len(words) < 2:
            return False
        verb, before = words[-1], words[-2]
        return (len(verb) == 1 and self.tags.get(verb) == "v" and verb not in QUANTITY_VERBS | VALUE_SUFFIXES
                and len(before) >= 2 and self.tags.get(before, "n").startswith(_NOUN_TAGS))


def _dictionary_tags(tokenizer) -> dict[str, str]:
    import jieba

    return _tags_in(tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__), "dict.txt"))


@cache
def _tags_in(path: str) -> dict[str, str]:
    """The tags of a jieba dictionary file, read once per process (350,000 lines: half a second)."""
    tags = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags
