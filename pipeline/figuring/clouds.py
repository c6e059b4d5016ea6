"""Word clouds: one set of terms, or a comparison cloud with one sector per chapter.

Every cloud is a PNG of exactly the set size: a title line, the cloud, and a legend line of
the policy categories its terms belong to. Layout is seeded (same input, same bytes) and
runs on a canvas ``layout_scale`` times smaller than the picture, then drawn at full size:
the placement search is most of the cost, and Chinese words need no finer grid than that.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from wordcloud import WordCloud

from pipeline.figuring.colours import TermColours
from pipeline.figuring.labels import fit_width, wrap_label

TITLE_SIZE = 26
LEGEND_SIZE = 18
LABEL_SIZE = 20
LABEL_CHARS = 11  # characters per line of a sector's label
PAD = 12


@dataclass(frozen=True)
class CloudSpec:
    width: int
    height: int
    max_words: int
    min_font_size: int  # pixels in the picture
    max_font_size: int
    prefer_horizontal: float
    layout_scale: int
    seed: int


def cloud_png(title: str, weights: dict[str, float], colours: TermColours, font: Path, spec: CloudSpec) -> bytes:
    """A cloud of ``weights`` (term: weight > 0) under ``title``, with the legend of the words it shows."""
    room = _legend_room(colours.legend(_top_terms(weights, spec.max_words)), font, spec.width)
    area = (spec.width, spec.height - _title_room() - room)
    cloud, placed = _layout(weights, np.zeros((area[1] // spec.layout_scale, area[0] // spec.layout_scale), np.uint8),
                            colours, font, spec, spec.max_font_size)
    canvas, top = _frame(title, colours.legend(placed), font, spec)
    canvas.alpha_composite(cloud, (0, top))
    return _png(canvas)


def comparison_png(title: str, sectors: list[tuple[str, dict[str, float]]], colours: TermColours, font: Path,
                   spec: CloudSpec) -> bytes:
    """quanteda's comparison cloud: each chapter's distinctive terms in its own sector of a disc.

    A term sits in one sector only (the caller assigns it to the chapter where it is most
    distinctive). Word sizes are comparable across sectors: a sector's largest word is
    scaled by the square root of its top weight over the top weight of all sectors.
    """
    terms = [t for _, weights in sectors for t in _top_terms(weights, spec.max_words)]
    scale = spec.layout_scale
    area_w, area_h = spec.width // scale, (spec.height - _title_room() - _legend_room(colours.legend(terms), font,
                                                                                        spec.width)) // scale
    label_font = ImageFont.truetype(str(font), LABEL_SIZE)
    label_room = max(max(map(label_font.getlength, wrap_label(label, LABEL_CHARS))) for label, _ in sectors) + PAD
    radius = max(10.0, min(area_h / 2 - LABEL_SIZE * 2.5 / scale, area_w / 2 - label_room / scale))
    centre = (area_w / 2, area_h / 2)
    top_weight = max((max(w.values()) for _, w in sectors if w), default=1.0)
    n = len(sectors)
    layer = Image.new("RGBA", (area_w * scale, area_h * scale), (255, 255, 255, 0))
    placed = []
    for i, (_, weights) in enumerate(sectors):
        if weights:
            size = max(spec.min_font_size + 4, int(spec.max_font_size * math.sqrt(max(weights.values()) / top_weight)))
            mask = _sector_mask(area_w, area_h, centre, radius, -90 + 360 * i / n, -90 + 360 * (i + 1) / n, gap=3)
            cloud, words = _layout(weights, mask, colours, font, spec, size)
            layer.alpha_composite(cloud)
            placed += words
    canvas, top = _frame(title, colours.legend(placed), font, spec)
    canvas.alpha_composite(layer, (0, top))
    draw = ImageDraw.Draw(canvas)
    cx, cy, r = centre[0] * scale, top + centre[1] * scale, radius * scale
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline="#c8c8c8", width=2)
    for i, (label, _) in enumerate(sectors):
        start = math.radians(-90 + 360 * i / n)
        draw.line((cx, cy, cx + r * math.cos(start), cy + r * math.sin(start)), fill="#c8c8c8", width=2)
        mid = math.radians(-90 + 360 * (i + 0.5) / n)
        x, y = cx + (r + PAD) * math.cos(mid), cy + (r + PAD) * math.sin(mid)
        lines = wrap_label(label, LABEL_CHARS)
        height = len(lines) * (LABEL_SIZE + 4)
        y -= 0 if math.sin(mid) > 0.3 else height if math.sin(mid) < -0.3 else height / 2
        anchor = ("l" if math.cos(mid) > 0.3 else "r" if math.cos(mid) < -0.3 else "m") + "t"
        for k, line in enumerate(lines):
            draw.text((x, y + k * (LABEL_SIZE + 4)), line, font=label_font, fill="#222222", anchor=anchor)
    return _png(canvas)


def _layout(weights: dict[str, float], mask: np.ndarray, colours: TermColours, font: Path, spec: CloudSpec,
            max_font_size: int) -> tuple[Image.Image, list[str]]:
    """(the cloud on a transparent canvas the size of ``mask`` × layout_scale, the words placed); mask 0 = free."""
    scale = spec.layout_scale
    cloud = WordCloud(font_path=str(font), mask=mask, scale=scale, max_words=spec.max_words,
                      min_font_size=max(4, spec.min_font_size // scale), max_font_size=max(8, max_font_size // scale),
                      prefer_horizontal=spec.prefer_horizontal, random_state=spec.seed, mode="RGBA",
                      background_color=None, collocations=False, normalize_plurals=False, repeat=False, margin=2,
                      color_func=lambda word, **_: colours.colour(word))
    if not weights:
        return Image.new("RGBA", (mask.shape[1] * scale, mask.shape[0] * scale), (255, 255, 255, 0)), []
    cloud.generate_from_frequencies(weights)
    return cloud.to_image().convert("RGBA"), [word for (word, _), *_ in cloud.layout_]


def _title_room() -> int:
    return TITLE_SIZE + 2 * PAD


def _legend_room(legend: list[tuple[str, str]], font: Path, width: int) -> int:
    rows = _legend_rows(legend, ImageFont.truetype(str(font), LEGEND_SIZE), width - 2 * PAD)
    return PAD + (LEGEND_SIZE + 10) * len(rows) + PAD


def _frame(title: str, legend: list[tuple[str, str]], font: Path, spec: CloudSpec) -> tuple[Image.Image, int]:
    """A white canvas with the title on top and the legend at the bottom; (canvas, where the cloud starts)."""
    canvas = Image.new("RGBA", (spec.width, spec.height), (255, 255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    title_font = ImageFont.truetype(str(font), TITLE_SIZE)
    draw.text((PAD, PAD), fit_width(title, title_font, spec.width - 2 * PAD), font=title_font, fill="#111111")
    legend_font = ImageFont.truetype(str(font), LEGEND_SIZE)
    rows = _legend_rows(legend, legend_font, spec.width - 2 * PAD)
    line = LEGEND_SIZE + 10
    y = spec.height - PAD - line * len(rows)
    for row in rows:
        x = PAD
        for label, colour in row:
            draw.rectangle((x, y + 4, x + LEGEND_SIZE - 4, y + LEGEND_SIZE), fill=colour)
            draw.text((x + LEGEND_SIZE + 2, y), label, font=legend_font, fill="#333333")
            x += _legend_width(label, legend_font)
        y += line
    return canvas, _title_room()


def _legend_width(label: str, font) -> int:
    return int(LEGEND_SIZE + 2 + font.getlength(label) + 2 * PAD)


def _legend_rows(legend, font, width: int) -> list[list[tuple[str, str]]]:
    rows, current, used = [], [], 0
    for entry in legend:
        w = _legend_width(entry[0], font)
        if current and used + w > width:
            rows.append(current)
            current, used = [], 0
        current.append(entry)
        used += w
    return rows + [current] if current else rows


def _sector_mask(width: int, height: int, centre, radius: float, start: float, end: float, gap: float) -> np.ndarray:
    """0 inside the sector (angles in degrees, clockwise from east), 255 elsewhere; ``gap`` pixels off each edge."""
    y, x = np.mgrid[0:height, 0:width]
    dx, dy = x - centre[0], y - centre[1]
    inside = dx * dx + dy * dy <= (radius - gap) ** 2
    for angle, side in ((start, 1), (end, -1)):  # keep to the inner side of both edges, gap pixels away
        a = math.radians(angle)
        inside &= side * (dy * math.cos(a) - dx * math.sin(a)) >= gap
    if end - start > 180:  # a sector wider than a half disc is not the intersection of two half-planes
        a, b = math.radians(start), math.radians(end)
        left = (dy * math.cos(a) - dx * math.sin(a)) >= gap
        right = -(dy * math.cos(b) - dx * math.sin(b)) >= gap
        inside = (dx * dx + dy * dy <= (radius - gap) ** 2) & (left | right)
    return np.where(inside, 0, 255).astype(np.uint8)


def _top_terms(weights: dict[str, float], limit: int) -> list[str]:
    return sorted(weights, key=lambda t: (-weights[t], t))[:limit]


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=False)  # no text chunks, no timestamp
    return buffer.getvalue()
