"""Issue 17 item 6 in what the program prints and counts: each child in difficulty counted
once (statistics, ledger summary, monthly report), and the new records (benefits, schooling,
no household registration, a declined key-child suggestion) in the dossier PDF and the
monthly report, rendered back and read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desktop.models.store import CaseStore
from desktop.services.documents.dossier import write_dossier
from desktop.services.documents.monthly_report import write_monthly_report_pdf
from desktop.services.ledger import SUMMARY_SHEET, export_ledger
from desktop.services.month_figures import month_figures
from desktop.services.monthly_report import key_figures
from desktop.services.monthly_report_xlsx import write_monthly_report_xlsx
from desktop.usecases.statistics import load_statistics
from tests.desktop.pdf_render import render_pdf

TODAY = date(2026, 11, 28)


def _two_categories(store: CaseStore) -> str:
    """Father dead, mother imprisoned a year, a 低保 family, the child severely disabled:
    de facto unsupported (§二(一)3) and a low-income child in difficulty (§二(一)4)."""
    child = store.create(
        "child",
        {"name": "孙双类", "gender": "female", "birth_date": "2014-06-01",
         "family_assistance": "dibao", "assistance_valid_until": "2027-12-31",
         "disability_category": "physical", "disability_grade": 1, "opened_on": "2026-01-05",
         "schooling_status": "in_school"},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": child, "relation": "father", "situations": [{"kind": "deceased"}]},
    )
    store.create(
        "family_member",
        {"child_id": child, "relation": "mother",
         "situations": [{"kind": "imprisoned", "since": "2025-01-01"}]},
    )  # fmt: skip
    return child


def test_issue_17_a_child_in_two_categories_is_counted_once(
    store: CaseStore, tmp_path: Path
) -> None:
    _two_categories(store)
    stats = load_statistics(store, today=TODAY, months=1)
    by_category = dict(stats.by_category)
    assert by_category["de_facto_unsupported"] == by_category["low_income_self_difficulty"] == 1
    assert stats.in_difficulty == 1 and stats.children == 1
    path = tmp_path / "台账.xlsx"
    export_ledger(store, path, today=TODAY)
    workbook = load_workbook(path)
    header, village, total = list(workbook[SUMMARY_SHEET].iter_rows(values_only=True))[:3]
    row = dict(zip(header, total, strict=True))
    assert row["事实无人抚养儿童"] == row["低保户和低保边缘户家庭中的自身困境儿童"] == 1
    assert row["困境儿童（不重复计）"] == 1 and row["儿童人数"] == 1
    assert dict(zip(header, village, strict=True))["困境儿童（不重复计）"] == 1
    workbook.close()
    figures = dict(key_figures(month_figures(store, date(2026, 11, 1))))
    assert figures["其中困境儿童（月末，人，属多类只计一次）"] == 1


def test_annex_3_item_4_the_dossier_shows_benefits_schooling_and_the_key_child_answer(
    store: CaseStore, tmp_path: Path
) -> None:
    child = _two_categories(store)
    store.update(
        child,
        {"no_hukou": True, "key_child_declined": {"grounds": ["disabled"],
                                                  "declined_on": "2026-11-20",
                                                  "reason": "家人照料周到"},
         "benefits": [
             {"benefit": "basic_living", "status": "granted", "applied_on": "2026-02-01",
              "granted_on": "2026-03-01"},
             {"benefit": "medical_aid", "status": "refused", "applied_on": "2026-04-01",
              "note": "材料不全"}]},
    )  # fmt: skip
    # Without hukou the child is out of scope: the benefits that apply come from categories,
    # so none waits; with it the rules apply again and those not applied for are listed.
    path = tmp_path / "一人一档.pdf"
    assert write_dossier(store, child, path, today=TODAY) == 1
    (page,) = render_pdf(path, tmp_path)
    for expected in (
        "无户籍", "在读", "否（家人照料周到）", "帮扶救助", "基本生活费（补贴）", "已享受",
        "申请2026-02-01；享受2026-03-01", "医疗救助", "未获批", "材料不全",
    ):  # fmt: skip
        assert expected in page.text, expected
    store.update(child, {"no_hukou": False})
    assert write_dossier(store, child, path, today=TODAY) == 1
    (page,) = render_pdf(path, tmp_path)
    for expected in ("依据（工作方案）", "二（五）5", "教育资助", "尚未申请", "残疾人两项补贴"):
        assert expected in page.text, expected
    assert page.dark_fraction(0.0, 1.0) > 0.01  # ink on the page, not an empty render


def test_annex_3_item_4_the_monthly_report_lists_benefits_applied_and_granted(
    store: CaseStore, tmp_path: Path
) -> None:
    child = _two_categories(store)
    store.update(
        child,
        {"benefits": [
            {"benefit": "basic_living", "status": "granted", "applied_on": "2026-10-20",
             "granted_on": "2026-11-03"},
            {"benefit": "dibao", "status": "applied", "applied_on": "2026-11-10"},
            {"benefit": "education_aid", "status": "informed", "informed_on": "2026-11-12"}]},
    )  # fmt: skip
    november = month_figures(store, date(2026, 11, 1))
    lines = [(r.day.isoformat(), r.what) for r in november.benefits]
    assert lines == [
        ("2026-11-03", "基本生活费（补贴）：享受（批准）"),
        ("2026-11-10", "低保：申请"),
    ]
    assert dict(key_figures(november))["本月申请或享受救助（项）"] == 2
    pdf = tmp_path / "月报.pdf"
    assert write_monthly_report_pdf(november, pdf) >= 1
    text = "".join(page.text for page in render_pdf(pdf, tmp_path))
    assert "帮扶救助（2）" in text and "基本生活费（补贴）：享受（批准）" in text
    xlsx = tmp_path / "月报.xlsx"
    write_monthly_report_xlsx(november, xlsx)
    workbook = load_workbook(xlsx)
    rows = list(workbook["帮扶救助"].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in rows] == ["基本生活费（补贴）：享受（批准）", "低保：申请"]
    workbook.close()
