"""Chinese and English names of record fields and of their coded values.

One table serves validation messages, ledger column headers and the UI, so a field is
called the same everywhere (DESIGN §8).
"""

from __future__ import annotations

from casework.messages import Message, WordError
from casework.vocabulary import M_UNKNOWN_FIELD, RECORD_KIND, flat_names, form_order, word_key

FIELD_LABELS: dict[str, Message] = {
    "name": Message("姓名", "name"),
    "gender": Message("性别", "gender"),
    "birth_date": Message("出生日期", "birth date"),
    "id_number": Message("公民身份号码", "ID number"),
    "ethnicity": Message("民族", "ethnicity"),
    "hukou_county_code": Message("户籍所在县代码", "hukou county code"),
    "hukou_type": Message("户籍性质", "hukou type"),
    "hukou_address": Message("户籍地址", "hukou address"),
    "residence_address": Message("现居住地址", "residence"),
    "school": Message("就读学校", "school"),
    "grade": Message("年级", "grade"),
    "boarding": Message("是否寄宿", "boarding"),
    "health": Message("健康状况", "health"),
    "disability_category": Message("残疾类别", "disability category"),
    "disability_grade": Message("残疾等级", "disability grade"),
    "disability_certificate_no": Message("残疾证号", "disability certificate no."),
    "serious_illness": Message("是否患重病", "serious illness"),
    "serious_illness_note": Message("重病情况", "illness details"),
    "family_assistance": Message("家庭救助类型", "family assistance"),
    "assistance_certificate_no": Message("救助证号", "assistance certificate no."),
    "assistance_valid_until": Message("救助证有效期至", "certificate valid until"),
    "welfare_received": Message("享受福利情况", "welfare received"),
    "in_welfare_institution": Message("是否由福利机构养育", "raised in a welfare institution"),
    "found_in_county": Message("是否在本县发现", "found in the county"),
    "justice_involvement": Message("涉案情况", "justice involvement"),
    "needs_temporary_custody": Message("是否需临时监护", "needs temporary custody"),
    "risk_level": Message("风险等级", "risk level"),
    "key_child": Message("是否重点儿童", "key child"),
    "opened_on": Message("建档日期", "file opened on"),
    "notes": Message("备注", "notes"),
    "child_id": Message("儿童", "child"),
    "relation": Message("与儿童关系", "relation"),
    "phone": Message("联系电话", "phone"),
    "situations": Message("情况", "situations"),
    "work_place": Message("务工地点", "work place"),
    "is_entrusted_guardian": Message("是否受委托监护人", "entrusted guardian"),
    "visit_date": Message("走访日期", "visit date"),
    "visitor": Message("走访人", "visitor"),
    "visit_type": Message("走访类型", "visit type"),
    "living_condition": Message("生活情况", "living condition"),
    "guardianship": Message("监护情况", "guardianship"),
    "schooling": Message("就学情况", "schooling"),
    "mental_state": Message("心理状况", "mental state"),
    "problems_found": Message("发现的问题", "problems found"),
    "help_given": Message("帮扶措施", "help given"),
    "next_visit_due": Message("下次走访日期", "next visit due"),
    "guardian_name": Message("受委托监护人", "guardian"),
    "guardian_relation": Message("与儿童关系", "relation to the child"),
    "guardian_phone": Message("监护人电话", "guardian's phone"),
    "guardian_id_number": Message("监护人身份号码", "guardian's ID number"),
    "parents": Message("父母情况", "parents"),
    "signed_date": Message("签订日期", "signed on"),
    "valid_until": Message("有效期至", "valid until"),
    "status": Message("状态", "status"),
    "trigger": Message("报告情形", "trigger"),
    "found_at": Message("发现时间", "found at"),
    "reported_at": Message("报告时间", "reported at"),
    "police_station": Message("报告派出所", "police station"),
    "officer": Message("接警民警", "officer"),
    "receipt_no": Message("回执编号", "receipt no."),
    "description": Message("情况描述", "description"),
    "filed": Message("是否已提交", "filed"),
    "follow_up_status": Message("跟进状态", "follow-up status"),
    "follow_up_notes": Message("跟进情况", "follow-up notes"),
    "department": Message("转介部门", "department"),
    "need": Message("帮扶需求", "need"),
    "referred_on": Message("转介日期", "referred on"),
    "outcome": Message("办理结果", "outcome"),
    "assessed_on": Message("评估日期", "assessed on"),
    "assessor": Message("评估人", "assessor"),
    "safety": Message("安全状况", "safety"),
    "physical_health": Message("身体健康", "physical health"),
    "mental_health": Message("心理健康", "mental health"),
    "plan": Message("帮扶计划", "plan"),
    "village_code": Message("村（社区）代码", "village code"),
    "author": Message("记录人", "author"),
    "note": Message("督导意见", "note"),
    "task": Message("督办事项", "task"),
    "task_due": Message("办结期限", "task due"),
    "reply": Message("办理情况", "reply"),
    "accepted_on": Message("受理日期", "accepted on"),
    "closed_on": Message("办结（答复）日期", "done or declined on"),
    "decline_reason": Message("未受理原因", "why declined"),
    "report_id": Message("关联强制报告", "mandatory report"),
    "partners": Message("会同评估单位", "assessed with"),
    "plan_items": Message("帮扶事项", "plan items"),
    "what": Message("帮扶内容", "what"),
    "due": Message("完成期限", "due"),
    "done": Message("是否完成", "done"),
    "done_on": Message("完成日期", "done on"),
    "more_triggers": Message("其他报告情形", "further triggers"),
    "police_feedback_on": Message("公安机关通报日期", "police feedback on"),
    "emergency_measure": Message("应急处置措施", "emergency measure"),
    "taken_in_by": Message("儿童由谁照料（接收人）", "child taken in by"),
    "file_closed_on": Message("结案日期", "file closed on"),
    "closure_reason": Message("结案原因", "why the file was closed"),
    "closure_note": Message("结案说明", "closing note"),
    "reopened_on": Message("重新开案日期", "reopened on"),
    "reopen_reason": Message("重新开案原因", "why it was reopened"),
    "refusing_since": Message("拒不履行监护职责起始日期", "refusing the duty since"),
    "interventions": Message("监护干预措施", "guardianship interventions"),
    "step": Message("干预措施", "step"),
    "taken_on": Message("采取日期", "taken on"),
    "by_whom": Message("实施单位或人员", "by whom"),
    "no_hukou": Message("无户籍", "no household registration"),
    "schooling_status": Message("就学状态", "schooling status"),
    "key_child_declined": Message("不列为重点儿童", "not a key child"),
    "grounds": Message("建议理由", "grounds"),
    "declined_on": Message("决定日期", "decided on"),
    "reason": Message("理由", "reason"),
    "benefits": Message("帮扶救助", "benefits"),
    "benefit": Message("救助项目", "benefit"),
    "informed_on": Message("告知日期", "family told on"),
    "applied_on": Message("申请日期", "applied on"),
    "granted_on": Message("享受（批准）日期", "granted on"),
}

# Coded values are named in the one vocabulary, casework/vocabulary.py (add a new code's
# words to its domain there); this is its flat view, code → name, for older callers.
VALUE_LABELS: dict[str, Message] = flat_names()


def label(field: str) -> Message:
    """The name of ``field``, falling back to the code itself."""
    return FIELD_LABELS.get(field, Message(field, field))


def field_named(kind: str, word: str) -> str:
    """The field of ``kind`` named ``word``: its code, or its name in either language
    (年级, 性别, "birth date"); a :class:`WordError` listing the names otherwise."""
    key = word_key(word)
    fields = form_order(kind)
    for name in fields:
        if key == word_key(name):
            return name
    for language in ("zh", "en"):
        for name in fields:
            if key == word_key(label(name).text(language)):
                return name
    kind_name = RECORD_KIND.name(kind)
    raise WordError(
        M_UNKNOWN_FIELD.format(
            value=word.strip(),
            kind=kind_name.zh,
            kind_en=kind_name.en.lower(),
            words="、".join(label(f).zh for f in fields),
            words_en=", ".join(label(f).en for f in fields),
        )
    )
