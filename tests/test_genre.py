"""The genre profile ships in lexicon/genre/ and rebuilds from ../shared byte for byte."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED
from pipeline import genre, reference
from pipeline.config import ROOT

PROFILE = ROOT / "lexicon" / "genre"


def test_the_shipped_profile_describes_itself():
    meta = json.loads((PROFILE / genre.META_FILE).read_text(encoding="utf-8"))
    assert meta["reports"] == 108 and meta["sources"] == ["corpora", "corpus"] and not meta["skipped"]
    assert min(meta["years"]) == "1954" and max(meta["years"]) == "2026"
    assert set(meta["reports_by_role"]) == set(genre.PROFILE_ROLES)
    assert (PROFILE / genre.TERMS_FILE).stat().st_size < 1_000_000  # a compressed table, not texts


@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason=f"the real reports are not in {SHARED}")
def test_the_shipped_profile_rebuilds_byte_for_byte():
    files = genre.profile_files(*reference.build([SHARED / "corpora", SHARED / "corpus"]))
    for name, data in files.items():
        assert (PROFILE / name).read_bytes() == data, f"{name}: run make reference after changing the lexicon or code"
