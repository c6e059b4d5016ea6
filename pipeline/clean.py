"""The clean stage: a raw report (forum page, news page, text file) to a structured text.

``clean_document`` is the pure core (bytes in, records out); ``main`` reads the
file and writes ``clean.txt``, ``paragraphs.csv``, ``sentences.csv``,
``document.json``, ``cleaning_log.csv`` and ``quality.csv`` into OUTDIR.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from collections.abc import Callable

from pipeline import __version__, jieba_model
from pipeline.cleaning import damage, normalize
from pipeline.cleaning.chrome import Rule, body_bounds, chrome_edits, load_rules
from pipeline.cleaning.decode import decode_bytes
from pipeline.cleaning.html import html_edits
from pipeline.cleaning.joining import broken_lines, glued_headings, wrapped_lines
from pipeline.cleaning.ledger import Edit, Ledger
from pipeline.cleaning.metadata import METADATA_FIELDS, extract_metadata
from pipeline.cleaning.quantity_context import NumberContext
from pipeline.cleaning.repeats import repeated_runs
from pipeline.cleaning.sources import Limits, RawReport, Source, read_source
from pipeline.cleaning.quality import duplicate_passages, number_run_ons, unbalanced_quotes
from pipeline.cleaning.structure import Finding, Structure, parse_structure
from pipeline.text import HAN_CHAR, split_sentences
from pipeline.config import project_path, stage_settings
from pipeline.settings import CleanSettings
from pipeline.errors import InputError
from pipeline.io import csv_bytes, json_bytes, write_outputs

OUTPUT_FILES = ("clean.txt", "paragraphs.csv", "sentences.csv", "document.json", "cleaning_log.csv", "quality.csv")
PARAGRAPH_COLUMNS = ["paragraph_id", "chapter", "chapter_title", "chapter_kind", "section", "section_title",
                     "paragraph", "role", "text", "start", "end", "n_sentences"]
SENTENCE_COLUMNS = ["paragraph_id", "sentence", "start", "end", "text"]
LOG_COLUMNS = ["start", "end", "original", "replacement", "reason", "rule", "clean_start"]
QUALITY_COLUMNS = ["kind", "paragraph_id", "start", "end", "excerpt", "detail", "action", "count", "paragraph_ids"]


@dataclass
class CleanResult:
    text: str
    paragraphs: list[dict]
    sentences: list[dict]
    document: dict
    log: list[dict]
    quality: list[dict]
    warnings: list[str]


def clean_document(data: bytes, *, name: str, html: bool, settings: CleanSettings, rules: list[Rule],
                   word_model: Callable[[], Any] | None = None) -> CleanResult:
    """Clean one text or HTML file's bytes. Pure: bytes and settings in, records out."""
    decoded = decode_bytes(data, name=name, encoding=settings.encoding)
    raw = RawReport(decoded, "html" if html else "text", hashlib.sha256(data).hexdigest())
    return clean_report(raw, name=name, settings=settings, rules=rules, word_model=word_model)


def clean_report(raw: RawReport, *, name: str, settings: CleanSettings, rules: list[Rule],
                 word_model: Callable[[], Any] | None = None, doc: str | None = None) -> CleanResult:
    """Clean one report's decoded text. Pure: text and settings in, records out.

    ``word_model`` returns a jieba Tokenizer; it is called only when the text has
    damage to repair or numbers to check, and without it those checks are skipped.
    """
    word_model = cache(word_model) if word_model else None
    decoded = raw.decoded
    ledger = Ledger(decoded.text)
    if raw.input_format == "html":
        ledger.apply(html_edits(ledger.text))
    else:
        ledger.apply(normalize.markup_in_text(ledger.text), "html markup")
    ledger.apply(normalize.literal_escapes(ledger.text), "escape")
    if raw.input_format == "pdf":
        ledger.apply(wrapped_lines(ledger.text), "broken line joined")
    ledger.apply(normalize.line_endings(ledger.text), "whitespace")
    ledger.apply(normalize.soft_breaks(ledger.text), "broken line joined")
    ledger.apply(normalize.invisible_characters(ledger.text), "whitespace")
    ledger.apply(normalize.indent_breaks(ledger.text), "paragraph break restored")
    repeat_edits, repeated_chars = repeated_runs(ledger.text)
    ledger.apply(repeat_edits)
    ledger.apply(chrome_edits(ledger.text, rules))
    ledger.apply(normalize.line_edge_whitespace(ledger.text), "whitespace")
    ledger.apply(broken_lines(ledger.text), "broken line joined")
    ledger.apply(glued_headings(ledger.text), "heading split from its paragraph")
    ledger.apply(normalize.blank_lines(ledger.text), "whitespace")
    ledger.apply(normalize.fullwidth_alphanumerics(ledger.text), "full-width characters normalised")
    ledger.apply(normalize.cjk_punctuation(ledger.text), "punctuation normalised")
    ledger.apply(normalize.inner_whitespace(ledger.text), "whitespace")
    dup_edits, dup_findings = duplicate_passages(ledger.text)
    ledger.apply(dup_edits)
    # Removed repeats are reported now; single repeats once the text is final (their offsets move).
    findings = [f for f in dup_findings if f.action == "removed"]
    if repeated_chars:
        findings.append(Finding("duplicated passage", None, f"the input repeats its text: {len(repeat_edits)} repeated "
                                f"run(s), {repeated_chars} characters, removed (cleaning_log.csv: duplicate body)",
                                action="removed"))
    findings += _repair_damage(ledger, settings, word_model, earlier=findings)
    text = ledger.text
    if not HAN_CHAR.search(text):
        raise InputError(f"{name}: no Chinese text is left after removing page chrome; check the file or the chrome rules")
    findings += duplicate_passages(text)[1]
    findings += unbalanced_quotes(text)
    if word_model:
        findings += number_run_ons(text, _LazyNumberContext(word_model))
    structure = parse_structure(text)
    findings += structure.findings
    return _records(text, structure, findings, ledger, raw, name, doc or Path(name).name.rsplit(".", 1)[0])


class _LazyNumberContext:
    """Builds the jieba-backed judge on first use: most texts have numbers, but not all."""

    def __init__(self, word_model) -> None:
        self.word_model, self.context = word_model, None

    def __call__(self, text: str, number_start: int) -> bool:
        if self.context is None:
            self.context = NumberContext(self.word_model())
        return self.context.runs_into_number(text, number_start)


def _repair_damage(ledger: Ledger, settings: CleanSettings, word_model, *, earlier: list[Finding]) -> list[Finding]:
    """Flag garbled spans and apply the sure repairs; ``earlier`` findings' offsets follow the repairs."""
    spans = damage.find_damage(ledger.text)
    if not spans:
        return []
    findings, edits = [], []
    scorer = damage.RepairScorer(word_model()) if settings.repair_mojibake and word_model else None
    for span in spans:
        detail = f"garbled text ({span.kind}): “{span.text}”"
        if scorer is None:
            findings.append(Finding("garbled text", None, detail + "; not repaired (repair off)", span.start, span.end))
            continue
        repair = damage.repair_damage(ledger.text, span, scorer, min_confidence=settings.min_repair_confidence)
        if repair.accepted:
            edits.append(Edit(repair.start, repair.end, repair.replacement,
                              f"confidence {repair.confidence:.3f}", "mojibake repair"))
            repaired = (f"garbled text ({span.kind}): “{repair.original}” repaired to “{repair.replacement}” "
                        f"(confidence {repair.confidence:.3f}; {repair.note})")
            findings.append(Finding("garbled text", None, repaired, repair.start, repair.end, "repaired"))
        else:
            tried = repair.note
            if repair.replacement:
                tried = f"best candidate “{repair.replacement}” at confidence {repair.confidence:.3f}"
            findings.append(Finding("garbled text", None, f"{detail}; not repaired ({tried})", span.start, span.end))
    # Offsets of findings move with the repairs before them.
    def moved(offset: int) -> int:
        return offset + sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= offset)

    for finding in [*findings, *earlier]:
        if finding.start is None:
            continue
        repaired = next((e for e in edits if (e.start, e.end) == (finding.start, finding.end)), None)
        start = moved(finding.start)
        finding.end = start + len(repaired.replacement) if repaired else moved(finding.end)
        finding.start = start
    ledger.apply(edits)
    return findings


def _records(text, structure: Structure, findings, ledger, raw: RawReport, name: str, doc: str) -> CleanResult:
    paragraphs = structure.paragraphs
    chapters = {c.number: c for c in structure.chapters}
    paragraph_rows, sentence_rows = [], []
    for p in paragraphs:
        chapter = chapters[p.chapter]
        sentences = split_sentences(p.text)
        paragraph_rows.append({
            "paragraph_id": p.id, "chapter": p.chapter, "chapter_title": chapter.title, "chapter_kind": chapter.kind,
            "section": p.section, "section_title": p.section_title, "paragraph": p.number, "role": p.role,
            "text": p.text, "start": p.start, "end": p.end, "n_sentences": len(sentences)})
        for k, (a, b) in enumerate(sentences, start=1):
            sentence_rows.append({"paragraph_id": p.id, "sentence": k, "start": p.start + a, "end": p.start + b,
                                  "text": p.text[a:b]})
    front = [i for i, p in enumerate(paragraphs) if p.role == "front_matter"]
    opening = [p.text for p in paragraphs if p.chapter == 0 and p.role != "front_matter"][:3]
    meta = extract_metadata([paragraphs[i].text for i in front], opening, Path(name).name, hints=raw.hints,
                            place_from_name=raw.row is None)
    findings = findings + [Finding("unrecognised text", front[k], "line before the report that is neither title, "
                                   "meeting nor speaker: page chrome no rule knows?") for k in meta["unrecognised_lines"]]
    findings += _text_after_report(paragraphs)
    quality_rows = _collapsed([_quality_row(f, paragraphs, text) for f in findings])
    quality_rows.sort(key=lambda r: (r["start"] if r["start"] != "" else -1, r["kind"], r["detail"]))
    warnings = [f"{name}: {f.detail}" for f in findings if f.kind == "no chapter headings"]
    document = {
        "doc": doc,
        "source_file": Path(name).name,
        "source_row": raw.row,
        "source_sha256": raw.sha256,
        "source_encoding": raw.decoded.encoding,
        "encoding_detected_by": raw.decoded.detected_by,
        "input_format": raw.input_format,
        **{k: meta[k] for k in METADATA_FIELDS},
        **{key: raw.hints.get(key, (None, ""))[0] for key in ("source_url", "publish_date")},
        "metadata_sources": {**meta["sources"], **{key: raw.hints[key][1] for key in ("source_url", "publish_date")
                                                   if key in raw.hints}},
        "chapters": [{"number": c.number, "title": c.title, "kind": c.kind, "heading_number": c.heading_number,
                      "sections": [{"number": n, "title": t} for n, t in c.sections]} for c in structure.chapters],
        "counts": {"input_characters": len(ledger.original), "clean_characters": len(text),
                   "paragraphs": len(paragraphs), "sentences": len(sentence_rows),
                   "quality_findings": sum(row["count"] for row in quality_rows)},
        "cleaner_version": __version__,
    }
    log_rows = [row.__dict__ for row in ledger.rows()]
    return CleanResult(text, paragraph_rows, sentence_rows, document, log_rows, quality_rows, warnings)


def _text_after_report(paragraphs) -> list[Finding]:
    """Paragraphs after the report's last sentence that no chrome rule removed."""
    _, last = body_bounds([p.text for p in paragraphs])
    return [Finding("unrecognised text", i, "line after the report's last sentence: page chrome no rule knows?")
            for i in range(last + 1, len(paragraphs))]


def _quality_row(finding: Finding, paragraphs, text) -> dict:
    pid = None
    if finding.paragraph is not None:
        pid = paragraphs[finding.paragraph].id
        start, end = paragraphs[finding.paragraph].start, paragraphs[finding.paragraph].end
    else:
        start, end = finding.start, finding.end
        if start is not None:
            pid = next((p.id for p in paragraphs if p.start <= start <= p.end), None)
    excerpt = text[start:end][:60] if start is not None else ""
    return {"kind": finding.kind, "paragraph_id": pid, "start": "" if start is None else start,
            "end": "" if end is None else end, "excerpt": excerpt, "detail": finding.detail, "action": finding.action}


def _collapsed(rows: list[dict]) -> list[dict]:
    """Identical findings (kind, excerpt, detail, action) as one row with their ``count``, at the first one's
    place: an input that repeats one passage 540 times gets one row saying so, not 540."""
    kept: dict[tuple, dict] = {}
    for row in rows:
        key = (row["kind"], row["excerpt"], row["detail"], row["action"])
        if key in kept:
            kept[key]["count"] += 1
            if row["paragraph_id"] and row["paragraph_id"] not in kept[key]["paragraph_ids"].split():
                kept[key]["paragraph_ids"] += f" {row['paragraph_id']}"
        else:
            kept[key] = {**row, "count": 1, "paragraph_ids": row["paragraph_id"] or ""}
    return list(kept.values())


def output_files(result: CleanResult) -> dict[str, bytes]:
    return {
        "clean.txt": result.text.encode("utf-8"),
        "paragraphs.csv": csv_bytes(result.paragraphs, PARAGRAPH_COLUMNS),
        "sentences.csv": csv_bytes(result.sentences, SENTENCE_COLUMNS),
        "document.json": json_bytes(result.document),
        "cleaning_log.csv": csv_bytes(result.log, LOG_COLUMNS),
        "quality.csv": csv_bytes(result.quality, QUALITY_COLUMNS),
    }


def limits(settings: CleanSettings) -> Limits:
    return Limits(max_input_mb=settings.max_input_mb)


def run(source: Source | Path, outdir: Path, *, settings: CleanSettings | None = None,
        word_model: Callable[[], Any] = jieba_model.word_model, text_column: str | None = None) -> CleanResult:
    """Clean one report (a file, or a row of a table) into ``outdir``; ``word_model`` may hand out a
    tokenizer loaded once for many files."""
    settings = settings or CleanSettings.from_dict(stage_settings("clean"))
    rules = load_rules(project_path(settings.chrome_rules))
    if isinstance(source, Path):
        source = Source(source, source.stem)
    result = clean_source(source, settings=settings, rules=rules, word_model=word_model, text_column=text_column)
    write_outputs(outdir, output_files(result))
    return result


def clean_source(source: Source, *, settings: CleanSettings, rules: list[Rule],
                 word_model: Callable[[], Any] | None = None, text_column: str | None = None) -> CleanResult:
    """Read one report (a file, or a row of a table) within the settings' limits and clean it."""
    raw = read_source(source, limits=limits(settings), encoding=settings.encoding, text_column=text_column)
    return clean_report(raw, name=str(source.path), settings=settings, rules=rules, word_model=word_model,
                        doc=source.doc)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, help="raw report: .txt/.html/.htm (any encoding), .docx, .pdf, "
                        "or a table of reports (.csv, .jsonl, .parquet)")
    parser.add_argument("outdir", type=Path, help="folder for clean.txt, paragraphs.csv, sentences.csv, "
                        "document.json, cleaning_log.csv, quality.csv")
    parser.add_argument("--encoding", help="override encoding detection (e.g. gb18030, big5, utf-16)")
    parser.add_argument("--row", type=int, help="the report's row in a table of several reports (1 = first)")
    parser.add_argument("--text-column", help="a table's column of report text (default: found by name or length)")


def main(args: argparse.Namespace) -> int:
    values = stage_settings("clean")
    if args.encoding:
        values = {**values, "encoding": args.encoding}
    source = Source(args.input, args.input.stem, args.row)
    result = run(source, args.outdir, settings=CleanSettings.from_dict(values), text_column=args.text_column)
    for warning in result.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    return 0
