"""How a reader names a report and its chapters, on pictures, pages and sheets."""

from __future__ import annotations

from pipeline.i18n import pick

KIND_NAMES = {"preamble": ("开篇", "Opening"), "closing": ("结束语", "Closing")}


def chapter_label(chapter: dict, language: str = "zh") -> str:
    """How a reader names the chapter: 一、标题 for body chapters (the report's own words, in any
    ``language``), the title or 开篇/结束语 otherwise."""
    if chapter["kind"] == "body":
        number = chapter.get("heading_number") or f"第{chapter['number']}章"
        return f"{number}、{chapter['title']}" if chapter.get("title") else number
    kind = KIND_NAMES.get(chapter["kind"])
    return chapter.get("title") or (pick(kind, language) if kind else chapter["kind"])


def report_name(document: dict) -> str:
    """The report as a reader names it: the title, with the year and place when it lacks them."""
    place, year = document.get("place"), document.get("year")
    title = document.get("title") or ("政府工作报告" if place or year else document["doc"])
    prefix = (f"{year}年" if year and str(year) not in title else "") + (place if place and place not in title else "")
    return prefix + title
