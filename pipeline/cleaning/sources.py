"""Where reports come from: files and folders of text, HTML, Word, PDF, and tables of reports.

``find_sources`` turns a path (a report, a table, or a folder of them) into a list of
``Source`` (one per report: a file, or one row of a table) with a stable doc id, plus
warnings for files it cannot read. ``read_source`` gives a report's text and the
metadata its container carries (a table's columns), refusing what exceeds the limits.

Word files are zips of XML from the internet: sizes and compression ratios are checked
before anything is decompressed, a part that declares a DTD or entities is refused, and the
XML parser (python-docx's) never resolves entities. Tables are walked cell by cell, so a
cell claiming to span millions of columns costs nothing.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.cleaning.decode import Decoded, decode_bytes
from pipeline.errors import InputError
from pipeline.text import HAN_CHAR

TEXT_SUFFIXES = (".txt", ".html", ".htm")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
SUFFIXES = TEXT_SUFFIXES + DOCUMENT_SUFFIXES + TABLE_SUFFIXES

# Columns of a table of reports, by what they hold (names compared case-insensitively).
TEXT_COLUMNS = ("full_text", "text", "content", "body", "report", "正文", "全文", "内容", "文本")
METADATA_COLUMNS = {
    "place": ("province", "place", "region", "city", "county", "地区", "省份", "地方", "城市"),
    "year": ("year", "年份", "年度"),
    "title": ("title", "标题", "题目"),
    "source_url": ("source_url", "url", "link", "链接", "网址"),
    "publish_date": ("publish_date", "date", "pub_date", "发布日期", "日期"),
}
ID_COLUMNS = ("doc", "doc_id", "id")
_UNZIPPED_TIMES = 10  # a Word file may decompress to this many times max_input_mb
_SAFE_ID = re.compile(r"^[^\s/\\:*?\"<>|.][^\s/\\:*?\"<>|]{0,120}$")


@dataclass(frozen=True)
class Limits:
    """What a single input may cost before it is refused.

    Parameters
    ----------
    max_input_mb : float, default 20
        Size of a file; a Word file may decompress to ten times this.
    max_zip_members : int, default 2000
        Parts of a Word file.
    max_zip_ratio : float, default 100
        Largest compression ratio of a Word file's part (zip bombs reach thousands).
    max_pdf_pages : int, default 1000
    """

    max_input_mb: float = 20
    max_zip_members: int = 2000
    max_zip_ratio: float = 100
    max_pdf_pages: int = 1000


@dataclass(frozen=True)
class Source:
    """One report: a file, or row ``row`` (1-based) of a table file."""

    path: Path
    doc: str
    row: int | None = None

    @property
    def name(self) -> str:
        return f"{self.path} (row {self.row})" if self.row is not None else str(self.path)


@dataclass
class RawReport:
    """A report's decoded text and what its container says about it."""

    decoded: Decoded
    input_format: str  # text, html, docx, pdf, csv, jsonl, parquet
    sha256: str  # of the file, or of the row's text for a table row
    hints: dict[str, tuple[object, str]] = field(default_factory=dict)  # field -> (value, where from)
    row: int | None = None  # of a table


def find_sources(path: Path, *, text_column: str | None = None, limits: Limits = Limits()) -> tuple[list[Source], list[str]]:
    """The reports at ``path`` (a file or a folder), and warnings about files left out.

    Raises InputError for a missing path, an unsupported file given by name, or a folder
    without any report.
    """
    if not path.exists():
        raise InputError(f"{path} not found; give a report file or a folder of reports")
    if path.is_file():
        if path.suffix.lower() not in SUFFIXES:
            raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'}; use {', '.join(SUFFIXES)}")
        return _sources_of(path, text_column, limits), []
    # Subfolders too (a folder of collections); hidden files and folders are not reports.
    files = sorted(p for p in path.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))
    unsupported = [str(p.relative_to(path)) for p in files if p.suffix.lower() not in SUFFIXES]
    warnings = [f"{path}: skipped {len(unsupported)} file(s) of unsupported type: {', '.join(unsupported)} "
                f"(reports are {', '.join(SUFFIXES)})"] if unsupported else []
    sources = []
    for file in files:
        if file.suffix.lower() not in SUFFIXES:
            continue
        try:
            sources += _sources_of(file, text_column, limits)
        except InputError as err:  # a bad table must not hide the other reports
            warnings.append(str(err))
    if not sources:
        raise InputError(f"{path} holds no reports ({', '.join(SUFFIXES)}); put reports there or give another folder")
    return sources, warnings


def _sources_of(path: Path, text_column: str | None, limits: Limits) -> list[Source]:
    stem = path.stem
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return [Source(path, stem)]
    table = read_table(path, limits)
    _text_column(table, path, text_column)  # refuse a table without one now, not row by row
    ids = _row_ids(table)
    if len(table) == 1:
        return [Source(path, stem, 1)]
    return [Source(path, f"{stem}-{row_id}", k + 1) for k, row_id in enumerate(ids)]


def _row_ids(table) -> list[str]:
    """A stable id per row: the table's own id column when it has safe unique values, else the row number."""
    for column in table.columns:
        if str(column).lower() in ID_COLUMNS:
            values = [str(v) for v in table[column]]
            if len(set(values)) == len(values) and all(_SAFE_ID.match(v) for v in values):
                return values
    width = len(str(len(table)))
    return [f"{k + 1:0{width}d}" for k in range(len(table))]


def read_table(path: Path, limits: Limits = Limits()):
    """A table of reports as a pandas frame of strings (missing values as empty strings, column
    names as strings). Parsed once per version of the file: every row is a report of its own."""
    if not path.is_file():
        raise InputError(f"{path} not found; give the path of a table of reports ({', '.join(TABLE_SUFFIXES)})")
    _check_size(path, limits)
    stat = path.stat()
    return _parsed_table(path, stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=4)
def _parsed_table(path: Path, mtime_ns: int, size: int):
    import pandas as pd

    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix == ".jsonl":
            table = pd.read_json(path, lines=True, dtype=False)
        else:
            table = pd.read_parquet(path)
    except Exception as err:  # noqa: BLE001 - pandas and pyarrow raise many kinds for a broken file
        detail = " ".join(str(err).split())[:120]
        raise InputError(f"{path} cannot be read as a {suffix[1:]} table of reports ({type(err).__name__}: "
                         f"{detail}); check the file") from None
    if table.empty:
        raise InputError(f"{path} has no rows; a table of reports needs one report per row")
    table.columns = [str(c) for c in table.columns]
    if len(set(table.columns)) < len(table.columns):
        raise InputError(f"{path} repeats a column name; give each column its own name")
    return table.astype(object).where(table.notna(), "").astype(str)


def _text_column(table, path: Path, given: str | None) -> str:
    """The column holding the reports' text: ``given``, a known name, or the longest text column."""
    columns = [str(c) for c in table.columns]
    if given:
        if given not in columns:
            raise InputError(f"{path}: no column {given!r} (--text-column); columns: {', '.join(columns)}")
        return given
    by_name = {c.lower(): c for c in columns}
    for name in TEXT_COLUMNS:
        if name in by_name:
            return by_name[name]
    lengths = {c: table[c].str.len().mean() for c in columns}
    longest = max(lengths, key=lambda c: (lengths[c], c), default=None)
    if longest is None or lengths[longest] < 200:
        raise InputError(f"{path}: no column of report text found; name it with --text-column "
                         f"(columns: {', '.join(columns)})")
    return longest


def read_source(source: Source, *, limits: Limits = Limits(), encoding: str = "auto",
                text_column: str | None = None) -> RawReport:
    """The report's text, decoded, with its container's metadata. Raises InputError."""
    path = source.path
    suffix = path.suffix.lower()
    if source.row is not None or suffix in TABLE_SUFFIXES:
        return _table_row(source, text_column, limits)
    data = _read_bytes(path, limits)
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".docx":
        return RawReport(_extracted(docx_text(data, name=str(path), limits=limits), "docx (Office Open XML)",
                                    "docx"), "docx", digest)
    if suffix == ".pdf":
        return RawReport(_extracted(pdf_text(data, name=str(path), limits=limits), "pdf text layer", "pdf"),
                         "pdf", digest)
    decoded = decode_bytes(data, name=str(path), encoding=encoding)
    return RawReport(decoded, "html" if suffix in (".html", ".htm") else "text", digest)


def _extracted(text: str, encoding: str, detected_by: str) -> Decoded:
    return Decoded(text, encoding, detected_by, False)


def _check_size(path: Path, limits: Limits) -> None:
    size_mb = path.stat().st_size / 1e6
    if size_mb > limits.max_input_mb:
        raise InputError(f"{path} is {size_mb:.1f} MB, over the limit of {limits.max_input_mb:g} MB "
                         "(clean.max_input_mb in pipeline.toml); is this the right file?")


def _read_bytes(path: Path, limits: Limits) -> bytes:
    if not path.exists():
        raise InputError(f"{path} not found; give the path of a report ({', '.join(SUFFIXES)})")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the path of one report file")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'}; use {', '.join(SUFFIXES)}")
    _check_size(path, limits)
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError(f"{path} cannot be read (permission denied); check the file's permissions") from None
    except OSError as err:
        raise InputError(f"{path} cannot be read: {err.strerror}") from None


def _table_row(source: Source, text_column: str | None, limits: Limits) -> RawReport:
    if source.path.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(f"{source.path} is not a table of reports; --row is for {', '.join(TABLE_SUFFIXES)} files")
    table = read_table(source.path, limits)
    row = 1 if source.row is None else source.row
    if not 1 <= row <= len(table):
        raise InputError(f"{source.path} has {len(table)} row(s); there is no row {row}")
    if source.row is None and len(table) > 1:
        raise InputError(f"{source.path} holds {len(table)} reports; give --row N, or run corpus mode on its folder")
    column = _text_column(table, source.path, text_column)
    record = table.iloc[row - 1]
    text = record[column]
    if not HAN_CHAR.search(text):
        raise InputError(f"{source.name}: column {column!r} holds no Chinese text; name the text column with --text-column")
    hints = {}
    by_name = {str(c).lower(): str(c) for c in table.columns}
    for key, names in METADATA_COLUMNS.items():
        found = next((by_name[n] for n in names if n in by_name and by_name[n] != column and record[by_name[n]].strip()),
                     None)
        if found:
            hints[key] = (record[found].strip(), f"table column {found}")
    suffix = source.path.suffix.lower()[1:]
    decoded = Decoded(text, f"{suffix} column {column}", "table", False)
    return RawReport(decoded, suffix, hashlib.sha256(text.encode("utf-8")).hexdigest(), hints, row)


# --- Word -------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Markup that announces entity declarations, in the encodings an XML part may use.
_DTD_MARKS = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY") for codec in ("ascii", "utf-16-le", "utf-16-be"))


def docx_text(data: bytes, *, name: str, limits: Limits = Limits()) -> str:
    """The text of a Word file in document order: a line per paragraph, a line per table row
    (cells joined by tabs), content controls and tables inside cells included. The archive is
    checked first (sizes, ratio, DTDs); python-docx's XML parser never resolves entities."""
    _check_docx_archive(data, name, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = _block_lines(document.element.body, document)
    except Exception as err:  # noqa: BLE001 - python-docx and lxml raise many kinds for a broken file
        raise InputError(f"{name} cannot be read as a Word document ({type(err).__name__}); "
                         "open and save it again in Word, or save it as .txt") from None
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{name}: the Word document holds no text; is the report an image? (OCR is needed)")
    return text


def _block_lines(element, parent) -> list[str]:
    """Lines of a body, cell or content control: paragraphs, and tables row by row."""
    from docx.text.paragraph import Paragraph

    lines = []
    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            lines.append(Paragraph(child, parent).text)
        elif child.tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                # each w:tc once: python-docx's row.cells repeats a cell for every grid column it spans
                cells = [" ".join(_block_lines(cell, parent)).strip() for cell in row.iterchildren(f"{_W}tc")]
                lines.append("\t".join(cells))
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                lines += _block_lines(content, parent)
    return lines


def _check_docx_archive(data: bytes, name: str, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name} is not a Word (.docx) file: it is not a zip archive; "
                         "an old .doc must be saved as .docx first") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise InputError(f"{name} has {len(members)} parts, over the limit of {limits.max_zip_members}; refused")
        total = sum(m.file_size for m in members)
        cap = limits.max_input_mb * 1e6 * _UNZIPPED_TIMES
        if total > cap:
            raise InputError(f"{name} would decompress to {total / 1e6:.0f} MB, over the limit of {cap / 1e6:.0f} MB; "
                             "refused (a zip bomb, or not a report)")
        for m in members:
            if m.file_size > 1e6 and m.file_size > limits.max_zip_ratio * max(m.compress_size, 1):
                raise InputError(f"{name}: part {m.filename} is compressed {m.file_size // max(m.compress_size, 1)}:1, "
                                 "beyond any real document; refused (a zip bomb?)")
        if "word/document.xml" not in archive.namelist():
            raise InputError(f"{name} is a zip archive but not a Word document (no word/document.xml)")
        for m in members:
            if m.filename.endswith((".xml", ".rels")):
                # sizes are checked above, so reading a part whole is bounded
                if any(mark in archive.read(m) for mark in _DTD_MARKS):
                    raise InputError(f"{name}: part {m.filename} declares a DTD or XML entities, which Word never "
                                     "writes; refused")


# --- PDF --------------------------------------------------------------------------------

def pdf_text(data: bytes, *, name: str, limits: Limits = Limits()) -> str:
    """The text layer of a PDF, page by page. A PDF without one (a scan) is refused: OCR is needed.
    A PDF locked only against copying or printing (an owner password) is read."""
    import logging

    from pypdf import PasswordType, PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd fonts are not the user's business
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise InputError(f"{name} is a PDF protected by a password; save an unprotected copy or the text as .txt")
        pages = reader.pages
        if len(pages) > limits.max_pdf_pages:
            raise InputError(f"{name} has {len(pages)} pages, over the limit of {limits.max_pdf_pages}; refused")
        texts = [page.extract_text() or "" for page in pages]
    except InputError:
        raise
    except (Exception, RecursionError) as err:  # noqa: BLE001 - pypdf raises many kinds for a broken file
        raise InputError(f"{name} cannot be read as a PDF ({type(err).__name__}); save it again or as .txt") from None
    text = "\n".join(t.strip("\n") for t in texts)
    if len(HAN_CHAR.findall(text)) < 20:
        raise InputError(f"{name} has no text layer (a scanned PDF?): OCR is needed; run it through OCR "
                         "(e.g. ocrmypdf -l chi_sim) or give the text as .txt")
    return text
