"""Metadata from the title block: title, place, year, meeting, date, speaker, role.

Only what is printed (or what the file's container says) is reported; a field not found
is None. ``sources`` says where each value came from, so a reader can judge it. Places
are normalised: 全国 for the State Council, full names for provinces (宁夏回族自治区).
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.places import normalise_place, place_in_name

METADATA_FIELDS = ("title", "place", "year", "meeting", "date", "speaker", "role")

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_NUM = "[一二三四五六七八九十〇零\\d]+"
_YEAR = r"(?:\d\s?\d\s?\d\s?\d|[〇○零一二三四五六七八九]{4})"
_MONTH_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE = re.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH_DAY})\s*月\s*(?P<d>{_MONTH_DAY})\s*日")
_MEETING = re.compile(
    rf"(?P<meeting>(?:[^\s，。第在]{{0,16}}?(?:[省市县縣区區州旗盟]|中华人民共和国))?第?{_NUM}\s*[届屆]\s*[^\s，。]{{0,30}}?\s*第?{_NUM}\s*次\s*(?:会议|會議))")
_LINE_MAX = 300  # title-block lines are short; a longer line is searched in its first part only
_DATELINE = re.compile(r"^[—\-－―]{1,}|^[（(]|在.{0,30}(会议|會議)")
# Offices that deliver a report; the name follows (两个 to four characters, or a name with ·).
_OFFICE = "代?(?:总理|總理|省长|省長|市长|市長|区长|區長|县长|縣長|州长|州長|旗长|盟长|主席|主任|部长|部長)"
_SPEAKER = re.compile(
    rf"(?:^|(?<=[上日\s—\-]))(?P<role>[\u4e00-\u9fff]{{0,24}}?{_OFFICE})\s*"
    r"(?P<name>[\u4e00-\u9fff]{2,4}?(?:·[\u4e00-\u9fff]{1,10})?)(?=同志|作|在|的|\s|$|，|。|（)")
_NAME_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,10}$")
_TITLE = re.compile(r"(政府工作报告|政府工作報告|工作报告|工作報告|的报告|的報告|报告（摘要）)")
_TITLE_YEAR = re.compile(rf"^(?P<y>{_YEAR})\s*年")
_TITLE_PLACE = re.compile(r"^(?:\d{4}年)?(?P<place>[^\d\s]\S*?)(?:\d{4}年)?(?:人民)?政府工作(?:报告|報告)")
_REPRESENTS = re.compile(r"我代表(?P<who>[^，,。\s]{2,20}?)(?:人民政府|政府)?[，,向]")
_FILE_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")


def extract_metadata(front_matter: list[str], opening: list[str], file_name: str,
                     hints: dict[str, tuple[Any, str]] | None = None, *, place_from_name: bool = True) -> dict[str, Any]:
    """Metadata from the front-matter lines, the opening paragraphs, the container's hints
    (table columns) and the file name, in that order of trust. ``place_from_name`` is False for
    a table's rows: a table's name (全国各省报告汇总.csv) does not name each row's place.

    Also returns ``unrecognised_lines``: front-matter lines that gave nothing, which a
    reader should look at (they may be page chrome no rule knows).
    """
    found: dict[str, Any] = dict.fromkeys(METADATA_FIELDS)
    sources: dict[str, str] = {}

    def put(key, value, source):
        if value not in (None, "") and found[key] is None:
            found[key] = value
            sources[key] = source

    unused = []
    for index, line in enumerate(front_matter):
        used_before = len(sources)
        title = _TITLE.search(line) if len(line) <= 80 else None
        rest = line
        if title and found["title"] is None:
            head, _, rest = line.partition("——") if "——" in line else (line, "", "")
            put("title", head.strip(), "title line")
        _read_dateline(rest, put)
        who = _speaker(rest)
        if who:
            put("role", who[0], "speaker line")
            put("speaker", who[1], "speaker line")
        elif _NAME_ONLY.match(rest.strip()) and not title and found["title"] is not None:
            put("speaker", rest.strip(), "speaker line")  # a bare name counts only below the title
        if len(sources) == used_before and not title:
            unused.append(index)
    for paragraph in opening:
        _read_dateline(paragraph, put, source="opening paragraph", dated=False)
    _places(found, opening, put)
    for key in ("place", "title", "year"):
        if key in (hints or {}):
            value, source = hints[key]
            put(key, normalise_place(value) if key == "place" else _year(value) if key == "year" else value, source)
    if found["date"]:
        put("year", int(found["date"][:4]), "date")
    year = _FILE_YEAR.search(file_name)
    if year:
        put("year", int(year.group("year")), "file name")
    if place_from_name:
        put("place", place_in_name(file_name), "file name")
    found["sources"] = sources
    found["unrecognised_lines"] = unused  # indices into front_matter: possibly leftover page chrome
    return found


def _read_dateline(line: str, put, *, source: str = "meeting line", dated: bool = True) -> None:
    """The meeting and, on a dateline (——2026年1月27日在…会议上), the date."""
    line = line[:_LINE_MAX]
    meeting = _MEETING.search(line)
    if meeting:
        put("meeting", re.sub(r"\s+", "", meeting.group("meeting")).lstrip("在"), source)
    if dated and (meeting or _DATELINE.search(line)):
        date = _DATE.search(line)
        if date:
            put("date", _iso_date(date), source)


def _speaker(line: str) -> tuple[str, str] | None:
    """(role, name) of a speaker line: 国务院总理 李克强 ; …会议上北京市市长 殷勇同志作政府工作报告。"""
    compact = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff](?:$|[^\u4e00-\u9fff]))", "", line.strip()[:_LINE_MAX])
    before, _, after = compact.rpartition("会议上") if "会议上" in compact else ("", "", compact)
    for part in (after, before):  # the office after the meeting, or before it (…主席王莉霞在…会议上的讲话)
        m = _SPEAKER.search(part)
        if m and not m.group("name").startswith(("政府", "人民", "作", "在", "的")):
            return m.group("role"), m.group("name")
    return None


def _places(found: dict, opening: list[str], put) -> None:
    """The place, from the title, the meeting, the speaker's office or whom the speaker represents."""
    if found["title"]:
        year = _TITLE_YEAR.match(found["title"])
        if year:
            put("year", _year(year.group("y")), "title")
        place = _TITLE_PLACE.match(found["title"])
        if place:
            put("place", normalise_place(place.group("place")), "title")
    if found["meeting"]:
        if re.search("全国|全國", found["meeting"]):
            put("place", "全国", "meeting (全国人民代表大会)")
        else:
            head = re.match(rf"^(?P<place>\S*?)第?{_NUM}[届屆]", found["meeting"])
            put("place", normalise_place(head.group("place")) if head else None, "meeting")
    if found["role"]:
        head = re.match(rf"^(?P<place>\S*?)(?:人民政府)?{_OFFICE}", found["role"])
        put("place", normalise_place(head.group("place")) if head else None, "role")
    for paragraph in opening:
        who = _REPRESENTS.search(paragraph)
        if who:
            put("place", normalise_place(who.group("who")), "opening paragraph (我代表…)")
            break


def _iso_date(m: re.Match) -> str | None:
    year, month, day = _year(m.group("y")), _small_number(m.group("m")), _small_number(m.group("d"))
    if year and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _year(text) -> int | None:
    text = re.sub(r"\s|\.0+$", "", str(text))  # a table's year column may come as 2024.0
    if text.isdigit():
        return int(text) if 1900 <= int(text) <= 2100 else None
    if len(text) == 4 and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    return None


def _small_number(text: str) -> int:
    """1–31 from Arabic digits or Chinese numerals (十二, 二十七, 三十一)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
