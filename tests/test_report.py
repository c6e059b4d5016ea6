"""The report stage: report.html (self-contained, escaped), report.md and tables.xlsx."""

from __future__ import annotations

import re
import zipfile

import pytest

from pipeline import figures, keywords, report, topics
from pipeline.reporting.dictionary import columns_by_file
from pipeline.reporting.tables import CSV_TABLES

FAST = report.ReportSettings(embed_font=False)


def build_report(doc, settings=None):
    if not (doc / "keywords" / "keywords.csv").exists():
        keywords.run(doc, doc / "keywords")
    if not (doc / "topics" / "topics.csv").exists():
        topics.run(doc, doc / "topics")
    if not (doc / "figures" / "figures.json").exists():
        figures.run(doc, doc / "figures")
    report.run(doc, doc, settings=settings)
    return doc


@pytest.fixture(scope="module")
def doc(sample_doc):
    return build_report(sample_doc)


def test_page_is_self_contained(doc):
    html = (doc / "report.html").read_text(encoding="utf-8")
    # nothing the page shows comes from outside it: every src and url() is a data URL
    assert not re.findall(r"""src=["'](?!data:)""", html)
    assert not re.findall(r"url\((?!data:)", html)
    # its links go to its own paragraphs, or to the report's files beside it (figures, CSVs, workbook)
    links = set(re.findall(r"""href=["'](?!data:|#)([^"']+)""", html))
    assert {"tables.xlsx", "report.md", "keywords/keywords.csv", "figures/cloud_report.png"} <= links
    assert all((doc / link).is_file() for link in links), [link for link in links if not (doc / link).is_file()]
    assert html.count('<img src="data:image/png;base64,') == len(list((doc / "figures").glob("*.png")))
    assert "@font-face" in html and "ReportCJK" in html  # the page brings its Chinese glyphs


def test_page_has_every_part(doc):
    html = (doc / "report.html").read_text(encoding="utf-8")
    for anchor in ("quality", "overview", "figures", "keywords", "topics", "text", "about"):
        assert f'id="{anchor}"' in html
    # the three quality findings of the sample, each linked to its paragraph
    for pid in ("c1.s0.p6", "c3.s3.p1", "c4.s2.p1"):
        assert f'href="#p-{pid}"' in html and f'id="p-{pid}"' in html
    # every paragraph of the text is an anchor
    assert html.count('class="pid"') == 38
    assert "46293e209609a01e4837cb2d75d546355f7a31dc7181848b4a6ca6755887ca8d" in html  # input hash
    assert "topics.seed = 42" in html and "jieba 0.42" in html
    assert 'data-term="债务"' in html and 'data-term="改革"' in html


def test_outputs_are_byte_identical_across_runs(doc, tmp_path):
    first = {name: (doc / name).read_bytes() for name in ("report.html", "report.md", "tables.xlsx")}
    report.run(doc, doc)
    for name, data in first.items():
        assert (doc / name).read_bytes() == data, name


def test_markdown_summary(doc):
    md = (doc / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# 2024年湘潭县政府工作报告\n")
    assert "## 数据质量\n" in md and "c3.s3.p1" in md
    assert "侧重" in md  # the page's opening paragraph: what each chapter emphasises
    # distinctive terms lead against the genre, and the summary says what they are compared with
    assert "| 一、客观总结全年工作，持续提振发展信心 | 天易 (" in md and "份政府工作报告" in md
    links = re.findall(r"\]\((figures/[^)]+)\)", md)
    assert len(links) >= 8 and all((doc / link).is_file() for link in links)


def sheets_of(path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        return re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode("utf-8"))


def test_workbook_has_every_table_and_a_readme(doc):
    sheets = sheets_of(doc / "tables.xlsx")
    assert sheets[:2] == ["README", "document"]
    assert {name for name in CSV_TABLES if name != "keywords"} <= set(sheets)
    assert any(s.startswith("kw 1 一、客观总结") for s in sheets) and "kw all 全文" in sheets
    with zipfile.ZipFile(doc / "tables.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    for sheet in sheets[1:]:
        assert f"<t>{sheet}</t>" in strings, sheet  # each sheet is listed on the README sheet
    assert "occurrences per 10,000 tokens of the chapter" in strings  # column meanings from outputs/README.md


def test_workbook_reads_back_with_pandas_ready_to_use(doc):
    """Every sheet reads back; numbers are numbers; keyword sheets hold top_k terms, one sheet all of them;
    headers are Chinese by default; every sheet has a frozen header row and an autofilter."""
    import pandas as pd

    book = pd.read_excel(doc / "tables.xlsx", sheet_name=None)
    assert set(book) == set(sheets_of(doc / "tables.xlsx"))
    keywords = pd.read_csv(doc / "keywords" / "keywords.csv", encoding="utf-8-sig")
    chapter_one = next(frame for name, frame in book.items() if name.startswith("kw 1 "))
    assert list(chapter_one.columns[:3]) == ["词语", "频次", "每万词"] and len(chapter_one) == 20  # keywords.top_k
    assert chapter_one["频次"].dtype.kind == "i" and chapter_one["每万词"].dtype.kind == "f"
    assert len(book["kw all terms"]) == len(keywords)
    assert book["paragraphs"]["章"].dtype.kind == "i"  # chapter numbers are numbers
    assert "第1章" not in book["emphasis"].columns and any(c.startswith("一、") for c in book["emphasis"].columns)
    with zipfile.ZipFile(doc / "tables.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet") and name != "xl/worksheets/sheet1.xml":  # sheet1: README
                xml = archive.read(name).decode("utf-8")
                assert 'ySplit="1"' in xml and "<autoFilter" in xml and "<cols>" in xml, name


def test_the_page_and_its_companions_speak_the_chosen_language(sample_doc, tmp_path):
    """report.language: zh by default (every heading Chinese), en, or bilingual (both)."""
    import shutil

    doc = tmp_path / sample_doc.name
    shutil.copytree(build_report(sample_doc), doc)
    zh = (doc / "report.html").read_text(encoding="utf-8")
    assert "各章概览" in zh and "Chapters</h2>" not in zh and "Data quality" not in zh
    for language, present, absent in (("en", ["Chapters</h2>", "Keyword in context"], ["各章概览", "关键词</h2>"]),
                                      ("bilingual", ["各章概览 Chapters", "关键词 Keywords"], [])):
        report.run(doc, doc, settings=report.ReportSettings(embed_font=False, language=language))
        html = (doc / "report.html").read_text(encoding="utf-8")
        assert all(p in html for p in present) and not any(a in html for a in absent), language
    import pandas as pd

    english = pd.read_excel(doc / "tables.xlsx", sheet_name="paragraphs")  # the bilingual run's workbook
    assert "段落编号 paragraph id" in english.columns


def test_data_dictionary_describes_every_table_column(doc):
    import pandas as pd

    described = columns_by_file()
    for name, path in CSV_TABLES.items():
        file = path.rsplit("/", 1)[-1]
        columns = set(pd.read_csv(doc / path, encoding="utf-8-sig", nrows=1).columns)
        if name == "emphasis":
            columns = {"term"}  # then one column per chapter
        elif name in ("chapter_topics", "topic_units"):
            columns = {c for c in columns if not c.startswith("topic_")} | {"topic_1"}  # topic_1 … topic_k
        assert columns <= set(described[file]), (file, columns - set(described[file]))


def test_text_from_the_input_is_escaped(sample_doc):
    from pipeline.reporting import page, tables

    doc = tables.load(build_report(sample_doc))
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    doc.tables["paragraphs"].loc[5, "text"] = payload
    doc.tables["quality"].loc[0, "excerpt"] = payload
    doc.document["chapters"][1]["title"] = payload
    doc.document["title"] = payload
    # a term of the keyword tables next to the payload in the text: its context lines carry it into the JSON
    doc.text = doc.text.replace("债务", payload + "债务", 1)
    html = page.html_bytes(doc, FAST, {}).decode("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    data = html[html.index('id="kwic-data">'):]
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in data[:data.index("</script>")]


def test_every_clickable_term_has_its_context_lines(doc):
    import json

    html = (doc / "report.html").read_text(encoding="utf-8")
    start = html.index('id="kwic-data">') + len('id="kwic-data">')
    lines = json.loads(html[start:html.index("</script>", start)])
    clickable = set(re.findall(r'data-term="([^"]+)"', html))
    assert clickable and clickable <= set(lines)
    assert lines["习近平"]["total"] >= 1  # a topic term, not in any keyword table shown
