"""What the CLI's command modules share (``cli.py``, ``cli_reports.py``, ``cli_import.py``):
exit codes, saying and complaining in the user's language, the passphrase, opening the
folder's store, and finding a record by a short id. Its own module, so the command
modules import it instead of one another."""

from __future__ import annotations

import getpass
import json
import os
import sys

from casework.messages import Message
from desktop.models.store import CaseStore, RecordNotFoundError
from desktop.services.datadir import DataDir, open_store

EXIT_OK, EXIT_ERROR, EXIT_CHECK_FAILED = 0, 1, 3

M_PASSPHRASE = Message("请输入档案库密码：", "Passphrase: ")
M_NO_TTY = Message(
    "没有可输入密码的终端，请设置环境变量 CHILDDESK_PASSPHRASE",
    "No terminal to ask for the passphrase; set CHILDDESK_PASSPHRASE",
)
M_NOT_FOUND = Message("找不到记录：{id}", "No such record: {id}")


def say(message: Message, **values: object) -> None:
    print(message.format(**values).text())


def complain(message: Message, **values: object) -> None:
    print(message.format(**values).text(), file=sys.stderr)


class CliError(Exception):
    def __init__(self, message: Message, **values: object) -> None:
        super().__init__(message.en)
        self.message = message.format(**values)


def ask(prompt: Message, *, no_tty: Message = M_NO_TTY) -> str:
    if not sys.stdin.isatty():
        raise CliError(no_tty)
    return getpass.getpass(prompt.text())


def read_passphrase() -> str:
    return os.environ.get("CHILDDESK_PASSPHRASE") or ask(M_PASSPHRASE)


def print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# The stores this run opened: after the command, any damaged record their reads left
# out is told (``cli.main``), whichever command read them.
opened_stores: list[CaseStore] = []


def open_folder(folder: DataDir) -> CaseStore:
    store = open_store(folder, passphrase=read_passphrase())
    opened_stores.append(store)
    return store


def resolve_id(store: CaseStore, given: str) -> str:
    try:
        return store.find_id(given)
    except RecordNotFoundError:
        raise CliError(M_NOT_FOUND, id=given) from None
