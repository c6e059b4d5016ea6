"""The command line on bad input: one `Error:` line, exit code 1, no traceback, no half outputs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import SAMPLE
from pipeline.__main__ import main
from pipeline.config import ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True)


def assert_clean_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


BAD_INPUTS = {
    "empty": (b"", "is empty"),
    "whitespace": (b"  \n\r\n ", "is empty"),
    "binary": (bytes(range(256)) * 40 + b"\x00" * 100, "binary"),
    "no-chinese": (b"Hello world. This is an English page.\n" * 20, "no Chinese text"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_error_and_no_outputs(tmp_path, case):
    data, message = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    outdir = tmp_path / "out"
    result = run_cli("clean", str(path), str(outdir))
    assert_clean_error(result, message, path.name)
    assert not outdir.exists()


def test_missing_path(tmp_path):
    assert_clean_error(run_cli("clean", str(tmp_path / "nope.txt"), str(tmp_path / "out")), "not found")


def test_unsupported_extension(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    assert_clean_error(run_cli("clean", str(path), str(tmp_path / "out")), "unsupported file type")


def test_unreadable_file(tmp_path, monkeypatch, capsys):
    # Root reads any file whatever its mode, so the permission error is simulated.
    path = tmp_path / "locked.txt"
    path.write_text("各位代表：", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    assert main(["clean", str(path), str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "permission denied" in err and err.count("\n") == 1


def test_undecodable_with_encoding_override(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("各位代表：现在，我代表县人民政府向大会报告工作。".encode("gb18030"))
    result = run_cli("clean", str(path), str(tmp_path / "out"), "--encoding", "utf-8")
    assert_clean_error(result, "not valid utf-8", "clean.encoding")
    for codec in ("no-such-codec", "rot13", "base64"):
        result = run_cli("clean", str(path), str(tmp_path / "out2"), "--encoding", codec)
        assert_clean_error(result, "not a text encoding", "--encoding")


def test_fifty_megabyte_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = run_cli("clean", str(path), str(tmp_path / "out"))
    assert_clean_error(result, "over the limit of 20 MB", "clean.max_input_mb")


def test_help_describes_the_stage():
    result = run_cli("clean", "--help")
    assert result.returncode == 0
    for word in ("INPUT", "OUTDIR", "--encoding"):
        assert word.lower() in result.stdout.lower()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le"])
def test_encodings_and_line_endings(tmp_path, encoding):
    text = "政府工作报告\r\n各位代表：\r\n現在，我代表縣人民政府向大會報告工作，請予審議。\r\n一、過去一年工作回顧\r\n" \
           "過去一年，我們堅持穩中求進，經濟運行總體平穩，民生持續改善，各項事業取得新的進展。\r\n" * 3
    if encoding == "big5":
        text = text.replace("报告", "報告")
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    result = run_cli("clean", str(path), str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    clean_text = (tmp_path / "out" / "clean.txt").read_text(encoding="utf-8")
    assert "\r" not in clean_text and "過去一年工作回顧" in clean_text


def test_html_page(tmp_path):
    body = SAMPLE.read_text(encoding="utf-8").split("各位代表:")[1].split("您需要登录")[0]
    paragraphs = "".join(f"<p>{line.strip()}</p>\n" for line in body.splitlines() if line.strip())
    page = (f"<!DOCTYPE html><html><head><meta charset='gbk'><title>报告</title><script>var x = '<p>脚本</p>';</script>"
            f"</head><body><nav>首页 | 新闻</nav><h1>2024年湘潭县政府工作报告</h1><p>各位代表&#65306;</p>{paragraphs}"
            f"<footer>版权所有 &copy; 湘潭</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk", errors="replace"))
    result = run_cli("clean", str(path), str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    clean_text = (tmp_path / "out" / "clean.txt").read_text(encoding="utf-8")
    assert "<" not in clean_text and "脚本" not in clean_text and "首页" not in clean_text and "版权" not in clean_text
    assert clean_text.startswith("2024年湘潭县政府工作报告\n\n各位代表：\n\n现在，我代表县人民政府")
    import json

    doc = json.loads((tmp_path / "out" / "document.json").read_text())
    assert doc["input_format"] == "html" and doc["source_encoding"] == "gb18030"  # GBK is read with its superset
    assert [c["kind"] for c in doc["chapters"]].count("body") == 4


@pytest.mark.parametrize("setting", ['max_input_mb = "20"', 'min_repair_confidence = "high"', "encoding = 5",
                                     "chrome_rules = 5", 'chrome_rules = "pipeline"', 'repair_mojibake = "no"'])
def test_bad_settings_give_one_line_errors(tmp_path, monkeypatch, capsys, setting):
    settings = tmp_path / "pipeline.toml"
    settings.write_text(f"[clean]\n{setting}\n", encoding="utf-8")
    assert main(["--config", str(settings), "clean", str(SAMPLE), str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_long_runs_of_ascii_punctuation_take_linear_time(tmp_path):
    path = tmp_path / "commas.txt"
    path.write_text("各位代表：" + "," * 20000 + "一、回顾\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "clean", str(path), str(tmp_path / "out")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_segment_without_clean_outputs(tmp_path):
    result = run_cli("segment", str(tmp_path / "nowhere"), str(tmp_path / "out"))
    assert_clean_error(result, "not found", "run the clean stage first")
    assert not (tmp_path / "out").exists()


def test_stopwords_check_writes_its_table(tmp_path):
    out = tmp_path / "check.csv"
    result = run_cli("stopwords-check", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8-sig").startswith("list,stopword,segmented,pieces_not_in_lists")
