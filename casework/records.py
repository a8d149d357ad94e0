"""Record schemas for every kind of the one-file-per-child (一人一档) case file.

Each record kind is a flat pydantic model: flat, so that sync can merge field by field.
``SEALED_FIELDS`` names what is personal (encrypted on every disk); the few clear
fields are ids, dates and status codes that lists and filters need without a key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from casework.ids import (
    ANJI_COUNTY_CODE,
    check_consistency,
    facts_of_checked,
    normalize,
    parse_id_number,
)
from casework.messages import CaseworkError, Message

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
RecordId = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
CountyCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
# Village (12 digits) or township (9) codes of the county's directory.
PlaceCode = Annotated[str, StringConstraints(pattern=r"^\d{6,12}$")]

Gender = Literal["male", "female"]
RiskLevel = Literal["low", "medium", "high"]
DisabilityCategory = Literal[
    "physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"
]
FamilyAssistance = Literal["none", "dibao", "dibao_edge"]
SituationKind = Literal[
    "migrant_work", "deceased", "declared_dead", "declared_missing", "unidentified",
    "disability", "serious_illness", "imprisoned", "compulsory_rehab",
    "restricted_liberty", "lost_contact", "unable_to_guard",
]  # fmt: skip
Relation = Literal[
    "father", "mother", "grandfather", "grandmother", "maternal_grandfather",
    "maternal_grandmother", "sibling", "uncle_aunt", "other_relative", "other",
]  # fmt: skip
ReportTrigger = Literal[
    "living_alone", "missing", "guardian_incapable", "not_fulfilling_guardianship",
    "suspected_violence", "accidental_injury", "unlawful_harm",
]  # fmt: skip
# The departments of the county's "一门受理、协同救助" (seed §二(五)1–16), in the seed's
# order of issue 17: 民政 教育 公安 司法 卫健 人社 住建 医保 团委 妇联 残联 检察院 法院
# 未成年人救助保护中心/救助管理站 社会组织 关工委 工会 乡镇; "other" kept for older records.
# Steps with a failing guardian (强化监护干预, seed §二(六)4): 批评教育, 督促履责, 训诫,
# 治安管理处罚, 申请撤销监护人资格, 另行指定监护人.
InterventionStep = Literal[
    "criticism_education", "urging", "admonition", "public_security_penalty",
    "revocation_application", "new_guardian_appointed", "other",
]  # fmt: skip
# Why a file leaves care (退出/结案, issue 17).
ClosureReason = Literal[
    "turned_18", "no_longer_eligible", "parents_returned", "moved_out", "died", "other",
]  # fmt: skip
# Seed §二(六)2's emergency measures: back to the family (parents told to return),
# relatives' care, temporary care by the village committee, the rescue station or a
# welfare institution, sent to hospital, a temporary shelter.
EmergencyMeasure = Literal[
    "returned_to_family", "relatives_care", "village_committee_care", "rescue_station",
    "welfare_institution", "sent_to_hospital", "temporary_shelter", "other",
]  # fmt: skip
Department = Literal[
    "civil_affairs", "education", "public_security", "justice", "health",
    "human_resources", "housing", "medical_insurance", "youth_league",
    "womens_federation", "disabled_federation", "procuratorate", "court", "rescue_centre",
    "social_organization", "care_committee", "trade_union", "township", "other",
]  # fmt: skip
DEPARTMENTS: tuple[str, ...] = get_args(Department)
# Who the township assesses with (seed §二(六)3: 会同民政部门、公安机关，在村（居）民委员会、
# 中小学校、医疗机构以及亲属、社会工作专业服务机构的协助下).
AssessmentPartner = Literal[
    "civil_affairs", "public_security", "village_committee", "school",
    "medical_institution", "relatives", "social_work_agency",
]  # fmt: skip
ASSESSMENT_PARTNERS: tuple[str, ...] = get_args(AssessmentPartner)
# A referral's course (issue 17): sent ("open", awaiting an answer) → accepted
# ("in_progress") → done, or declined with a reason. The stored codes are the ones the
# monthly report has always counted.
ReferralStatus = Literal["open", "in_progress", "done", "declined"]
# 就学情况 (annex 3 item 4: 失学辍学 children are key children): 在读, 辍学 (left school),
# 失学 (never or no longer schooled, not by choice), 未入学 (not yet of school age).
SchoolingStatus = Literal["in_school", "dropped_out", "out_of_school", "not_enrolled"]
# Why a child is suggested as a key child (annex 3 item 4): casework/file_checks.py.
KeyChildGround = Literal["ill", "disabled", "poorly_guarded", "out_of_school", "no_hukou"]
# Benefits a child may be helped to apply for (annex 3 item 4 "告知具体内容及申请程序，并协助
# 申请救助"; which apply by category: casework/benefits.py).
BenefitKind = Literal[
    "basic_living", "dibao", "medical_aid", "education_aid", "disability_subsidies",
    "rehabilitation", "other",
]  # fmt: skip
# 已告知 (told the family, not applied yet), 已申请, 已享受, 未获批, 无需申请.
BenefitStatus = Literal["informed", "applied", "granted", "refused", "not_needed"]

_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


M_FUTURE = Message("不能晚于今天", "cannot be later than today")
M_PHONE = Message(
    "不是有效的电话号码（11位手机号或带区号的座机）",
    "is not a phone number (11-digit mobile or landline with area code)",
)
M_NAME_REQUIRED = Message(
    "必须填写（生父母查找不到的除外）", "is required (unless the birth parent cannot be found)"
)
M_TERM_ORDER = Message("结束日期早于开始日期", "ends before it starts")
M_DISABILITY_NEEDS = Message(
    "残疾情形需要填写残疾类别和等级", "a disability needs its category and grade"
)
M_TERM_NEEDS_START = Message(
    "服刑、戒毒、限制人身自由和失联情形需要填写开始日期（失联从向公安机关报告之日算起）",
    "Imprisonment, rehabilitation, restriction and lost contact need a start date "
    "(lost contact counts from the report to police)",
)
# Situations whose length decides category 3, so their start must be known.
TERM_KINDS = frozenset({"imprisoned", "compulsory_rehab", "restricted_liberty", "lost_contact"})
M_DISABILITY_PAIR = Message(
    "残疾类别和残疾等级需同时填写", "disability category and grade go together"
)
M_BEFORE_VISIT = Message("不能早于走访日期", "cannot be before the visit")
M_BEFORE_SIGNING = Message("不能早于签订日期", "cannot be before the signing date")
M_SIGNED_NEEDS_DATE = Message(
    "已签订的确认书需要填写签订日期", "a signed confirmation needs its signing date"
)
M_TIME_FORMAT = Message("时间格式应为 YYYY-MM-DD HH:MM", "should be a time as YYYY-MM-DD HH:MM")
M_BEFORE_FOUND = Message("不能早于发现时间", "cannot be before the child was found")
M_FILED_NEEDS = Message(
    "提交的强制报告需要填写报告时间和派出所",
    "a filed report needs the time it was reported and the police station",
)
M_CLOSURE_PAIR = Message(
    "结案需要同时填写结案日期和结案原因", "a closed file needs both the day and the reason"
)
M_REOPEN_NEEDS_REASON = Message(
    "重新开案需要填写原因", "a reopened file needs the reason it was reopened"
)
M_BEFORE_REFERRAL = Message("不能早于转介日期", "cannot be before the referral")
M_BEFORE_ACCEPTED = Message("不能早于受理日期", "cannot be before it was accepted")
M_DECLINED_NEEDS_REASON = Message(
    "未受理的转介需要填写未受理原因", "a declined referral needs the reason it was declined"
)
M_DONE_ITEM_NEEDS_DATE = Message(
    "已完成的帮扶事项需要填写完成日期", "a plan item that is done needs the day it was done"
)
M_BENEFIT_NEEDS = Message("{status}的救助需要填写{what}", "a benefit {status_en} needs {what_en}")
M_BEFORE_APPLIED = Message("不能早于申请日期", "cannot be before it was applied for")


# -- plausible dates ----------------------------------------------------------------
# Every date and time field of every kind, with the range it must fall in (issue 16): one
# 低保 certificate saved "valid until 9999-12-31" stopped the lists, to-do and ledger of
# every laptop that synced it, and a report time of 0001-01-01T00:00+14:00 overflowed when
# converted. Such values are typing slips; they are refused here, naming the range, by the
# window, the CLI and (the same validate()) the county server.
EARLIEST_LIFE = date(1900, 1, 1)  # before any child, parent or grandparent on file
# Before any case file: the county's child directors date from 2019, mandatory reporting
# from 2020; 1990 leaves room for old paper files typed in late.
EARLIEST_RECORD = date(1990, 1, 1)
# Far enough for any certificate, term, plan or deadline, near enough that arithmetic on
# it (a day after, six months on) never leaves the calendar.
HORIZON = date(2100, 12, 31)
NO_WORDS = Message("", "")


@dataclass(frozen=True)
class DateRange:
    """From ``earliest`` to ``latest``, or (``latest`` None) to ``ahead`` days after today."""

    earliest: date
    latest: date | None = None
    ahead: int = 0

    def last_day(self) -> date:
        return self.latest or date.today() + timedelta(days=self.ahead)

    def message(self, what: Message = NO_WORDS) -> Message:
        first = self.earliest.isoformat()
        if self.latest is not None:
            zh = f" {self.latest.isoformat()} "
            en = self.latest.isoformat()
        else:
            zh, en = ("明天", "tomorrow") if self.ahead else ("今天", "today")
        return Message(
            f"{what.zh}应在 {first} 至{zh}之间", f"{what.en}must be between {first} and {en}"
        )


# Something that happened: on or before today (a birth, a visit: the rules the window
# always had) or tomorrow (a signature, a referral, an assessment, a report: a margin for
# a laptop whose clock or time zone is a little ahead). Something planned or valid until:
# up to the horizon. A parent's situation may have begun long before the child was born
# (a disability since the parent's own birth) and may be entered ahead of its start.
DATE_RANGES: dict[str, DateRange] = {
    "birth_date": DateRange(EARLIEST_LIFE),
    "visit_date": DateRange(EARLIEST_RECORD),
    "opened_on": DateRange(EARLIEST_RECORD, ahead=1),
    "signed_date": DateRange(EARLIEST_RECORD, ahead=1),
    "referred_on": DateRange(EARLIEST_RECORD, ahead=1),
    "assessed_on": DateRange(EARLIEST_RECORD, ahead=1),
    "found_at": DateRange(EARLIEST_RECORD, ahead=1),
    "reported_at": DateRange(EARLIEST_RECORD, ahead=1),
    "since": DateRange(EARLIEST_LIFE, HORIZON),
    "until": DateRange(EARLIEST_LIFE, HORIZON),
    "assistance_valid_until": DateRange(EARLIEST_RECORD, HORIZON),
    "valid_until": DateRange(EARLIEST_RECORD, HORIZON),
    "next_visit_due": DateRange(EARLIEST_RECORD, HORIZON),
    "task_due": DateRange(EARLIEST_RECORD, HORIZON),
    "accepted_on": DateRange(EARLIEST_RECORD, ahead=1),
    "closed_on": DateRange(EARLIEST_RECORD, ahead=1),
    "due": DateRange(EARLIEST_RECORD, HORIZON),  # a help plan item's
    "done_on": DateRange(EARLIEST_RECORD, ahead=1),
    "police_feedback_on": DateRange(EARLIEST_RECORD, ahead=1),
    "file_closed_on": DateRange(EARLIEST_RECORD, ahead=1),
    "reopened_on": DateRange(EARLIEST_RECORD, ahead=1),
    "refusing_since": DateRange(EARLIEST_RECORD, ahead=1),
    "taken_on": DateRange(EARLIEST_RECORD, ahead=1),
    "declined_on": DateRange(EARLIEST_RECORD, ahead=1),  # a key-child suggestion's
    "informed_on": DateRange(EARLIEST_RECORD, ahead=1),  # a benefit's
    "applied_on": DateRange(EARLIEST_RECORD, ahead=1),
    "granted_on": DateRange(EARLIEST_RECORD, ahead=1),
}


# A situation's dates are reported under "situations": say which of its two is wrong.
_SITUATION_DATES = {
    "since": Message("开始日期", "the start "),
    "until": Message("结束日期", "the end "),
    # A benefit's and a declined key-child suggestion's days are reported under their list.
    "informed_on": Message("告知日期", "the day the family was told "),
    "applied_on": Message("申请日期", "the application day "),
    "granted_on": Message("享受（批准）日期", "the day granted "),
    "declined_on": Message("决定日期", "the day decided "),
}


def _plausible(field: str, value: date) -> None:
    """Refuse ``value`` outside the field's range; a time is judged by its own wall-clock
    reading, before any conversion between zones (which could leave the calendar)."""
    bounds = DATE_RANGES[field]
    day = value.date() if isinstance(value, datetime) else value
    last = bounds.last_day()
    if bounds.earliest <= day <= last:
        return
    if day > last and bounds.latest is None and bounds.ahead == 0:
        raise RuleError(M_FUTURE)  # the familiar words for a birth or visit to come
    raise RuleError(bounds.message(_SITUATION_DATES.get(field, NO_WORDS)))


class RuleError(ValueError):
    """A validator's finding, carrying its bilingual message and the field it names."""

    def __init__(self, message: Message, field: str = "") -> None:
        super().__init__(message.en)
        self.message = message
        self.field = field


class _Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    # Only on the fields that have a range (not "*": each of a child's 40 fields called
    # it on every validation, about 14 us of the server's 0.3 ms per pushed op).
    @field_validator(*DATE_RANGES, mode="after", check_fields=False)
    @classmethod
    def _plausible_date(cls, value: object, info: ValidationInfo) -> object:
        # Times are checked by the mandatory report itself, before it converts them.
        if type(value) is date and info.field_name in DATE_RANGES:
            _plausible(info.field_name, value)
        return value


def _checked_id_number(value: str | None) -> str | None:
    if value is None or not normalize(value):
        return None
    try:
        return parse_id_number(value).value
    except CaseworkError as error:
        raise RuleError(error.message) from error


def _checked_phone(value: object) -> str | None:
    if value is None or not str(value).strip():
        return None
    phone = str(value).strip().replace(" ", "")
    if not _PHONE.match(phone):
        raise RuleError(M_PHONE)
    return phone


class Situation(_Record):
    """One parent situation with its term; ``until`` ends it."""

    kind: SituationKind
    since: date | None = None
    until: date | None = None
    category: DisabilityCategory | None = None
    grade: int | None = Field(default=None, ge=1, le=4)

    @model_validator(mode="after")
    def _term_in_order(self) -> Situation:
        if self.since and self.until and self.until < self.since:
            raise RuleError(M_TERM_ORDER)
        if self.kind == "disability" and (self.category is None or self.grade is None):
            raise RuleError(M_DISABILITY_NEEDS)
        if self.kind != "disability" and (self.category is not None or self.grade is not None):
            raise RuleError(M_DISABILITY_NEEDS)
        if self.kind in TERM_KINDS and self.since is None:
            raise RuleError(M_TERM_NEEDS_START)
        return self


# What a benefit's status needs (annex 3 item 4): the day it was applied for or granted,
# and in words why it was refused or is not needed.
_BENEFIT_NEEDS: dict[str, tuple[str, Message, Message]] = {
    "applied": ("applied_on", Message("已申请", "applied for"),
                Message("申请日期", "the day it was applied for")),
    "granted": ("granted_on", Message("已享受", "granted"),
                Message("享受（批准）日期", "the day it was granted")),
    "refused": ("note", Message("未获批", "refused"), Message("说明", "a note saying why")),
    "not_needed": ("note", Message("无需申请", "not needed"),
                   Message("说明", "a note saying why")),
}  # fmt: skip


class Benefit(_Record):
    """One benefit of the child's 帮扶/救助 (annex 3 item 4): told, applied for, granted."""

    benefit: BenefitKind
    status: BenefitStatus = "informed"
    informed_on: date | None = None
    applied_on: date | None = None
    granted_on: date | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> Benefit:
        need = _BENEFIT_NEEDS.get(self.status)
        if need is not None and getattr(self, need[0]) is None:
            field, status, what = need
            words = M_BENEFIT_NEEDS.format(
                status=status.zh, status_en=status.en, what=what.zh, what_en=what.en
            )
            raise RuleError(words, field)
        if self.applied_on and self.granted_on and self.granted_on < self.applied_on:
            raise RuleError(M_BEFORE_APPLIED, "granted_on")
        return self


class KeyChildDeclined(_Record):
    """The director's answer to a key-child suggestion (annex 3 item 4): not a key child,
    on a day, for a reason; remembered for the grounds then shown, so only a new ground
    suggests the child again."""

    grounds: tuple[KeyChildGround, ...]
    declined_on: date
    reason: Text


class Child(_Record):
    name: ShortText
    gender: Gender
    birth_date: date
    id_number: str | None = None
    ethnicity: ShortText | None = None
    hukou_county_code: CountyCode = ANJI_COUNTY_CODE
    hukou_type: Literal["rural", "urban"] = "rural"
    hukou_address: Text | None = None
    residence_address: Text | None = None
    school: ShortText | None = None
    grade: ShortText | None = None
    boarding: bool = False
    health: Text | None = None
    disability_category: DisabilityCategory | None = None
    disability_grade: int | None = Field(default=None, ge=1, le=4)
    disability_certificate_no: ShortText | None = None
    serious_illness: bool = False
    serious_illness_note: Text | None = None
    family_assistance: FamilyAssistance = "none"
    assistance_certificate_no: ShortText | None = None
    assistance_valid_until: date | None = None
    welfare_received: Text | None = None
    in_welfare_institution: bool = False
    found_in_county: bool = False
    justice_involvement: Literal["offender", "victim"] | None = None
    needs_temporary_custody: bool = False
    risk_level: RiskLevel = "low"
    key_child: bool = False
    key_child_declined: KeyChildDeclined | None = None
    # 无户籍 (§二(五)4, §二(六)1, annex 3 item 4): a child without household registration
    # has a file too; its hukou fields are then not read (casework/facts.py).
    no_hukou: bool = False
    schooling_status: SchoolingStatus | None = None
    benefits: tuple[Benefit, ...] = ()
    # 建档日期: when the file was opened (not when it was typed in); the monthly figures
    # count new files by it. Older records lack it: see casework/opening.py.
    opened_on: date | None = None
    notes: Text | None = None
    # 退出/结案 (issue 17): the file leaves care on a day for a reason; reopened (coming
    # back) it says why. Rules: casework/closure.py.
    file_closed_on: date | None = None
    closure_reason: ClosureReason | None = None
    closure_note: Text | None = None
    reopened_on: date | None = None
    reopen_reason: Text | None = None

    @field_validator("id_number", mode="before")
    @classmethod
    def _valid_id(cls, value: object) -> str | None:
        return _checked_id_number(None if value is None else str(value))

    @model_validator(mode="after")
    def _consistent(self) -> Child:
        if (self.disability_category is None) != (self.disability_grade is None):
            raise RuleError(M_DISABILITY_PAIR, "disability_grade")
        if (self.file_closed_on is None) != (self.closure_reason is None):
            raise RuleError(M_CLOSURE_PAIR, "closure_reason")
        if self.reopened_on is not None and self.reopen_reason is None:
            raise RuleError(M_REOPEN_NEEDS_REASON, "reopen_reason")
        return self


class Intervention(_Record):
    """One step taken with a failing guardian (seed §二(六)4), its day and outcome."""

    step: InterventionStep
    taken_on: date
    by_whom: ShortText | None = None
    outcome: Text | None = None


class FamilyMember(_Record):
    child_id: RecordId
    relation: Relation
    # A parent who cannot be found (查找不到) may have no known name.
    name: ShortText | None = None
    id_number: str | None = None
    phone: str | None = None
    situations: tuple[Situation, ...] = ()
    work_place: Text | None = None
    is_entrusted_guardian: bool = False
    # 强化监护干预 (seed §二(六)4): since when this guardian refuses the duty, and the steps
    # taken; rules in casework/guardianship.py.
    refusing_since: date | None = None
    interventions: tuple[Intervention, ...] = ()

    @field_validator("id_number", mode="before")
    @classmethod
    def _valid_id(cls, value: object) -> str | None:
        return _checked_id_number(None if value is None else str(value))

    @field_validator("phone", mode="before")
    @classmethod
    def _valid_phone(cls, value: object) -> str | None:
        return _checked_phone(value)

    @model_validator(mode="after")
    def _named_unless_unknown(self) -> FamilyMember:
        # A parent is known by the relation: many village ledgers give the parents' work
        # places but not their names. Anyone else needs a name.
        if self.relation in ("father", "mother"):
            return self
        if self.name is None and not any(s.kind == "unidentified" for s in self.situations):
            raise RuleError(M_NAME_REQUIRED, "name")
        return self


class Visit(_Record):
    child_id: RecordId
    visit_date: date
    visitor: ShortText
    visit_type: Literal["regular", "key_check", "follow_up"] = "regular"
    living_condition: Text | None = None
    guardianship: Text | None = None
    schooling: Text | None = None
    health: Text | None = None
    mental_state: Text | None = None
    problems_found: Text | None = None
    help_given: Text | None = None
    next_visit_due: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Visit:
        if self.next_visit_due is not None and self.next_visit_due < self.visit_date:
            raise RuleError(M_BEFORE_VISIT, "next_visit_due")
        return self


class Entrustment(_Record):
    child_id: RecordId
    guardian_name: ShortText
    guardian_relation: ShortText | None = None
    guardian_phone: str | None = None
    guardian_id_number: str | None = None
    parents: Text | None = None
    signed_date: date | None = None
    valid_until: date | None = None
    status: Literal["draft", "signed", "expired", "revoked"] = "draft"

    @field_validator("guardian_phone", mode="before")
    @classmethod
    def _valid_phone(cls, value: object) -> str | None:
        return _checked_phone(value)

    @field_validator("guardian_id_number", mode="before")
    @classmethod
    def _valid_id(cls, value: object) -> str | None:
        return _checked_id_number(None if value is None else str(value))

    @model_validator(mode="after")
    def _dates_in_order(self) -> Entrustment:
        if self.signed_date and self.valid_until and self.valid_until < self.signed_date:
            raise RuleError(M_BEFORE_SIGNING, "valid_until")
        if self.status == "signed" and self.signed_date is None:
            raise RuleError(M_SIGNED_NEEDS_DATE, "signed_date")
        return self


class MandatoryReport(_Record):
    child_id: RecordId
    trigger: ReportTrigger
    found_at: datetime
    reported_at: datetime | None = None
    police_station: ShortText | None = None
    officer: ShortText | None = None
    receipt_no: ShortText | None = None
    description: Text | None = None
    filed: bool = False
    follow_up_status: Literal["open", "following", "closed"] = "open"
    follow_up_notes: Text | None = None
    # Seed §二(六)1: a child may be found in several of these situations at once.
    more_triggers: tuple[ReportTrigger, ...] = ()
    # Seed §二(六)2 (应急处置): the police's feedback to the township, the emergency measure
    # taken and who took the child in; written after filing, as follow-up.
    police_feedback_on: date | None = None
    emergency_measure: EmergencyMeasure | None = None
    taken_in_by: ShortText | None = None

    @field_validator("found_at", "reported_at", mode="before")
    @classmethod
    def _a_written_time(cls, value: object) -> object:
        # pydantic would read a bare number as seconds since 1970 (a half-typed "2026").
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            raise RuleError(M_TIME_FORMAT)
        return value

    @field_validator("found_at", "reported_at", mode="after")
    @classmethod
    def _local_time(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        if value is None:
            return None
        _plausible(str(info.field_name), value)  # first: 0001-01-01T00:00+14:00 can't convert
        # Times are kept as local wall-clock times; one with an offset is converted.
        if value.tzinfo is not None:
            return value.astimezone().replace(tzinfo=None)
        return value

    @model_validator(mode="after")
    def _complete_when_filed(self) -> MandatoryReport:
        if self.reported_at is not None and self.reported_at < self.found_at:
            raise RuleError(M_BEFORE_FOUND, "reported_at")
        if self.filed and (self.reported_at is None or self.police_station is None):
            raise RuleError(M_FILED_NEEDS, "police_station")
        return self


class Referral(_Record):
    """转介帮扶 ("一门受理、协同救助", seed §二(五)): what is asked of which department, and
    its answer: accepted (受理) on a day, then done (办结) or declined (未受理) with why."""

    child_id: RecordId
    department: Department
    need: Text
    referred_on: date
    status: ReferralStatus = "open"
    accepted_on: date | None = None
    closed_on: date | None = None  # the day it was done, or declined
    outcome: Text | None = None
    decline_reason: Text | None = None
    report_id: RecordId | None = None  # the mandatory report it follows, if any

    @model_validator(mode="after")
    def _answered_in_order(self) -> Referral:
        if self.accepted_on is not None and self.accepted_on < self.referred_on:
            raise RuleError(M_BEFORE_REFERRAL, "accepted_on")
        if self.closed_on is not None and self.closed_on < self.referred_on:
            raise RuleError(M_BEFORE_REFERRAL, "closed_on")
        if self.closed_on and self.accepted_on and self.closed_on < self.accepted_on:
            raise RuleError(M_BEFORE_ACCEPTED, "closed_on")
        if self.status == "declined" and self.decline_reason is None:
            raise RuleError(M_DECLINED_NEEDS_REASON, "decline_reason")
        return self


class PlanItem(_Record):
    """One item of a help plan (帮扶计划, seed §二(六)3): what, by which department, by
    when, and whether it is done."""

    what: Text
    department: Department | None = None
    due: date | None = None
    done: bool = False
    done_on: date | None = None

    @model_validator(mode="after")
    def _done_has_a_day(self) -> PlanItem:
        if self.done and self.done_on is None:
            raise RuleError(M_DONE_ITEM_NEEDS_DATE)
        return self


class Assessment(_Record):
    """评估帮扶 (seed §二(六)3): the township, with police, 民政 and others, assesses the
    child's safety, guardianship and health, sets the risk level (the child's from then
    on) and plans the help."""

    child_id: RecordId
    assessed_on: date
    assessor: ShortText
    partners: tuple[AssessmentPartner, ...] = ()
    safety: Text | None = None
    guardianship: Text | None = None
    physical_health: Text | None = None
    mental_health: Text | None = None
    risk_level: RiskLevel
    plan: Text | None = None
    plan_items: tuple[PlanItem, ...] = ()
    report_id: RecordId | None = None  # the mandatory report it follows, if any


class SupervisionNote(_Record):
    # The village the note is about; it decides where the note lives and who sees it.
    village_code: PlaceCode | None = None
    child_id: RecordId | None = None
    author: ShortText
    note: Text
    task: Text | None = None
    task_due: date | None = None
    status: Literal["open", "done"] = "open"
    # The director's answer when marking the task done (issue 18 item 1), and the day.
    reply: ShortText | None = None
    done_on: date | None = None


RecordContent = (
    Child | FamilyMember | Visit | Entrustment | MandatoryReport | Referral | Assessment
    | SupervisionNote
)  # fmt: skip

SCHEMAS: dict[str, type[_Record]] = {
    "child": Child,
    "family_member": FamilyMember,
    "visit": Visit,
    "entrustment": Entrustment,
    "mandatory_report": MandatoryReport,
    "referral": Referral,
    "assessment": Assessment,
    "supervision_note": SupervisionNote,
}
KINDS = tuple(SCHEMAS)

# Fields stored in the clear: links, dates and codes that lists and filters need
# before anything is decrypted. Every other field is personal and sealed.
CLEAR_FIELDS: dict[str, frozenset[str]] = {
    "child": frozenset({"risk_level", "key_child"}),
    "family_member": frozenset({"child_id", "relation"}),
    "visit": frozenset({"child_id", "visit_date", "visit_type", "next_visit_due"}),
    "entrustment": frozenset({"child_id", "signed_date", "valid_until", "status"}),
    "mandatory_report": frozenset({"child_id", "trigger", "filed", "follow_up_status"}),
    "referral": frozenset({"child_id", "department", "referred_on", "status"}),
    "assessment": frozenset({"child_id", "assessed_on", "risk_level"}),
    "supervision_note": frozenset({"village_code", "child_id", "task_due", "status"}),
}
SEALED_FIELDS: dict[str, frozenset[str]] = {
    kind: frozenset(schema.model_fields) - CLEAR_FIELDS[kind] for kind, schema in SCHEMAS.items()
}
# Once a mandatory report is filed only its follow-up may change (DESIGN §3).
FILED_REPORT_EDITABLE = frozenset(
    {"follow_up_status", "follow_up_notes", "police_feedback_on", "emergency_measure",
     "taken_in_by"}
)  # fmt: skip


@dataclass(frozen=True)
class FieldError:
    field: str
    message: Message


class RecordValidationError(ValueError):
    """Every field that failed, each with a bilingual message."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message.en}" for e in errors))
        self.errors = errors


_MESSAGES: dict[str, Message] = {
    "missing": Message("必须填写", "is required"),
    "extra_forbidden": Message("不是此类记录的字段", "is not a field of this record"),
    "literal_error": Message("不是可选的值之一：{expected}", "is not one of: {expected}"),
    "date_from_datetime_parsing": Message(
        "日期格式应为 YYYY-MM-DD", "should be a date as YYYY-MM-DD"
    ),
    "date_parsing": Message("日期格式应为 YYYY-MM-DD", "should be a date as YYYY-MM-DD"),
    "date_type": Message("日期格式应为 YYYY-MM-DD", "should be a date as YYYY-MM-DD"),
    "datetime_parsing": Message(
        "时间格式应为 YYYY-MM-DD HH:MM", "should be a time as YYYY-MM-DD HH:MM"
    ),
    "datetime_from_date_parsing": Message(
        "时间格式应为 YYYY-MM-DD HH:MM", "should be a time as YYYY-MM-DD HH:MM"
    ),
    "bool_parsing": Message("应为“是”或“否”", "should be yes or no"),
    "int_parsing": Message("应为整数", "should be a whole number"),
    "greater_than_equal": Message("不能小于 {ge}", "must be at least {ge}"),
    "less_than_equal": Message("不能大于 {le}", "must be at most {le}"),
    "string_too_short": Message("不能为空", "must not be empty"),
    "string_too_long": Message(
        "太长（最多 {max_length} 字）", "is too long (at most {max_length})"
    ),
    "string_pattern_mismatch": Message("格式不正确", "has the wrong format"),
}


def _translate(error: Mapping[str, Any]) -> FieldError:
    location = [str(part) for part in error["loc"] if not isinstance(part, int)]
    field = location[0] if location else ""
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "value_error":
        cause = context.get("error")
        if isinstance(cause, RuleError):
            return FieldError(cause.field or field, cause.message)
        text = str(error["msg"])
        return FieldError(field, Message(text, text))
    template = _MESSAGES.get(kind)
    if template is None:
        return FieldError(field, Message("值不正确", "is not valid"))
    values = {k: (str(v) if not isinstance(v, str) else v) for k, v in context.items()}
    try:
        return FieldError(field, template.format(**values))
    except KeyError:
        return FieldError(field, template)


def validate(kind: str, fields: Mapping[str, Any]) -> RecordContent:
    """Validate the content of one record, or raise :class:`RecordValidationError`."""
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise RecordValidationError(
            [FieldError("kind", Message(f"未知的记录类型：{kind}", f"unknown record kind: {kind}"))]
        )
    try:
        record = schema.model_validate(dict(fields))
    except ValidationError as error:
        raise RecordValidationError([_translate(e) for e in error.errors()]) from None
    if isinstance(record, Child) and record.id_number:
        problems = check_consistency(
            facts_of_checked(record.id_number),  # checked by the field validator above
            birth_date=record.birth_date,
            gender=record.gender,
        )
        if problems:
            raise RecordValidationError(
                [
                    FieldError(
                        "birth_date" if p.code == "id_birth_mismatch" else "gender", p.message
                    )
                    for p in problems
                ]
            )
    return record  # type: ignore[return-value]


def to_wire(record: BaseModel) -> dict[str, Any]:
    """Field values as JSON-ready data (dates as ISO text)."""
    return record.model_dump(mode="json")
