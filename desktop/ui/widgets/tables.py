"""The read-only lists of the window (today's work, to-do, reports, conflicts, refused
rows …): one way to build them, so they look and behave alike."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def list_table(
    parent: QWidget,
    model: QAbstractItemModel,
    name: str,
    *,
    single: bool = False,
    rows_fit_text: bool = False,
) -> QTableView:
    """A table of whole rows that opens, never edits: wrapped text, no row numbers, the
    last column taking the room left. ``rows_fit_text``: each row as tall as its wrapped
    text, so a long task is read whole, not cut (for lists of tens of rows, not thousands)."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    if rows_fit_text:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table
