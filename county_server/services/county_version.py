"""The version of what the county sets for every laptop (``county_settings.py``): a random
token in ``meta``, replaced by every change of the directory or the visit policy."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from county_server.models import Meta

VERSION_KEY = "county_version"


def version(session: Session) -> str:
    """The settings' version now ("" before anything was ever set: still fetched once)."""
    row = session.get(Meta, VERSION_KEY)
    return "" if row is None else row.value


def changed(session: Session) -> None:
    """Something laptops receive changed: a new version (the caller commits)."""
    value = uuid.uuid4().hex
    row = session.get(Meta, VERSION_KEY)
    if row is None:
        session.add(Meta(key=VERSION_KEY, value=value))
    else:
        row.value = value
