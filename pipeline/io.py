"""Writing outputs atomically: all files of a stage appear together or not at all."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> bytes:
    """CSV with a header, UTF-8 with BOM so Excel on a Chinese Windows opens it right."""
    # keys not in ``columns`` are left out
    return _csv(columns, (["" if (value := row.get(k)) is None else value for k in columns] for row in rows))


def frame_csv(frame, columns: list[str]) -> bytes:
    """``csv_bytes`` of a pandas DataFrame, built column by column (no dict per row): missing
    values as empty cells, numpy numbers as Python prints them. Columns the frame lacks are empty."""
    if not frame.columns.is_unique:
        raise ValueError(f"frame_csv: column names repeat: {list(frame.columns)}")
    empty = [""] * len(frame)
    cells = [_cells(frame[name]) if name in frame.columns else empty for name in columns]
    return _csv(columns, zip(*cells, strict=True))


def _csv(columns: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _cells(column) -> list:
    values = column.tolist()  # numpy numbers become Python numbers
    missing = column.isna().to_numpy()
    return ["" if gap else value for value, gap in zip(values, missing, strict=True)] if missing.any() else values


def frame_rows(frame) -> list[dict]:
    """Rows of a pandas DataFrame for ``csv_bytes``: missing values as empty cells, not "nan";
    numpy numbers as Python numbers (so they print as Python prints them)."""
    values = frame.astype(object).where(frame.notna(), None)
    columns = list(values.columns)
    return [dict(zip(columns, map(_native, row), strict=True)) for row in values.itertuples(index=False, name=None)]


def missing(value: Any) -> bool:
    """None or a missing number (NaN, pd.NA) of a table cell; text, even empty, is not missing."""
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _native(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_outputs(outdir: Path, files: Mapping[str, bytes | Callable[[BinaryIO], None]]) -> None:
    """Write every file to a temporary name in ``outdir``, then rename them all into place.

    A file is its bytes, or a function that writes them to a binary file (for a file too
    large to hold in memory twice).
    """
    outdir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(dir=outdir, prefix=f".{name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                if callable(data):
                    data(fh)
                else:
                    fh.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are ordinary readable files
            staged.append((tmp, outdir / name))
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
