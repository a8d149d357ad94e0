"""When the county last heard from each enrolled laptop (issue 18 item 3: the supervision
page's "last sync of each laptop").

The contract:

1. A laptop is an enrolled device not revoked; its place is its user's scope (a director's
   village, a supervisor's township, the county). ``devices.last_seen_at`` is when the
   county last authenticated it (``enrolment.authenticate``: every sync does, to the
   minute); a laptop is listed with None only if it never made a request.
2. A device is answered the laptops its own scope can read, by ``Actor.can_read`` over the
   laptop's village and township (the one scope rule of ``access.py``): a director's laptop
   gets its own village's laptops only, a supervisor's its township's villages and the
   township's own laptops, the county's every laptop. Nothing of a child is in the answer.
3. Read only: asking writes nothing but the asking device's own last-seen time.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.protocol import Laptops, LaptopSeen, Role
from county_server.config import COUNTY_CODE
from county_server.models import Device, User, Village
from county_server.services.access import Actor

_NEVER = datetime.min.replace(tzinfo=UTC)


def laptops_seen(session: Session, actor: Actor) -> Laptops:
    rows = session.execute(
        select(Device, User, Village.township_code)
        .join(User, User.id == Device.user_id)
        .outerjoin(Village, Village.code == User.scope_code)
        .where(Device.revoked_at.is_(None))
    ).all()
    seen = []
    for device, user, village_township in rows:
        role: Role = user.role  # type: ignore[assignment]  # checked on write (directory.ROLES)
        village = user.scope_code if role == "director" else None
        township = {"director": village_township, "supervisor": user.scope_code}.get(role)
        if not actor.can_read(village or "", township or COUNTY_CODE):
            continue
        seen.append(
            LaptopSeen(
                device_id=device.id,
                device_name=device.name,
                user_name=user.name,
                role=role,
                place_code=user.scope_code,
                village_code=village,
                last_seen_at=device.last_seen_at,
            )
        )
    seen.sort(key=lambda laptop: (laptop.last_seen_at or _NEVER, laptop.user_name))
    return Laptops(laptops=seen)
