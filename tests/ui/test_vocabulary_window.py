"""The window names coded values from the one vocabulary the CLI and the ledger read too
(issue 19 item 5): its forms in the vocabulary's order, its choices and lists in its words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from casework.vocabulary import CATEGORY, SEVERITY, form_order
from desktop.ui.dialogs.child_file import (
    CHILD_FIELDS,
    ENTRUSTMENT_FIELDS,
    MEMBER_FIELDS,
    VISIT_FIELDS,
)
from desktop.ui.dialogs.mandatory_report import REPORT_FIELDS
from desktop.ui.pages.home import severity_words
from desktop.ui.pages.supervision import NOTE_FIELDS
from desktop.ui.pages.todo import severity_text
from desktop.ui.widgets.case_cycle import assessment_fields, referral_fields
from desktop.ui.widgets.record_form import RecordForm
from desktop.ui.words import value_text


def _in_order(names: Sequence[str], order: Sequence[str]) -> bool:
    positions = [order.index(n) for n in names]
    return positions == sorted(positions)


@pytest.mark.parametrize(
    ("kind", "specs"),
    [
        ("child", CHILD_FIELDS),
        ("visit", VISIT_FIELDS),
        ("family_member", MEMBER_FIELDS),
        ("entrustment", ENTRUSTMENT_FIELDS),
        ("mandatory_report", REPORT_FIELDS),
        ("supervision_note", NOTE_FIELDS),
        ("assessment", "assessment"),
        ("referral", "referral"),
    ],
)
def test_the_forms_follow_the_vocabularys_order(kind: str, specs: Any) -> None:
    """``childdesk show`` prints a record in casework.vocabulary.FORM_ORDER: the window's
    forms must list their fields in that order too."""
    if specs == "assessment":
        specs = assessment_fields()
    elif specs == "referral":
        specs = referral_fields()
    names = [spec.name for spec in specs]
    order = form_order(kind)
    assert set(names) <= set(order)
    assert _in_order(names, order), (names, order)


def test_choices_speak_the_vocabularys_words(qtbot: QtBot) -> None:
    form = RecordForm("child", CHILD_FIELDS)
    qtbot.addWidget(form)
    grade = form.widget("disability_grade")
    assert isinstance(grade, QComboBox)
    assert [grade.itemText(i) for i in range(1, grade.count())] == ["一级", "二级", "三级", "四级"]
    gender = form.widget("gender")
    assert isinstance(gender, QComboBox)
    assert [gender.itemText(i) for i in range(1, gender.count())] == ["男", "女"]


def test_pressing_is_said_alike_on_every_page() -> None:
    for code in ("urgent", "warning", "info"):
        assert severity_text(code) == severity_words(code) == SEVERITY.name(code).zh
    assert severity_text("warning") == "提醒"


def test_category_names_are_the_seeds() -> None:
    assert value_text("justice_involved") == "犯罪未成年人及犯罪案件未成年受害者"
    assert value_text("justice_involved") == CATEGORY.name("justice_involved").zh
