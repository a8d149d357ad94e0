"""Who may read and write what (DESIGN §7).

- director: reads and writes its village only;
- supervisor: reads its township, and writes only supervision notes within it;
- county: reads and writes everything.

Which kinds, operations and fields a role may write is ``casework.permissions.TABLE``
(the window offers from the same table); this module adds the scope. Anything outside a
device's scope is answered exactly like something that does not exist; the services
call these predicates, never compare codes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, true
from sqlalchemy.orm import InstrumentedAttribute

from casework import permissions
from casework.permissions import Operation
from casework.protocol import DeviceInfo, Role, Scope, ScopeLevel
from county_server.models import Village

_LEVELS: dict[str, ScopeLevel] = {
    "director": "village",
    "supervisor": "township",
    "county": "county",
}


@dataclass(frozen=True)
class Actor:
    """An authenticated device and the user it belongs to."""

    device_id: str
    user_id: int
    user_name: str
    role: Role
    scope_code: str

    @property
    def scope_level(self) -> ScopeLevel:
        return _LEVELS[self.role]

    def info(self) -> DeviceInfo:
        return DeviceInfo(
            device_id=self.device_id,
            user_name=self.user_name,
            role=self.role,
            scope=Scope(level=self.scope_level, code=self.scope_code),
        )

    # -- reading ---------------------------------------------------------------------

    def can_read(self, village_code: str, township_code: str) -> bool:
        if self.role == "director":
            return village_code == self.scope_code
        if self.role == "supervisor":
            return township_code == self.scope_code
        return True

    def in_scope(
        self,
        village_column: InstrumentedAttribute[str],
        township_column: InstrumentedAttribute[str],
    ) -> ColumnElement[bool]:
        """The SQL form of :meth:`can_read`, over any pair of village/township columns."""
        if self.role == "director":
            return village_column == self.scope_code
        if self.role == "supervisor":
            return township_column == self.scope_code
        return true()

    def out_of_scope(
        self,
        village_column: InstrumentedAttribute[str],
        township_column: InstrumentedAttribute[str],
    ) -> ColumnElement[bool]:
        if self.role == "director":
            return village_column != self.scope_code
        if self.role == "supervisor":
            return township_column != self.scope_code
        return false()

    # -- writing ---------------------------------------------------------------------

    def may_write_kind(self, kind: str) -> bool:
        """May this role do anything at all to records of ``kind``?"""
        return bool(permissions.grant(self.role, kind).operations)

    def may(self, kind: str, operation: Operation) -> bool:
        return permissions.may(self.role, kind, operation)

    def forbidden_fields(self, kind: str, operation: Operation, changed: set[str]) -> list[str]:
        return permissions.forbidden_fields(self.role, kind, operation, changed)

    def may_name(self, place: object, village: Village) -> bool:
        """May a supervision note filed in ``village`` say it is about ``place``? Only
        that village, its township (not for a director), or the county (the county)."""
        if place is None or place == village.code:
            return True
        if place == village.township_code:
            return self.role != "director"
        return self.role == "county" and place == self.scope_code

    def can_write_in(self, village: Village | None) -> bool:
        """May this device put records into (or change records of) ``village``?"""
        if village is None:
            return False  # not in the county's directory: nobody's scope
        return self.can_read(village.code, village.township_code)
