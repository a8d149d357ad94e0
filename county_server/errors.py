"""Every refusal the server gives, as one enum of stable codes (Kinto's ``ERRORS``).

A code is what clients switch on; ``zh``/``en`` are for people. Request-level codes carry
the HTTP status they are answered with; op-level codes (a push op rejected while the
batch goes on) travel inside ``OpResult.reason`` of a 200 answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from casework import moves
from casework.messages import Message
from casework.protocol import HistoryChanged, Reason


class ErrorCode(StrEnum):
    # -- request level ---------------------------------------------------------------
    BAD_REQUEST = "bad_request"
    INVALID_REQUEST = "invalid_request"
    UNAUTHORIZED = "unauthorized"
    BAD_ENROLMENT_CODE = "bad_enrolment_code"
    TOO_MANY_FAILURES = "too_many_failures"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    TOO_LARGE = "too_large"
    TOO_MANY_OPS = "too_many_ops"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    BUSY = "busy"
    INTERNAL = "internal"
    HISTORY_CHANGED = "history_changed"
    # -- op level (inside a 200 push answer) -----------------------------------------
    INVALID = "invalid"
    INVALID_OP = "invalid_op"
    FORBIDDEN = "forbidden"
    FORBIDDEN_FIELD = "forbidden_field"
    WRONG_PLACE = "wrong_place"
    BAD_BASE_REV = "bad_base_rev"
    MISSING_CHILD = "missing_child"
    LOCKED = "locked"
    KIND_MISMATCH = "kind_mismatch"
    DUPLICATE_OP = "duplicate_op"
    UNPROCESSABLE = "unprocessable"
    # moving a child to another village (casework/moves.py)
    MOVE_FORBIDDEN = moves.MOVE_FORBIDDEN
    MOVE_SAME_VILLAGE = moves.MOVE_SAME_VILLAGE
    MOVE_UNKNOWN_VILLAGE = moves.MOVE_UNKNOWN_VILLAGE
    MOVE_NOT_CHILD = moves.MOVE_NOT_CHILD
    MOVED_AWAY = moves.MOVED_AWAY

    @property
    def status(self) -> int:
        """The HTTP status a request-level refusal is answered with (200 for op codes)."""
        return _STATUS.get(self, 200)

    @property
    def message(self) -> Message:
        return _MESSAGES[self]

    def reason(
        self, *, message: Message | None = None, fields: Mapping[str, str] | None = None
    ) -> Reason:
        text = message or self.message
        return Reason(code=self.value, zh=text.zh, en=text.en, fields=dict(fields or {}))


_STATUS: dict[ErrorCode, int] = {
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.INVALID_REQUEST: 422,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.BAD_ENROLMENT_CODE: 401,
    ErrorCode.TOO_MANY_FAILURES: 429,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.TOO_MANY_OPS: 413,
    ErrorCode.UNSUPPORTED_ENCODING: 415,
    ErrorCode.BUSY: 503,
    ErrorCode.HISTORY_CHANGED: 409,
    ErrorCode.INTERNAL: 500,
}

_MESSAGES: dict[ErrorCode, Message] = {
    ErrorCode.BAD_REQUEST: Message("请求格式不正确", "the request is malformed"),
    ErrorCode.INVALID_REQUEST: Message(
        "请求内容不符合接口约定", "the request does not match the API"
    ),
    ErrorCode.UNAUTHORIZED: Message(
        "此设备未登记或已被停用，请联系县中心重新登记",
        "this device is not enrolled or has been revoked; ask the county centre to enrol it",
    ),
    ErrorCode.BAD_ENROLMENT_CODE: Message(
        "登记码无效、已使用或已过期，请向县中心索取新的登记码",
        "the enrolment code is unknown, used or expired; ask the county centre for a new one",
    ),
    ErrorCode.TOO_MANY_FAILURES: Message(
        "从这个网络地址登记或验证失败的次数太多，已暂停受理，请几分钟后再试；"
        "如一直失败，请联系县中心核对登记码",
        "too many failed enrolments or authentications from this address; try again in a "
        "few minutes, and if it keeps failing ask the county centre to check the code",
    ),
    ErrorCode.NOT_FOUND: Message("没有这条记录", "no such record"),
    ErrorCode.METHOD_NOT_ALLOWED: Message("不支持此请求方法", "method not allowed"),
    ErrorCode.TOO_LARGE: Message("请求太大", "the request is too large"),
    ErrorCode.TOO_MANY_OPS: Message(
        "一次同步的修改太多，请分批发送", "too many ops in one push; send them in batches"
    ),
    ErrorCode.UNSUPPORTED_ENCODING: Message(
        "不支持此内容编码（只支持 gzip）", "unsupported content encoding (only gzip)"
    ),
    ErrorCode.BUSY: Message("服务器繁忙，请稍后再试", "the server is busy; try again shortly"),
    ErrorCode.INTERNAL: Message("服务器内部错误", "internal server error"),
    ErrorCode.HISTORY_CHANGED: Message(
        "县级服务器的数据已从备份恢复（或重新建立），与本设备上次同步时不同；"
        "请把本设备上的记录重新发给服务器，再从头接收",
        "the county server's data was restored from a backup (or started afresh) since "
        "this device last synced; offer back the records this device holds, then pull "
        "from the start",
    ),
    ErrorCode.INVALID: Message("记录内容有误", "the record is not valid"),
    ErrorCode.INVALID_OP: Message("同步操作格式不正确", "the op is malformed"),
    ErrorCode.FORBIDDEN: Message(
        "你的角色不能新建、修改或删除这类记录（以县中心的权限表为准）",
        "your role may not create, change or delete records of this kind (the county's "
        "table of roles decides)",
    ),
    ErrorCode.FORBIDDEN_FIELD: Message(
        "你的角色不能修改这条记录的这些字段：{fields}",
        "your role may not change these fields of this record: {fields}",
    ),
    ErrorCode.WRONG_PLACE: Message(
        "督导意见只能写给它所在的村（社区）或本乡镇（街道），不能写给其他乡镇的村",
        "a supervision note can only name the village it is filed in or that village's "
        "township, never a village of another township",
    ),
    ErrorCode.BAD_BASE_REV: Message(
        "记录版本号比服务器上的还新，请重新同步",
        "the op's base revision is newer than the server's; pull again",
    ),
    ErrorCode.MISSING_CHILD: Message(
        "所属儿童的档案不在本村（社区），请先同步儿童档案",
        "the child this record belongs to is not on file in the same village",
    ),
    ErrorCode.LOCKED: Message(
        "已提交的强制报告只能修改后续跟进情况",
        "a filed mandatory report only takes follow-up changes",
    ),
    ErrorCode.KIND_MISMATCH: Message(
        "记录类型与服务器上的不一致", "the record kind differs from the server's"
    ),
    ErrorCode.DUPLICATE_OP: Message(
        "操作编号已被另一台设备使用", "this op id was already used by another device"
    ),
    ErrorCode.UNPROCESSABLE: Message(
        "服务器无法处理这条记录中的值，只拒收了这一条（同批的其他修改已保存）；"
        "请检查其中的日期和数字后重新保存",
        "the server could not process a value of this record; only this op was refused "
        "(the rest of the batch was saved): check its dates and numbers and save it again",
    ),
    ErrorCode.MOVE_FORBIDDEN: moves.M_MOVE_FORBIDDEN,
    ErrorCode.MOVE_SAME_VILLAGE: moves.M_MOVE_SAME_VILLAGE,
    ErrorCode.MOVE_UNKNOWN_VILLAGE: moves.M_MOVE_UNKNOWN_VILLAGE,
    ErrorCode.MOVE_NOT_CHILD: moves.M_MOVE_NOT_CHILD,
    ErrorCode.MOVED_AWAY: moves.M_MOVED_AWAY_KEPT,
}


def safe_text(text: str, limit: int = 200) -> str:
    """Text fit to send back in an error: valid UTF-8 and not too long."""
    cleaned = text.encode("utf-8", "replace").decode("utf-8")
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


class ServiceError(Exception):
    """A request-level refusal raised by a service; the API turns it into an ErrorBody."""

    def __init__(
        self,
        code: ErrorCode,
        *,
        message: Message | None = None,
        fields: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        history: HistoryChanged | None = None,
    ) -> None:
        super().__init__(code.value)
        self.code = code
        self.reason = code.reason(message=message, fields=fields)
        self.headers = dict(headers or {})
        self.history = history  # with HISTORY_CHANGED: where the device stands
