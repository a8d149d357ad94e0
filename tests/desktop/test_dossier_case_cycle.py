"""The dossier (一人一档) shows the case cycle (issue 17): the latest assessment with who
assessed and its help plan (seed §二(六)3), and referrals with their answers (§二(五)),
still on one page with a long history; rendered back and read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.models.store import CaseStore
from desktop.services.documents.dossier import write_dossier
from tests.desktop.pdf_render import render_pdf
from tests.desktop.test_documents import _child_file


def test_the_dossier_shows_the_assessment_plan_and_referral_answers(
    store: CaseStore, tmp_path: Path
) -> None:
    child = _child_file(store, visits=40)
    store.create(
        "assessment",
        {"child_id": child, "assessed_on": "2026-11-10", "assessor": "周督导",
         "risk_level": "medium", "partners": ["civil_affairs", "public_security"],
         "plan_items": [
             {"what": "每周心理疏导", "department": "education", "due": "2026-12-10"},
             {"what": "申请临时救助", "department": "civil_affairs", "done": True,
              "done_on": "2026-11-20"},
         ]},
    )  # fmt: skip
    store.create(
        "referral",
        {"child_id": child, "department": "rescue_centre", "need": "临时照料",
         "referred_on": "2026-11-02", "status": "declined", "closed_on": "2026-11-05",
         "decline_reason": "已由亲属照料"},
    )  # fmt: skip
    store.create(
        "referral",
        {"child_id": child, "department": "court", "need": "撤销监护资格咨询",
         "referred_on": "2026-11-12", "status": "in_progress", "accepted_on": "2026-11-14"},
    )  # fmt: skip
    path = tmp_path / "一人一档.pdf"
    assert write_dossier(store, child, path, today=date(2026, 11, 28)) == 1
    (page,) = render_pdf(path, tmp_path)
    for expected in (
        "评估帮扶（共1次）",
        "2026-11-10周督导（会同民政、公安），风险等级中",
        "每周心理疏导", "教育", "2026-12-10", "未完成",
        "申请临时救助", "已完成（2026-11-20）",
        "未受理：已由亲属照料",
        "法院", "办理中（2026-11-14受理）",
    ):  # fmt: skip
        assert expected in page.text, expected
    # Not done first: the open item leads the plan.
    assert page.text.index("每周心理疏导") < page.text.index("申请临时救助")


def test_the_dossier_shows_report_follow_through_interventions_and_closure(
    store: CaseStore, tmp_path: Path
) -> None:
    # §二(六)1 ("第一时间": over 24 hours flagged), §二(六)2 (应急处置, police feedback),
    # §二(六)4 (强化监护干预), issue 17 item 5 (退出/结案 with its reason).
    child = _child_file(store, visits=40)
    store.update(
        child,
        {"file_closed_on": "2026-11-25", "closure_reason": "parents_returned",
         "closure_note": "父母返乡照料"},
    )  # fmt: skip
    store.create(
        "mandatory_report",
        {"child_id": child, "trigger": "living_alone", "found_at": "2026-11-01T08:00",
         "reported_at": "2026-11-03T10:00", "police_station": "递铺派出所", "filed": True,
         "emergency_measure": "relatives_care", "taken_in_by": "外婆",
         "police_feedback_on": "2026-11-06"},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": child, "relation": "uncle_aunt", "name": "王二山",
         "refusing_since": "2026-05-01",
         "interventions": [{"step": "admonition", "taken_on": "2026-11-12",
                            "by_whom": "递铺派出所", "outcome": "表示改正"}]},
    )  # fmt: skip
    path = tmp_path / "一人一档.pdf"
    assert write_dossier(store, child, path, today=date(2026, 11, 28)) == 1
    (page,) = render_pdf(path, tmp_path)
    for expected in (
        "已于2026-11-25结案（退出），原因：父母返乡，父母返乡照料",
        "用时2天2小时，超过24小时", "委托亲属监护照料（外婆）", "公安反馈2026-11-06",
        "强化监护干预", "训诫（递铺派出所）", "表示改正",
    ):  # fmt: skip
        assert expected in page.text.replace(" ", ""), expected
