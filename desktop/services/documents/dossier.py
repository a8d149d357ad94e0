"""一人一档: one printed page per child, what a visitor or the township needs at a glance.

The page holds the child's identity, categories and risk, the family and guardian, the
entrustment, the latest visits, the latest assessment and its help plan, reports (time to
report, emergency measure, police feedback: seed §二(六)1–2) and referrals with their
answers, guardianship interventions (§二(六)4), benefits (帮扶救助, annex 3 item 4: those
on file and those that apply and are not applied for), schooling status and household
registration (无户籍), a declined key-child suggestion with its reason, and a closure with
its reason (退出/结案).
Lists and long texts are cut so the dossier always fits on one A4 page; the full file
stays in the store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from casework import vocabulary
from casework.dates import read_day
from casework.ids import mask_id_number
from casework.labels import VALUE_LABELS
from casework.visits_policy import visit_due
from desktop.models.store import CaseStore, RecordView
from desktop.services.casefile import county_visit_policy, eligibility_of, opening_of
from desktop.services.directory import directory_of
from desktop.services.documents.benefits import benefit_rows
from desktop.services.documents.case_cycle import (
    assessment_line,
    closure_line,
    intervention_rows,
    plan_rows,
    referral_state,
    report_response,
    report_timing,
)
from desktop.services.documents.child_file import (
    ASSISTANCE,
    DEPARTMENTS,
    ENTRUSTMENT_STATUS,
    FOLLOW_UP_STATUS,
    GENDERS,
    REPORT_TRIGGERS,
    RISK_LEVELS,
    VISIT_TYPES,
    ChildFile,
    load_child_file,
    relation_word,
    situation_text,
)
from desktop.services.documents.pdf import escape, table, write_pdf

TITLE = "一人一档"
POINT_SIZE = 9.0
# How many visits and how many reports/referrals to show, tried in turn until one page holds.
LIST_LENGTHS = ((5, 3), (3, 2), (2, 1), (1, 1))
TEXT_LIMIT = 30


def _short(value: object, limit: int = TEXT_LIMIT) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _id(value: object, reveal: bool) -> str:
    if not value:
        return ""
    return str(value) if reveal else mask_id_number(str(value))


def _next_visit(store: CaseStore, file: ChildFile, categories: tuple[str, ...], today: date) -> str:
    last = file.visits[-1].fields["visit_date"] if file.visits else None
    due = visit_due(
        last_visit=read_day(last),
        registered_on=opening_of(file.child, list(file.visits)).day,
        categories=categories,
        risk_level=file.fields.get("risk_level"),
        key_child=bool(file.fields.get("key_child")),
        today=today,
        policy=county_visit_policy(store),
    )
    if due is None:
        return "不需定期走访"
    late = f"（已逾期 {due.days_overdue} 天）" if due.days_overdue else ""
    return f"{due.due}{late}"


def _opened(file: ChildFile) -> str:
    opened = opening_of(file.child, list(file.visits))
    return f"{opened.day}（推定）" if opened.inferred else opened.day.isoformat()


def _entrustment_line(record: RecordView | None) -> str:
    if record is None:
        return "无"
    fields = record.fields
    status = ENTRUSTMENT_STATUS.get(str(fields.get("status")), "")
    term = f"{fields.get('signed_date') or '？'} 至 {fields.get('valid_until') or '？'}"
    relation = fields.get("guardian_relation") or ""
    return f"{fields.get('guardian_name')}（{relation}），{term}，{status}"


def dossier_html(
    store: CaseStore,
    file: ChildFile,
    *,
    today: date,
    reveal_id_numbers: bool = False,
    lengths: tuple[int, int] = LIST_LENGTHS[0],
) -> str:
    latest_visits, latest_items = lengths
    child = file.fields
    result = eligibility_of(file.child, list(file.members), today=today)
    categories = "；".join(reason.zh for reason in result.reasons) or "未纳入类别"
    disability = ""
    if child.get("disability_category"):
        kind = VALUE_LABELS[str(child["disability_category"])].zh
        disability = f"{kind}{child.get('disability_grade')}级"
    members = [
        [
            relation_word(m)
            + ("（受委托监护人）" if m.fields.get("is_entrusted_guardian") else ""),
            m.fields.get("name"),
            m.fields.get("phone"),
            _short(situation_text(m), 20),
            _short(m.fields.get("work_place"), 20),
        ]
        for m in file.members
    ]
    visits = [
        [
            v.fields.get("visit_date"),
            VISIT_TYPES.get(str(v.fields.get("visit_type")), ""),
            v.fields.get("visitor"),
            _short(v.fields.get("problems_found") or v.fields.get("help_given")),
        ]
        for v in file.visits[-latest_visits:][::-1]
    ]
    reports = [
        [
            str(r.fields.get("found_at"))[:10],
            "、".join(  # several triggers per report (seed §二(六)1)
                REPORT_TRIGGERS.get(str(t), "")
                for t in (r.fields.get("trigger"), *(r.fields.get("more_triggers") or ()))
            ),
            report_timing(r.fields),  # over 24 hours flagged (§二(六)1 "第一时间")
            _short(report_response(r.fields), 40),  # §二(六)2 应急处置
            FOLLOW_UP_STATUS.get(str(r.fields.get("follow_up_status")), ""),
        ]
        for r in file.reports[-latest_items:][::-1]
    ]
    referrals = [
        [
            r.fields.get("referred_on"),
            DEPARTMENTS.get(str(r.fields.get("department")), ""),
            _short(r.fields.get("need"), 24),
            _short(referral_state(r.fields), 24),
        ]
        for r in file.referrals[-latest_items:][::-1]
    ]
    latest_assessment = file.assessments[-1] if file.assessments else None
    interventions = intervention_rows(file.members, latest_items)
    closure = closure_line(child)
    benefits = benefit_rows(child, result.categories)[: latest_items + 3]
    schooling = VALUE_LABELS.get(str(child.get("schooling_status")))
    school = f"{child.get('school') or ''} {child.get('grade') or ''}".strip()
    declined = child.get("key_child_declined")
    key_child = "是" if child.get("key_child") else "否"
    if not child.get("key_child") and isinstance(declined, dict):
        # Annex 3 item 4: the director's reason for not listing a suggested key child.
        key_child = f"否（{_short(declined.get('reason'), 12)}）"
    parts = [
        f'<h2 align="center">{TITLE} · 儿童档案</h2>',
        table(
            [
                [
                    "姓名",
                    child.get("name"),
                    "性别",
                    GENDERS.get(str(child.get("gender")), ""),
                    "出生日期",
                    child.get("birth_date"),
                ],
                [
                    "公民身份号码",
                    _id(child.get("id_number"), reveal_id_numbers),
                    "户籍",
                    "无户籍"
                    if child.get("no_hukou")
                    else vocabulary.HUKOU_TYPE.word(child.get("hukou_type") or "rural"),
                    "村（社区）",
                    directory_of(store).village(file.child.village_code),
                ],
                [
                    "现居住地址",
                    _short(child.get("residence_address"), 20),
                    "就学",
                    f"{schooling.zh if schooling else ''} {school}".strip(),
                    "寄宿",
                    "是" if child.get("boarding") else "否",
                ],
                [
                    "风险等级",
                    RISK_LEVELS.get(str(child.get("risk_level")), ""),
                    "重点儿童",
                    key_child,
                    "家庭救助",
                    ASSISTANCE.get(str(child.get("family_assistance")), ""),
                ],
                [
                    "健康状况",
                    _short(child.get("health"), 20),
                    "残疾",
                    disability,
                    "重病",
                    "是" if child.get("serious_illness") else "否",
                ],
                [
                    "建档日期",
                    _opened(file),
                    "最近走访",
                    file.visits[-1].fields.get("visit_date") if file.visits else "无",
                    "走访次数",
                    len(file.visits),
                ],
            ],
            widths=(14, 22, 12, 20, 12, 20),
            padding=3,
        ),
        f'<p style="color:#a00000"><b>{escape(closure)}</b></p>' if closure else "",
        f"<p><b>儿童类别：</b>{escape(_short(categories, 160))}</p>",
        f"<p><b>下次走访：</b>{escape(_next_visit(store, file, result.categories, today))}"
        f"　<b>委托监护：</b>{escape(_entrustment_line(file.latest_entrustment()))}</p>",
        "<h3>家庭成员</h3>",
        table(
            members or [["无记录", "", "", "", ""]],
            header=("关系", "姓名", "联系电话", "现状", "务工地点"),
            widths=(20, 14, 18, 24, 24),
            padding=3,
        ),
        f"<h3>最近走访（共 {len(file.visits)} 次）</h3>",
        table(
            visits or [["无记录", "", "", ""]],
            header=("日期", "类型", "走访人", "发现问题 / 帮扶措施"),
            widths=(16, 14, 14, 56),
            padding=3,
        ),
        f"<h3>评估帮扶（共 {len(file.assessments)} 次）</h3>",
        f"<p><b>最近评估：</b>{escape(_short(assessment_line(latest_assessment), 80))}</p>",
        table(
            plan_rows(latest_assessment, latest_items + 1) or [["无帮扶事项", "", "", ""]],
            header=("帮扶事项", "部门", "完成期限", "完成情况"),
            widths=(48, 16, 16, 20),
            padding=3,
        ),
        f"<h3>强制报告（共 {len(file.reports)} 次）与转介（共 {len(file.referrals)} 次）</h3>",
        table(
            reports or [["无记录", "", "", "", ""]],
            header=("发现日期", "情形", "报告", "应急处置 / 公安反馈", "跟进"),
            widths=(12, 24, 24, 28, 12),
            padding=3,
        ),
        table(
            referrals or [["无记录", "", "", ""]],
            header=("转介日期", "部门", "需求", "状态"),
            widths=(16, 16, 40, 28),
            padding=3,
        ),
        *(
            [
                "<h3>帮扶救助</h3>",
                table(
                    benefits,
                    header=("救助项目", "依据（工作方案）", "状态", "日期", "说明"),
                    widths=(30, 16, 14, 24, 16),
                    padding=3,
                ),
            ]
            if benefits
            else []
        ),
        *(
            [
                "<h3>强化监护干预</h3>",
                table(
                    interventions,
                    header=("日期", "对象", "措施", "结果"),
                    widths=(16, 14, 40, 30),
                    padding=3,
                ),
            ]
            if interventions
            else []
        ),
        f'<p style="font-size:8pt; color:#555">打印日期：{today}。含个人信息，请妥善保管，'
        "用后及时销毁或归档。</p>",
    ]
    return "".join(parts)


def write_dossier(
    store: CaseStore,
    child_id: str,
    path: Path,
    *,
    today: date | None = None,
    reveal_id_numbers: bool = False,
) -> int:
    """Print the child's dossier on one page; returns the page count (1)."""
    file = load_child_file(store, child_id)
    pages = 0
    for lengths in LIST_LENGTHS:
        body = dossier_html(
            store,
            file,
            today=today or date.today(),
            reveal_id_numbers=reveal_id_numbers,
            lengths=lengths,
        )
        title = f"{TITLE}（{file.fields.get('name')}）"
        pages = write_pdf(body, path, title=title, point_size=POINT_SIZE)
        if pages == 1:
            break
    return pages
