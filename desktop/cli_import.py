"""The ``childdesk import`` command: a village ledger in, with its mapping and preview.

Prints the mapping it used (and remembers it for the layout), the preview's counts,
every refused row with its fix, every disagreement between the ledger's 类别 and the
county's rules, and the changes to children already in the store; then writes the new
children (and the updates with ``--accept-updates``) unless ``--preview`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from casework.dates import read_day
from casework.ledger import LedgerError
from casework.ledger_vocabulary import target_label
from casework.messages import Message, current_language
from casework.records import DATE_RANGES
from desktop.models.store import CaseStore
from desktop.services.folder import DataDir
from desktop.services.ledger import row_errors
from desktop.services.ledger_intake import (
    NEW,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    LedgerFile,
    apply_import,
    plan_import,
    read_ledger,
)
from desktop.services.ledger_mappings import load_mappings, remember_mappings

M_MAPPING = Message(
    "列对应（工作表“{sheet}”，表头在第 {rows} 行）：",
    "Column mapping (sheet {sheet}, header on row {rows}):",
)
M_COUNTS = Message(
    "预览：新增 {new} 名，更新 {update} 名，无变化 {unchanged} 名，"
    "有错误 {refused} 行，跳过 {skipped} 行",
    "Preview: {new} new, {update} to update, {unchanged} unchanged, {refused} rows refused, "
    "{skipped} rows skipped",
)
M_SKIPPED_ROW = Message("跳过第 {row} 行：{reason}", "Skipped row {row}: {reason}")
M_DISAGREE = Message("类别不一致（{name}）：{text}", "Category disagreement ({name}): {text}")
M_CHANGE = Message("{name}：{who}{label} {old} → {new}", "{name}: {who} {label} {old} → {new}")
M_REFUSED = Message(
    "有 {count} 行有错误，未写入任何数据（改正后重试，或用 --skip-invalid 导入其余各行）：",
    "{count} rows have errors; nothing was written (fix them, or pass --skip-invalid to "
    "import the others):",
)
M_PREVIEW_ONLY = Message("只是预览，没有写入任何数据", "Preview only: nothing was written")
M_DONE = Message(
    "已导入 {created} 名儿童（家庭成员 {members} 人，委托监护确认书 {entrustments} 份），"
    "更新 {updated} 名",
    "Imported {created} children ({members} family members, {entrustments} "
    "entrustments), updated {updated}",
)
M_UPDATES_WAIT = Message(
    "{count} 名已在档案库中的儿童有变化，未更新；核对后用 --accept-updates 更新",
    "{count} children already in the store have changes that were not applied; check them "
    "and pass --accept-updates",
)
M_OPENED_ON = Message(
    "{count} 名新建儿童在台账中没有建档日期，建档日期记为 {day}{why}",
    "{count} new children have no 建档日期 (file opening date) in the ledger; it is set to "
    "{day}{why_en}",
)
M_OPENED_TODAY = Message(
    "（今天。如不对：预览时加 --opened-on YYYY-MM-DD 指定；已导入的可在儿童档案中修改）",
    " (today. If that is wrong, give --opened-on YYYY-MM-DD; once imported, edit it in "
    "the child's file)",
)
M_OPENED_GIVEN = Message("（--opened-on 指定）", " (given by --opened-on)")
M_BAD_OPENED_ON = Message(
    "--opened-on 应为 YYYY-MM-DD 格式、不晚于明天的日期：{value}",
    "--opened-on takes a date YYYY-MM-DD no later than tomorrow: {value}",
)
M_BAD_MAPPING = Message(
    "无法读取列对应文件 {path}：{reason}", "Cannot read the mapping file {path}: {reason}"
)


def _out(message: Message, **values: object) -> None:
    print(message.format(**values).text())


def _read(args: argparse.Namespace, folder: DataDir) -> LedgerFile:
    ledger = read_ledger(Path(args.file), load_mappings(folder.root))
    if not args.mapping:
        return ledger
    try:
        chosen = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LedgerError(M_BAD_MAPPING.format(path=args.mapping, reason=error)) from None
    if not isinstance(chosen, dict):
        raise LedgerError(M_BAD_MAPPING.format(path=args.mapping, reason="{列名: 字段}"))
    return ledger.with_mapping(chosen)  # unknown fields are refused by check_mapping


def _print_mapping(ledger: LedgerFile) -> None:
    language = current_language()
    for table in ledger.tables:
        rows = "、".join(str(n) for n in table.table.header_rows)
        _out(M_MAPPING, sheet=table.table.sheet or Path(ledger.path).name, rows=rows)
        for m in table.mapping:
            print(f"  {m.letter}  {m.header} → {target_label(m.target, language)}")
    print(json.dumps(ledger.mapping_json(), ensure_ascii=False))


def _print_plan(plan: ImportPlan) -> None:
    _out(
        M_COUNTS,
        new=plan.count(NEW),
        update=plan.count(UPDATE),
        unchanged=plan.count(UNCHANGED),
        refused=len(plan.refused),
        skipped=len(plan.skipped),
    )
    for skipped in plan.skipped:
        _out(M_SKIPPED_ROW, row=skipped.row_number, reason=skipped.reason.text())
    for row in plan.disagreeing:
        for found in row.disagreements:
            _out(M_DISAGREE, name=f"{row.where()} {row.name}", text=found.message.text())
    for row in plan.rows:
        for change in row.changes:
            _out(
                M_CHANGE,
                name=row.name,
                who=change.who,
                label=change.label,
                old=change.old or "（空）",
                new=change.new,
            )


def _opened_on(args: argparse.Namespace) -> date | None:
    """``--opened-on``, checked like the field itself (a date, not after tomorrow)."""
    value = getattr(args, "opened_on", None)
    if not value:
        return None
    day = read_day(value.strip()) if len(value.strip()) == 10 else None
    if day is None or not DATE_RANGES["opened_on"].earliest <= day <= (
        DATE_RANGES["opened_on"].last_day()
    ):
        raise LedgerError(M_BAD_OPENED_ON.format(value=value))
    return day


def run_import(args: argparse.Namespace, folder: DataDir, store: CaseStore) -> int:
    """Exit status 0 on success, 1 when refused rows stopped the import."""
    _opened_on(args)  # a bad date is refused before the file is even read
    ledger = _read(args, folder)
    _print_mapping(ledger)
    plan = plan_import(store, ledger)
    _print_plan(plan)
    if plan.refused and not args.skip_invalid:
        print(M_REFUSED.format(count=len(plan.refused)).text(), file=sys.stderr)
        for error in row_errors(plan):
            print(f"  {error.text()}", file=sys.stderr)
        return 1
    opened_on = _opened_on(args)
    if plan.without_opening:
        why = M_OPENED_GIVEN if opened_on else M_OPENED_TODAY
        day = (opened_on or date.today()).isoformat()
        _out(M_OPENED_ON, count=plan.without_opening, day=day, why=why.zh, why_en=why.en)
    if args.preview:
        _out(M_PREVIEW_ONLY)
        return 0
    result = apply_import(
        store,
        plan,
        accept_updates=lambda _row: bool(args.accept_updates),
        opened_on=opened_on or date.today(),
    )
    remember_mappings(folder.root, ledger.mapping_json())
    _out(
        M_DONE,
        created=result.created,
        members=result.members,
        entrustments=result.entrustments,
        updated=result.updated,
    )
    for error in row_errors(plan):
        print(f"  {error.text()}")
    waiting = plan.count(UPDATE) - result.updated
    if waiting:
        _out(M_UPDATES_WAIT, count=waiting)
    return 0
