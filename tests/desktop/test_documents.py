"""Printed documents: the entrustment confirmation and the one-page dossier, rendered back.

Each PDF is rendered to PNG with PDFium and read back: its text layer must hold the
child's and the guardian's names (so the Chinese is real embedded text, not boxes), the
page must carry ink where the title is, and the font program must be embedded.
"""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from casework.ids import make_id_number
from desktop.models.store import CaseStore
from desktop.services.documents.dossier import write_dossier
from desktop.services.documents.entrustment import write_entrustment
from desktop.services.documents.pdf import (
    M_NO_CJK_FONT,
    DocumentError,
    choose_cjk_family,
    cjk_family,
)
from tests.desktop.pdf_render import render_pdf

CHILD_ID_NUMBER = make_id_number("330523", date(2014, 3, 1), 123)


def _child_file(store: CaseStore, *, visits: int = 2, entrusted: bool = True) -> str:
    child = store.create(
        "child",
        {
            "name": "王小明",
            "gender": "male",
            "birth_date": "2014-03-01",
            "id_number": CHILD_ID_NUMBER,
            "school": "递铺小学",
            "grade": "五年级",
            "residence_address": "安吉县递铺街道古城村12号",
        },
    )
    store.create(
        "family_member",
        {"child_id": child, "relation": "father", "name": "王大山", "phone": "13800138000",
         "work_place": "杭州市萧山区建材厂", "situations": [{"kind": "migrant_work",
                                                            "since": "2020-01-01"}]},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": child, "relation": "mother", "name": "李春花", "phone": "13800138001",
         "work_place": "宁波市北仑区电子厂", "situations": [{"kind": "migrant_work",
                                                           "since": "2021-03-01"}]},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": child, "relation": "grandfather", "name": "王守田",
         "phone": "13900139000", "is_entrusted_guardian": True},
    )  # fmt: skip
    for i in range(visits):
        store.create(
            "visit",
            {"child_id": child, "visit_date": date(2026, 1, 5) + timedelta(days=7 * i),
             "visitor": "李主任", "problems_found": "情绪低落，需要陪伴和心理疏导" * 4},
        )  # fmt: skip
    if entrusted:
        store.create(
            "entrustment",
            {"child_id": child, "guardian_name": "王守田", "guardian_relation": "祖父",
             "guardian_phone": "13900139000", "signed_date": "2026-01-10",
             "valid_until": "2027-01-09", "status": "signed"},
        )  # fmt: skip
    return child


def test_entrustment_confirmation_renders_its_chinese_text(
    store: CaseStore, tmp_path: Path
) -> None:
    child = _child_file(store)
    path = tmp_path / "委托监护确认书.pdf"
    assert write_entrustment(store, child, path) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert b"/FontFile2" in raw and b"WenQuanYi" in raw  # the CJK font is embedded
    (page,) = render_pdf(path, tmp_path)
    for expected in (
        "委托监护确认书",
        "王小明",
        CHILD_ID_NUMBER,
        "王守田",
        "祖父",
        "13900139000",
        "杭州市萧山区建材厂",
        "13800138000",
        "宁波市北仑区电子厂",
        "自2026-01-10起至2027-01-09止",
        "受委托监护人签字",
        "委托人（父亲）签字",
    ):
        assert expected in page.text, expected
    assert page.dark_fraction(0.03, 0.09) > 0.01  # the title band carries ink
    assert page.dark_fraction() > 0.01
    assert page.dark_fraction(0.9, 1.0) < 0.001  # one short page: the foot is empty


def test_entrustment_from_its_record_or_for_a_child_without_one(
    store: CaseStore, tmp_path: Path
) -> None:
    child = _child_file(store, entrusted=False)
    path = tmp_path / "blank-term.pdf"
    write_entrustment(store, child, path)
    (page,) = render_pdf(path, tmp_path)
    # The family's entrusted guardian, and blank lines for the term to fill in by hand.
    assert "王守田" in page.text and "自＿＿＿＿＿＿起至＿＿＿＿＿＿止" in page.text

    record = store.create(
        "entrustment",
        {"child_id": child, "guardian_name": "张桂英", "guardian_relation": "外祖母",
         "signed_date": "2026-02-01", "valid_until": "2026-08-01", "status": "signed"},
    )  # fmt: skip
    path = tmp_path / "record.pdf"
    write_entrustment(store, record, path)
    (page,) = render_pdf(path, tmp_path)
    assert "张桂英" in page.text and "外祖母" in page.text and "王小明" in page.text


def test_dossier_fits_one_page_with_a_long_history(store: CaseStore, tmp_path: Path) -> None:
    child = _child_file(store, visits=40)
    for _ in range(8):
        store.create(
            "referral",
            {"child_id": child, "department": "education", "need": "学业辅导" * 30,
             "referred_on": "2026-05-01"},
        )  # fmt: skip
    path = tmp_path / "一人一档.pdf"
    assert write_dossier(store, child, path, today=date(2026, 11, 28)) == 1
    (page,) = render_pdf(path, tmp_path)
    for expected in ("一人一档", "王小明", "农村留守儿童", "王大山", "王守田", "共40次", "教育"):
        assert expected in page.text, expected
    assert CHILD_ID_NUMBER not in page.text
    assert CHILD_ID_NUMBER[:6] + "********" + CHILD_ID_NUMBER[14:] in page.text
    assert str(date(2026, 1, 5) + timedelta(days=7 * 39)) in page.text  # the latest visit
    assert page.dark_fraction(0.02, 0.08) > 0.01


def test_dossier_reveals_the_id_number_only_when_asked(store: CaseStore, tmp_path: Path) -> None:
    child = _child_file(store, visits=0)
    path = tmp_path / "revealed.pdf"
    write_dossier(store, child, path, reveal_id_numbers=True)
    (page,) = render_pdf(path, tmp_path)
    assert CHILD_ID_NUMBER in page.text and "无记录" in page.text


def test_font_choice_prefers_known_families_and_fails_plainly_without_one() -> None:
    assert cjk_family()  # this machine has WenQuanYi Micro Hei (make system-deps)
    families = ["DejaVu Sans", "Some CJK", "WenQuanYi Micro Hei"]
    assert choose_cjk_family(families, lambda f: f != "DejaVu Sans") == "WenQuanYi Micro Hei"
    assert choose_cjk_family(["DejaVu Sans", "Some CJK"], lambda f: "CJK" in f) == "Some CJK"
    with pytest.raises(DocumentError) as caught:
        choose_cjk_family(["DejaVu Sans", "Liberation Serif"], lambda f: False)
    assert caught.value.message == M_NO_CJK_FONT
    assert "fonts-wqy-microhei" in caught.value.message.zh
    assert "fonts-wqy-microhei" in caught.value.message.en


def test_a_pdf_needs_a_pdf_name(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        write_dossier(store, _child_file(store), tmp_path / "dossier.png")
