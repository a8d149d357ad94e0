"""台账与报表: export, template, import and the monthly report, through the real page,
its buttons and the database lane's worker thread (file dialogs replaced by paths)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from casework.ledger import HEADERS, ID_HEADER
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.services.ledger import (
    CATEGORY_SHEETS,
    HELP_SHEET,
    NOTE_SHEET,
    PERSONAL_DATA_NOTE,
    SUMMARY_SHEET,
)
from desktop.ui.controller import AppController
from desktop.ui.main_window import Page
from desktop.ui.pages.ledger_page import LedgerPage
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE
from desktop.ui.tasks import TaskRunner
from desktop.usecases.ledger import RefusedRow, report_paths, with_suffix
from tests.desktop.pdf_render import render_pdf
from tests.fakes import FakeChild, FakePeople, ledger_header, ledger_rows, write_ledger
from tests.ui.test_flow import controller, first_run_offline  # noqa: F401

people = FakePeople(seed=2026_11_28)


class Answers:
    """What the replaced dialogs answer, and what they were asked."""

    def __init__(self) -> None:
        self.save: list[str] = []
        self.open: list[str] = []
        self.confirm: list[bool] = []
        self.asked: list[tuple[str, ...]] = []

    def choose_save(self, _parent: QWidget, title: str, suggested: str, filters: str) -> str:
        self.asked.append(("save", title, suggested, filters))
        return self.save.pop(0)

    def choose_open(self, _parent: QWidget, title: str, filters: str) -> str:
        self.asked.append(("open", title, filters))
        return self.open.pop(0)

    def ask(self, _parent: QWidget, title: str, text: str) -> bool:
        self.asked.append(("confirm", title, text))
        return self.confirm.pop(0)


@pytest.fixture
def session(folder: DataDir, store: CaseStore) -> Iterator[StoreSession]:
    opened = StoreSession(folder)
    opened.open(store)
    yield opened
    opened.lock()


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def page(qtbot: QtBot, session: StoreSession, tasks: TaskRunner, answers: Answers) -> LedgerPage:
    made = LedgerPage(
        session,
        tasks,
        choose_save=answers.choose_save,
        choose_open=answers.choose_open,
        confirm=answers.ask,
    )
    qtbot.addWidget(made)
    made.show()
    return made


def click(qtbot: QtBot, page: LedgerPage, button: QPushButton, *, ok: bool = True) -> None:
    """Click and wait for the job on the database lane; the page stays responsive."""
    with qtbot.waitSignal(page.finished, timeout=60_000) as finished:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert page.is_running() and page.busy.isVisible()
        assert not page.importing.import_button.isEnabled()  # one job at a time
    said = (
        page.exporting.export_status.text(),
        page.importing.import_status.text(),
        page.reporting.report_status.text(),
    )
    assert finished.args == [ok], said
    assert not page.busy.isVisible() and page.importing.import_button.isEnabled()


def through_dialog(qtbot: QtBot, page: LedgerPage, button: str = "import") -> None:
    """The intake dialog the preview opened: import, import the others, or cancel."""
    dialog = page.importing.intake_dialog
    assert dialog is not None and dialog.isVisible()
    if button == "cancel":
        dialog.reject()
        return
    chosen = dialog.import_button if button == "import" else dialog.others_button
    assert chosen.isEnabled() and chosen.isVisible()
    with qtbot.waitSignal(page.finished, timeout=60_000) as finished:
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)
    assert finished.args == [True], page.importing.import_status.text()


def left_behind(store: CaseStore, child: FakeChild) -> str:
    """A left-behind child: both parents away for work (category sheet 留守儿童)."""
    child_id = store.create("child", child.child_fields())
    for fields in child.member_fields(child_id):
        fields["situations"] = [{"kind": "migrant_work", "since": "2020-03-01"}]
        store.create("family_member", fields)
    return child_id


def workbook_values(path: Path) -> list[str]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
    finally:
        workbook.close()


def id_cells(path: Path, sheet_name: str) -> list[str]:
    workbook = load_workbook(path, read_only=True)
    try:
        rows = list(workbook[sheet_name].iter_rows(values_only=True))
    finally:
        workbook.close()
    column = list(rows[0]).index(ID_HEADER)
    return [str(row[column]) for row in rows[1:]]


# -- export -----------------------------------------------------------------------------


def test_export_masks_id_numbers_unless_revealed_after_confirming(
    qtbot: QtBot, page: LedgerPage, store: CaseStore, answers: Answers, tmp_path: Path
) -> None:
    child = people.child()
    left_behind(store, child)
    sheet = CATEGORY_SHEETS["left_behind"]

    masked = tmp_path / "masked"  # typed without .xlsx: it is added
    answers.save.append(str(masked))
    click(qtbot, page, page.exporting.export_button)
    path = masked.with_name("masked.xlsx")
    assert (
        str(path) in page.exporting.export_status.text()
        and "1" in page.exporting.export_status.text()
    )
    assert "已打码" in page.exporting.export_status.text()
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames[0] == SUMMARY_SHEET and NOTE_SHEET not in workbook.sheetnames
    assert PERSONAL_DATA_NOTE not in (workbook.properties.subject or "")
    workbook.close()
    (shown,) = id_cells(path, sheet)
    assert "*" in shown and shown[:6] == child.id_number[:6] and shown != child.id_number
    every_cell = " ".join(workbook_values(path))
    assert child.name in every_cell
    for _name, id_number in child.people:
        assert id_number not in every_cell

    # Opting in asks first; "no" writes nothing and asks for no file.
    page.exporting.reveal_ids.setChecked(True)
    answers.confirm.append(False)
    page.exporting.export_button.click()
    assert answers.asked[-1][0] == "confirm" and "个人信息" in answers.asked[-1][2]
    assert not page.is_running() and answers.save == []

    revealed = tmp_path / "revealed.xlsx"
    answers.confirm.append(True)
    answers.save.append(str(revealed))
    click(qtbot, page, page.exporting.export_button)
    assert "个人信息" in page.exporting.export_status.text()
    assert not page.exporting.reveal_ids.isChecked()  # the next export is masked again
    workbook = load_workbook(revealed, read_only=True)
    assert workbook.sheetnames[0] == NOTE_SHEET
    assert PERSONAL_DATA_NOTE in (workbook.properties.subject or "")
    workbook.close()
    assert id_cells(revealed, sheet) == [child.id_number]
    every_cell = " ".join(workbook_values(revealed))
    for _name, id_number in child.people:
        assert id_number in every_cell


def test_blank_template(qtbot: QtBot, page: LedgerPage, answers: Answers, tmp_path: Path) -> None:
    answers.save.append(str(tmp_path / "模板"))
    click(qtbot, page, page.exporting.template_button)
    path = tmp_path / "模板.xlsx"
    assert str(path) in page.exporting.export_status.text()
    workbook = load_workbook(path)
    first = workbook.worksheets[0]
    assert [cell.value for cell in first[1]] == list(HEADERS)
    assert first.max_row == 1 or all(c.value is None for row in first.iter_rows(min_row=2)
                                     for c in row)  # fmt: skip
    assert HELP_SHEET in workbook.sheetnames


def test_a_cancelled_dialog_does_nothing(page: LedgerPage, answers: Answers) -> None:
    answers.save += ["", ""]
    answers.open.append("")
    for button in (
        page.exporting.export_button,
        page.exporting.template_button,
        page.importing.import_button,
    ):
        button.click()
    assert not page.is_running() and not page.busy.isVisible()
    assert page.exporting.export_status.text() == page.importing.import_status.text() == ""


# -- import -----------------------------------------------------------------------------


def test_import_a_good_ledger(
    qtbot: QtBot,
    page: LedgerPage,
    session: StoreSession,
    store: CaseStore,
    answers: Answers,
    tmp_path: Path,
) -> None:
    children = people.children(3)
    answers.open.append(str(write_ledger(tmp_path / "台账.xlsx", children)))
    click(qtbot, page, page.importing.import_button)  # read and checked; the preview opens
    with qtbot.waitSignal(session.changed, timeout=60_000):
        through_dialog(qtbot, page)
    assert "3" in page.importing.import_status.text() and "6" in page.importing.import_status.text()
    assert (
        not page.importing.refused_table.isVisible() and not page.importing.skip_button.isVisible()
    )
    names = {c.fields["name"] for c in store.records("child")}
    assert names == {c.name for c in children}
    assert len(store.records("family_member")) == 6

    # The same children from a CSV file are already on file: unchanged, nothing written.
    answers.open.append(str(write_ledger(tmp_path / "again.csv", children)))
    click(qtbot, page, page.importing.import_button)
    dialog = page.importing.intake_dialog
    assert dialog is not None and "3 名儿童无变化" not in dialog.summary.text()
    assert "无变化 3" in dialog.summary.text() or "3 unchanged" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    through_dialog(qtbot, page, "cancel")
    assert len(store.records("child")) == 3


def test_a_long_import_shows_how_far_it_is(
    qtbot: QtBot, page: LedgerPage, session: StoreSession, answers: Answers, tmp_path: Path
) -> None:
    answers.open.append(str(write_ledger(tmp_path / "台账.xlsx", people.children(260))))
    seen: list[tuple[int, int, str]] = []
    bar = page.busy.bar
    bar.valueChanged.connect(
        lambda value: seen.append((value, bar.maximum(), page.busy.label.text()))
    )
    click(qtbot, page, page.importing.import_button)
    with qtbot.waitSignal(session.changed, timeout=60_000):
        through_dialog(qtbot, page)
    checks = [text for _value, _top, text in seen if text.startswith("已检查")]
    assert checks[-1] == "已检查 260 行，共 260 行…"
    writes = [(value, top) for value, top, text in seen if text.startswith("正在写入")]
    assert writes and writes[-1][0] == writes[-1][1]  # the bar filled
    assert "260" in page.importing.import_status.text() and not page.busy.isVisible()
    # The page's next job, which cannot say how far it is, gets a moving bar again.
    answers.save.append(str(tmp_path / "导出.xlsx"))
    click(qtbot, page, page.exporting.export_button)
    assert (bar.minimum(), bar.maximum()) == (0, 0)


def _ledger_with_a_bad_row(path: Path, children: list[FakeChild]) -> Path:
    headers, rows = ledger_rows(children)
    rows[1][headers.index(ledger_header("child", "birth_date"))] = "2015-13-45"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "儿童台账"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_bad_row_imports_nothing_until_the_director_skips_it(
    qtbot: QtBot, page: LedgerPage, store: CaseStore, answers: Answers, tmp_path: Path
) -> None:
    children = people.children(3)
    answers.open.append(str(_ledger_with_a_bad_row(tmp_path / "台账.xlsx", children)))
    click(qtbot, page, page.importing.import_button)
    dialog = page.importing.intake_dialog
    assert dialog is not None and not dialog.import_button.isEnabled()
    assert dialog.others_button.isVisible()
    through_dialog(qtbot, page, "cancel")  # the director closes it to correct the file
    assert store.records("child") == [] and store.records("family_member") == []
    assert (
        "没有导入" in page.importing.import_status.text()
        and "1" in page.importing.import_status.text()
    )
    assert page.importing.refused_table.isVisible() and page.importing.skip_button.isVisible()
    assert page.importing.refused_model.rowCount() == 1
    refused = page.importing.refused_model.index(0, 0).data(PAYLOAD_ROLE)
    assert isinstance(refused, RefusedRow) and refused.row_number == 3  # header is row 1
    assert page.importing.refused_model.index(0, 0).data() == "3"
    reason = page.importing.refused_model.index(0, 2).data()
    assert "出生日期" in reason and "2015-13-45" in reason and "不是有效日期" in reason
    assert children[1].id_number not in reason

    click(qtbot, page, page.importing.skip_button)
    names = {c.fields["name"] for c in store.records("child")}
    assert names == {children[0].name, children[2].name}
    assert "2" in page.importing.import_status.text() and "1" in page.importing.import_status.text()
    assert page.importing.refused_model.rowCount() == 1  # the bad row is still named, to correct it
    assert page.importing.refused_model.index(0, 0).data() == "3"
    assert not page.importing.skip_button.isVisible()


def test_a_damaged_file_is_refused_whole(
    qtbot: QtBot, page: LedgerPage, store: CaseStore, answers: Answers, tmp_path: Path
) -> None:
    damaged = tmp_path / "台账.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    answers.open.append(str(damaged))
    click(qtbot, page, page.importing.import_button, ok=False)
    assert "不是有效的 Excel" in page.importing.import_status.text()
    assert store.records("child") == []
    assert (
        not page.importing.refused_table.isVisible() and not page.importing.skip_button.isVisible()
    )


# -- monthly report ---------------------------------------------------------------------


def test_monthly_report_as_pdf_and_xlsx(
    qtbot: QtBot, page: LedgerPage, store: CaseStore, answers: Answers, tmp_path: Path
) -> None:
    child = people.child()
    child_id = left_behind(store, child)
    today = date.today()
    store.create(
        "visit", {"child_id": child_id, "visit_date": today.isoformat(), "visitor": "李主任"}
    )
    page.reporting.report_month.setDate(QDate(today.year, today.month, 1))
    answers.save.append(str(tmp_path / "月报"))
    click(qtbot, page, page.reporting.report_button)
    pdf, xlsx = tmp_path / "月报.pdf", tmp_path / "月报.xlsx"
    assert (
        str(pdf) in page.reporting.report_status.text()
        and str(xlsx) in page.reporting.report_status.text()
    )
    label = f"{today.year}年{today.month}月"

    text = "".join(p.text for p in render_pdf(pdf, tmp_path))
    assert f"儿童关爱保护工作月报（{label}）" in text and child.name in text

    workbook = load_workbook(xlsx)
    assert workbook.sheetnames[:2] == ["概况", "分村统计"]
    assert label in str(workbook["概况"]["A1"].value)
    figures: dict[Any, Any] = {
        r[0]: r[1] for r in workbook["概况"].iter_rows(min_row=4, values_only=True)
    }
    assert figures["建档儿童（人）"] == 1 and figures["本月走访（次）"] == 1
    assert figures["新建档案（人）"] == 1
    new_cases = [r[0] for r in workbook["新建档案"].iter_rows(min_row=2, values_only=True)]
    assert new_cases == [child.name]

    # One format only: the PDF box unticked writes the workbook alone.
    page.reporting.report_pdf.setChecked(False)
    answers.save.append(str(tmp_path / "only.xlsx"))
    click(qtbot, page, page.reporting.report_button)
    assert (tmp_path / "only.xlsx").exists() and not (tmp_path / "only.pdf").exists()
    assert answers.asked[-1][3] == "Excel 工作簿 (*.xlsx)"
    page.reporting.report_xlsx.setChecked(False)
    assert not page.reporting.report_button.isEnabled()  # no format, no report


def test_paths_of_the_files() -> None:
    assert with_suffix("a/台账", ".xlsx") == Path("a/台账.xlsx")
    assert with_suffix("a/台账.XLSX", ".xlsx") == Path("a/台账.XLSX")
    assert report_paths(Path("m.xlsx"), (".pdf", ".xlsx")) == (Path("m.pdf"), Path("m.xlsx"))
    assert report_paths(Path("m.2026"), (".pdf",)) == (Path("m.2026.pdf"),)


# -- in the window ------------------------------------------------------------------------


def test_the_page_is_on_the_rail_and_forgets_the_import_when_locked(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811
    tmp_path: Path,
) -> None:
    first_run_offline(qtbot, controller)
    window, page = controller.window, controller.ledger_page
    assert window.rail.item(Page.LEDGER).text() == "台账与报表"
    assert not window.rail.item(Page.LEDGER).isHidden()
    window.show_page(Page.LEDGER)
    assert window.pages.currentWidget() is page

    bad = _ledger_with_a_bad_row(tmp_path / "台账.xlsx", people.children(2))
    page.importing._choose_open = lambda _parent, _title, _filters: str(bad)
    click(qtbot, page, page.importing.import_button)
    through_dialog(qtbot, page, "cancel")
    assert page.importing.refused_model.rowCount() == 1
    controller.lock()
    assert (
        page.importing.refused_model.rowCount() == 0 and page.importing.import_status.text() == ""
    )
    assert not page.importing.skip_button.isVisible()


def test_whole_intake_flow_from_the_villages_own_ledger(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Choose the file → the columns → a preview with a disagreement and a bad row →
    import the others → the list shows the children with categories and next visits."""
    from desktop.ui.table_models.children import Column, Role
    from tests.county_ledgers import make_children, write_flat_xlsx

    first_run_offline(qtbot, controller)
    window, page = controller.window, controller.ledger_page
    window.show_page(Page.LEDGER)
    kids = make_children(6, seed=3, left_behind_share=0.5)
    path = write_flat_xlsx(tmp_path / "演示村台账.xlsx", kids)
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.cell(row=4, column=4).value = 3.30523e17  # an ID number Excel made a number
    workbook.save(path)
    page.importing._choose_open = lambda _parent, _title, _filters: str(path)

    click(qtbot, page, page.importing.import_button)
    dialog = page.importing.intake_dialog
    assert dialog is not None
    # The columns: the county's words were understood; the director leaves 就读学校 out.
    assert dialog.chosen_mapping()[next(iter(dialog.chosen_mapping()))]["出生年月"] == "出生日期"
    assert dialog.tabs.currentIndex() == 1  # the preview first; the columns a tab away
    dialog.tabs.setCurrentIndex(0)
    dialog.set_target("就读学校", "不导入")
    with qtbot.waitSignal(page.finished, timeout=60_000):
        qtbot.mouseClick(dialog.remap_button, Qt.MouseButton.LeftButton)
    dialog = page.importing.intake_dialog
    assert dialog is not None and dialog.isVisible()
    summary = dialog.summary.text()
    assert "有问题的行 1" in summary or "1 rows with problems" in summary or "1 行" in summary
    preview = dialog.preview_table.model()
    details = [preview.index(r, 5).data() for r in range(preview.rowCount())]
    assert any("被 Excel 存成了数字" in d for d in details)
    assert any("台账写的是“农村留守儿童”" in d and "母亲" in d for d in details)
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(controller.session.changed, timeout=60_000):
        through_dialog(qtbot, page, "others")
    assert "5" in page.importing.import_status.text()

    children = controller.children_page
    with qtbot.waitSignal(children.loaded, timeout=60_000):
        window.show_page(Page.CHILDREN)
        controller.session.changed.emit("")
    model = children.model
    shown = {
        model.index(r, Column.NAME).data(): (
            model.index(r, Column.NAME).data(Role.CATEGORIES),
            model.index(r, Column.NEXT_VISIT).data(),
        )
        for r in range(model.rowCount())
    }
    imported = [k for k in kids[1:]]
    assert set(shown) == {k.name for k in imported}
    for kid in imported:
        categories, next_visit = shown[kid.name]
        if kid.mother_away != "在家":
            assert list(categories) == ["left_behind"] and next_visit
    assert store_school_left_out(controller)


def store_school_left_out(controller: AppController) -> bool:  # noqa: F811
    store = controller.session.store
    assert store is not None
    return all(not c.fields.get("school") for c in store.records("child"))


def test_the_ledger_page_writes_the_date_the_dialog_was_given(
    qtbot: QtBot, page: LedgerPage, answers: Answers, store: CaseStore, tmp_path: Path
) -> None:
    from PySide6.QtCore import QDate

    from tests.ui.test_intake_opening import _ledger

    answers.open.append(str(_ledger(tmp_path / "台账.csv", opened=None)))
    click(qtbot, page, page.importing.import_button)
    dialog = page.importing.intake_dialog
    assert dialog is not None
    dialog.opened_on.setDate(QDate(2020, 1, 6))
    through_dialog(qtbot, page)
    assert {c.fields["opened_on"] for c in store.records("child")} == {"2020-01-06"}
