"""A damaged record: what is wrong with it, in words, and what the director can do.

A record is damaged when its row in the file cannot be trusted: its sealed cell is not
bytes, is cut short or fails authentication (a flipped byte, a cell swapped in from
another record, or an edit of its clear fields, which the authentication covers), or its
child link disagrees with the record itself. Every read leaves such a record out, and
says so; ``check`` names each one. The rest of the store keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from casework.messages import Message


class Damage(Enum):
    """What is wrong with a row; the value is the short English form ``check`` prints."""

    NOT_BYTES = "sealed cell is text, not bytes"
    TRUNCATED = "sealed cell is cut short"
    FAILED_AUTHENTICATION = "failed authentication"
    LINK_CHANGED = "child id column differs from the record"
    UNREADABLE = "row cannot be read"


WHAT: dict[Damage, Message] = {
    Damage.NOT_BYTES: Message(
        "加密的个人信息被改成了文本（应为二进制数据），无法解密",
        "its sealed personal fields were changed to text (they are kept as bytes) "
        "and cannot be decrypted",
    ),
    Damage.TRUNCATED: Message(
        "加密的个人信息被截短，无法解密", "its sealed personal fields are cut short"
    ),
    Damage.FAILED_AUTHENTICATION: Message(
        "未通过校验：加密的个人信息或明文字段（如风险等级、走访日期）被改动、调换或损坏",
        "it failed authentication: its sealed personal fields or its clear fields "
        "(risk level, visit date …) were altered, swapped or damaged",
    ),
    Damage.LINK_CHANGED: Message(
        "数据库中记录所属的儿童被改动，与记录本身不一致",
        "the child it belongs to was changed in the database and differs from the record",
    ),
    Damage.UNREADABLE: Message(
        "记录的其他内容（如时间）无法读取", "other columns of its row (times …) cannot be read"
    ),
}
# What to do: a record the county has (revision above 0) can come back from it.
ADVICE_SYNCED = Message(
    "请从备份恢复（childdesk restore 备份文件），或联系县中心从县级服务器重新获取这条记录",
    "Restore from a backup (childdesk restore FILE), or ask the county centre to have "
    "this laptop pull the record again from the county server",
)
ADVICE_LOCAL = Message(
    "这条记录还没有同步到县里，只能从备份恢复（childdesk restore 备份文件）",
    "This record has not reached the county yet: restore it from a backup (childdesk restore FILE)",
)
KIND_WORDS: dict[str, Message] = {
    "child": Message("儿童", "child"),
    "family_member": Message("家庭成员", "family member"),
    "visit": Message("走访", "visit"),
    "entrustment": Message("委托监护", "entrustment"),
    "mandatory_report": Message("强制报告", "mandatory report"),
    "referral": Message("转介", "referral"),
    "assessment": Message("评估", "assessment"),
    "supervision_note": Message("督导记录", "supervision note"),
}


@dataclass(frozen=True)
class DamagedRecord:
    record_id: str
    kind: str
    damage: Damage
    on_county: bool  # the county holds a version of it (its revision is above 0)

    @property
    def what(self) -> Message:
        return WHAT[self.damage]

    @property
    def advice(self) -> Message:
        return ADVICE_SYNCED if self.on_county else ADVICE_LOCAL

    @property
    def kind_words(self) -> Message:
        return KIND_WORDS.get(self.kind, Message(self.kind, self.kind))

    @property
    def problem(self) -> str:
        """The line ``check`` reports (record id first, as the battery reads it)."""
        return f"{self.record_id}: {self.kind} {self.damage.value}"


def cell_value(cell: object) -> bytes | str | None:
    """A sealed cell as selected through ``SEALED_CELL``: bytes for a BLOB, the text for
    anything else (a text cell that is not UTF-8 keeps its bytes as surrogates)."""
    if isinstance(cell, bytes):
        return cell
    if isinstance(cell, str) and cell.startswith(TEXT_MARK):
        return bytes.fromhex(cell[len(TEXT_MARK) :]).decode("utf-8", "surrogateescape")
    return None


TEXT_MARK = "text:"


def sealed_cell(column: str) -> str:
    """A sealed cell in a SELECT: a BLOB as it is, anything else as its hex behind a mark.

    Fetching a text cell that is not UTF-8 makes sqlite3 raise, which used to end every
    command (``check`` included) in a traceback.
    """
    return (
        f"CASE typeof({column}) WHEN 'blob' THEN {column} ELSE '{TEXT_MARK}' || hex({column}) END"
    )


SEALED_CELL = sealed_cell("sealed")
# The clear cell as its bytes: what the authentication covers, whatever its type.
CLEAR_CELL = "CAST(clear AS BLOB)"
