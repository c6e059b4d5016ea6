"""The genre profile: what government work reports usually say, per chapter role.

A profile counts the terms of each body chapter of many reports under the chapter's role
(review, situation, plan, tasks, self-building, other; see ``pipeline.roles``), with the
keywords stage's term filter: ``terms.csv.gz`` (role, term, count, reports using it in that
role) and ``profile.json`` (sources, years, report and token counts, the code version and the
term filter). ``python -m pipeline reference`` builds one (``pipeline.reference``); the same
inputs give the same bytes. The keywords stage compares each chapter with its role in a
profile (``keywords.genre_profile``): what this report says that the genre usually doesn't.
"""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from pipeline.roles import ROLES, role_of_title

TERMS_FILE, META_FILE = "terms.csv.gz", "profile.json"
PROFILE_ROLES = (*ROLES, "other")


@dataclass(frozen=True)
class Profile:
    """Term counts per role, and the whole profile; ``totals`` are term tokens per role."""

    counts: dict[str, pd.Series]  # role -> counts indexed by term
    whole: pd.Series
    totals: dict[str, int]
    meta: dict


def chapter_roles(chapters: list[dict]) -> dict[int, str]:
    """The role of each body chapter, by its title ("other" where the title names none)."""
    return {c["number"]: role_of_title(c["title"]) or "other" for c in chapters if c["kind"] == "body"}


def count_terms(tokens: pd.DataFrame, chapters: list[dict], term_mask: pd.Series) -> Counter:
    """(role, term) counts of one report's body chapters."""
    roles = chapter_roles(chapters)
    terms = tokens.loc[term_mask & tokens["chapter"].isin(list(roles)), ["chapter", "norm"]]
    return Counter(zip(terms["chapter"].map(roles).tolist(), terms["norm"].tolist(), strict=True))


def profile_table(per_report: list[Counter]) -> pd.DataFrame:
    """role, term, count, reports: sorted, so that the same reports give the same bytes."""
    counts, reports = Counter(), Counter()
    for found in per_report:
        counts.update(found)
        reports.update(found.keys())
    rows = sorted(counts.items())
    return pd.DataFrame({"role": [k[0] for k, _ in rows], "term": [k[1] for k, _ in rows],
                         "count": [n for _, n in rows], "reports": [reports[k] for k, _ in rows]})


def profile_files(table: pd.DataFrame, meta: dict) -> dict[str, bytes]:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as out:  # mtime 0: same bytes
        out.write(table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return {TERMS_FILE: buffer.getvalue(),
            META_FILE: (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")}


@cache
def load(folder: Path) -> Profile:
    """A profile written by ``reference`` (read once per process)."""
    from pipeline.errors import SettingsError

    try:
        table = pd.read_csv(folder / TERMS_FILE, dtype={"role": str, "term": str}, keep_default_na=False)
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        raise SettingsError(f"genre profile {folder} not found (keywords.genre_profile); build one with "
                            "`python -m pipeline reference DIR OUT`, or set it to \"\" to leave genre keyness out") from None
    counts = {role: rows.set_index("term")["count"] for role, rows in table.groupby("role", sort=True)}
    whole = table.groupby("term")["count"].sum()
    return Profile(counts, whole, {role: int(c.sum()) for role, c in counts.items()}, meta)


def described(setting: str) -> dict | None:
    """A profile's description (profile.json) for ``keywords.genre_profile``; None when off or absent."""
    from pipeline.config import project_path

    if not setting:
        return None
    try:
        return json.loads((project_path(setting) / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def check_filter(profile: Profile, settings) -> None:
    """The profile counted terms with the same filter as the keywords stage now uses: else words the
    profile left out would look new and lead the tables."""
    from dataclasses import asdict

    from pipeline.errors import SettingsError

    built = profile.meta.get("term_filter", {})
    now = {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(settings).items()}
    changed = sorted(key for key, value in built.items() if now.get(key) != value)
    if changed:
        raise SettingsError(f"the genre profile was built with other keywords settings ({', '.join(changed)}); "
                            "rebuild it (make reference, or python -m pipeline reference DIR OUT) or set "
                            "keywords.genre_profile = \"\"")
