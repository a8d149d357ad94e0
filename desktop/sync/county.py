"""What the county sets for this laptop: its directory and its visit policy, kept in meta.

1. Enrolment keeps the directory and policy the county sent then (``services/enrolment``).
2. Every pull page names the county's settings version; after a sync whose last page names
   another version than the one kept here, :func:`refresh` fetches ``GET /county`` once
   and keeps, in one transaction: the directory (townships, villages, users' display
   names), the visit policy, the version, and this device's user's display name, which
   becomes the store's actor (走访人 and 修改人 are the enrolled user's name, never the
   computer's login).
3. A laptop never enrolled keeps what its first start was told (the director's name, the
   village's name, ``record_offline_names``), and the seed's visit policy.
"""

from __future__ import annotations

import json
import logging

from casework.protocol import CountySettings
from desktop.sync.client import CountyClient
from desktop.sync.signature import FORMERLY_KEY, signature_change
from desktop.sync.state import SyncState

logger = logging.getLogger(__name__)

VERSION_KEY = "county_version"


def needs_refresh(state: SyncState, version: str) -> bool:
    return bool(version) and version != state.get(VERSION_KEY)


def refresh(state: SyncState, client: CountyClient) -> CountySettings:
    """Fetch the county's settings and keep them; the store's actor follows the name."""
    settings = client.county()
    keep(state, settings)
    return settings


def keep(state: SyncState, settings: CountySettings) -> None:
    directory = {
        "townships": [t.model_dump() for t in settings.townships],
        "villages": [v.model_dump() for v in settings.villages],
        "users": [u.model_dump() for u in settings.users],
    }
    changes: dict[str, str] = {}
    formerly = signature_change(state.get("user"), settings.you.name, state.get(FORMERLY_KEY))
    if formerly is not None:  # the county renamed this user: earlier work follows the name
        changes[FORMERLY_KEY] = formerly
    state.put(
        {
            **changes,
            "directory": json.dumps(directory, ensure_ascii=False),
            "policy": settings.policy.model_dump_json(),
            "user_name": settings.you.name,
            "user": settings.you.name,
            VERSION_KEY: settings.version,
        }
    )
    state.store.actor = settings.you.name
    logger.info("county settings kept (policy revision %d)", settings.policy.revision)
