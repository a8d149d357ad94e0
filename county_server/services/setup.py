"""Preparing a database for service: schema upgrade, the server key and its check."""

from __future__ import annotations

import logging

from county_server.config import Settings
from county_server.db import Database
from county_server.services import epochs
from county_server.services.sealing import Sealer, create_key_file, load_key

logger = logging.getLogger(__name__)


def initialize(settings: Settings, *, create_key: bool) -> Sealer:
    """Upgrade the schema, check the server key against the database, give it an epoch.

    With ``create_key`` a missing key file is created (mode 0600) first; without it a
    missing key is an error, so a misplaced key file never silently starts a new key.
    """
    if create_key and create_key_file(settings.key_file):
        logger.info("created the server key file %s", settings.key_file)
    sealer = Sealer(load_key(settings.key_file))
    db = Database(settings.db_url)
    try:
        db.upgrade()
        with db.transaction() as session:
            sealer.verify_key(session)
            epochs.ensure(session)  # a new database's history gets its identity
    finally:
        db.dispose()
    return sealer
