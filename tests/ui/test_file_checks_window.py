"""The window cites the clauses of casework.file_checks where they show (issue 17 item 6):
the key-child box (annex 3 item 4) and the certificate's validity date (§二(一)4, 5)."""

from __future__ import annotations

from desktop.ui.dialogs.child_file import child_fields
from desktop.ui.pages.supervision import figure_explanations, figure_titles


def test_the_child_form_tooltips_name_their_clauses() -> None:
    tips = {f.name: f.tooltip for f in child_fields()}
    assert "工作方案附件3第4项" in tips["key_child"]  # the window is in Chinese in tests
    assert "工作方案二（一）4、5" in tips["assistance_valid_until"]
    assert tips["name"] == ""


def test_the_supervision_table_counts_files_the_rules_cannot_judge() -> None:
    # Issue 18 item 3: they are the first of the village's data problems.
    assert figure_titles()["data_problems"] == "数据\n问题"
    assert figure_explanations()["data_problems"].startswith("规则无法判断类别的档案")
