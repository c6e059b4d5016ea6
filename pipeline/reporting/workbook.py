"""tables.xlsx: every table of one document in one workbook, with a README sheet first.

The README sheet says what each sheet holds and what each column means (from the data
dictionary, outputs/README.md). Keyword tables get one sheet per chapter with its top terms,
sorted as a reader wants them (by genre rank, then keyness rank; the whole report by count), and
one sheet with every term. Headers are in ``report.language``; every sheet has its header row
frozen, an autofilter and widths fitted to the content.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime

import pandas as pd

from pipeline.io import missing
from pipeline.naming import chapter_label
from pipeline.reporting.dictionary import columns_by_file
from pipeline.i18n import column
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


def workbook_bytes(doc: DocumentTables, language: str = "zh", top_k: int = 20) -> bytes:
    """Every table of the report; keyword sheets hold each chapter's ``top_k`` terms (one sheet has them all).
    Headers are in ``language``; the README sheet gives each column's snake_case name (as in the CSVs)."""
    import xlsxwriter

    buffer = io.BytesIO()
    # Text from the input stays text: "=====" is not a formula, an address not a hyperlink.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"created": _FIXED_TIME, "title": f"Tables of {doc.document['doc']}"})
    formats = {"header": book.add_format({"bold": True, "bg_color": "#EEF2F7", "text_wrap": True, "valign": "top"}),
               "wrap": book.add_format({"text_wrap": True, "valign": "top"})}
    sheets: list[tuple[str, str, str]] = []  # (sheet, source file, what)
    used: set[str] = set()
    readme = book.add_worksheet("README")
    used.add("readme")

    def add(name: str, frame: pd.DataFrame, path: str, what: str, frozen_columns: int = 0, table: str = "") -> None:
        sheets.append((_sheet(book, name, frame, formats, used, language, frozen_columns, table), path, what))

    document = pd.DataFrame([{"key": k, "value": v if isinstance(v, str | int | float) or v is None else str(v)}
                             for k, v in doc.document.items() if k != "chapters"]
                            + [{"key": f"chapter {c['number']}", "value": chapter_label(c)}
                               for c in doc.document["chapters"]])
    add("document", document, "clean/document.json", "the report's metadata")
    keywords = doc["keywords"]
    # the term first: it is what a reader scans; the constant chapter columns are left to the all-terms sheet
    shown = ["term", *[c for c in keywords.columns if c not in ("term", "scope", "chapter", "chapter_title",
                                                                 "chapter_kind")]]
    for chapter in dict.fromkeys(keywords["chapter"].astype(object).where(keywords["scope"] == "chapter", "all")):
        rows = keywords[keywords["scope"] == "report"] if chapter == "all" else keywords[keywords["chapter"] == chapter]
        if chapter == "all":
            rows = rows.sort_values(["count", "term"], ascending=[False, True], kind="stable")
        else:  # the terms distinctive against the genre first, then by keyness against the rest of the report
            rows = rows[rows["genre_rank"].notna() | rows["keyness_rank"].notna()]
            rows = rows.sort_values(["genre_rank", "keyness_rank", "term"], kind="stable", na_position="last")
        if rows.empty:  # a preamble with no ranked term: no sheet (every term is in the all-terms sheet)
            continue
        label = "全文" if chapter == "all" else chapter_label(_chapter(doc, chapter))
        add(f"kw {chapter} {label}", rows.head(top_k)[shown], CSV_TABLES["keywords"],
            f"the top {top_k} keywords of {'the whole report' if chapter == 'all' else label}", frozen_columns=1)
    add("kw all terms", keywords, CSV_TABLES["keywords"], "every term of every chapter (keywords.csv)")
    chapter_names = {f"chapter_{c['number']}": chapter_label(c, language) for c in doc.document["chapters"]}
    for table, path in CSV_TABLES.items():
        if table != "keywords":  # emphasis.csv's chapter_3 is the chapter's name here
            add(table, doc[table].rename(columns=chapter_names), path, SHEET_NOTES[table], table=table)
    _readme(readme, sheets, doc, formats, language)
    book.close()
    return buffer.getvalue()


def _chapter(doc: DocumentTables, number: int) -> dict:
    return next(c for c in doc.document["chapters"] if c["number"] == number)


def _readme(sheet, sheets, doc: DocumentTables, formats: dict, language: str) -> None:
    described = columns_by_file()
    header = formats["header"]
    sheet.write(0, 0, f"Tables of {doc.document['doc']}: one sheet per table; columns are described below "
                       "(the same text as outputs/README.md; the CSV files name the columns in English).", header)
    sheet.write_row(2, 0, [column(c, language) for c in ("sheet", "from_file", "what")], header)
    row = 3
    for name, path, what in sheets:
        sheet.write_row(row, 0, [name, f"outputs/{doc.document['doc']}/{path}", what])
        row += 1
    row += 1
    sheet.write_row(row, 0, [column(c, language) for c in ("sheet", "column", "meaning")] + ["CSV"], header)
    for name, path, _ in sheets:
        for name_in_csv, meaning in described.get(path.rsplit("/", 1)[-1], {}).items():
            row += 1
            sheet.write_row(row, 0, [name, column(name_in_csv, language), meaning, name_in_csv], formats["wrap"])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 2, 100)
    sheet.set_column(3, 3, 24)


def _sheet(book, name: str, frame: pd.DataFrame, formats: dict, used: set[str], language: str,
           frozen_columns: int, table: str) -> str:
    """A table as a sheet: headers in ``language``, numbers as numbers, the header row (and ``frozen_columns``)
    frozen, an autofilter, and widths fitted to the content (a Chinese character is two columns wide)."""
    name = _sheet_name(name, used)
    sheet = book.add_worksheet(name)
    headers = [column(str(c), language, table) for c in frame.columns]
    widths = [_display_width(h) for h in headers]
    sheet.write_row(0, 0, headers, formats["header"])
    for row, record in enumerate(frame.itertuples(index=False), start=1):
        for col, value in enumerate(record):
            if missing(value):
                continue
            value = value.item() if hasattr(value, "item") else value
            sheet.write(row, col, value)
            if row <= _WIDTH_ROWS:
                widths[col] = max(widths[col], _display_width(value if isinstance(value, str) else f"{value}"))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(_MAX_WIDTH, width + 2))
    sheet.freeze_panes(1, frozen_columns)
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    return name


_WIDTH_ROWS = 200  # widths are fitted to the header and the first rows (a long table costs no more)
_MAX_WIDTH = 60  # longer text wraps in the cell a reader opens, rather than widening the column


def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip()
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate
