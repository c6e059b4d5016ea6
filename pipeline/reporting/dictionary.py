"""The data dictionary (outputs/README.md) as data: what each file is and what its columns mean.

The workbook's README sheet is made from it, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.config import ROOT

DICTIONARY = ROOT / "outputs" / "README.md"
_HEADING = re.compile(r"^##+ `(?:<doc>/[^`]*/)?([^`]+)`")
_ROW = re.compile(r"^\| `([^`]+)`(?:, `([^`]+)`)*[^|]*\| (.+) \|$")


@cache
def columns_by_file() -> dict[str, dict[str, str]]:
    """{file name: {column: meaning}}, from the ``### `file` `` sections and their tables."""
    described: dict[str, dict[str, str]] = {}
    current = None
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = described.setdefault(heading.group(1), {})
            continue
        row = _ROW.match(line)
        if current is not None and row:
            names = re.findall(r"`([^`]+)`", line.split("|")[1])
            for name in names:
                current[name] = row.group(3).strip()
    return described
