"""Charts with Chinese labels (matplotlib, Agg): term heatmap, categories and topics by chapter.

Each function returns PNG bytes. Sizes grow with the number of rows so labels never
overlap; no metadata is written, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from pipeline.figuring.labels import wrap_label  # noqa: E402
from pipeline.scale import SCALE_PERCENTILE, robust_maximum  # noqa: E402

DPI = 100
TOPIC_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                 "#9c755f", "#bab0ac"]


def use_font(font: Path) -> None:
    """Make ``font`` matplotlib's font for every text element."""
    font_manager.fontManager.addfont(str(font))
    name = font_manager.FontProperties(fname=str(font)).get_name()
    plt.rcParams.update({"font.family": name, "axes.unicode_minus": False})


def heatmap_png(title: str, terms: list[str], columns: list[str], values: np.ndarray, width: int,
                scale_label: str, clipped_note: str = "") -> bytes:
    """Terms (rows) × chapters (columns), per-10k frequency, each cell labelled. The colour scale ends at
    ``robust_maximum``; when cells lie beyond it, ``clipped_note`` (with {q} and {value}) says so on the bar."""
    height = max(3.5, 0.32 * len(terms) + 2.2)
    fig, ax = plt.subplots(figsize=(width / DPI, height), dpi=DPI)
    top = robust_maximum(values)
    image = ax.imshow(values, aspect="auto", cmap="YlGnBu", vmin=0, vmax=top or None)
    chars = max(4, int(0.8 * width / max(1, len(columns)) / 15))  # a 10-point character is about 14 px wide
    ax.set_xticks(range(len(columns)), ["\n".join(wrap_label(c, chars, lines=3)) for c in columns], fontsize=10)
    ax.set_yticks(range(len(terms)), terms, fontsize=11)
    ax.tick_params(top=True, bottom=False, labeltop=True, labelbottom=False)
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:.1f}" if v else "·", ha="center", va="center", fontsize=9,
                color="white" if top and v > 0.6 * top else "#333333")
    if clipped_note and top and values.max() > top:
        scale_label += "\n" + clipped_note.format(q=SCALE_PERCENTILE, value=top)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label=scale_label)
    ax.set_title(title, fontsize=14, pad=12, loc="left")
    return _png(fig)


def stacked_bars_png(title: str, rows: list[str], series: list[tuple[str, str, np.ndarray]], xlabel: str,
                     width: int, *, share: bool = False) -> bytes:
    """One horizontal bar per row (chapter), stacked by series (label, colour, values per row)."""
    height = max(3.0, 0.55 * len(rows) + 1.8 + 0.25 * ((len(series) + 2) // 3))
    fig, ax = plt.subplots(figsize=(width / DPI, height), dpi=DPI)
    left = np.zeros(len(rows))
    y = np.arange(len(rows))
    for label, colour, values in series:
        ax.barh(y, values, left=left, color=colour, label=label, height=0.62, edgecolor="white", linewidth=0.6)
        left += values
    ax.set_yticks(y, ["\n".join(wrap_label(r, 13)) for r in rows], fontsize=11)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel, fontsize=11)
    if share:
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title, fontsize=14, pad=12, loc="left")
    # Below the x label: about 0.75 inch under the axes, whatever the chart's height.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.75 / (0.8 * height)), ncol=min(4, max(1, len(series))),
              fontsize=10, frameon=False)
    return _png(fig)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.2, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def lines_png(title: str, labels: list[str], series: list[tuple[str, np.ndarray]], ylabel: str, width: int) -> bytes:
    """One line per series over the x labels (reports in place and year order), markers at each report."""
    fig, ax = plt.subplots(figsize=(width / DPI, 5.5), dpi=DPI)
    x = np.arange(len(labels))
    for i, (label, values) in enumerate(series):
        ax.plot(x, values, marker="o", linewidth=1.8, markersize=4, label=label,
                color=TOPIC_PALETTE[i % len(TOPIC_PALETTE)])
    step = max(1, len(labels) // 30)  # at most about 30 labels on the axis
    ax.set_xticks(x[::step], ["\n".join(wrap_label(label, 10)) for label in labels[::step]], fontsize=9,
                  rotation=45 if len(labels) > 8 else 0, ha="right" if len(labels) > 8 else "center")
    ax.set_ylabel(ylabel, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e0e0e0")
    ax.set_title(title, fontsize=14, pad=12, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=10, frameon=False)
    return _png(fig)


def grouped_bars_png(title: str, panels: list, reference_label: str, width: int) -> bytes:
    """One panel per indicator (title, rows, years, values[row, year], reference {year: value}): a horizontal
    bar per row and year, and each year's reference value as a dashed line of the year's colour."""
    columns = min(2, len(panels))
    rows_per_panel = max(len(p[1]) for p in panels)
    panel_height = 0.3 * rows_per_panel * max(1, len(panels[0][2])) ** 0.5 + 1.6
    grid_rows = (len(panels) + columns - 1) // columns
    fig, axes = plt.subplots(grid_rows, columns, figsize=(width / DPI, panel_height * grid_rows + 0.8), dpi=DPI,
                             squeeze=False)
    for ax, (name, labels, years, values, reference) in zip(axes.flat, panels, strict=False):
        y = np.arange(len(labels))
        height = 0.8 / max(1, len(years))
        for k, year in enumerate(years):
            colour = TOPIC_PALETTE[k % len(TOPIC_PALETTE)]
            ax.barh(y + (k - (len(years) - 1) / 2) * height, np.nan_to_num(values[:, k]), height=height,
                    color=colour, label=str(year))
            if year in reference:
                ax.axvline(reference[year], color=colour, linestyle="--", linewidth=1.2,
                           label=f"{reference_label} {year}: {reference[year]:g}")
        ax.set_yticks(y, labels, fontsize=9)
        ax.invert_yaxis()
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#e0e0e0")
        ax.set_title(name, fontsize=12, loc="left")
        ax.legend(fontsize=8, frameon=False, loc="lower right")
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    _titled(fig, title)
    return _png(fig)


def _titled(fig, title: str) -> None:
    """A figure title above every panel: half an inch kept free for it whatever the figure's height."""
    fig.suptitle(title, fontsize=14, x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))


def _every_year(years, values) -> tuple[list[int], list[float]]:
    """Every year from the first to the last, NaN where there is no value: the line breaks at a missing year."""
    known = dict(zip((int(y) for y in years), (float(v) for v in values), strict=True))
    span = list(range(min(known), max(known) + 1))
    return span, [known.get(year, float("nan")) for year in span]


def year_lines_png(title: str, panels: list, width: int) -> bytes:
    """One panel per place (name, series of (label, years, values, line style)); years on a true time axis, so
    a gap between reports shows as a gap, and no line joins two places."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(width / DPI, 3.6 * len(panels) + 0.6), dpi=DPI, squeeze=False)
    for ax, (name, series) in zip(axes.flat, panels, strict=True):
        colours: dict[str, str] = {}
        for label, years, values, style in series:
            key = label.rsplit(" ", 1)[0]  # a target and its result share a colour
            colour = colours.setdefault(key, TOPIC_PALETTE[len(colours) % len(TOPIC_PALETTE)])
            years, values = _every_year(years, values)
            ax.plot(years, values, linestyle=style, marker="o", markersize=3.5, linewidth=1.6, color=colour,
                    label=label)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e0e0e0")
        ax.set_title(name, fontsize=12, loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    _titled(fig, title)
    return _png(fig)
