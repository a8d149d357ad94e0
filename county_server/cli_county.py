"""The county centre's own ``county-server`` commands (DESIGN §1: the county sets the visit
policy, reads everything, makes county reports), registered by ``cli.py``::

    county-server set-visit-policy [--file policy.json] [--reset] [--key-child-months N]
        [--default-months N] [--category 农村留守儿童=2 ...] [--risk medium=2 ...] [--show]
    county-server rename-user --user 3 --name 王主任
    county-server report monthly --month 2026-11 --out 县月报.xlsx|县月报.pdf [--reveal-id-numbers]
    county-server audit [--record ID] [--user ID] [--since 2026-11-01] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from casework.eligibility import CATEGORY_CODES, CATEGORY_NAMES
from casework.labels import VALUE_LABELS
from casework.policy_words import policy_source, policy_summary
from casework.protocol import VisitPolicySettings
from casework.visits_policy import RISK_LEVELS
from county_server.clock import utc_now
from county_server.config import Settings
from county_server.db import SCHEMA_HEAD, Database
from county_server.services import county_settings, directory
from county_server.services.audit import ADMIN, record_audit

Handler = Callable[[Settings, argparse.Namespace], None]
AddCommand = Callable[[str, str], argparse.ArgumentParser]


class CountyCommandError(Exception):
    """A county command that could not be carried out; the message is for the county."""


def _open(settings: Settings) -> Database:
    """The database, if its schema is current (as ``cli.py``'s commands ask)."""
    db = Database(settings.db_url)
    current = db.schema_revision()
    if current != SCHEMA_HEAD:
        db.dispose()
        raise CountyCommandError(
            "the database has no schema yet, or an old one; run `county-server init` first"
        )
    return db


def county_today(settings: Settings) -> date:
    return utc_now().astimezone(ZoneInfo(settings.timezone)).date()


# -- set-visit-policy ----------------------------------------------------------------------


def _category_code(word: str) -> str:
    """A category by its code or its Chinese or English name (as the window shows it)."""
    word = word.strip()
    if word in CATEGORY_CODES:
        return word
    for code in CATEGORY_CODES:
        names = [CATEGORY_NAMES[code].zh, CATEGORY_NAMES[code].en]
        label = VALUE_LABELS.get(code)
        if label is not None:
            names += [label.zh, label.en]
        if word in names:
            return code
    known = "、".join(CATEGORY_NAMES[c].zh for c in CATEGORY_CODES)
    raise CountyCommandError(
        f"未知的儿童类别“{word}”，应为：{known} / unknown category {word!r}; "
        f"one of {', '.join(CATEGORY_CODES)}"
    )


def _risk_level(word: str) -> str:
    word = word.strip()
    for level in RISK_LEVELS:
        label = VALUE_LABELS[level]
        if word in (level, label.zh, f"{label.zh}风险"):
            return level
    raise CountyCommandError(
        f"未知的风险等级“{word}”，应为 低、中 或 高 / unknown risk level {word!r}; "
        "one of low, medium, high"
    )


def _assignment(text: str, what: str) -> tuple[str, int | None]:
    name, sep, months = text.partition("=")
    if not sep:
        raise CountyCommandError(f"{what} 应写成 名称=月数 / {what} is NAME=MONTHS, not {text!r}")
    if not months.strip():
        return name, None  # NAME= : this override goes
    if not re.fullmatch(r"\s*\d{1,2}\s*", months):
        raise CountyCommandError(f"月数应为 1 至 12 / months are 1 to 12, not {months!r}")
    return name, int(months)


def _policy_from_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CountyCommandError(f"无法读取 {path} / cannot read {path}: {error}") from None
    except ValueError as error:
        raise CountyCommandError(f"{path} 不是 JSON / {path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise CountyCommandError(f"{path} 应为一个 JSON 对象 / {path} must hold a JSON object")
    unknown = set(data) - {"key_child_months", "default_months", "by_category", "by_risk_level"}
    if unknown:
        raise CountyCommandError(
            f"不认识的项：{', '.join(sorted(unknown))} / unknown keys: {', '.join(sorted(unknown))}"
        )
    for key in ("by_category", "by_risk_level"):
        if key in data and not isinstance(data[key], dict):
            raise CountyCommandError(
                f"{key} 应为 名称: 月数 的对象 / {key} must be an object of NAME: MONTHS"
            )
    wanted = dict(data)
    if isinstance(data.get("by_category"), dict):
        wanted["by_category"] = {_category_code(k): v for k, v in data["by_category"].items()}
    if isinstance(data.get("by_risk_level"), dict):
        wanted["by_risk_level"] = {_risk_level(k): v for k, v in data["by_risk_level"].items()}
    return wanted


def _print_policy(settings: VisitPolicySettings) -> None:
    policy = county_settings.as_policy(settings)
    source = policy_source(settings.set_on)
    print(f"走访要求：{source.zh}（第 {settings.revision} 次设置） / visit policy: {source.en}")
    print(f"  {policy_summary(policy).zh}")
    print(f"  {policy_summary(policy).en}")


def cmd_set_visit_policy(settings: Settings, args: argparse.Namespace) -> None:
    db = _open(settings)
    try:
        with db.transaction() as session:
            current = county_settings.visit_policy(session)
            if args.show:
                _print_policy(current)
                return
            if args.file:
                wanted = _policy_from_file(Path(args.file))
            elif args.reset:
                wanted = {}
            else:
                wanted = current.model_dump(include=set(county_settings.POLICY_FIELDS))
            wanted.setdefault("by_category", {})
            wanted.setdefault("by_risk_level", {})
            if args.key_child_months is not None:
                wanted["key_child_months"] = args.key_child_months
            if args.default_months is not None:
                wanted["default_months"] = args.default_months
            for text in args.category or ():
                name, months = _assignment(text, "--category")
                _set_or_drop(wanted["by_category"], _category_code(name), months)
            for text in args.risk or ():
                name, months = _assignment(text, "--risk")
                _set_or_drop(wanted["by_risk_level"], _risk_level(name), months)
            stored = county_settings.set_visit_policy(session, wanted, today=county_today(settings))
            record_audit(
                session, at=utc_now(), actor=ADMIN, device_id=None, action="set_visit_policy",
                detail={"revision": stored.revision},
            )  # fmt: skip
    finally:
        db.dispose()
    _print_policy(stored)
    print("laptops apply it at their next sync")


def _set_or_drop(table: dict[str, int], key: str, months: int | None) -> None:
    if months is None:
        table.pop(key, None)
    else:
        table[key] = months


# -- rename-user ---------------------------------------------------------------------------


def cmd_rename_user(settings: Settings, args: argparse.Namespace) -> None:
    db = _open(settings)
    try:
        with db.transaction() as session:
            directory.rename_user(session, user_id=args.user, name=args.name, now=utc_now())
    finally:
        db.dispose()
    print(f"user {args.user} is now {args.name.strip()}; laptops show it after their next sync")


# -- report monthly ------------------------------------------------------------------------


def _month(text: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise CountyCommandError(f"月份应写成 YYYY-MM / a month is YYYY-MM, not {text!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


# The report's formats, told by the file's suffix: the same figures in each.
REPORT_FORMATS = (".xlsx", ".pdf")


def cmd_report(settings: Settings, args: argparse.Namespace) -> None:
    from county_server.services import county_report
    from county_server.services.sealing import Sealer, load_key

    month = _month(args.month)
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise CountyCommandError(
            f"县月报可保存为 .xlsx（表格）或 .pdf（打印）文件，不能保存为“{out.suffix or out.name}”"
            f" / the report is an .xlsx workbook or a .pdf document, not {out.name!r}"
        )
    sealer = Sealer(load_key(settings.key_file))
    db = _open(settings)
    try:
        with db.transaction() as session:
            sealer.verify_key(session)
            report = county_report.county_month(session, sealer, month)
            record_audit(
                session, at=utc_now(), actor=ADMIN, device_id=None, action="county_report",
                record_ids=report.record_ids,
                detail={"month": month.isoformat()[:7], "children": report.county.children,
                        "reveal_id_numbers": bool(args.reveal_id_numbers)},
            )  # fmt: skip
    finally:
        db.dispose()
    if suffix == ".pdf":
        from county_server.services.county_report_pdf import write_pdf as write
    else:
        from county_server.services.county_report_xlsx import write_xlsx as write
    write(report, out, reveal_id_numbers=args.reveal_id_numbers)
    totals = report.county
    print(
        f"{out}: {report.label} — {len(report.townships)} townships, "
        f"{len(report.villages)} villages, {totals.children} children on file "
        f"({totals.in_scope} in care), {len(report.duplicates)} possible duplicates"
    )


# -- audit ---------------------------------------------------------------------------------


def _since(text: str, settings: Settings) -> datetime:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise CountyCommandError(f"日期应为 YYYY-MM-DD / a date is YYYY-MM-DD: {text!r}") from None
    return datetime.combine(day, time(), tzinfo=ZoneInfo(settings.timezone)).astimezone(UTC)


def cmd_audit(settings: Settings, args: argparse.Namespace) -> None:
    from county_server.services import audit_log

    since = _since(args.since, settings) if args.since else None
    db = _open(settings)
    try:
        with db.transaction() as session:
            entries = audit_log.read(
                session, record_id=args.record, user_id=args.user, since=since, limit=args.limit
            )
    finally:
        db.dispose()
    if args.json:
        print(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        print("没有符合条件的记录 / no audit entries match")
        return
    zone = ZoneInfo(settings.timezone)
    for entry in entries:
        print(entry.line(zone))


# -- the parser ----------------------------------------------------------------------------


def register(add: AddCommand) -> dict[str, Handler]:
    policy = add(
        "set-visit-policy",
        "set the county's visit policy (months between visits) that laptops apply at sync",
    )
    policy.add_argument(
        "--file",
        metavar="POLICY.json",
        help='{"key_child_months": 1, "default_months": 3, '
        '"by_category": {"left_behind": 2}, "by_risk_level": {"medium": 2}}',
    )
    policy.add_argument(
        "--reset", action="store_true", help="start from the seed's policy, not the one in force"
    )
    policy.add_argument("--key-child-months", type=int, metavar="N")
    policy.add_argument("--default-months", type=int, metavar="N")
    policy.add_argument(
        "--category",
        action="append",
        metavar="CATEGORY=N",
        help="a category (code or Chinese name) every N months; CATEGORY= drops it",
    )
    policy.add_argument(
        "--risk",
        action="append",
        metavar="LEVEL=N",
        help="a risk level (low/medium/high or 低/中/高) every N months; LEVEL= drops it",
    )
    policy.add_argument("--show", action="store_true", help="print the policy in force only")
    rename = add("rename-user", "change a user's display name (what laptops show)")
    rename.add_argument("--user", required=True, type=int, metavar="USER_ID")
    rename.add_argument("--name", required=True)
    report = add("report", "county reports")
    report.add_argument("which", choices=["monthly"])
    report.add_argument("--month", required=True, metavar="YYYY-MM")
    report.add_argument(
        "--out",
        required=True,
        metavar="FILE.xlsx|FILE.pdf",
        help="a workbook (.xlsx) or a document to print (.pdf): the same figures",
    )
    report.add_argument(
        "--reveal-id-numbers",
        action="store_true",
        help="full ID numbers in the duplicates list (masked by default)",
    )
    audit = add("audit", "who read or changed which records, and when (never values)")
    audit.add_argument("--record", metavar="RECORD_ID")
    audit.add_argument("--user", type=int, metavar="USER_ID")
    audit.add_argument("--since", metavar="YYYY-MM-DD")
    audit.add_argument("--limit", type=int, default=1000, metavar="N")
    audit.add_argument("--json", action="store_true")
    return {
        "set-visit-policy": cmd_set_visit_policy,
        "rename-user": cmd_rename_user,
        "report": cmd_report,
        "audit": cmd_audit,
    }
