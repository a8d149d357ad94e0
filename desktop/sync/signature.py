"""Whose name this laptop signs with (走访人, 修改人), and the names it signed with before.

The store's actor is the enrolled user's display name (enrolment sets it; a rename by the
county arrives with the county's settings, ``county.py``). What was signed before, under
the computer's login or an older name, is the same person's work: meta keeps the earlier
names, each pointing at the newest, so the history shows one name for one person.
"""

from __future__ import annotations

import json
from typing import Any

FORMERLY_KEY = "signed_formerly"  # names this laptop signed with before → the name now


def signature_change(before: str | None, now: str, formerly: str | None) -> str | None:
    """The names-formerly map (JSON) after this laptop's signature went from ``before`` to
    ``now`` (enrolment, or the county renamed the user); None when nothing changes. Every
    earlier name of the same person follows to the newest."""
    if not before or before == now:
        return None
    try:
        known: Any = json.loads(formerly) if formerly else {}
    except ValueError:
        known = {}
    if not isinstance(known, dict):
        known = {}
    updated = {str(k): (now if v == before else str(v)) for k, v in known.items()}
    updated[before] = now
    updated.pop(now, None)
    return json.dumps(updated, ensure_ascii=False)
