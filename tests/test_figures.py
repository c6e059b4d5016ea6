"""The figures stage: every picture drawn at its size, Chinese glyphs (not boxes), same bytes twice."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import figures, keywords, topics
from pipeline.config import project_path
from pipeline.errors import SettingsError
from pipeline.resources import fonts
from pipeline.figuring.colours import CATEGORY_PALETTE, OTHER_GREYS, TermColours
from pipeline.figuring.labels import wrap_label
from pipeline.resources.categories import load_categories
from pipeline.resources.stopwords import LISTS, load_lists
from pipeline.config import ROOT

SETTINGS = figures.FigureSettings()
LATIN_FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@pytest.fixture(scope="module")
def doc(sample_doc):
    if not (sample_doc / "keywords" / "keywords.csv").exists():
        keywords.run(sample_doc, sample_doc / "keywords")
    if not (sample_doc / "topics" / "topics.csv").exists():
        topics.run(sample_doc, sample_doc / "topics")
    manifest = figures.run(sample_doc, sample_doc / "figures", settings=SETTINGS)
    return sample_doc, manifest


def test_every_figure_is_drawn_at_its_size(doc):
    folder, manifest = doc
    files = {entry["file"]: entry for entry in manifest["figures"]}
    # The sample has four body chapters and a preamble with enough terms.
    assert {"cloud_report.png", "cloud_comparison.png", "heatmap_terms.png", "categories_by_chapter.png",
            "topics_by_chapter.png"} <= files.keys()
    assert {f"cloud_chapter_{n:02d}.png" for n in (1, 2, 3, 4)} <= files.keys()
    assert sorted(p.name for p in (folder / "figures").glob("*.png")) == sorted(files)
    for name, entry in files.items():
        with Image.open(folder / "figures" / name) as image:
            assert image.format == "PNG"
            if "cloud" in entry["kind"]:
                assert image.size == (SETTINGS.width, SETTINGS.height), name
            else:
                assert image.width >= SETTINGS.width * 0.8 and image.height >= 300, name
    on_disk = json.loads((folder / "figures" / "figures.json").read_text(encoding="utf-8"))
    assert on_disk["font"] == fonts.BUNDLED_FONT and on_disk["figures"] == manifest["figures"]


def test_chapter_clouds_weigh_by_genre_keyness_and_the_report_by_frequency(doc):
    _, manifest = doc
    weights = {e["file"]: e["weight"] for e in manifest["figures"] if e["kind"] == "word cloud"}
    assert weights["cloud_report.png"] == "frequency"
    assert all(weights[f"cloud_chapter_{n:02d}.png"] == "genre" for n in (1, 2, 3))
    # a chapter with too few terms standing out from the genre falls back to keyness against the report
    assert weights["cloud_chapter_04.png"] == "keyness"
    comparison = next(e for e in manifest["figures"] if e["kind"] == "comparison cloud")
    assert comparison["weight"] == "genre" and "对照同类报告" in comparison["caption"]


def test_same_input_same_bytes(doc, tmp_path):
    folder, _ = doc
    figures.run(folder, tmp_path, settings=SETTINGS)
    for path in (folder / "figures").iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_one_worker_draws_the_same_bytes_as_the_pool(doc, tmp_path):
    folder, _ = doc
    figures.run(folder, tmp_path, settings=figures.FigureSettings(workers=1))
    for name in ("cloud_report.png", "cloud_comparison.png", "heatmap_terms.png"):
        assert (tmp_path / name).read_bytes() == (folder / "figures" / name).read_bytes()


def test_cloud_terms_have_no_stop_words_quantities_or_repeats(doc):
    folder, _ = doc
    inputs = figures.read_inputs(folder)
    font = fonts.font_path("")
    colours = TermColours(load_categories(project_path("lexicon/policy_categories.toml")))
    jobs, _, _ = figures.plan(inputs, SETTINGS, colours, font)
    stop = {w for words in load_lists(ROOT / "stopwords", list(LISTS)).values() for w in words}
    clouds = {file: draw for file, kind, draw in jobs if kind == "word cloud"}
    for file, draw in clouds.items():
        terms = list(draw.args[1])
        assert terms and not set(terms) & stop, file
        assert not [t for t in terms if any(ch.isdigit() for ch in t)], file
    comparison = next(draw for _, kind, draw in jobs if kind == "comparison cloud")
    sector_terms = [t for _, weights in comparison.args[1] for t in weights]
    assert len(sector_terms) == len(set(sector_terms))  # each term in one sector only


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> np.ndarray:
    image = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(image).text((8, 8), ch, font=font, fill=255)
    return np.asarray(image)


def test_the_font_draws_chinese_glyphs_not_boxes():
    path = fonts.font_path("")
    font = ImageFont.truetype(str(path), 48)
    missing = _glyph(font, "\U0010fffd")  # a private-use code point no font draws: the missing-glyph box
    glyphs = {ch: _glyph(font, ch) for ch in "政府工作报告乡村振兴"}
    for ch, bitmap in glyphs.items():
        assert bitmap.any(), ch
        assert not np.array_equal(bitmap, missing), f"{ch} is drawn as the missing-glyph box"
    assert len({g.tobytes() for g in glyphs.values()}) == len(glyphs)  # ten different glyphs, not one box ten times
    fonts.check_glyphs(path, "政府工作报告 湘潭县 三高四新")


def test_a_font_without_chinese_is_refused_with_a_clear_error(doc, tmp_path):
    assert LATIN_FONT.exists()
    with pytest.raises(SettingsError, match="no glyphs .* boxes"):
        fonts.check_glyphs(LATIN_FONT, "政府")
    folder, _ = doc
    with pytest.raises(SettingsError, match="font_path"):
        figures.run(folder, tmp_path, settings=figures.FigureSettings(font_path=str(LATIN_FONT)))
    assert not list(tmp_path.iterdir())  # nothing written
    with pytest.raises(SettingsError, match="no such font file"):
        fonts.font_path("no/such/font.otf")


def test_a_term_keeps_its_colour():
    categories = load_categories(project_path("lexicon/policy_categories.toml"))
    colours = TermColours(categories)
    first = categories[0]
    assert colours.colour(first.terms[0]) == CATEGORY_PALETTE[0]
    assert colours.colour("花石") in OTHER_GREYS and colours.colour("花石") == TermColours(categories).colour("花石")
    legend = colours.legend([first.terms[0], "花石"])
    assert legend == [(first.label, CATEGORY_PALETTE[0]), ("其他", OTHER_GREYS[1])]


def test_one_chapter_report_gets_clouds_but_no_comparison(tmp_path):
    from pipeline.clean import run as clean_run
    from pipeline.segment import run as segment_run

    from tests.conftest import SHARED

    base = tmp_path / "doc"
    clean_run(SHARED / "corpus" / "1954-national-report.traditional.txt", base / "clean")
    segment_run(base / "clean", base)
    keywords.run(base, base / "keywords")
    topics.run(base, base / "topics")
    manifest = figures.run(base, base / "figures", settings=figures.FigureSettings(workers=1))
    drawn = {e["file"]: e for e in manifest["figures"]}
    assert "cloud_report.png" in drawn and "cloud_comparison.png" not in drawn
    assert all(e["caption"] for e in manifest["figures"])
    assert any(s["figure"] == "comparison cloud" for s in manifest["not_drawn"])


def test_a_chapter_without_keyness_falls_back_to_frequency():
    import pandas as pd

    rows = pd.DataFrame({"term": ["债务", "改革"], "count": [3, 5], "g2": [float("nan")] * 2,
                         "keyness_rank": [float("nan")] * 2, "tfidf": [0.1, 0.2]})
    assert figures._weights(rows, "keyness") == ({"债务": 3.0, "改革": 5.0}, "frequency")
    ranked = rows.assign(g2=[4.0, -1.0], keyness_rank=[1, 2])
    assert figures._weights(ranked, "keyness") == ({"债务": 4.0}, "keyness")


def test_labels_wrap_at_a_comma():
    assert wrap_label("客观总结全年工作，持续提振发展信心", 11) == ["客观总结全年工作，", "持续提振发展信心"]
    assert wrap_label("短标题", 11) == ["短标题"]
    assert wrap_label("一二三四五六七八九十一二三四五六七八九十一二三", 10) == ["一二三四五六七八九十", "一二三四五六七八九…"]


def test_bad_settings_are_one_line_errors():
    with pytest.raises(SettingsError, match="chapter_weight"):
        figures.FigureSettings.from_dict({"chapter_weight": "loudness"})
    with pytest.raises(SettingsError, match="at least"):
        figures.FigureSettings.from_dict({"width": 10})
