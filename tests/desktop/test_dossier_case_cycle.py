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
