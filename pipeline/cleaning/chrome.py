"""Page chrome (forum and news-site furniture) removed by rules kept as data.

The rules live in a TOML file (``clean.chrome_rules`` in pipeline.toml). Each
rule names the reason it logs and matches whole lines (after trimming):

- ``kind = "line"``: a line matching ``pattern``;
- ``kind = "block"``: from a line matching ``start`` through the next line matching ``end``;
- ``kind = "tail"``: from a line matching ``pattern`` to the end of the text;
- ``kind = "list"``: a line matching ``start`` and the lines after it that match ``item``
  (blank lines between them included; at most ``max_items`` of them): links under their
  heading, or a label and its value on the next line (来源： / 陕西省人民政府);
- ``kind = "trail"``: a line matching ``start`` followed by pairs of a line matching
  ``item`` (a separator) and a short line: a breadcrumb put one item per line
  (首页 / > / 政府信息公开 / > / …).

``zone = "outside"`` (the default) applies a rule only before the report's
opening address (各位代表：) or after its last sentence, so a rule can never
cut into the body; ``zone = "anywhere"`` is for patterns that cannot be report
text (photo captions, datelines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.cleaning.headings import CHAPTER
from pipeline.config import read_toml
from pipeline.cleaning.ledger import Edit
from pipeline.errors import SettingsError
from pipeline.text import HAN_CHAR as _HAN

ADDRESS = re.compile(r"^(各位代表|各位委員|各位委员|同志们|同志們)[^\n]{0,12}?[：:！!，,]")
_SENTENCE_END = re.compile(r"[。！？!?…」』”][”’」』）)]*$")
_TRAIL_ITEM_MAX = 20  # a breadcrumb's item is a short name


@dataclass(frozen=True)
class Rule:
    name: str
    reason: str
    kind: str
    zone: str
    pattern: re.Pattern | None = None
    start: re.Pattern | None = None
    end: re.Pattern | None = None
    item: re.Pattern | None = None
    max_items: int = 10_000


def load_rules(path: Path) -> list[Rule]:
    """Read and validate a chrome rules file."""
    raw = read_toml(path, "chrome rules file", "clean.chrome_rules")
    rules = []
    for i, entry in enumerate(raw.get("rule", [])):
        where = f"{path}, rule {i + 1} ({entry.get('name', '?')})"
        kind = entry.get("kind", "line")
        zone = entry.get("zone", "outside")
        if kind not in ("line", "block", "tail", "list", "trail") or zone not in ("outside", "anywhere"):
            raise SettingsError(f"{where}: kind must be line/block/tail/list/trail and zone outside/anywhere")
        try:
            compiled = {k: re.compile(entry[k]) for k in ("pattern", "start", "end", "item") if k in entry}
        except re.error as err:
            raise SettingsError(f"{where}: bad regular expression: {err}") from None
        needed = {"block": ("start", "end"), "list": ("start", "item"), "trail": ("start", "item")}.get(kind, ("pattern",))
        if any(k not in compiled for k in needed):
            raise SettingsError(f"{where}: a {kind} rule needs {' and '.join(needed)}")
        rules.append(Rule(entry.get("name", f"rule{i + 1}"), entry.get("reason", "page chrome"), kind, zone,
                          max_items=entry.get("max_items", 10_000), **compiled))
    return rules


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def body_bounds(lines: list[str]) -> tuple[int, int]:
    """Index of the opening address line and of the last line of report prose.

    Lines before the first or after the second are "outside" the report. Without an
    address line the body starts at the first line of prose.
    """
    prose = [i for i, line in enumerate(lines) if _is_prose(line.strip())]
    first = opening_address(lines)
    if first is None:
        first = prose[0] if prose else 0
    last = prose[-1] if prose else len(lines) - 1
    return first, max(first, last)


def opening_address(lines: list[str]) -> int | None:
    """The 各位代表： line that opens the report: before any chapter heading or long paragraph.

    A report whose opening address was lost has none; a later 各位代表！ is not one.
    """
    for i, line in enumerate(lines):
        line = line.strip()
        if ADDRESS.match(line):
            return i
        if CHAPTER.match(line) or (len(line) > 60 and _is_prose(line)):
            return None
    return None


def _is_prose(line: str) -> bool:
    return len(_HAN.findall(line)) >= 8 and bool(_SENTENCE_END.search(line))


def _list_end(lines: list[str], i: int, rule: Rule) -> int:
    """The line after a list (or trail) that starts at line ``i``."""
    end, j, items = i + 1, i + 1, 0
    while j < len(lines) and items < rule.max_items:
        if not lines[j]:
            j += 1
            continue
        if not rule.item.search(lines[j]):
            break
        if rule.kind == "trail":  # a separator, then the item it leads to
            k = next((k for k in range(j + 1, len(lines)) if lines[k]), None)
            if k is None or len(lines[k]) > _TRAIL_ITEM_MAX:
                break
            j = k
        items += 1
        j += 1
        end = j
    return end


def chrome_edits(text: str, rules: list[Rule]) -> list[Edit]:
    """Edits deleting every line the rules match (each line with its newline)."""
    spans = line_spans(text)
    lines = [text[a:b].strip() for a, b in spans]
    removed: dict[int, Rule] = {}
    # Lines no report has (breadcrumbs, bylines, editor lines) go first, so that the body's
    # bounds are found without them: a link list can end like a sentence.
    for rule in rules:
        if rule.zone == "anywhere" and rule.kind == "line":
            for i, line in enumerate(lines):
                if i not in removed and rule.pattern.search(line):
                    removed[i] = rule
    first, last = body_bounds(["" if i in removed else line for i, line in enumerate(lines)])

    def outside(i: int) -> bool:
        return i < first or i > last

    for rule in rules:
        allowed = (lambda i: True) if rule.zone == "anywhere" else outside
        if rule.kind == "line" and rule.zone == "anywhere":
            continue  # done above
        if rule.kind == "line":
            for i, line in enumerate(lines):
                if i not in removed and allowed(i) and rule.pattern.search(line):
                    removed[i] = rule
        elif rule.kind in ("list", "trail"):
            i = 0
            while i < len(lines):
                if allowed(i) and rule.start.search(lines[i]):
                    end = _list_end(lines, i, rule)
                    for k in range(i, end):
                        removed.setdefault(k, rule)
                    i = end  # a list's items are not searched again as starts
                else:
                    i += 1
        elif rule.kind == "tail":
            # A tail cuts to the end of the text, so it may only start after the report does.
            after = last if rule.zone == "outside" else first
            hit = next((i for i, line in enumerate(lines) if i > after and rule.pattern.search(line)), None)
            if hit is not None:
                for i in range(hit, len(lines)):
                    removed.setdefault(i, rule)
        else:
            i = 0
            while i < len(lines):
                if allowed(i) and rule.start.search(lines[i]):
                    j = next((j for j in range(i + 1, len(lines)) if rule.end.search(lines[j])), None)
                    if j is not None and all(allowed(k) for k in range(i, j + 1)):
                        for k in range(i, j + 1):
                            removed.setdefault(k, rule)
                        i = j
                i += 1
    edits = []
    for i in sorted(removed):
        a, b = spans[i]
        b = min(b + 1, len(text))  # with its newline
        edits.append(Edit(a, b, "", removed[i].name, removed[i].reason))
    return edits
