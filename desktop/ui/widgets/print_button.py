"""打印: a child's one-page dossier (一人一档) or entrustment confirmation as a PDF.

The PDF is written on the database lane (it decrypts the child's records); the file it
makes is plain text wherever the user saves it, so the save dialog says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from desktop.ui.errors import describe_error
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, Tasks
from desktop.usecases.documents import DOSSIER, ENTRUSTMENT, Document, print_document


class PrintButton(QPushButton):
    printed = Signal(str)  # what to tell the user: where the PDF is, or what went wrong

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[QWidget, str], str] | None = None,
    ) -> None:
        super().__init__(self.tr("Print…"), parent)
        self.setObjectName("print")
        self._session = session
        self._tasks = tasks
        self._choose_file = choose_file or self._ask_where
        self.child_id: str | None = None  # the file's child, once it has been saved
        menu = QMenu(self)
        self.dossier_action = menu.addAction(self.tr("One-page file of the child (PDF)…"))
        self.entrustment_action = menu.addAction(
            self.tr("Entrustment confirmation for signing (PDF)…")
        )
        self.setMenu(menu)
        self.dossier_action.triggered.connect(lambda: self.print_document(DOSSIER))
        self.entrustment_action.triggered.connect(lambda: self.print_document(ENTRUSTMENT))

    def _ask_where(self, parent: QWidget, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            self.tr("Save the PDF (it holds personal data: keep it safe)"),
            suggested,
            "PDF (*.pdf)",
        )
        return path

    def print_document(self, which: Document) -> None:
        store, child_id = self._session.store, self.child_id
        if store is None or child_id is None:
            return
        suggested = self.tr("file.pdf") if which == DOSSIER else self.tr("entrustment.pdf")
        chosen = self._choose_file(self, suggested)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.setEnabled(False)
        self._tasks.run(
            Lane.DB,
            lambda: print_document(store, which=which, child_id=child_id, path=path),
            self._done,
            self._failed,
            owner=self,
        )

    def _done(self, path: Path) -> None:
        self.setEnabled(True)
        self.printed.emit(self.tr("The PDF is saved: {path}").format(path=path))

    def _failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.printed.emit(describe_error(error))
