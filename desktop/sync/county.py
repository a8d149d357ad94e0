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
4. A supervisor's or the county's laptop asks at the end of every sync when the county last
   heard from each laptop in its scope (``GET /laptops``), kept with the moment it asked
   (``laptops`` in meta) for the supervision page. That answer is not worth failing a sync
   over: when it does not come, the page keeps the last one with its day.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from casework.protocol import CountySettings, DirectoryUser, Township, Village
from desktop.sync.client import CountyClient, SyncError
from desktop.sync.signature import FORMERLY_KEY, signature_change
from desktop.sync.state import COUNTY_VERSION, SyncStart, SyncState

logger = logging.getLogger(__name__)

VERSION_KEY = COUNTY_VERSION
LAPTOPS_KEY = "laptops"
# The roles whose supervision page shows other laptops' last sync (a director's does not).
OVERSEEING_ROLES = frozenset({"supervisor", "county"})


def follow(state: SyncState, client: CountyClient, version: str, *, kept: SyncStart) -> None:
    """At the end of a sync: the county's settings if ``version`` is not the one
    ``kept`` (read as the sync began), then the laptops' last syncs for an overseeing
    laptop (contract 2 and 4)."""
    if version and version != kept.county_version:
        refresh(state, client)  # the directory or the visit policy changed
    if kept.role in OVERSEEING_ROLES:
        keep_laptops(state, client)


def keep_laptops(state: SyncState, client: CountyClient) -> None:
    try:
        answer = client.laptops()
    except SyncError as error:
        logger.warning("laptops' last syncs not fetched (%s)", error.kind)
        return
    kept = {"asked_at": datetime.now(UTC).isoformat(), **answer.model_dump(mode="json")}
    state.put({LAPTOPS_KEY: json.dumps(kept, ensure_ascii=False)})


def refresh(state: SyncState, client: CountyClient) -> CountySettings:
    """Fetch the county's settings and keep them; the store's actor follows the name."""
    settings = client.county()
    keep(state, settings)
    return settings


def directory_json(
    townships: Sequence[Township], villages: Sequence[Village], users: Sequence[DirectoryUser]
) -> str:
    """The county's directory as kept in meta (``directory``), from enrolment's answer or
    ``GET /county`` alike."""
    return json.dumps(
        {
            "townships": [t.model_dump() for t in townships],
            "villages": [v.model_dump() for v in villages],
            "users": [u.model_dump() for u in users],
        },
        ensure_ascii=False,
    )


def keep(state: SyncState, settings: CountySettings) -> None:
    changes: dict[str, str] = {}
    formerly = signature_change(state.get("user"), settings.you.name, state.get(FORMERLY_KEY))
    if formerly is not None:  # the county renamed this user: earlier work follows the name
        changes[FORMERLY_KEY] = formerly
    state.put(
        {
            **changes,
            "directory": directory_json(settings.townships, settings.villages, settings.users),
            "policy": settings.policy.model_dump_json(),
            "user_name": settings.you.name,
            "user": settings.you.name,
            VERSION_KEY: settings.version,
        }
    )
    state.store.actor = settings.you.name
    logger.info("county settings kept (policy revision %d)", settings.policy.revision)
