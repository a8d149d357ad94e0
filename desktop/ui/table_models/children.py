"""The list of children: a table model with named columns and roles, and its filter.

Tested without widgets (CONVENTIONS 6). Rows are :class:`ChildSummary` values (frozen);
ID numbers are only ever held masked here.

The one list not built on :class:`~desktop.ui.table_models.rows.RowsTableModel` (issue 19
item 7: one way to build tables), on purpose: it holds up to 10,000 children, is filtered
on every keystroke and repainted after it, and RowsTableModel's way costs both
(``bench/children_model.py``, side by side in one process; medians of 3 runs of 5 on a
busy 2-core machine, so read the ratios):

- its rows are texts made up front (:class:`Row`): 10,000 children's texts and sort keys
  took 0.7–0.9 s a load, and the list loads twice after unlock (names, then the rules'
  categories); this model makes the texts of the cells painted (~30 rows), once a load;
- its ``data`` tests the roles it may colour before answering the dozen a paint asks of
  every cell for nothing; this model answers those first. A paint's questions took 2.0–2.8×
  as long through RowsTableModel as through :class:`ChildFilterProxy` over this model
  (the filter layer included), and a keystroke repaints the list.

It keeps RowsTableModel's habits where they cost nothing: titles asked when shown (so
the language is the current one), one colour per status from ``widgets/styles.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from casework.vocabulary import CATEGORY
from desktop.models.tables import SyncStatus
from desktop.services.casefile import ChildSummary
from desktop.ui.collector import retire
from desktop.ui.widgets.styles import URGENT, WARNING
from desktop.ui.words import short_value_text, sync_state_text, value_text

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor(URGENT)
DUE_SOON_COLOUR = QColor(WARNING)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)  # asked of every painted cell too
_HORIZONTAL = Qt.Orientation.Horizontal
# Roles the view asks of every cell that this model leaves to the style.
_UNUSED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.WhatsThisRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
    )
)


class Column(enum.IntEnum):
    NAME = 0
    GENDER = 1
    BIRTH_DATE = 2
    ID_NUMBER = 3
    CATEGORIES = 4
    NEXT_VISIT = 5
    SYNC_STATE = 6
    # 村, by name: only on the laptops that list several villages' children (a township's
    # supervisor, the county); hidden on a director's. Last here so the other columns keep
    # their numbers; the page shows it beside the name.
    VILLAGE = 7


# Plain ints for what a paint asks of every cell (an enum's len() or Column(n) costs
# a Python call each; a keystroke repaints a few hundred cells).
_COLUMNS = len(Column)
_NEXT_VISIT = int(Column.NEXT_VISIT)


class Role(enum.IntEnum):
    CHILD_ID = Qt.ItemDataRole.UserRole + 1
    SUMMARY = Qt.ItemDataRole.UserRole + 2
    SORT = Qt.ItemDataRole.UserRole + 3
    CATEGORIES = Qt.ItemDataRole.UserRole + 4
    VISIT_STATUS = Qt.ItemDataRole.UserRole + 5  # ok / due_soon / overdue / None
    SYNC_STATE = Qt.ItemDataRole.UserRole + 6
    RISK = Qt.ItemDataRole.UserRole + 7
    KEY_CHILD = Qt.ItemDataRole.UserRole + 8


def column_title(column: Column) -> str:
    titles = {
        Column.NAME: QCoreApplication.translate("ChildTableModel", "Name"),
        Column.GENDER: QCoreApplication.translate("ChildTableModel", "Gender"),
        Column.BIRTH_DATE: QCoreApplication.translate("ChildTableModel", "Birth date"),
        Column.ID_NUMBER: QCoreApplication.translate("ChildTableModel", "ID number"),
        Column.CATEGORIES: QCoreApplication.translate("ChildTableModel", "Categories"),
        Column.NEXT_VISIT: QCoreApplication.translate("ChildTableModel", "Next visit"),
        Column.SYNC_STATE: QCoreApplication.translate("ChildTableModel", "Sync state"),
        Column.VILLAGE: QCoreApplication.translate("ChildTableModel", "Village"),
    }
    return titles[column]


def next_visit_text(summary: ChildSummary) -> str:
    due = summary.next_visit
    if due is None:
        return QCoreApplication.translate("ChildTableModel", "Not needed")
    if due.status == "overdue":
        return QCoreApplication.translate("ChildTableModel", "{date} ({days} days overdue)").format(
            date=due.due.isoformat(), days=due.days_overdue
        )
    return due.due.isoformat()


class ChildTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChildSummary] = []
        self._row_of: dict[str, int] = {}
        self._name_keys: Mapping[str, str] = {}
        self._village_names: Mapping[str, str] = {}  # code → name
        self._village_keys: Mapping[str, str] = {}  # code → its name in pinyin
        self.name_sorted = False  # the rows are in the order of sort_keys(Column.NAME)
        self._texts: dict[tuple[int, int], str] = {}  # painted texts, per load

    # -- content -------------------------------------------------------------------------

    def set_children(
        self,
        summaries: Iterable[ChildSummary],
        name_keys: Mapping[str, str] | None = None,
        *,
        name_sorted: bool = False,
        village_names: Mapping[str, str] | None = None,
        village_keys: Mapping[str, str] | None = None,
    ) -> None:
        """``name_keys``: each name in pinyin, so names sort as a Chinese reader expects;
        ``name_sorted``: the summaries come in that order already (sorted on a worker);
        ``village_names``: village code → the name the 村 column shows, ``village_keys``:
        → that name in pinyin (the order of the column)."""
        self.beginResetModel()
        self._name_keys = name_keys or {}  # read only: not copied
        self._village_names = village_names or {}
        self._village_keys = village_keys or {}
        self.name_sorted = name_sorted
        self._texts = {}
        retire(self._rows)  # most often the last holder of the list it replaces
        self._rows = list(summaries)
        self._row_of = {s.id: i for i, s in enumerate(self._rows)}
        self.endResetModel()

    def clear(self) -> None:
        self.set_children(())

    def summary(self, row: int) -> ChildSummary:
        return self._rows[row]

    def row_of(self, child_id: str) -> int | None:
        return self._row_of.get(child_id)

    def rows_of(self, child_ids: Iterable[str]) -> list[int]:
        """The rows of the children among ``child_ids`` that the model holds."""
        return [row for row in map(self._row_of.get, child_ids) if row is not None]

    def child_ids(self) -> list[str]:
        return [s.id for s in self._rows]

    def child_ids_of(self, rows: Iterable[int]) -> list[str]:
        summaries = self._rows
        return [summaries[row].id for row in rows]

    # -- the model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == _DISPLAY and orientation == _HORIZONTAL:
            return column_title(Column(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(index.row(), index.column(), role)

    def sort_keys(self, column: Column) -> list[Any]:
        """Every row's sort key for ``column``, in row order (one pass, for 10,000 rows)."""
        if column == Column.NAME:
            spelt = self._name_keys
            return [(spelt.get(s.name, s.name), s.name) for s in self._rows]
        return [self._sort_key(s, column) for s in self._rows]

    def cell(self, row: int, column_number: int, role: int) -> Any:
        """The data of one cell, by row number (the filtered view calls this directly)."""
        if role in _UNUSED_ROLES:
            return None  # asked for every painted cell: answer before any other work
        if role == _DISPLAY:
            return self.text(row, column_number)
        summary = self._rows[row]
        if role == _FOREGROUND:
            if column_number != _NEXT_VISIT:
                return None
            status = summary.next_visit.status if summary.next_visit else None
            if status == "overdue":
                return QBrush(OVERDUE_COLOUR)
            if status == "due_soon":
                return QBrush(DUE_SOON_COLOUR)
            return None
        column = Column(column_number)
        if role == Role.SORT:
            return self._sort_key(summary, column)
        if role == Role.CHILD_ID:
            return summary.id
        if role == Role.SUMMARY:
            return summary
        if role == Role.CATEGORIES:
            return summary.categories
        if role == Role.VISIT_STATUS:
            return summary.next_visit.status if summary.next_visit else None
        if role == Role.SYNC_STATE:
            return summary.sync_state
        if role == Role.RISK:
            return summary.risk_level
        if role == Role.KEY_CHILD:
            return summary.key_child
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.CATEGORIES:
            return "\n".join(value_text(c) for c in summary.categories) or None
        return None

    def text(self, row: int, column_number: int) -> str:
        """The painted text of one cell (made once per load)."""
        key = (row, column_number)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self._display(self._rows[row], Column(column_number))
        return text

    def _display(self, summary: ChildSummary, column: Column) -> str:
        if not summary.classified and column in (Column.CATEGORIES, Column.NEXT_VISIT):
            return "…"  # the rules are still running (the list shown first after unlock)
        if column == Column.NAME:
            return summary.name
        if column == Column.GENDER:
            return value_text(summary.gender)
        if column == Column.BIRTH_DATE:
            return summary.birth_date
        if column == Column.ID_NUMBER:
            return summary.id_number_masked or ""
        if column == Column.CATEGORIES:  # short names; the tooltip has the seed's
            return "、".join(short_value_text(CATEGORY, c) for c in summary.categories)
        if column == Column.NEXT_VISIT:
            return next_visit_text(summary)
        if column == Column.VILLAGE:
            code = summary.village_code
            return self._village_names.get(code, code)
        return sync_state_text(summary.sync_state)

    def _sort_key(self, summary: ChildSummary, column: Column) -> Any:
        if column == Column.NEXT_VISIT:
            # Children with no visit due sort last.
            return summary.next_visit.due.isoformat() if summary.next_visit else "9999-12-31"
        if column == Column.VILLAGE:
            code = summary.village_code
            return (self._village_keys.get(code, code), self._village_names.get(code, code))
        return self._display(summary, column)


class ChildFilterProxy(QAbstractTableModel):
    """The rows the list shows: search results and filters, in the chosen order.

    Filtering and sorting run in Python over the summaries, once per change, and the
    view then asks only for the cells it paints. (A QSortFilterProxyModel would call
    back into Python for every row on every keystroke: far too slow for 10,000.)
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: ChildTableModel | None = None
        self._order: list[int] = []  # every source row, sorted
        self._shown: list[int] = []  # the source rows shown, in order
        self._rank: dict[int, int] = {}  # source row → its place in the order
        self._matches: Sequence[str] | None = None
        self._identity = True  # the order is the source's own (sorted on the worker)
        self._category: str | None = None
        self._overdue_only = False
        self._sync_state: SyncStatus | None = None
        self._risk: str | None = None
        self._key_only = False
        self._village: str | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- source and order ----------------------------------------------------------------

    def setSourceModel(self, model: ChildTableModel) -> None:
        self._source = model
        model.modelReset.connect(self._source_reset)
        self._source_reset()

    def sourceModel(self) -> ChildTableModel | None:
        return self._source

    def _source_reset(self) -> None:
        self._order = self._sorted_rows()
        self._identity = self._order == list(range(len(self._order)))
        order = self._order
        self._rank = {} if self._identity else {row: place for place, row in enumerate(order)}
        self._refilter(source_changed=True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._source_reset()

    def _sorted_rows(self) -> list[int]:
        source = self._source
        if source is None:
            return []
        rows = list(range(source.rowCount()))
        ascending = self._sort_order == Qt.SortOrder.AscendingOrder
        if self._sort_column == Column.NAME and ascending and source.name_sorted:
            return rows  # the default order, sorted already on the worker
        if 0 <= self._sort_column < len(Column):
            keys = source.sort_keys(Column(self._sort_column))
            rows.sort(key=keys.__getitem__, reverse=not ascending)
        return rows

    # -- filters -------------------------------------------------------------------------

    def set_search_results(self, child_ids: Sequence[str] | None) -> None:
        """Ids found by the search index (each once, in any order), or None when there is
        no search."""
        self._matches = child_ids
        self._refilter()

    def set_category(self, code: str | None) -> None:
        self._category = code
        self._refilter()

    def set_overdue_only(self, on: bool) -> None:
        self._overdue_only = on
        self._refilter()

    def set_sync_state(self, state: str | None) -> None:
        """Only children in ``state`` (a :class:`SyncStatus` or its word; None: any)."""
        self._sync_state = None if state is None else SyncStatus(state)
        self._refilter()

    def set_risk(self, level: str | None) -> None:
        self._risk = level
        self._refilter()

    def set_key_only(self, on: bool) -> None:
        self._key_only = on
        self._refilter()

    def set_village(self, code: str | None) -> None:
        """Only the children of the village ``code`` (None: every village)."""
        self._village = code
        self._refilter()

    def _accepts(self, summary: ChildSummary) -> bool:
        if self._category is not None and self._category not in summary.categories:
            return False
        if self._overdue_only and not (
            summary.next_visit and summary.next_visit.status == "overdue"
        ):
            return False
        if self._risk is not None and summary.risk_level != self._risk:
            return False
        if self._key_only and not summary.key_child:
            return False
        if self._village is not None and summary.village_code != self._village:
            return False
        return self._sync_state is None or summary.sync_state == self._sync_state

    def _refilter(self, *, source_changed: bool = False) -> None:
        source = self._source
        shown: list[int] = []
        if source is not None:
            matches = self._matches
            if matches is not None:
                # The matches placed by their rank in the order: sorting a few thousand
                # numbers beats a pass over all 10,000 rows (the first letter typed).
                found = source.rows_of(matches)
                if self._identity:
                    found.sort()
                else:
                    found.sort(key=self._rank.__getitem__)
                order = found
            else:
                order = self._order
            filtered = (
                self._category is not None
                or self._overdue_only
                or self._risk is not None
                or self._key_only
                or self._sync_state is not None
                or self._village is not None
            )
            if filtered:
                order = [row for row in order if self._accepts(source.summary(row))]
            shown = list(order)
        if shown == self._shown and not source_changed:
            # The same rows in the same order (typing on while every child still matches,
            # as the first digits of ID numbers do): resetting would only make the view
            # lay out and repaint 10,000 rows for nothing.
            return
        self.beginResetModel()
        self._shown = shown
        self.endResetModel()

    # -- the model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != _DISPLAY or self._source is None:
            return None  # the header asks a dozen roles of each section on each repaint
        return self._source.headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _UNUSED_ROLES:
            return None  # most of what a paint asks: answered without another call
        source = self._source
        row = index.row()  # -1 for an invalid index
        if source is None or not 0 <= row < len(self._shown):
            return None
        if role == _DISPLAY:
            return source.text(self._shown[row], index.column())
        return source.cell(self._shown[row], index.column(), role)
