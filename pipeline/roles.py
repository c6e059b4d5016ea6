"""Chapter roles: the parts every government work report has, named by their titles.

A body chapter's title says which part of the genre's skeleton it is: last year's review, the
situation, the five-year plan's goals, this year's tasks, or the government's own conduct.
Corpus mode aligns chapters by these roles; the genre profile counts terms per role.
"""

from __future__ import annotations

import re

ROLES = ("review", "situation", "plan", "tasks", "self_building")
ROLE_LABELS = {"review": "工作回顾", "situation": "形势分析", "plan": "五年规划目标", "tasks": "今年任务",
               "self_building": "政府自身建设", "other": "其他"}
# Checked in this order: the first that matches names the role.
TITLE_PATTERNS = [
    ("self_building", re.compile(r"自身建设|政府建设|人民满意的政府|建设.{0,8}政府")),
    # a five-year plan's goals (“十五五”时期主要目标任务) are not this year's tasks
    ("plan", re.compile(r"十[一二三四五六七八九十]五.{0,4}(时期|规划).{0,12}(目标|任务)|规划纲要")),
    ("review", re.compile(r"回顾|总结|过去.{0,6}(一年|五年|工作)|(一年|五年)来")),
    ("tasks", re.compile(r"(今年|明年|来年|新的一年|\d{4}年).{0,8}(工作|任务|安排)|总体要求|目标任务|主要任务|"
                         r"重点任务|重点工作|工作安排|主要目标|发展目标")),
    ("situation", re.compile(r"形势|面临|机遇|挑战")),
]


def role_of_title(title: str | None) -> str | None:
    """The role a chapter title names, or None."""
    return next((name for name, pattern in TITLE_PATTERNS if pattern.search(title or "")), None)
