"""基本信息: the child's own fields, checked as they are typed by the store's rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QScrollArea, QWidget

from casework.ids import parse_id_number
from casework.messages import CaseworkError
from desktop.ui.widgets.record_form import FieldSpec, RecordForm, Widget

CHILD_FIELDS = (
    FieldSpec("name"),
    FieldSpec("gender", Widget.CHOICE, ("male", "female")),
    FieldSpec("id_number", Widget.ID_NUMBER),
    FieldSpec("birth_date", Widget.DATE),
    FieldSpec("ethnicity"),
    FieldSpec("hukou_county_code"),
    FieldSpec("hukou_type", Widget.CHOICE, ("rural", "urban"), blank=False),
    FieldSpec("hukou_address"),
    FieldSpec("no_hukou", Widget.BOOL),
    FieldSpec("residence_address"),
    FieldSpec("school"),
    FieldSpec("grade"),
    FieldSpec(
        "schooling_status",
        Widget.CHOICE,
        ("in_school", "dropped_out", "out_of_school", "not_enrolled"),
    ),
    FieldSpec("boarding", Widget.BOOL),
    FieldSpec("health", Widget.LONG_TEXT),
    FieldSpec(
        "disability_category",
        Widget.CHOICE,
        ("physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"),
    ),
    FieldSpec("disability_grade", Widget.CHOICE, (1, 2, 3, 4)),
    FieldSpec("disability_certificate_no"),
    FieldSpec("serious_illness", Widget.BOOL),
    FieldSpec("serious_illness_note", Widget.LONG_TEXT),
    FieldSpec("family_assistance", Widget.CHOICE, ("none", "dibao", "dibao_edge"), blank=False),
    FieldSpec("assistance_certificate_no"),
    FieldSpec("assistance_valid_until", Widget.DATE),
    FieldSpec("welfare_received", Widget.LONG_TEXT),
    FieldSpec("in_welfare_institution", Widget.BOOL),
    FieldSpec("found_in_county", Widget.BOOL),
    FieldSpec("justice_involvement", Widget.CHOICE, ("offender", "victim")),
    FieldSpec("needs_temporary_custody", Widget.BOOL),
    FieldSpec("risk_level", Widget.CHOICE, ("low", "medium", "high"), blank=False),
    FieldSpec("key_child", Widget.BOOL),
    FieldSpec("opened_on", Widget.DATE),
    FieldSpec("notes", Widget.LONG_TEXT),
)


def child_fields() -> tuple[FieldSpec, ...]:
    """The child's fields, with the clauses of the rules they feed (casework.file_checks)
    as tooltips, in the language of the moment."""
    tips = {
        "key_child": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan annex 3 item 4: poorly guarded, out-of-school, unregistered, ill or "
            "disabled children are key children, visited more often. The to-do suggests "
            "them; tick this to confirm.",
        ),
        "no_hukou": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan §二(五)4, §二(六)1: a child without household registration is kept on "
            "file too (the hukou fields above are then not read). It is suggested as a key "
            "child; help settle the registration (annex 3 item 4).",
        ),
        "schooling_status": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan annex 3 item 4: a child who dropped out or is out of school is a key "
            "child, helped back to school. Not yet at school: below school age.",
        ),
        "assistance_valid_until": QCoreApplication.translate(
            "ChildFileDialog",
            "Work plan §二(一)4, 5: only a certificate within its validity counts; without "
            "this date the to-do asks for it.",
        ),
    }
    return tuple(replace(f, tooltip=tips[f.name]) if f.name in tips else f for f in CHILD_FIELDS)


NEW_CHILD_DEFAULTS: dict[str, Any] = {
    "hukou_county_code": "330523",
    "hukou_type": "rural",
    "family_assistance": "none",
    "risk_level": "low",
}


class BasicInfoTab(QScrollArea):
    """The child's form, scrolled; a valid ID number fills in birth date and gender."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.form = RecordForm("child", child_fields(), self)
        self.setWidgetResizable(True)
        self.setWidget(self.form)

    def fill_from_id_number(self) -> None:
        """A valid ID number fixes birth date and gender: fill them in when left blank."""
        value = self.form.values().get("id_number")
        if not value:
            return
        try:
            parsed = parse_id_number(value)
        except CaseworkError:
            return
        current = self.form.values()
        if not current.get("birth_date"):
            self.form.set_value("birth_date", parsed.birth_date.isoformat())
        if not current.get("gender"):
            self.form.set_value("gender", parsed.gender)
