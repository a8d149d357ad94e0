"""Moving a child to another village of the county (issue 17 item 5), in words the county
server, the laptop and the administrator's command share.

Readings of what the issue asks ("the director asks, the server moves the child with all
its records, the old village keeps nothing personal"):

- the child director of the child's village asks, from the child's file (a ``move`` op
  that waits in the outbox and goes up at the next sync, after every other change to the
  child's records waiting there); the county may move any child (a county device, or
  ``county-server move-child``). A township supervisor does not: the file is the
  village's, and the county table of roles gives supervisors none of it to write;
- the county server moves the child and every record that hangs on it
  (``casework.permissions.DEPENDENT_KINDS``, tombstones included) in one transaction,
  each as a new version (history keeps every earlier one) noted for pull; a supervision
  note about the child that named the old village, or its township, names the new place;
- the old village keeps nothing personal: its laptops are told at their next pull that
  the records left (``in_scope: false``) and remove them, with their waiting changes,
  conflicts and refusals; the new village's laptops pull them;
- a change made on a laptop of the old village after the move is refused in words
  (``moved_away``); an edit of a record that moved is kept in the county's history of
  that record (as the losing side of a conflict is), so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from casework.messages import Message

# Who may move a child: the director of its village, and the county (see above).
MOVERS: frozenset[str] = frozenset({"director", "county"})

# The codes of a refused move (op level, inside a push answer), and of a change refused
# because its record moved to a village out of the device's reach.
MOVE_FORBIDDEN = "move_forbidden"
MOVE_SAME_VILLAGE = "move_same_village"
MOVE_UNKNOWN_VILLAGE = "move_unknown_village"
MOVE_NOT_CHILD = "move_not_child"
MOVED_AWAY = "moved_away"
MOVE_REFUSALS = frozenset({MOVE_FORBIDDEN, MOVE_SAME_VILLAGE, MOVE_UNKNOWN_VILLAGE, MOVE_NOT_CHILD})

M_MOVE_FORBIDDEN = Message(
    "只有儿童所在村（社区）的儿童主任或县中心可以把档案迁往其他村（社区）；"
    "这名儿童不在你负责的村（社区）的档案中，档案没有迁移",
    "Only the child director of the child's village, or the county, may move a file to "
    "another village; this child is not on file in your village, so nothing was moved",
)
M_MOVE_SAME_VILLAGE = Message(
    "儿童已经在{village}，不用迁移", "The child is already in {village}; nothing to move"
)
M_MOVE_UNKNOWN_VILLAGE = Message(
    "县里的村（社区）名录中没有代码为 {code} 的村（社区）。档案没有迁移，也没有丢失任何内容；"
    "请重新选择，或请县中心先把该村加入名录",
    "The county's directory has no village with the code {code}. The file was not moved "
    "and nothing was lost; choose again, or ask the county centre to add the village first",
)
M_MOVE_NOT_CHILD = Message(
    "只能迁移儿童档案；档案中的其他记录随儿童一起迁移",
    "Only a child's file moves; its records go with it",
)
M_MOVED_AWAY_KEPT = Message(
    "这份档案已迁往其他村（社区），不再由本村保存，本机的这项修改没有改动档案；"
    "修改内容已由县中心留存在该档案的历史中，如有需要请与新村的儿童主任联系",
    "This file has moved to another village and is no longer kept by this one, so this "
    "change did not alter it; the county keeps what was changed in the file's history. "
    "If it matters, tell the new village's child director",
)
M_MOVED_AWAY_NEW = Message(
    "这名儿童的档案已迁往其他村（社区），本机新建的这条记录没有保存到县里；"
    "如有需要，请把内容告知新村的儿童主任",
    "This child's file has moved to another village, so the record made here was not "
    "saved at the county; if it matters, tell the new village's child director",
)
M_MOVED_AWAY_ALREADY = Message(
    "这名儿童的档案已经迁往其他村（社区），不再由本村保存，迁移申请无需再办理",
    "This child's file has already moved to another village and is no longer kept by "
    "this one; the move asked for here is not needed",
)


def may_move(role: str | None) -> bool:
    """May a device of ``role`` ask for a child's move? (An unenrolled laptop can't: the
    county server does the move.)"""
    return role in MOVERS


def note_place_after_move(
    place: Any, *, old_village: str, old_township: str, new_village: str, new_township: str
) -> Any:
    """Where a supervision note about a moved child points after the move: the new village
    for the old one, the new township for the old township (when the township changes);
    anything else (none, the county) stays."""
    if place == old_village:
        return new_village
    if place == old_township and old_township != new_township:
        return new_township
    return place
