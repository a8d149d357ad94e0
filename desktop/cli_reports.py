"""``childdesk`` commands for what leaves the store: backups, reports, printouts, to-do.

Kept apart from ``desktop/cli.py`` so each file stays small; ``register`` adds the
commands to the main parser and ``cli.main`` runs them like any other. What the command
modules share (exit codes, words, the passphrase, opening the store) is ``cli_common``;
it is imported inside each command so that a command loads only what it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from casework.messages import Message
from desktop.services.folder import DataDir  # not datadir: SQLAlchemy loads on unlocking

Command = Callable[[argparse.Namespace, DataDir], int]
AddCommand = Callable[[str, Command, str], argparse.ArgumentParser]

M_BACKED_UP = Message("已备份到：{path}", "Backed up to {path}")
M_RESTORED = Message(
    "已恢复备份：检查了 {records} 条记录，全部解密正常",
    "Restored the backup: {records} records checked, every one decrypts",
)
M_WRITTEN = Message("已生成：{path}", "Written: {path}")
M_REPORT_FORMAT = Message(
    "报表只能保存为 .pdf 或 .xlsx 文件：{path}", "A report is saved as .pdf or .xlsx: {path}"
)
M_KEPT = Message("原档案库已另存为：{path}", "The replaced store was kept as {path}")
M_REPLACE_HINT = Message(
    "如确实要用这个备份替换本机档案库（原档案库会另存在 backups 文件夹），"
    "请加上 --replace-store 再运行一次。",
    "To replace this computer's store with this backup on purpose (the current store is "
    "kept in the backups folder), run it again with --replace-store.",
)


def cmd_backup(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop import cli_common
    from desktop.services.backup import BackupError, make_backup

    target = Path(args.to) if args.to else folder.root / "backups"
    try:
        path = make_backup(folder, target)
    except BackupError as error:
        raise cli_common.CliError(error.message) from None
    cli_common.say(M_BACKED_UP, path=path)
    return cli_common.EXIT_OK


def cmd_restore(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop import cli_common
    from desktop.services.backup import BackupError, OtherStoreError, restore_backup

    try:
        report = restore_backup(
            Path(args.file), folder, cli_common.read_passphrase(), replace_store=args.replace_store
        )
    except OtherStoreError as error:
        cli_common.complain(error.message)
        raise cli_common.CliError(M_REPLACE_HINT) from None
    except BackupError as error:
        raise cli_common.CliError(error.message) from None
    cli_common.say(M_RESTORED, records=report.records_checked)
    if report.replaced_kept_at is not None:
        cli_common.say(M_KEPT, path=report.replaced_kept_at)
    return cli_common.EXIT_OK


def cmd_todo(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop import cli_common
    from desktop.services.reminders import reminders

    store = cli_common.open_folder(folder)
    items = reminders(store, date.today())
    if args.json:
        cli_common.print_json([item.to_json() for item in items])
        return cli_common.EXIT_OK
    from casework.vocabulary import SEVERITY

    for item in items:  # 紧急 / 提醒 / 知悉, as the window says them
        print(f"{item.due}  {SEVERITY.name(item.severity).text()}  {item.message.text()}")
    return cli_common.EXIT_OK


def cmd_report(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop import cli_common
    from desktop.services.documents.pdf import DocumentError
    from desktop.services.monthly_report import ReportError, monthly_report, parse_month

    out = Path(args.out)
    try:
        month = parse_month(args.month) if args.month else date.today().replace(day=1)
        if out.suffix.lower() not in (".pdf", ".xlsx"):
            raise ReportError(M_REPORT_FORMAT.format(path=out))
        report = monthly_report(cli_common.open_folder(folder), month)
        if out.suffix.lower() == ".pdf":
            from desktop.services.documents.monthly_report import write_monthly_report_pdf

            write_monthly_report_pdf(report, out)
        else:
            from desktop.services.monthly_report_xlsx import write_monthly_report_xlsx

            write_monthly_report_xlsx(report, out)
    except (ReportError, DocumentError) as error:
        raise cli_common.CliError(error.message) from None
    cli_common.say(M_WRITTEN, path=out)
    return cli_common.EXIT_OK


def cmd_print(args: argparse.Namespace, folder: DataDir) -> int:
    from desktop import cli_common
    from desktop.services.documents.pdf import DocumentError

    store = cli_common.open_folder(folder)
    record_id = cli_common.resolve_id(store, args.id)
    out = Path(args.out)
    try:
        if args.document == "entrustment":
            from desktop.services.documents.entrustment import write_entrustment

            write_entrustment(store, record_id, out)
        else:
            from desktop.services.documents.dossier import write_dossier

            write_dossier(store, record_id, out, reveal_id_numbers=args.reveal_id_numbers)
    except DocumentError as error:
        raise cli_common.CliError(error.message) from None
    cli_common.say(M_WRITTEN, path=out)
    return cli_common.EXIT_OK


def register(add: AddCommand) -> None:
    p = add("backup", cmd_backup, "备份加密数据库（默认到数据文件夹的 backups/）")
    p.add_argument("--to", metavar="DIR", help="备份到此文件夹（如 U 盘）")
    p = add("restore", cmd_restore, "检查并恢复一个备份（需要备份时的密码）")
    p.add_argument("file")
    p.add_argument("--replace-store", action="store_true",
                   help="备份属于另一个档案库（别村或别的电脑）时仍用它替换本机档案库")  # fmt: skip
    p = add("report", cmd_report, "生成工作报表")
    p.add_argument("kind", choices=("monthly",), help="monthly：乡镇月报")
    p.add_argument("--month", help="月份 YYYY-MM（默认本月）")
    p.add_argument("--out", required=True, metavar="FILE", help="输出文件（.pdf 或 .xlsx）")
    p = add("print", cmd_print, "打印文书（PDF）")
    p.add_argument(
        "document",
        choices=("entrustment", "dossier"),
        help="entrustment：委托监护确认书；dossier：一人一档",
    )
    p.add_argument("id", help="儿童（或委托监护记录）的编号")
    p.add_argument("--out", required=True, metavar="FILE", help="输出 PDF 文件")
    p.add_argument("--reveal-id-numbers", action="store_true",
                   help="一人一档显示完整身份证号码")  # fmt: skip
    p = add("todo", cmd_todo, "待办提醒")
    p.add_argument("--json", action="store_true")
