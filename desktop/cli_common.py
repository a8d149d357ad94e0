"""What the CLI's command modules share (``cli.py``, ``cli_reports.py``, ``cli_import.py``):
exit codes, saying and complaining in the user's language, the passphrase, opening the
folder's store, and finding a record by a short id. Its own module, so the command
modules import it instead of one another.

Light on purpose (issue 21): the store and SQLAlchemy load when a command opens the
folder, not when the CLI starts."""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from casework.messages import Message
from desktop.models.errors import RecordNotFoundError
from desktop.services.folder import DataDir

if TYPE_CHECKING:
    from desktop.models.store import CaseStore

logger = logging.getLogger(__name__)

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


def open_folder(folder: DataDir, *, meanwhile: Callable[[], None] | None = None) -> CaseStore:
    """Unlock the folder's store. What the command needs after unlocking (the store's
    record schemas, and ``meanwhile``'s imports) loads on a thread while the passphrase's
    key is derived, as Argon2id leaves the interpreter free; the thread starts once what
    unlocking needs is loaded, so as not to delay the derivation."""
    passphrase = read_passphrase()
    from desktop.services.datadir import open_store  # SQLAlchemy and the key slots

    loading = threading.Thread(
        target=_load_quietly, args=(meanwhile,), name="load-after-unlock", daemon=True
    )
    loading.start()
    try:
        store = open_store(folder, passphrase=passphrase)
    finally:
        loading.join()  # no import left running while the process exits
    opened_stores.append(store)
    return store


def _load_quietly(meanwhile: Callable[[], None] | None) -> None:
    """Should an import fail here, the command's own import of it fails the same way,
    on the main thread, and says so there."""
    try:
        import desktop.models.store  # noqa: F401

        if meanwhile is not None:
            meanwhile()
    except Exception:
        logger.debug("loading ahead of the unlock failed", exc_info=True)


def resolve_id(store: CaseStore, given: str) -> str:
    try:
        return store.find_id(given)
    except RecordNotFoundError:
        raise CliError(M_NOT_FOUND, id=given) from None
