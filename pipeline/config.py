"""Project paths and settings: one place, resolved from the package, never the working directory."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import SettingsError

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "pipeline.toml"
CACHE_DIR = ROOT / ".cache"


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """Read the whole settings file (``pipeline.toml`` at the project root by default)."""
    path = path or SETTINGS_FILE
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(f"settings file {path} not found; restore pipeline.toml from git") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{path} is not valid TOML: {err}") from None


def stage_settings(stage: str, path: Path | None = None) -> dict[str, Any]:
    """The ``[stage]`` section of the settings."""
    settings = load_settings(path)
    if stage not in settings:
        raise SettingsError(f"section [{stage}] missing from {path or SETTINGS_FILE}")
    return settings[stage]


def project_path(value: str) -> Path:
    """A path from the settings: relative paths are relative to the project root."""
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def settings_from(section: str, cls, values: dict[str, Any]):
    """A settings dataclass from a pipeline.toml section: names and types checked, lists as tuples."""
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = set(values) - set(names)
    if unknown:
        raise SettingsError(f"unknown setting(s) in [{section}]: {', '.join(sorted(unknown))}; "
                            f"valid: {', '.join(names)}")
    check_types(section, cls, values)
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def read_toml(path: Path, what: str, setting: str) -> dict[str, Any]:
    """A TOML data file named by a setting, with one-line errors."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (FileNotFoundError, IsADirectoryError):
        raise SettingsError(f"{what} {path} not found (setting {setting})") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{what} {path} is not valid TOML: {err}") from None


def check_types(section: str, cls, values: dict[str, Any]) -> None:
    """Each value of a settings section has the type of the dataclass field's default."""
    for field in dataclasses.fields(cls):
        if field.name not in values:
            continue
        value, default = values[field.name], field.default
        expected = (int, float) if isinstance(default, float) else type(default)
        if isinstance(default, tuple):
            ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, expected) and not (isinstance(value, bool) and not isinstance(default, bool))
        if not ok:
            raise SettingsError(f"{section}.{field.name} = {value!r} in pipeline.toml should be like {default!r}")
