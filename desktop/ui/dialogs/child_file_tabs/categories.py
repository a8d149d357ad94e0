"""类别: the categories the rules find for the child, why, and what changes soon."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.ui.i18n import is_english, message_text
from desktop.ui.words import value_text
from desktop.usecases.children import ChildFile


def _words() -> dict[str, str]:
    # The ChildFileDialog context: these were the dialog's strings before the tabs moved out.
    words = {
        "difficulty": QCoreApplication.translate("ChildFileDialog", "A child in difficulty."),
        "no_category": QCoreApplication.translate("ChildFileDialog", "In scope, in no category"),
        "out": QCoreApplication.translate("ChildFileDialog", "Not in scope"),
        "why": QCoreApplication.translate("ChildFileDialog", "Why"),
        "coming": QCoreApplication.translate("ChildFileDialog", "Coming changes"),
        "none_coming": QCoreApplication.translate("ChildFileDialog", "No changes coming."),
    }
    return {key: html.escape(text) for key, text in words.items()}


def categories_html(file: ChildFile) -> str:
    english = is_english()
    esc = _words()
    parts: list[str] = []
    if file.eligibility_problem is not None:
        parts.append(f"<p>{html.escape(message_text(file.eligibility_problem))}</p>")
    result = file.eligibility
    if result is None:
        return "".join(parts)
    if result.categories:
        names = "、".join(value_text(c) for c in result.categories)
        parts.append(f"<h3>{html.escape(names)}</h3>")
        if result.in_difficulty:
            parts.append(f"<p>{esc['difficulty']}</p>")
    elif result.in_scope:
        parts.append(f"<h3>{esc['no_category']}</h3>")
    else:
        parts.append(f"<h3>{esc['out']}</h3>")
    if result.reasons:
        parts.append(f"<h4>{esc['why']}</h4><ul>")
        for reason in result.reasons:
            text = reason.en if english else reason.zh
            clause = ""
            if reason.clause:
                where = QCoreApplication.translate(
                    "ChildFileDialog", "(work plan, clause {clause})"
                ).format(clause=reason.clause)
                clause = f" <i>{html.escape(where)}</i>"
            parts.append(f"<li>{html.escape(text)}{clause}</li>")
        parts.append("</ul>")
    if result.upcoming_changes:
        parts.append(f"<h4>{esc['coming']}</h4><ul>")
        for change in result.upcoming_changes:
            text = change.en if english else change.zh
            day = change.date.isoformat()
            line = text if day in text else f"{day}: {text}"
            parts.append(f"<li>{html.escape(line)}</li>")
        parts.append("</ul>")
    else:
        parts.append(f"<p>{esc['none_coming']}</p>")
    return "".join(parts)


class CategoriesTab(QTextBrowser):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("categories")

    def show_file(self, file: ChildFile) -> None:
        self.setHtml(categories_html(file))
