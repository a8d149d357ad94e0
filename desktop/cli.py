"""``childdesk``: the headless command line for support staff, scripts and tests.

Every command works on one data folder (``--data-dir``, default the platform's user data
folder). The passphrase is prompted without echo, or read from ``CHILDDESK_PASSPHRASE``.
Errors go to stderr in the user's language with a non-zero exit status.

Each command imports what it runs (the rules, the ledger, labels, reports) inside itself:
``childdesk sync`` on a village laptop should not load the eligibility rules to push.
Nor does the CLI load the store or the records' schemas to start (issue 21): what unlocking
needs loads first, the rest while the passphrase's key is derived (``open_folder``).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from casework.ids import mask_id_number
from casework.messages import CaseworkError, Message, WordError, current_language
from desktop import cli_reports
from desktop.cli_common import (
    EXIT_CHECK_FAILED,
    EXIT_ERROR,
    EXIT_OK,
    M_NO_TTY,
    M_NOT_FOUND,
    CliError,
    ask,
    complain,
    open_folder,
    opened_stores,
    print_json,
    read_passphrase,
    resolve_id,
    say,
)
from desktop.logging_setup import configure_logging
from desktop.models.damage import WHAT, DamagedRecord
from desktop.models.errors import (
    CorruptRecordError,
    DuplicateIdNumberError,
    LockedRecordError,
    MissingChildError,
    RecordNotFoundError,
)
from desktop.services.folder import DataDir, default_data_dir

if TYPE_CHECKING:
    from casework.records import RecordValidationError
    from desktop.models.reads import RecordView

logger = logging.getLogger(__name__)


M_NEW_PASSPHRASE = Message(
    "请设置新密码（至少10个字符，几个不相关的词加数字，不用生日、村名、常用拼音）：",
    "New passphrase (10 characters or more: a few unrelated words with digits, "
    "no birthday, village name or common pinyin): ",
)
M_CONFIRM = Message("请再次输入新密码：", "Repeat the new passphrase: ")
M_MISMATCH = Message("两次输入的密码不一致", "The two passphrases differ")
M_NO_TTY_NEW = Message(
    "没有可输入密码的终端，请设置环境变量 CHILDDESK_NEW_PASSPHRASE（新密码）",
    "No terminal to ask for the new passphrase; set CHILDDESK_NEW_PASSPHRASE",
)
M_CREATED = Message(
    "已创建加密档案库：{path}（村代码 {village}）",
    "Created the encrypted store in {path} (village {village})",
)
M_EXPORTED = Message("已导出 {count} 名儿童到 {path}", "Exported {count} children to {path}")
M_TEMPLATE = Message("已生成导入模板：{path}", "Wrote the import template to {path}")
M_PERSONAL = Message(
    "注意：该文件含完整身份证号码等个人信息，请妥善保管",
    "Note: the file holds full ID numbers; keep it safe",
)
M_SAVED = Message("已保存：{id}", "Saved: {id}")
M_DELETED = Message("已删除：{id}", "Deleted: {id}")
M_CHECK_OK = Message(
    "检查通过：{records} 条记录、{outbox} 条待同步变更全部可以解密，数据库结构为最新（{rev}）",
    "Check passed: {records} records and {outbox} outbox entries decrypt; schema current ({rev})",
)
M_CHECK_FAILED = Message("检查发现问题：", "The check found problems:")
M_DAMAGED_RECORD = Message(
    "  记录 {id}（{kind}）已损坏：{what}。{advice}。",
    "  Record {id} ({kind}) is damaged: {what}. {advice}.",
)
M_OTHERS_FINE = Message(
    "其余 {count} 条记录完好，可以照常使用。", "The other {count} records are sound and in use."
)
M_LEFT_OUT = Message(
    "注意：{count} 条记录已损坏，未包括在内（{ids}）。请运行 childdesk check 查看原因和处理办法。",
    "Note: {count} damaged records were left out ({ids}). Run childdesk check to see "
    "what is wrong with each and what to do.",
)
M_PASSPHRASE_CHANGED = Message("密码已更改", "Passphrase changed")
M_RECOVERED = Message(
    "已用县级恢复密钥设置新密码", "New passphrase set with the county recovery key"
)
M_DUPLICATE = Message(
    "身份证号码与已有儿童重复（记录 {id}），同一儿童不能建两份档案",
    "The ID number already belongs to a child on file (record {id}); one child, one file",
)
M_LOCKED = Message(
    "强制报告已提交，不能再修改（只能更新跟进情况）：{fields}",
    "The mandatory report is filed and read-only (only its follow-up may change): {fields}",
)
M_MISSING_CHILD = Message(
    "记录所指的儿童不存在：{child}", "The record refers to a missing child: {child}"
)
M_CORRUPT = Message(
    "记录 {id} 的数据已损坏或被篡改（{where}：{what}），无法读取。"
    "请运行 childdesk check 查看，从备份恢复或联系县中心；其余记录不受影响。",
    "Record {id} is damaged or tampered with ({where}: {what}) and cannot be read. "
    "Run childdesk check, then restore from a backup or contact the county centre; "
    "the other records are not affected.",
)
M_INVALID = Message("数据有误，未保存：", "Invalid data; nothing was saved:")
M_FIELD = Message("  {label}：{reason}", "  {label}: {reason}")
M_NOT_JUDGED = Message(
    "无法判断儿童类别：{reason}", "The child's category cannot be judged: {reason}"
)
M_BAD_SET = Message("--set 的格式应为 字段=值：{item}", "--set takes FIELD=VALUE: {item}")
M_ENROLLED = Message(
    "登记成功：设备 {device}，使用者 {user}，范围 {scope}",
    "Enrolled: device {device}, user {user}, scope {scope}",
)
M_NO_CONFLICTS = Message("没有待处理的冲突", "No conflicts")
M_CONFLICT_LINE = Message(
    "{record} {field}：原值 {base} | 本机 {mine} | 县里 {theirs}（{by}，{at}）",
    "{record} {field}: base {base} | mine {mine} | theirs {theirs} ({by}, {at})",
)
M_RESOLVE_HOW = Message(
    "请用 --keep mine|theirs 或 --value 值 之一说明如何处理",
    "Say how to resolve: --keep mine|theirs or --value VALUE",
)
M_RESOLVED = Message("已处理冲突：{record} {field}", "Resolved: {record} {field}")
M_FILE = Message("无法读取文件 {path}：{reason}", "Cannot read {path}: {reason}")
M_BAD_JSON = Message("{path} 不是有效的 JSON：{reason}", "{path} is not valid JSON: {reason}")


# -- passphrases ------------------------------------------------------------------------


def read_new_passphrase(*, creating: bool = False) -> str:
    """The passphrase to set. A new store (``creating``) also takes CHILDDESK_PASSPHRASE,
    as README's examples set it once for every command; changing a passphrase never does,
    since there that variable holds the old one."""
    given = os.environ.get("CHILDDESK_NEW_PASSPHRASE")
    if not given and creating:
        given = os.environ.get("CHILDDESK_PASSPHRASE")
    if given:
        return given
    no_tty = M_NO_TTY if creating else M_NO_TTY_NEW
    first = ask(M_NEW_PASSPHRASE, no_tty=no_tty)
    if ask(M_CONFIRM, no_tty=no_tty) != first:
        raise CliError(M_MISMATCH)
    return first


# -- helpers ----------------------------------------------------------------------------


def _parse_assignments(items: Sequence[str]) -> dict[str, str | None]:
    """``--set`` pairs as typed (name → text, None for nothing); the fields and values
    are read in the window's words by ``cli_words.read_assignments``."""
    changes: dict[str, str | None] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise CliError(M_BAD_SET, item=item)
        changes[name.strip()] = raw.strip() or None
    return changes


def _read_assignments(kind: str, items: Sequence[str]) -> dict[str, Any]:
    from desktop.cli_words import read_assignments

    return read_assignments(kind, _parse_assignments(items))


def _masked(fields: dict[str, Any], reveal: bool) -> dict[str, Any]:
    if reveal:
        return fields
    return {
        k: (mask_id_number(v) if k.endswith("id_number") and isinstance(v, str) else v)
        for k, v in fields.items()
    }


def _record_json(record: RecordView, *, reveal: bool) -> dict[str, Any]:
    return {
        "id": record.id,
        "kind": record.kind,
        "village_code": record.village_code,
        "child_id": record.child_id,
        "rev": record.rev,
        "sync_state": record.sync_state.value,
        "created_at": record.created_at.isoformat(),
        "created_by": record.created_by,
        "updated_at": record.updated_at.isoformat(),
        "updated_by": record.updated_by,
        "fields": _masked(dict(record.fields), reveal),
    }


# -- commands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop.services.datadir import init_store

    recovery = Path(args.recovery_key).read_bytes() if args.recovery_key else None
    init_store(
        folder,
        village_code=args.village,
        passphrase=read_new_passphrase(creating=True),
        user=args.user,
        recovery_public_pem=recovery,
    )
    say(M_CREATED, path=folder.root, village=args.village)
    return EXIT_OK


def _tell_left_out() -> None:
    damaged = {d.record_id: d for store in opened_stores for d in store.read_damaged()}
    if damaged:
        ids = "、".join(record_id[:8] for record_id in sorted(damaged))
        complain(M_LEFT_OUT, count=len(damaged), ids=ids)


def cmd_import(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop import cli_import  # openpyxl, xlrd and the rules load only when needed

    return cli_import.run_import(args, folder, open_folder(folder))


def cmd_export(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop.services import ledger

    if args.template:
        ledger.write_template(Path(args.template))
        say(M_TEMPLATE, path=args.template)
        return EXIT_OK
    if not args.file:
        raise CliError(Message("请指定导出文件", "Name the file to export to"))
    store = open_folder(folder)
    count = ledger.export_ledger(store, Path(args.file), reveal_id_numbers=args.reveal_id_numbers)
    say(M_EXPORTED, count=count, path=args.file)
    if args.reveal_id_numbers:
        say(M_PERSONAL)
    return EXIT_OK


def cmd_list(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop.services import casefile

    store = open_folder(folder)
    summaries = casefile.summarize_children(
        store, today=date.today(), policy=casefile.county_visit_policy(store)
    )
    # A closed file (退出/结案, casework.closure) is in the archive: listed only with --closed.
    closed = casefile.closed_child_ids(store)
    summaries = [s for s in summaries if (s.id in closed) == bool(args.closed)]
    if args.due:
        summaries = [
            s for s in summaries if s.next_visit and s.next_visit.status in ("due_soon", "overdue")
        ]
    if args.category:
        from desktop.cli_words import category_code

        code = category_code(args.category)  # a name or a code; an unknown one is refused
        summaries = [s for s in summaries if code in s.categories]
    if args.json:
        print_json([s.to_json() for s in summaries])
        return EXIT_OK
    from casework.vocabulary import CATEGORY, SYNC_STATE, VISIT_STATUS

    # The codes in the list's words (--json keeps the codes): casework.vocabulary.
    for s in summaries:
        status = VISIT_STATUS.name(s.next_visit.status).text() if s.next_visit else ""
        due = f"{s.next_visit.due} {status}" if s.next_visit else "-"
        categories = "、".join(CATEGORY.short(code).text() for code in s.categories) or "-"
        print(
            f"{s.id[:8]}  {s.name}\t{s.id_number_masked or '-'}\t"
            f"{categories}\t{due}\t{SYNC_STATE.name(s.sync_state).text()}"
        )
    return EXIT_OK


def cmd_show(args: argparse.Namespace, folder: DataDir) -> int:
    store = open_folder(folder)
    record = store.get(resolve_id(store, args.id))
    data = _record_json(record, reveal=args.reveal)
    if record.kind == "child":
        members = store.records("family_member", child_id=record.id)
        data["family_members"] = [_record_json(m, reveal=args.reveal) for m in members]
        data["visits"] = [
            _record_json(v, reveal=args.reveal) for v in store.records("visit", child_id=record.id)
        ]
        data["eligibility"] = _eligibility_json(record, members)
    data["history"] = [
        {"at": h.at.isoformat(), "actor": h.actor, "action": h.action, "fields": list(h.fields)}
        for h in store.history(record.id)
    ]
    if args.json:
        print_json(data)
    else:
        _show_in_words(record, data, reveal=args.reveal)
    return EXIT_OK


def _show_in_words(record: RecordView, data: dict[str, Any], *, reveal: bool) -> None:
    """The record as the window's form shows it: names and values in words, in order."""
    from desktop import cli_words

    language = current_language()
    for line in cli_words.record_lines(
        record.kind, record.fields, reveal=reveal, language=language
    ):
        print(line)
    if record.kind != "child":
        return
    eligibility = data.get("eligibility", {})
    if "problem" in eligibility:
        say(M_NOT_JUDGED, reason=eligibility["problem"][language])
    else:
        print(cli_words.categories_line(eligibility.get("categories") or (), language))
    members = [m["fields"] for m in data.get("family_members", [])]
    for line in cli_words.family_lines(members, language, reveal):
        print(line)
    for line in cli_words.visit_lines([v["fields"] for v in data.get("visits", [])], language):
        print(line)


def _eligibility_json(child: RecordView, members: list[RecordView]) -> dict[str, Any]:
    """The rules' answer for a child, or what in its facts stops them: the file is shown
    whatever was stored (old data, another device's), with the data problem named."""
    from casework.eligibility import EligibilityInputError
    from desktop.services import casefile

    try:
        return casefile.eligibility_of(child, members, today=date.today()).to_json_dict()
    except EligibilityInputError as error:
        return {"problem": {"zh": error.message.zh, "en": error.message.en}}


def cmd_edit(args: argparse.Namespace, folder: DataDir) -> int:
    _parse_assignments(args.set)  # FIELD=VALUE, before the passphrase is asked
    store = open_folder(folder)
    record_id = resolve_id(store, args.id)
    kind = store.get(record_id).kind
    changes = _read_assignments(kind, args.set)
    if kind == "family_member":  # one father, one mother
        from desktop.services.family_checks import check_family_member

        check_family_member(store, record_id=record_id, fields=changes)
    record = store.update(record_id, changes)
    say(M_SAVED, id=record.id)
    return EXIT_OK


def cmd_add(args: argparse.Namespace, folder: DataDir) -> int:
    fields = _read_assignments(args.kind, args.set)
    store = open_folder(folder)
    if fields.get("child_id"):
        fields["child_id"] = resolve_id(store, str(fields["child_id"]))
    if args.kind == "family_member":  # one father, one mother (casework.file_checks)
        from desktop.services.family_checks import check_family_member

        check_family_member(store, record_id=None, fields=fields)
    record_id = store.create(args.kind, fields)
    print(record_id)
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, folder: DataDir) -> int:
    store = open_folder(folder)
    record_id = resolve_id(store, args.id)
    store.delete(record_id)
    say(M_DELETED, id=record_id)
    return EXIT_OK


def cmd_classify(args: argparse.Namespace, folder: DataDir) -> int:
    from casework.eligibility import classify

    try:
        facts = json.loads(Path(args.facts).read_text(encoding="utf-8"))
    except OSError as error:
        raise CliError(M_FILE, path=args.facts, reason=error.strerror or str(error)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CliError(M_BAD_JSON, path=args.facts, reason=str(error)) from None
    if not isinstance(facts, dict):
        raise CliError(M_BAD_JSON, path=args.facts, reason="not an object")
    print_json(classify(facts).to_json_dict())
    return EXIT_OK


def cmd_check(args: argparse.Namespace, folder: DataDir) -> int:
    store = open_folder(folder)
    report = store.check()
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "schema_revision": report.schema_revision,
                "schema_current": report.schema_current,
                "sqlite_ok": report.sqlite_ok,
                "records_checked": report.records_checked,
                "outbox_checked": report.outbox_checked,
                "problems": list(report.problems),
                "damaged": [_damaged_json(record) for record in report.damaged],
            }
        )
    elif report.ok:
        say(
            M_CHECK_OK,
            records=report.records_checked,
            outbox=report.outbox_checked,
            rev=report.schema_revision,
        )
    if not report.ok:
        complain(M_CHECK_FAILED)
        for record in report.damaged:
            complain(
                M_DAMAGED_RECORD,
                id=record.record_id,
                kind=record.kind_words.text(),
                what=record.what.text(),
                advice=record.advice.text(),
            )
        worded = {record.problem for record in report.damaged}
        for problem in report.problems:
            if problem not in worded:
                print(f"  {problem}", file=sys.stderr)
        if not report.schema_current:
            print(f"  schema {report.schema_revision} is not current", file=sys.stderr)
        if report.damaged:
            complain(M_OTHERS_FINE, count=report.records_checked - len(report.damaged))
        return EXIT_CHECK_FAILED
    return EXIT_OK


def _damaged_json(record: DamagedRecord) -> dict[str, Any]:
    return {
        "id": record.record_id,
        "kind": record.kind,
        "damage": record.damage.name.lower(),
        "what": {"zh": record.what.zh, "en": record.what.en},
        "advice": {"zh": record.advice.zh, "en": record.advice.en},
    }


def cmd_change_passphrase(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop.services.datadir import change_passphrase

    change_passphrase(folder, old=read_passphrase(), new=read_new_passphrase())
    say(M_PASSPHRASE_CHANGED)
    return EXIT_OK


def cmd_recover(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop.services.datadir import recover_store

    private_pem = Path(args.recovery_private_key).read_bytes()
    recover_store(folder, county_private_pem=private_pem, new_passphrase=read_new_passphrase())
    say(M_RECOVERED)
    return EXIT_OK


def cmd_enroll(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop.services.enrolment import enroll

    passphrase = read_passphrase() if folder.exists() else read_new_passphrase(creating=True)
    _, enrolment = enroll(
        folder,
        server_url=args.server,
        code=args.code,
        passphrase=passphrase,
        ca_file=args.ca_file,
        device_name=args.device_name,
    )
    say(
        M_ENROLLED,
        device=enrolment.device_id,
        user=enrolment.user_name,
        scope=f"{enrolment.scope_level} {enrolment.scope_code}",
    )
    return EXIT_OK


def _load_sync_modules() -> None:
    """The HTTP stack, the sync engine and the push's wire models (built at first use),
    which unlocking does not need. (A pulled page is parsed by msgspec structs, built at
    import: ``desktop/sync/pulled.py``.)"""
    import requests  # noqa: F401

    import desktop.sync.engine  # noqa: F401
    from casework.protocol import PushRequest, PushResponse

    for model in (PushRequest, PushResponse):
        model.model_rebuild()


def cmd_sync(args: argparse.Namespace, folder: DataDir) -> int:
    # Loaded while the passphrase's key is derived: a whole `childdesk sync` is that
    # much shorter.
    store = open_folder(folder, meanwhile=_load_sync_modules)
    from desktop.sync.engine import client_for, run_sync
    from desktop.sync.state import SyncState

    client = client_for(SyncState(store))
    try:
        summary = run_sync(store, client)
    finally:
        client.close()
    print_json(summary.to_json())
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace, folder: DataDir) -> int:
    from casework.labels import label
    from desktop.sync.state import SyncState

    store = open_folder(folder)
    conflicts = SyncState(store).conflicts()
    rows: list[dict[str, Any]] = [
        {
            "record_id": c.record_id,
            "kind": c.kind,
            "field": c.field,
            "base": c.base,
            "mine": c.mine,
            "theirs": c.theirs,
            "theirs_by": c.theirs_by,
            "theirs_at": c.theirs_at.isoformat(),
        }
        for c in conflicts
    ]
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        say(M_NO_CONFLICTS)
    from desktop.cli_words import value_words

    for row in rows:
        kind, field = str(row["kind"]), str(row["field"])
        say(
            M_CONFLICT_LINE,
            record=str(row["record_id"])[:8],
            field=label(field).text(),
            base=value_words(kind, field, row["base"], reveal=False).text(),
            mine=value_words(kind, field, row["mine"], reveal=False).text(),
            theirs=value_words(kind, field, row["theirs"], reveal=False).text(),
            by=row["theirs_by"],
            at=row["theirs_at"],
        )
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop.services.conflicts import NoConflictError, resolve_conflict

    if (args.keep is None) == (args.value is None):
        raise CliError(M_RESOLVE_HOW)
    store = open_folder(folder)
    record_id = resolve_id(store, args.record_id)
    from casework.labels import field_named
    from desktop.cli_words import read_value

    kind = store.get(record_id).kind
    field = field_named(kind, args.field)  # its code or its name (性别)
    value = None
    if args.value is not None:
        value = read_value(kind, field, args.value.strip() or None)
    try:
        resolve_conflict(store, record_id=record_id, field=field, keep=args.keep, value=value)
    except NoConflictError as error:
        raise CliError(error.message) from None
    say(M_RESOLVED, record=record_id, field=field)
    return EXIT_OK


# -- wiring -----------------------------------------------------------------------------


class RecordKinds(Collection[str]):
    """``casework.records.KINDS`` as ``add``'s choices, read only when argparse checks a
    kind or shows them: the records' schemas take pydantic to build, which the parser
    every command builds must not load (issue 21)."""

    @staticmethod
    def _kinds() -> tuple[str, ...]:
        from casework.records import KINDS

        return KINDS

    def __contains__(self, kind: object) -> bool:
        return kind in self._kinds()

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds())

    def __len__(self) -> int:
        return len(self._kinds())


Command = Callable[[argparse.Namespace, DataDir], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="childdesk", description="一人一档：儿童主任加密档案库（命令行）"
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="数据文件夹")
    sub = parser.add_subparsers(dest="command")

    def add(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.set_defaults(func=func)
        return command

    p = add("init", cmd_init, "创建加密档案库")
    p.add_argument("--village", required=True, help="村（社区）代码")
    p.add_argument("--user", default=None, help="使用者账号名")
    p.add_argument("--recovery-key", default=None, help="县级恢复公钥（PEM）")
    p = add("import", cmd_import, "导入台账（.xlsx、.xls 或 .csv）")
    p.add_argument("file")
    p.add_argument("--skip-invalid", action="store_true", help="跳过错误行，导入其余行")
    p.add_argument("--mapping", metavar="FILE", help="列对应（JSON：{列名: 字段}）")
    p.add_argument("--preview", action="store_true", help="只预览，不写入")
    p.add_argument("--accept-updates", action="store_true", help="更新已有儿童的变化")
    p.add_argument("--opened-on", metavar="YYYY-MM-DD",
                   help="台账没有建档日期时新建儿童的建档日期（默认今天，输出中说明）")  # fmt: skip
    p = add("export", cmd_export, "导出台账（.xlsx）")
    p.add_argument("file", nargs="?")
    p.add_argument("--template", metavar="FILE", help="只导出空白导入模板")
    p.add_argument("--reveal-id-numbers", action="store_true", help="导出完整身份证号码")
    p = add("list", cmd_list, "列出儿童")
    p.add_argument("--json", action="store_true")
    p.add_argument("--due", action="store_true", help="只列出到期或逾期走访的儿童")
    p.add_argument("--category", help="只列出某一类别的儿童")
    p.add_argument("--closed", action="store_true", help="只列出已结案（退出）的儿童")
    p = add("show", cmd_show, "查看一条记录")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reveal", action="store_true", help="显示完整身份证号码")
    p = add("edit", cmd_edit, "修改一条记录")
    p.add_argument("id")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", required=True)
    p = add("add", cmd_add, "新增一条记录")
    # A metavar, or argparse reads the choices to build it: the kinds show in the help.
    p.add_argument("kind", choices=RecordKinds(), metavar="KIND", help="记录类别：%(choices)s")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", required=True)
    p = add("delete", cmd_delete, "删除一条记录")
    p.add_argument("id")
    p = add("classify", cmd_classify, "按事实判断儿童类别（JSON）")
    p.add_argument("facts")
    p = add("check", cmd_check, "检查档案库完整性")
    p.add_argument("--json", action="store_true")
    add("change-passphrase", cmd_change_passphrase, "更改密码")
    p = add("enroll", cmd_enroll, "用登记码登记到县级服务器")
    p.add_argument("--server", required=True, help="县级服务器地址 https://…")
    p.add_argument("--code", required=True, help="一次性登记码")
    p.add_argument("--ca-file", default=None, help="县级 CA 证书文件")
    p.add_argument("--device-name", default=None, help="设备名称")
    add("sync", cmd_sync, "与县级服务器同步")
    p = add("conflicts", cmd_conflicts, "列出同步冲突")
    p.add_argument("--json", action="store_true")
    p = add("resolve", cmd_resolve, "处理一个冲突字段")
    p.add_argument("record_id")
    p.add_argument("--field", required=True)
    p.add_argument("--keep", choices=("mine", "theirs"))
    p.add_argument("--value")
    p = add("recover", cmd_recover, "用县级恢复私钥重设密码")
    p.add_argument("--recovery-private-key", required=True)
    cli_reports.register(add)
    return parser


def _report_invalid(error: RecordValidationError) -> None:
    from casework.labels import label

    complain(M_INVALID)
    for problem in error.errors:
        complain(M_FIELD, label=label(problem.field).text(), reason=problem.message.text())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    folder = DataDir(args.data_dir or default_data_dir())
    if folder.root.exists() and args.command != "classify":
        configure_logging(folder.logs)
    func: Command = args.func
    opened_stores.clear()
    try:
        return _run(func, args, folder)
    finally:
        if args.command != "check":  # check names each one itself
            _tell_left_out()
        for store in opened_stores:
            store.close()  # closed here, its write-ahead log folded in: none left for the exit
        opened_stores.clear()


def run() -> NoReturn:
    """The ``childdesk`` command as a process of its own: :func:`main`, then its exit.

    By then every file is written and closed. What is left, Python's own teardown,
    collects garbage again for each module it clears, walking every object the command
    made: 0.2 s of a 2.9 s first ``childdesk sync`` of 30,000 records. Frozen, they are
    left for the system to take back with the process (exit handlers still run: the
    log is flushed and closed).
    """
    code = main()
    gc.freeze()
    raise SystemExit(code)


def _run(func: Command, args: argparse.Namespace, folder: DataDir) -> int:
    """The command, with every refusal it can meet said in words (exit status 1)."""
    try:
        return func(args, folder)
    except BrokenPipeError:
        # The reader went away (`childdesk list | head`): nothing is wrong with the files.
        _stop_writing_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if not _say_refusal(error):
            raise
    return EXIT_ERROR


def _say_refusal(error: Exception) -> bool:
    """Say a refusal the user can act on, in words; False for anything else (a fault)."""
    records = sys.modules.get("casework.records")  # loaded wherever a record was checked
    if records is not None and isinstance(error, records.RecordValidationError):
        _report_invalid(error)
    elif isinstance(error, (CliError, CaseworkError, WordError)):
        # The rules' refusals (EligibilityInputError …); a field, word or date of --set,
        # --category … not known.
        complain(error.message)
    elif (worded := _worded_elsewhere(error)) is not None:
        complain(worded)
    elif isinstance(error, DuplicateIdNumberError):
        complain(M_DUPLICATE, id=error.record_id)
    elif isinstance(error, LockedRecordError):
        complain(M_LOCKED, fields=str(error).partition(": ")[2])
    elif isinstance(error, MissingChildError):
        complain(M_MISSING_CHILD, child=str(error).partition(": ")[2])
    elif isinstance(error, CorruptRecordError):
        logger.error("corrupt record %s at %s", error.record_id, error.where)
        complain(M_CORRUPT, id=error.record_id, where=error.where, what=WHAT[error.damage].text())
    elif isinstance(error, RecordNotFoundError):
        complain(M_NOT_FOUND, id=error.record_id)
    elif isinstance(error, OSError):
        complain(M_FILE, path=error.filename or "", reason=error.strerror or str(error))
    else:
        return False
    return True


# Refusals that carry their words (``message``), from modules a command may never load.
WORDED_ELSEWHERE = (
    ("desktop.services.datadir", "DataDirError"),
    ("desktop.sync.client", "SyncError"),
    ("casework.ledger", "LedgerError"),
)


def _worded_elsewhere(error: Exception) -> Message | None:
    """The words of such a refusal, its module left unimported where it was not loaded:
    nothing could have raised one then."""
    for module_name, class_name in WORDED_ELSEWHERE:
        module = sys.modules.get(module_name)
        if module is not None and isinstance(error, getattr(module, class_name)):
            message: Message = error.message
            return message
    return None


EXIT_BROKEN_PIPE = 141  # as a shell reports a program ended by SIGPIPE


def _stop_writing_stdout() -> None:
    """Point stdout at /dev/null so the exit's flush does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
