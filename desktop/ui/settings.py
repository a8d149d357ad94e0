"""The window's settings: typed, declared once with their defaults (CONVENTIONS 12).

Read from ``settings.json`` in the data folder when it exists; a missing file, an unknown
key or a bad value falls back to the default (and says so in the log), so a hand-edited
file can never stop the app from starting. Nothing Qt is ever stored.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
LANGUAGE_CHOICES = ("", "zh_CN", "en")
TEXT_SIZE_CHOICES = ("small", "medium", "large")  # 小 / 中 / 大 (widgets/styles.py)


@dataclass(frozen=True)
class UiSettings:
    # Lock the window after this many minutes without keyboard or mouse input.
    idle_lock_minutes: float = 5
    # Sync in the background this often while enrolled and unlocked.
    sync_interval_minutes: float = 10
    # The window's language, taken at the next start ("" = Chinese unless CHILDDESK_LANG).
    language: str = ""
    # The size of the window's text: small 11 pt, medium 12 pt, large 14 pt.
    text_size: str = "medium"
    # Limits on how small the two may be set, so a typo cannot lock every few seconds.
    MIN_IDLE_MINUTES = 0.5
    MIN_SYNC_MINUTES = 1.0

    @property
    def idle_lock_ms(self) -> int:
        return int(max(self.idle_lock_minutes, self.MIN_IDLE_MINUTES) * 60_000)

    @property
    def sync_interval_ms(self) -> int:
        return int(max(self.sync_interval_minutes, self.MIN_SYNC_MINUTES) * 60_000)


def load_settings(folder: Path) -> UiSettings:
    path = folder / SETTINGS_FILE
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UiSettings()
    except (OSError, ValueError):
        logger.warning("settings file unreadable; using the defaults")
        return UiSettings()
    if not isinstance(raw, dict):
        logger.warning("settings file is not an object; using the defaults")
        return UiSettings()
    settings = UiSettings()
    known = {f.name for f in fields(UiSettings)}
    for key, value in raw.items():
        if key not in known:
            logger.warning("unknown setting %s ignored", key)
        elif key == "language":
            if value in LANGUAGE_CHOICES:
                settings = replace(settings, language=value)
            else:
                logger.warning("setting language has a bad value; default kept")
        elif key == "text_size":
            if value in TEXT_SIZE_CHOICES:
                settings = replace(settings, text_size=value)
            else:
                logger.warning("setting text_size has a bad value; default kept")
        elif isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            numbers: dict[str, Any] = {key: float(value)}
            settings = replace(settings, **numbers)
        else:
            logger.warning("setting %s has a bad value; default kept", key)
    return settings


def save_settings(folder: Path, settings: UiSettings) -> None:
    """Write the settings atomically (a crash leaves the old file or the new, never half)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILE
    temporary = path.with_suffix(".json.tmp")
    values = {f.name: getattr(settings, f.name) for f in fields(UiSettings)}
    temporary.write_text(json.dumps(values, indent=2), encoding="utf-8")
    os.replace(temporary, path)
