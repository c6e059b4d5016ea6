"""Place names as a reader compares them: 全国 for the State Council, full names for provinces."""

from __future__ import annotations

import re

# The 34 province-level units by their full names; each is also known by its short name.
PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)
# What a place's name ends with, longest first: 宁夏回族自治区 → 宁夏, 湘潭县 → 湘潭.
_SUFFIX = re.compile("(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|自治州|自治县|省|市|县|区|州|旗|盟)$")


def short_name(name: str) -> str:
    """The name without its administrative suffix (湖南省 → 湖南); the name itself when too short."""
    short = _SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


_SHORT = {short_name(name): name for name in PROVINCES}
# Every province's name, full and short.
PROVINCE_NAMES = frozenset([*PROVINCES, *_SHORT])
_NATIONAL = ("全国", "全國", "国务院", "國務院", "中华人民共和国", "中華人民共和國", "中央人民政府", "national")
_PLACE_SUFFIX = re.compile(r"(省|市|县|縣|区|區|州|旗|盟|自治区|自治州|自治县|自治旗|特别行政区|镇|乡)$")
_NOT_A_PLACE = re.compile(r"[，。、“”《》（）()\d]|政府|人大|会议|所作|报告")


def normalise_place(raw: str | None) -> str | None:
    """A place name in its canonical form, or None when ``raw`` is not one.

    >>> normalise_place("宁夏"), normalise_place("国务院"), normalise_place("湘潭县人民")
    ('宁夏回族自治区', '全国', '湘潭县')
    """
    if not raw:
        return None
    name = re.sub(r"\s+", "", str(raw))
    name = re.sub(r"(人民政府|人民|政府)$", "", name)
    if name in _NATIONAL:
        return "全国"
    if name in _SHORT:
        return _SHORT[name]
    if name in PROVINCES:
        return name
    if 2 <= len(name) <= 12 and _PLACE_SUFFIX.search(name) and not _NOT_A_PLACE.search(name):
        return name
    return None


def place_in_name(file_name: str) -> str | None:
    """A province named in a file name (2025年宁夏政府工作报告.docx), or 全国 for a national report."""
    for name in sorted(PROVINCES, key=len, reverse=True):
        if name in file_name:
            return name
    for short, name in sorted(_SHORT.items(), key=lambda kv: -len(kv[0])):
        if short in file_name:
            return name
    if re.search(r"national|全国|國務院|国务院", file_name, re.I):
        return "全国"
    return None


def level_of(place: str | None) -> str:
    """national (全国), provincial (a province-level unit) or local (a city, county or district); "" unknown."""
    if not place:
        return ""
    if place == "全国":
        return "national"
    return "provincial" if place in PROVINCE_NAMES else "local"
