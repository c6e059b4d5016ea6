"""Inputs beyond text files: Word, PDF, tables of reports, folders; and hostile files refused."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pandas as pd
import pytest

from conftest import CORPORA
from pipeline.clean import run
from pipeline.cleaning.sources import Limits, Source, docx_text, find_sources, pdf_text, read_source
from pipeline.errors import InputError

DOCX = CORPORA / "provinces-2025-docx" / "2025年重庆市政府工作报告.docx"
CSV = CORPORA / "provinces-2026-csv" / "2026_上海市_政府工作报告.csv"
LINES = ["2025年某县政府工作报告", "——2025年1月8日在某县第十八届人民代表大会第五次会议上", "县长 王某某", "各位代表：",
         "现在，我代表县人民政府向大会报告工作，请予审议。", "一、2024年工作回顾",
         "过去一年，全县地区生产总值增长6.5%，经济运行总体平稳，民生持续改善。"]
# A report with no title block: its place and year can only come from a table's columns.
NO_TITLE_BLOCK = "各位代表：\n现在，我代表政府向大会报告工作，请予审议。\n一、回顾\n过去一年，各项工作取得新的进展，经济运行总体平稳。"
needs_corpora = pytest.mark.skipif(not CORPORA.exists(), reason=f"the real collections are not in {CORPORA}")


def word_file(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        grid.cell(0, 0).merge(grid.cell(0, 1))  # a merged cell is read once
        document.add_paragraph("表后的段落。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_file(lines: list[str]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from pipeline.resources.fonts import font_path

    font = FontProperties(fname=str(font_path("")))
    figure = Figure(figsize=(8.27, 11.7))
    for k, line in enumerate(lines):
        figure.text(0.05, 0.95 - 0.04 * k, line, fontproperties=font, fontsize=11)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pages:
        pages.savefig(figure)
    return buffer.getvalue()


def test_word_paragraphs_and_tables_in_order():
    data = word_file(LINES, table=[["指标", "目标"], ["地区生产总值", "增长6%左右"]])
    lines = docx_text(data, name="x.docx").split("\n")
    assert lines[: len(LINES)] == LINES
    assert lines[len(LINES):] == ["指标 目标", "地区生产总值\t增长6%左右", "表后的段落。"]  # merged: its text once


@needs_corpora
def test_real_word_file_is_read_and_structured(tmp_path):
    result = run(DOCX, tmp_path)
    doc = result.document
    assert doc["input_format"] == "docx" and doc["place"] == "重庆市" and doc["year"] == 2025
    assert doc["speaker"] == "胡衡华" and doc["date"] == "2025-01-19"
    assert [c["title"] for c in doc["chapters"] if c["kind"] == "body"] == [
        "2024年工作回顾", "2025年主要任务", "持续提升政府治理效能和服务水平"]  # its heading was split over two paragraphs


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"not a zip at all", "not a zip archive"),
    (zipped({"a.txt": b"x"}), "no word/document.xml"),
    (zipped({"word/document.xml": b"<w/>", "word/media/big.bin": b"\0" * 5_000_000}), "zip bomb"),
    (zipped({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><w>&a;</w>'}), "DTD"),
], ids=["not-zip", "no-document", "bomb", "entities"])
def test_hostile_word_files_are_refused(data, message):
    with pytest.raises(InputError, match=message):
        docx_text(data, name="bad.docx")


def test_word_file_over_the_decompressed_limit_is_refused():
    data = zipped({"word/document.xml": b"<w/>", "word/media/a.bin": bytes(range(256)) * 4000})
    with pytest.raises(InputError, match="decompress to"):
        docx_text(data, name="big.docx", limits=Limits(max_input_mb=0.01))


def test_pdf_text_layer_is_read():
    assert pdf_text(pdf_file(LINES), name="x.pdf").split("\n") == LINES


def test_pdf_without_text_layer_asks_for_ocr():
    with pytest.raises(InputError, match="OCR is needed"):
        pdf_text(pdf_file(["   "]), name="scan.pdf")


def test_pdf_report_is_cleaned(tmp_path):
    path = tmp_path / "2025-某县.pdf"
    path.write_bytes(pdf_file(LINES))
    doc = run(path, tmp_path / "out").document
    assert doc["input_format"] == "pdf" and doc["speaker"] == "王某某" and doc["year"] == 2025
    assert [c["title"] for c in doc["chapters"] if c["kind"] == "body"] == ["2024年工作回顾"]


def table_of_reports(rows: int = 2) -> pd.DataFrame:
    text = "\n".join(LINES)
    return pd.DataFrame({"province": ["甲省", "宁夏"][:rows], "year": ["2025", "2025"][:rows],
                         "title": ["政府工作报告"] * rows, "source_url": ["https://example.org/a"] * rows,
                         "publish_date": ["2025-01-09"] * rows, "full_text": [text] * rows})


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_rows_are_reports_with_metadata_columns(tmp_path, suffix):
    path = tmp_path / f"reports{suffix}"
    table = table_of_reports()
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".jsonl":
        table.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        table.to_parquet(path)
    sources, warnings = find_sources(tmp_path)
    assert [(s.doc, s.row) for s in sources] == [("reports-1", 1), ("reports-2", 2)] and not warnings
    raw = read_source(sources[1])
    assert raw.hints["place"] == ("宁夏", "table column province") and raw.row == 2
    doc = run(sources[1], tmp_path / "out").document
    assert doc["doc"] == "reports-2" and doc["source_row"] == 2 and doc["input_format"] == suffix[1:]
    assert doc["place"] == "某县"  # the text's own word comes first; the column fills what the text lacks
    assert doc["source_url"] == "https://example.org/a" and doc["publish_date"] == "2025-01-09"
    assert doc["metadata_sources"]["source_url"] == "table column source_url"


def test_table_column_fills_what_the_text_lacks(tmp_path):
    table = table_of_reports(2)
    table["full_text"] = NO_TITLE_BLOCK
    table.to_csv(tmp_path / "t.csv", index=False)
    doc = run(Source(tmp_path / "t.csv", "t-2", 2), tmp_path / "out").document
    assert doc["place"] == "宁夏回族自治区" and doc["metadata_sources"]["place"] == "table column province"
    assert doc["year"] == 2025 and doc["metadata_sources"]["year"] == "table column year"


def test_text_column_given_or_refused(tmp_path):
    table = table_of_reports(1).rename(columns={"full_text": "正文内容"})
    table.to_csv(tmp_path / "t.csv", index=False)
    assert run(Source(tmp_path / "t.csv", "t", 1), tmp_path / "a", text_column="正文内容").document["speaker"] == "王某某"
    with pytest.raises(InputError, match="no column 'body'"):
        find_sources(tmp_path / "t.csv", text_column="body")
    pd.DataFrame({"a": ["x"], "b": ["y"]}).to_csv(tmp_path / "u.csv", index=False)
    with pytest.raises(InputError, match="--text-column"):
        find_sources(tmp_path / "u.csv")


def test_table_of_several_reports_needs_a_row(tmp_path):
    table_of_reports().to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match="give --row N"):
        run(tmp_path / "t.csv", tmp_path / "out")


def test_folder_warns_about_other_files_and_reads_names_with_spaces(tmp_path):
    (tmp_path / "a report.txt").write_text("\n".join(LINES), encoding="utf-8")
    (tmp_path / "notes.doc").write_bytes(b"old word")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("\n".join(LINES), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    sources, warnings = find_sources(tmp_path)
    assert [s.doc for s in sources] == ["a report", "b"]
    assert len(warnings) == 1 and "notes.doc" in warnings[0] and "unsupported" in warnings[0]


def test_missing_or_empty_folder_is_an_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        find_sources(tmp_path / "nowhere")
    (tmp_path / "notes.doc").write_bytes(b"x")
    with pytest.raises(InputError, match="holds no reports"):
        find_sources(tmp_path)


def test_bad_table_does_not_hide_the_other_reports(tmp_path):
    (tmp_path / "a.txt").write_text("\n".join(LINES), encoding="utf-8")
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    sources, warnings = find_sources(tmp_path)
    assert [s.doc for s in sources] == ["a"] and "broken.parquet" in warnings[0]


@needs_corpora
def test_real_table_row(tmp_path):
    doc = run(CSV, tmp_path).document
    assert doc["doc"] == CSV.stem and doc["source_row"] == 1
    assert (doc["place"], doc["year"], doc["speaker"]) == ("上海市", 2026, "龚正")
    assert json.loads((tmp_path / "document.json").read_text(encoding="utf-8"))["publish_date"] == "2026-02-09"


def test_pdf_lines_wrapped_at_the_margin_are_joined(tmp_path):
    paragraph = ("过去一年，全县上下团结一心，攻坚克难，地区生产总值增长百分之六，财政收入稳步增长，城乡居民收入持续提高，"
                 "生态环境明显改善，社会大局和谐稳定，各项事业取得新的进展。")
    second = paragraph.replace("过去一年", "今年").replace("增长百分之六", "增长百分之五左右")

    def wrap(text):
        return [text[k:k + 24] for k in range(0, len(text), 24)]

    path = tmp_path / "wrapped.pdf"
    path.write_bytes(pdf_file(LINES[:6] + wrap(paragraph) + ["二、2025年工作安排"] + wrap(second)))
    result = run(path, tmp_path / "out")
    assert paragraph in result.text and second in result.text and result.document["speaker"] == "王某某"
    assert [c["title"] for c in result.document["chapters"] if c["kind"] == "body"] == ["2024年工作回顾", "2025年工作安排"]


def with_document_xml(data: bytes, edit) -> bytes:
    """A Word file whose word/document.xml is ``edit(xml)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    return zipped(parts)


def test_word_cell_spanning_millions_of_columns_costs_nothing():
    data = with_document_xml(word_file(["正文段落。"], table=[["甲", "乙"], ["丙", "丁"]]),
                             lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="99999999"/>', 1))
    start = time.perf_counter()
    assert "丙\t丁" in docx_text(data, name="span.docx")
    assert time.perf_counter() - start < 2


def test_word_content_controls_and_nested_tables_are_read():
    sdt = ('<w:sdt><w:sdtContent><w:p><w:r><w:t>控件里的段落。</w:t></w:r></w:p></w:sdtContent></w:sdt>'
           '<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>嵌套表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
           '<w:p/></w:tc></w:tr></w:tbl>')
    data = with_document_xml(word_file(["正文段落。"]), lambda xml: xml.replace("<w:body>", "<w:body>" + sdt, 1))
    lines = docx_text(data, name="sdt.docx").split("\n")
    assert lines[:3] == ["控件里的段落。", "嵌套表格", "正文段落。"]


def test_word_dtd_hidden_after_a_long_comment_is_refused():
    data = with_document_xml(word_file(["正文段落。"]), lambda xml: xml.replace(
        "?>", "?><!--" + "x" * 6000 + '--><!DOCTYPE w [<!ENTITY a "b">]>', 1))
    with pytest.raises(InputError, match="DTD"):
        docx_text(data, name="dtd.docx")


def test_broken_word_structure_is_a_one_line_error():
    data = with_document_xml(word_file(["正文段落。"], table=[["甲", "乙"], ["丙", "丁"]]),
                             lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:vMerge/>', 1))
    docx_text(data, name="merge.docx")  # a continued merge at the top is read, not a crash
    with pytest.raises(InputError, match="cannot be read as a Word document"):
        docx_text(with_document_xml(data, lambda xml: xml.replace("<w:body>", "<w:body><w:p><w:r>", 1)), name="x.docx")


@pytest.mark.parametrize("content, suffix, message", [
    ('"a"\n"b"\n', ".jsonl", "no column of report text"),
    ("a,a\n1,2\n", ".csv", "no column of report text"),
], ids=["jsonl-of-strings", "repeated-column"])
def test_odd_tables_are_one_line_errors(tmp_path, content, suffix, message):
    path = tmp_path / f"t{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        find_sources(path)


def test_rows_are_checked(tmp_path):
    table_of_reports().to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(InputError, match="there is no row 0"):
        read_source(Source(tmp_path / "t.csv", "t", 0))
    (tmp_path / "r.txt").write_text("\n".join(LINES), encoding="utf-8")
    with pytest.raises(InputError, match="not a table of reports"):
        read_source(Source(tmp_path / "r.txt", "r", 2))
    with pytest.raises(InputError, match="not found"):
        read_source(Source(tmp_path / "missing.csv", "missing", 1))


def test_year_column_with_missing_values(tmp_path):
    table = table_of_reports(2).assign(year=[2024, None])
    table["full_text"] = NO_TITLE_BLOCK
    table.to_json(tmp_path / "t.jsonl", orient="records", lines=True, force_ascii=False)
    assert run(Source(tmp_path / "t.jsonl", "t-1", 1), tmp_path / "out").document["year"] == 2024
