"""tables.xlsx: every table of one document in one workbook, with a README sheet first.

The README sheet says what each sheet holds and what each column means (from the data
dictionary, outputs/README.md). Keyword tables get one sheet per chapter, sorted as a
reader wants them: by keyness rank, the whole report by count.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import pandas as pd

from pipeline.io import missing
from pipeline.naming import chapter_label
from pipeline.reporting.dictionary import columns_by_file
from pipeline.reporting.tables import CSV_TABLES, DocumentTables

_FIXED_TIME = datetime(2000, 1, 1)  # workbook metadata: same input, same bytes
SHEET_NOTES = {
    "quality": "what a reader must know about the text: damage, repairs, truncations",
    "paragraphs": "every paragraph with its id, chapter, section, role and text",
    "sentences": "every sentence with its paragraph id and offsets",
    "cleaning_log": "every change the clean stage made to the input, with the reason",
    "lexicon_found": "policy terms, harvested terms and candidate new words of this report",
    "targets": "every quantity claim: indicator, figure, unit, qualifier, hard/soft, kind and year",
    "achieved_vs_target": "this year's headline targets beside last year's results",
    "emphasis": "terms × chapters, per 10,000 tokens",
    "categories": "policy-category emphasis per chapter",
    "model_selection": "every number of topics tried, with coherence and stability",
    "topics": "each topic's top terms",
    "chapter_topics": "each chapter's topic shares",
    "chapter_clusters": "clusters of paragraphs within each chapter",
    "topic_units": "each unit's topic shares",
}


def workbook_bytes(doc: DocumentTables) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    # Text from the input stays text: "=====" is not a formula, an address not a hyperlink.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"created": _FIXED_TIME, "title": f"Tables of {doc.document['doc']}"})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheets: list[tuple[str, str, str]] = []  # (sheet, source file, what)
    used: set[str] = set()
    readme = book.add_worksheet("README")
    used.add("readme")

    document = pd.DataFrame([{"key": k, "value": v if isinstance(v, str | int | float) or v is None else str(v)}
                             for k, v in doc.document.items() if k != "chapters"]
                            + [{"key": f"chapter {c['number']}", "value": chapter_label(c)}
                               for c in doc.document["chapters"]])
    sheets.append((_sheet(book, "document", document, bold, used), "clean/document.json", "the report's metadata"))
    keywords = doc["keywords"]
    for chapter in dict.fromkeys(keywords["chapter"].astype(object).where(keywords["scope"] == "chapter", "all")):
        rows = keywords[keywords["scope"] == "report"] if chapter == "all" else keywords[keywords["chapter"] == chapter]
        if chapter == "all":
            rows = rows.sort_values(["count", "term"], ascending=[False, True], kind="stable")
        else:  # the terms distinctive against the genre first, then by keyness against the rest of the report
            rows = rows.sort_values(["genre_rank", "keyness_rank", "term"], kind="stable", na_position="last")
        label = "全文" if chapter == "all" else chapter_label(_chapter(doc, chapter))
        name = _sheet(book, f"kw {chapter} {label}", rows, bold, used)
        sheets.append((name, CSV_TABLES["keywords"], f"keywords of {'the whole report' if chapter == 'all' else label}"))
    for table, path in CSV_TABLES.items():
        if table != "keywords":
            sheets.append((_sheet(book, table, doc[table], bold, used), path, SHEET_NOTES[table]))
    _readme(readme, sheets, doc, bold, wrap)
    book.close()
    return buffer.getvalue()


def _chapter(doc: DocumentTables, number: int) -> dict:
    return next(c for c in doc.document["chapters"] if c["number"] == number)


def _readme(sheet, sheets, doc: DocumentTables, bold, wrap) -> None:
    described = columns_by_file()
    sheet.write(0, 0, f"Tables of {doc.document['doc']}: one sheet per table; columns are described below "
                       "(the same text as outputs/README.md).", bold)
    sheet.write_row(2, 0, ["sheet", "from file", "what it holds"], bold)
    row = 3
    for name, path, what in sheets:
        sheet.write_row(row, 0, [name, f"outputs/{doc.document['doc']}/{path}", what])
        row += 1
    row += 1
    sheet.write_row(row, 0, ["sheet", "column", "meaning"], bold)
    for name, path, _ in sheets:
        for column, meaning in described.get(path.rsplit("/", 1)[-1], {}).items():
            row += 1
            sheet.write_row(row, 0, [name, column, meaning], wrap)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 2, 100)


def _sheet(book, name: str, frame: pd.DataFrame, bold, used: set[str]) -> str:
    name = _sheet_name(name, used)
    sheet = book.add_worksheet(name)
    for col, column in enumerate(frame.columns):
        sheet.write(0, col, str(column), bold)
    for row, record in enumerate(frame.itertuples(index=False), start=1):
        for col, value in enumerate(record):
            if missing(value):
                continue
            sheet.write(row, col, value.item() if hasattr(value, "item") else value)
    sheet.freeze_panes(1, 1)
    return name


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip()
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate
