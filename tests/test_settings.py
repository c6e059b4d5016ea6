"""pipeline.toml: read once, checked whole before any stage runs, one-line errors naming the key."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from pipeline import settings
from pipeline.__main__ import main
from pipeline.config import ROOT
from pipeline.errors import SettingsError


def test_the_shipped_settings_are_valid_and_every_section_is_declared():
    loaded = settings.load(settings.SETTINGS_FILE)
    assert set(loaded.raw) == set(settings.SECTIONS)
    for name, cls in settings.SECTIONS.items():
        assert isinstance(getattr(loaded, name), cls)


@pytest.mark.parametrize("text, message", [
    ("[report]\nkeyword_row = 10\n", "unknown setting(s) in [report]: keyword_row; valid: keyword_rows"),
    ("[segment]\nengine = \"jeba\"\n", "segment.engine = 'jeba': 'jeba' is not valid; valid: jieba, rjieba"),
    ("[keywords]\nstopword_lists = [\"general\", \"mine\"]\n", "'mine' is not valid; valid: general, formulaic"),
    ("[topics]\nk_min = 1\n", "topics.k_min = 1 is out of range; it must be at least 2"),
    ("[topics]\nk_min = 8\nk_max = 4\n", "topics.k_min must be at most topics.k_max"),
    ("[corpus]\nduplicate_threshold = 0\n", "corpus.duplicate_threshold = 0 is out of range; it must be above 0"),
    ("[figure]\nwidth = 10\n", "unknown section(s) [figure]; valid: clean, targets, segment"),
    ("[clean\n", "is not valid TOML"),
])
def test_bad_settings_are_named_with_what_is_valid(tmp_path, text, message):
    path = tmp_path / "pipeline.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        settings.load(path)
    assert message in str(caught.value)


def test_a_typo_stops_every_command_at_once_and_touches_no_output(tmp_path, capsys):
    path = tmp_path / "pipeline.toml"
    path.write_text(settings.SETTINGS_FILE.read_text(encoding="utf-8").replace("keyword_rows", "keyword_row"),
                    encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keywords.csv").write_text("kept", encoding="utf-8")
    assert main(["--config", str(path), "keywords", str(out), str(out)]) == 1
    assert "keyword_row" in capsys.readouterr().err
    assert (out / "keywords.csv").read_text(encoding="utf-8") == "kept"


def test_the_check_takes_well_under_a_second_in_a_fresh_process(tmp_path):
    path = tmp_path / "pipeline.toml"
    path.write_text("[report]\nkeyword_row = 10\n", encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pipeline", "--config", str(path), "topics", "a", "b"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - start < 1.0
    assert result.returncode == 1 and result.stderr.startswith("Error: unknown setting(s) in [report]")


def test_settings_are_read_once_per_process(tmp_path):
    path = tmp_path / "pipeline.toml"
    path.write_text("[topics]\nseed = 7\n", encoding="utf-8")
    assert settings.load(path).topics.seed == 7
    path.write_text("[topics]\nseed = 8\n", encoding="utf-8")  # an edit during a run changes nothing in it
    assert settings.load(path).topics.seed == 7
