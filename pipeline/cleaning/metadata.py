"""Metadata from the title block: title, place, year, meeting, date, speaker, role.

Only what is printed is reported; a field not found is None. ``sources`` says
where each value came from, so a reader can judge it.
"""

from __future__ import annotations

import re
from typing import Any

_NUM = "[一二三四五六七八九十〇零\\d]+"
_MEETING = re.compile(
    rf"(?:(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日)?\s*在?(?P<meeting>(?:[^\s，。第]{{1,12}}?[省市县縣区區州旗盟])?第{_NUM}[届屆][^\s，。]*?第{_NUM}次(?:会议|會議))上?")
_ROLE_NAME = re.compile(
    r"^(?P<role>\S*?(?:总理|總理|省长|省長|市长|市長|区长|區長|县长|縣長|州长|州長|旗长|盟长|主席|主任))\s*(?P<name>[\u4e00-\u9fff·]{2,5})$")
_NAME_ONLY = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_TITLE = re.compile(r"(政府工作报告|政府工作報告|工作报告|工作報告)")
_TITLE_YEAR = re.compile(r"^(\d{4})年")
_TITLE_PLACE = re.compile(r"^(?:\d{4}年)?(?P<place>[^\d\s]\S*?)(?:人民)?政府工作(?:报告|報告)$")
_PLACE_FROM_MEETING = re.compile(rf"^(?P<place>\S*?)第{_NUM}[届屆]")
_PLACE_FROM_ROLE = re.compile(r"^(?P<place>\S+?)人民政府")
_FILE_YEAR = re.compile(r"^(?P<year>(19|20)\d{2})\b")


METADATA_FIELDS = ("title", "place", "year", "meeting", "date", "speaker", "role")


def extract_metadata(front_matter: list[str], opening: list[str], file_stem: str, hints=None) -> dict[str, Any]:
    """Metadata from the front-matter lines; the opening paragraphs are searched for the meeting only.

    Also returns ``unrecognised_lines``: front-matter lines that gave nothing, which a
    reader should look at (they may be page chrome no rule knows).
    """
    found: dict[str, Any] = dict.fromkeys(("title", "place", "year", "meeting", "date", "speaker", "role"))
    sources: dict[str, str] = {}

    def put(key, value, source):
        if value and found[key] is None:
            found[key] = value
            sources[key] = source

    unused = []
    for index, line in enumerate(front_matter):
        used_before = len(sources)
        rest = line
        title = _TITLE.search(line)
        if title and found["title"] is None:
            head, _, rest = line.partition("——") if "——" in line else (line, "", "")
            put("title", head.strip(), "title line")
        rest = rest.strip().lstrip("—-－ ")
        meeting = _MEETING.search(rest)
        if meeting:
            put("meeting", meeting.group("meeting"), "meeting line")
            if meeting.group("y"):
                put("date", f"{int(meeting.group('y')):04d}-{int(meeting.group('m')):02d}-{int(meeting.group('d')):02d}",
                    "meeting line")
            rest = rest[meeting.end() :].strip()
        who = _ROLE_NAME.match(rest)
        if who:
            put("role", who.group("role"), "speaker line")
            put("speaker", who.group("name"), "speaker line")
        elif _NAME_ONLY.match(rest) and not title and found["title"] is not None:
            put("speaker", rest, "speaker line")  # a bare name counts only below the title
        if len(sources) == used_before and not title:
            unused.append(index)
    if found["meeting"] is None:
        for paragraph in opening:
            meeting = _MEETING.search(paragraph)
            if meeting:
                put("meeting", meeting.group("meeting"), "opening paragraph")
                break
    if found["title"]:
        year = _TITLE_YEAR.match(found["title"])
        if year:
            put("year", int(year.group(1)), "title")
        place = _TITLE_PLACE.match(found["title"])
        if place and place.group("place") not in ("", "年"):
            put("place", place.group("place"), "title")
    if found["meeting"]:
        place = _PLACE_FROM_MEETING.match(found["meeting"])
        if place and place.group("place"):
            put("place", place.group("place"), "meeting")
        elif re.search("全国|全國", found["meeting"]):
            put("place", "全国", "meeting (全国人民代表大会)")
    if found["role"]:
        place = _PLACE_FROM_ROLE.match(found["role"])
        if place:
            put("place", place.group("place"), "role")
        elif found["role"].startswith("国务院"):
            put("place", "全国", "role (国务院)")
    if found["date"]:
        put("year", int(found["date"][:4]), "date")
    file_year = _FILE_YEAR.match(file_stem)
    if file_year:
        put("year", int(file_year.group("year")), "file name")
    found["sources"] = sources
    found["unrecognised_lines"] = unused  # indices into front_matter: possibly leftover page chrome
    return found
