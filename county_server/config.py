"""The server's settings, typed and declared once with their defaults (CONVENTIONS 12).

Where each comes from, first match wins:

- database URL: ``--db`` on the command line, ``COUNTY_SERVER_DB``, ``sqlite:///county.sqlite``
  in the working directory. ``postgresql://`` URLs are read as ``postgresql+psycopg://``.
- server data key: ``COUNTY_SERVER_KEY_FILE``, else ``county-server.key`` beside an SQLite
  database file, else ``./county-server.key``.
- county recovery public key: ``COUNTY_SERVER_RECOVERY_KEY`` (a PEM file), else the key
  stored in the database by ``county-server set-recovery-key``, else none.
- log file: ``COUNTY_SERVER_LOG_FILE`` (rotating), else stderr only.
- API documentation (``/api/v1/openapi.json``, ``/api/v1/docs``): off unless
  ``county-server serve --api-docs``.
- failed enrolments and authentications allowed per client address in a window before
  it is answered 429: ``COUNTY_SERVER_AUTH_FAILURE_LIMIT`` (10; 0 switches the limit
  off), ``COUNTY_SERVER_AUTH_FAILURE_WINDOW`` (seconds, 300). Each process counts alone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENV_DB = "COUNTY_SERVER_DB"
ENV_KEY_FILE = "COUNTY_SERVER_KEY_FILE"
ENV_RECOVERY_KEY = "COUNTY_SERVER_RECOVERY_KEY"
ENV_LOG_FILE = "COUNTY_SERVER_LOG_FILE"
ENV_TIMEZONE = "COUNTY_SERVER_TZ"
ENV_AUTH_FAILURE_LIMIT = "COUNTY_SERVER_AUTH_FAILURE_LIMIT"
ENV_AUTH_FAILURE_WINDOW = "COUNTY_SERVER_AUTH_FAILURE_WINDOW"

DEFAULT_DB_URL = "sqlite:///county.sqlite"
KEY_FILE_NAME = "county-server.key"
COUNTY_CODE = "330523"  # Anji: the scope code of county users


class SettingsError(ValueError):
    """A setting that can't be used, said so the administrator can fix it."""


@dataclass(frozen=True)
class Settings:
    db_url: str
    key_file: Path
    recovery_public_key_file: Path | None = None
    log_file: Path | None = None
    # Record rules compare dates with "today": the county's day, not the host's UTC day.
    timezone: str = "Asia/Shanghai"
    enrolment_code_hours: int = 72
    # Largest request body accepted, after gzip decoding.
    max_body_bytes: int = 32 * 1024 * 1024
    # /api/v1/openapi.json and /api/v1/docs: a map of the API for whoever asks; off by default.
    api_docs: bool = False
    # Failed enrolments/authentications per client address within the window, then 429.
    auth_failure_limit: int = 10
    auth_failure_window_seconds: int = 300

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @classmethod
    def load(
        cls, *, db_url: str | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        env = os.environ if environ is None else environ
        url = normalize_db_url(db_url or env.get(ENV_DB) or DEFAULT_DB_URL)
        key_file = env.get(ENV_KEY_FILE)
        recovery = env.get(ENV_RECOVERY_KEY)
        log_file = env.get(ENV_LOG_FILE)
        return cls(
            db_url=url,
            key_file=Path(key_file) if key_file else default_key_file(url),
            recovery_public_key_file=Path(recovery) if recovery else None,
            log_file=Path(log_file) if log_file else None,
            timezone=env.get(ENV_TIMEZONE) or "Asia/Shanghai",
            auth_failure_limit=_whole_number(env, ENV_AUTH_FAILURE_LIMIT, 10),
            auth_failure_window_seconds=_whole_number(env, ENV_AUTH_FAILURE_WINDOW, 300),
        )


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise SettingsError(f"{name} must be a whole number of 0 or more, not {text!r}")
    return int(text)


def normalize_db_url(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SettingsError(f"not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return url
    if backend in {"postgresql", "postgres"}:
        if parsed.drivername in {"postgresql", "postgres"}:
            return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        if parsed.drivername != "postgresql+psycopg":
            raise SettingsError("PostgreSQL is reached through psycopg: use postgresql+psycopg://")
        return url
    raise SettingsError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")


def default_key_file(db_url: str) -> Path:
    parsed = make_url(db_url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(str(parsed.database)).parent / KEY_FILE_NAME
    return Path(KEY_FILE_NAME)
