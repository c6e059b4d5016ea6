"""Project paths and settings: one place, resolved from the package, never the working directory."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.errors import SettingsError

ROOT = settings.ROOT
SETTINGS_FILE = settings.SETTINGS_FILE
CACHE_DIR = ROOT / ".cache"


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """The whole settings file as read (checked once per process: see ``pipeline.settings.load``)."""
    return settings.load(path).raw


def stage_settings(stage: str, path: Path | None = None) -> dict[str, Any]:
    """The ``[stage]`` section of the settings, as written (empty: every default)."""
    return settings.load(path).raw.get(stage, {})


def project_path(value: str) -> Path:
    """A path from the settings: relative paths are relative to the project root."""
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def read_toml(path: Path, what: str, setting: str) -> dict[str, Any]:
    """A TOML data file named by a setting, with one-line errors."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (FileNotFoundError, IsADirectoryError):
        raise SettingsError(f"{what} {path} not found (setting {setting})") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{what} {path} is not valid TOML: {err}") from None
