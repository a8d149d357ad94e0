"""One vocabulary of coded values: what each stored code is called, and the words read for it.

A record stores codes (``female``, ``dibao``, ``left_behind``, ``True``); people read and
type words (女, 低保, 农村留守儿童, 是). Every part of the program that turns one into the
other goes through here: the window's forms and lists, the CLI's ``show``/``list``/``todo``
and ``--set``, the ledger's export and intake, printed documents and the monthly report.
So a code has one name everywhere, and whatever the program writes it also reads back.

The contract:

1. A :class:`Domain` is the set of codes one field may hold, each a :class:`Term` with
   its name (:class:`~casework.messages.Message`, as the window shows it), an optional
   short name for narrow columns, and aliases: further words read on input (a village
   ledger's 低保户, an old name such as 涉案未成年人), never written.
2. Names follow the county's work plan (the seed) where it names a thing, e.g. the nine
   categories of §二(一) (犯罪未成年人及犯罪案件未成年受害者); otherwise the window's words.
3. :meth:`Domain.read` accepts a code, a name or short name in either language, or an
   alias (full-width folded, spaces and case ignored); "无" reads as "not given" where it
   is no name; anything else is refused with the list of names (:class:`WordError`).
4. :func:`domain_for` says which domain a record field's values come from (by record kind
   and field, nested fields such as a situation's ``kind`` included); :func:`form_order`
   lists a kind's fields in the order of the window's form (``casework.labels.field_named``
   reads a field named in words, 年级 or 性别, or by its code).

Pure: no Qt, no database; the window picks the language, the CLI follows ``CHILDDESK_LANG``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from casework.messages import Message, WordError

CodeValue = str | bool | int

M_UNKNOWN_WORD = Message(
    "“{value}”不是可填的值；可填：{words}", "'{value}' is not one of: {words_en}"
)
M_UNKNOWN_FIELD = Message(
    "“{value}”不是{kind}的字段；可填：{words}", "'{value}' is not a field of {kind_en}: {words_en}"
)

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def word_key(raw: str) -> str:
    """How a typed word is compared: full-width folded, no spaces, Latin upper-cased.

    Cached: a ledger repeats the same few words (男, 外出务工, 祖孙) on every row.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", raw)).upper()


@dataclass(frozen=True)
class Term:
    """One code and its words."""

    code: CodeValue
    name: Message
    short: Message | None = None  # for narrow columns; the name otherwise
    aliases: tuple[str, ...] = ()  # read, never written


def _t(
    code: CodeValue, zh: str, en: str, *aliases: str, short: tuple[str, str] | None = None
) -> Term:
    return Term(code, Message(zh, en), Message(*short) if short else None, aliases)


@dataclass(frozen=True)
class Domain:
    """The codes one field may hold, each with its words (contract items 1 and 3)."""

    key: str
    terms: tuple[Term, ...]
    none_words: frozenset[str] = frozenset({"无"})
    hint: Message | None = None  # after the list of names where an error shows them
    _by_code: dict[CodeValue, Term] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, CodeValue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {term.code: term for term in self.terms}
        by_key: dict[str, CodeValue] = {}
        # Names first, so an alias never hides a name; then codes, English, aliases.
        for words in (
            lambda t: (t.name.zh,),
            lambda t: (t.short.zh,) if t.short else (),
            lambda t: (str(t.code), t.name.en, *((t.short.en,) if t.short else ())),
            lambda t: t.aliases,
        ):
            for term in self.terms:
                for word in words(term):
                    by_key.setdefault(word_key(word), term.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_key", by_key)

    def codes(self) -> tuple[CodeValue, ...]:
        return tuple(term.code for term in self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def name(self, code: Any) -> Message:
        """The name of ``code``; an unknown code (an older or newer program's) as itself."""
        term = self._by_code.get(code)
        return term.name if term else Message(str(code), str(code))

    def short(self, code: Any) -> Message:
        term = self._by_code.get(code)
        if term is None:
            return Message(str(code), str(code))
        return term.short or term.name

    def word(self, code: Any) -> str:
        """The Chinese name (what a ledger or a printed form says)."""
        return self.name(code).zh

    def names(self, language: str | None = None) -> list[str]:
        return [term.name.text(language) for term in self.terms]

    def accepted(self, language: str = "zh") -> str:
        """The names, for "may be typed" notes and refusals."""
        listed = ("、" if language != "en" else ", ").join(self.names(language))
        if self.hint is None:
            return listed
        return f"{listed}（{self.hint.zh}）" if language != "en" else f"{listed} ({self.hint.en})"

    def lookup(self, raw: str) -> CodeValue | None:
        """The code ``raw`` stands for, None for "not given", or a :class:`WordError`
        naming what may be typed."""
        key = word_key(raw)
        if key in self._by_key:
            return self._by_key[key]
        if key in self.none_words:
            return None
        raise WordError(
            M_UNKNOWN_WORD.format(
                value=raw.strip(), words=self.accepted(), words_en=self.accepted("en")
            )
        )

    read = lookup


def _domain(
    key: str, *terms: Term, none_words: Iterable[str] = ("无",), hint: Message | None = None
) -> Domain:
    return Domain(key, terms, frozenset(none_words), hint)


# ---------------------------------------------------------------------------------------
# The child


YES_NO = _domain(
    "yes_no",
    _t(True, "是", "Yes", "Y", "YES", "TRUE", "1", "√", "✓", "✔", "有", "对"),
    _t(False, "否", "No", "N", "NO", "FALSE", "0", "×", "✗", "✘", "不是", "没有"),
    hint=Message("也可填 Y/N、1/0、√/×", "also Y/N, 1/0, √/×"),
)
GENDER = _domain("gender", _t("male", "男", "male", "男性"), _t("female", "女", "female", "女性"))
HUKOU_TYPE = _domain(
    "hukou_type",
    _t("rural", "农村", "rural", "农业", "农业户口", "农村户口"),
    _t("urban", "城镇", "urban", "非农业", "非农业户口", "城镇户口"),
)
FAMILY_ASSISTANCE = _domain(
    "family_assistance",
    _t("dibao", "低保", "dibao", "低保户", "低保家庭"),
    _t("dibao_edge", "低保边缘", "dibao edge", "低保边缘户", "低边", "低保边缘家庭"),
    _t("none", "无", "none"),
    none_words=(),
)
RISK_LEVEL = _domain(
    "risk_level",
    _t("low", "低", "low", "低风险"),
    _t("medium", "中", "medium", "中风险"),
    _t("high", "高", "high", "高风险"),
)
DISABILITY_CATEGORY = _domain(
    "disability_category",
    *(
        _t(code, zh, en, f"{zh}残疾")
        for code, zh, en in (
            ("physical", "肢体", "physical"),
            ("visual", "视力", "visual"),
            ("hearing", "听力", "hearing"),
            ("speech", "言语", "speech"),
            ("intellectual", "智力", "intellectual"),
            ("mental", "精神", "mental"),
            ("multiple", "多重", "multiple"),
        )
    ),
)
DISABILITY_GRADE = _domain(
    "disability_grade",
    *(
        _t(n, f"{zh}级", f"grade {n}", f"{n}级", zh)
        for n, zh in ((1, "一"), (2, "二"), (3, "三"), (4, "四"))
    ),
    hint=Message("也可填 1–4", "or 1–4"),
)
JUSTICE_INVOLVEMENT = _domain(
    "justice_involvement",
    _t("offender", "犯罪未成年人", "minor offender", "犯罪", "涉罪", "涉罪未成年人"),
    _t(
        "victim", "犯罪案件未成年受害者", "minor victim", "受害", "受害者",
        "受侵害未成年人",
    ),
)  # fmt: skip
# The nine categories of seed §二(一), in its order and its words (contract item 2); the
# short names are for the list's narrow column. Aliases: older names of this program and
# the words village ledgers use for a whole category.
CATEGORY = _domain(
    "category",
    _t("left_behind", "农村留守儿童", "left-behind child", "留守儿童"),
    _t("orphan_institutional", "福利机构养育孤儿", "orphan raised in a welfare institution",
       "集中供养孤儿", short=("机构养育孤儿", "orphan in an institution")),
    _t("orphan_scattered", "社会散居孤儿", "orphan living outside an institution", "散居孤儿",
       short=("散居孤儿", "scattered orphan")),
    _t("de_facto_unsupported", "事实无人抚养儿童", "de facto unsupported child",
       "事实无人抚养"),
    _t("low_income_self_difficulty", "低保户和低保边缘户家庭中的自身困境儿童",
       "child in difficulty in a dibao or dibao-edge family",
       "低保（边缘）家庭自身困境儿童", "低保家庭自身困境儿童",
       short=("低保家庭自身困境儿童", "dibao family, child in difficulty")),
    _t("low_income_family", "低保户和低保边缘户家庭中的非自身困境儿童",
       "other child of a dibao or dibao-edge family",
       "低保（边缘）家庭非自身困境儿童", "低保家庭非自身困境儿童",
       short=("低保家庭其他儿童", "other dibao family child")),
    _t("other_self_difficulty", "其他家庭中的自身困境儿童",
       "child in difficulty in another family", "其他家庭自身困境儿童",
       short=("其他家庭困境儿童", "other child in difficulty")),
    _t("justice_involved", "犯罪未成年人及犯罪案件未成年受害者",
       "minor offender or minor victim of a crime",
       "犯罪未成年人或犯罪案件未成年受害者", "涉案未成年人",
       short=("犯罪或受害未成年人", "offender or victim")),
    _t("temporary_custody", "需临时监护儿童", "child needing temporary custody"),
    none_words=(),
)  # fmt: skip
# 就学情况 (annex 3 item 4: 失学辍学 children are key children).
SCHOOLING_STATUS = _domain(
    "schooling_status",
    _t("in_school", "在读", "in school", "在校", "就读"),
    _t("dropped_out", "辍学", "dropped out"),
    _t("out_of_school", "失学", "out of school"),
    _t("not_enrolled", "未入学", "not yet at school", "学龄前"),
)
# Why a child is suggested as a key child (annex 3 item 4; casework/file_checks.py).
KEY_CHILD_GROUND = _domain(
    "key_child_ground",
    _t("ill", "患重病", "seriously ill"),
    _t("disabled", "有残疾", "disabled"),
    _t("poorly_guarded", "监护情况较差", "poorly guarded"),
    _t("out_of_school", "失学辍学", "dropped out or out of school"),
    _t("no_hukou", "无户籍", "no household registration"),
)
# Benefits a child is helped to apply for (annex 3 item 4; casework/benefits.py).
BENEFIT = _domain(
    "benefit",
    _t("basic_living", "基本生活费（补贴）", "basic living allowance", "基本生活费"),
    _t("dibao", "低保", "dibao"),
    _t("medical_aid", "医疗救助", "medical assistance"),
    _t("education_aid", "教育资助", "education aid"),
    _t(
        "disability_subsidies", "残疾人两项补贴（困难残疾人生活补贴、重度残疾人护理补贴）",
        "the two disability subsidies", "残疾人两项补贴", "两项补贴",
        short=("残疾人两项补贴", "disability subsidies"),
    ),
    _t("rehabilitation", "残疾儿童康复救助", "rehabilitation aid for disabled children"),
    _t("other", "其他", "other"),
)  # fmt: skip
BENEFIT_STATUS = _domain(
    "benefit_status",
    _t("informed", "已告知，未申请", "family told, not applied for", "已告知"),
    _t("applied", "已申请", "applied for"),
    _t("granted", "已享受", "granted"),
    _t("refused", "未获批", "refused"),
    _t("not_needed", "无需申请", "not needed"),
)
# 退出/结案 (issue 17).
CLOSURE_REASON = _domain(
    "closure_reason",
    _t("turned_18", "年满18周岁", "turned 18", "满18周岁", "成年"),
    _t("no_longer_eligible", "不再符合条件", "no longer eligible"),
    _t("parents_returned", "父母返乡", "parents came home", "返乡"),
    _t("moved_out", "迁出本县", "moved out of the county", "迁出"),
    _t("died", "死亡", "died"),
    _t("other", "其他", "other"),
)

# ---------------------------------------------------------------------------------------
# Family


RELATION = _domain(
    "relation",
    _t("father", "父亲", "Father", "爸爸", "父子", "父女"),
    _t("mother", "母亲", "Mother", "妈妈", "母子", "母女"),
    _t("grandfather", "祖父", "Grandfather (father's side)", "爷爷", "爷孙", "祖父孙"),
    _t("grandmother", "祖母", "Grandmother (father's side)", "奶奶", "奶孙", "祖母孙"),
    _t("maternal_grandfather", "外祖父", "Grandfather (mother's side)", "外公", "姥爷",
       "外公孙", "外祖父孙"),
    _t("maternal_grandmother", "外祖母", "Grandmother (mother's side)", "外婆", "姥姥",
       "外婆孙", "外祖母孙"),
    _t("sibling", "兄弟姐妹", "Brother or sister", "哥哥", "姐姐", "兄弟", "姐妹", "兄妹",
       "姐弟", "姊妹"),
    _t("uncle_aunt", "叔伯姑舅姨", "Uncle or aunt", "叔叔", "伯伯", "伯父", "叔父", "姑姑",
       "姑妈", "舅舅", "阿姨", "姨妈", "婶婶", "伯母", "舅妈", "姑父", "姨父", "姑侄",
       "叔侄", "伯侄", "舅甥", "姨甥", "婶侄"),
    _t("other_relative", "其他亲属", "Other relative", "亲戚", "亲属"),
    _t("other", "其他", "Other", "邻居", "朋友"),
)  # fmt: skip
# A parent's situation (seed §二(一)1, 3): the window's words; the ledger reads many more.
SITUATION = _domain(
    "situation",
    _t("migrant_work", "外出务工", "Working away from home",
       "务工", "外出打工", "打工", "在外打工", "外出", "外地务工", "省外务工", "省内务工",
       "县外务工", "市外务工", "外出经商", "在外务工", "外出工作", "在外工作"),
    _t("deceased", "死亡", "Deceased", "去世", "已故", "病故", "离世", "过世", "身故"),
    _t("declared_dead", "被宣告死亡", "Declared dead", "宣告死亡", "被人民法院宣告死亡"),
    _t("declared_missing", "被宣告失踪", "Declared missing", "宣告失踪",
       "被人民法院宣告失踪"),
    _t("unidentified", "查找不到", "Cannot be found"),
    _t("disability", "残疾", "Disability", "重残"),
    _t("serious_illness", "重病", "Serious illness", "患重病", "大病", "患大病"),
    _t("imprisoned", "服刑在押", "Serving a sentence", "服刑", "在押", "坐牢", "服刑中",
       "羁押"),
    _t("compulsory_rehab", "强制隔离戒毒", "Compulsory drug rehabilitation", "强制戒毒",
       "戒毒"),
    _t("restricted_liberty", "被限制人身自由", "Liberty restricted", "限制人身自由",
       "被执行其他限制人身自由的措施"),
    _t("lost_contact", "失联", "Lost contact", "失去联系", "失踪", "下落不明", "联系不上"),
    _t("unable_to_guard", "无法履行监护职责", "Unable to look after the child",
       "无法履行监护", "无法履行监护责任"),
    # At home, or facts that are no condition of the rules (divorce, farming at home).
    none_words=(
        "无", "正常", "在家", "在家务农", "务农", "在本地", "本地务工", "本地工作",
        "在家照顾", "离异", "离婚", "再婚", "健在", "健康", "在本县务工", "县内务工",
    ),
    hint=Message("残疾须写明类别和等级，如 残疾（肢体二级）",
                 "a disability names its category and grade, as in 残疾（肢体二级）"),
)  # fmt: skip
ENTRUSTMENT_STATUS = _domain(
    "entrustment_status",
    _t("draft", "草稿", "Draft"),
    _t("signed", "已签订", "Signed", "签订"),
    _t("expired", "已过期", "Expired", "过期"),
    _t("revoked", "已撤销", "Revoked", "撤销"),
)
INTERVENTION_STEP = _domain(
    "intervention_step",
    _t("criticism_education", "批评教育", "criticism and education"),
    _t("urging", "督促履行监护职责", "urged to fulfil the duty", "督促履责"),
    _t("admonition", "训诫", "admonition"),
    _t("public_security_penalty", "治安管理处罚", "public security penalty"),
    _t("revocation_application", "申请撤销监护人资格", "revocation applied for"),
    _t("new_guardian_appointed", "另行指定监护人", "new guardian appointed"),
    _t("other", "其他", "other"),
)

# ---------------------------------------------------------------------------------------
# Visits, reports, the case cycle


VISIT_TYPE = _domain(
    "visit_type",
    _t("regular", "定期走访", "Regular visit", "走访"),
    _t("key_check", "重点核查", "Key check"),
    _t("follow_up", "随访", "Follow-up"),
)
REPORT_TRIGGER = _domain(
    "report_trigger",
    # The seed's own words (§二(六)1); the window's older names are still read.
    _t("living_alone", "脱离监护单独居住生活", "Child living alone without a guardian",
       "儿童独自居住", "独自居住", "单独居住"),
    _t("missing", "儿童失踪", "Child missing", "失踪"),
    _t("guardian_incapable", "监护人丧失监护能力",
       "Guardian unable to look after the child", "监护人无法履行监护职责", "监护人无监护能力"),
    _t("not_fulfilling_guardianship", "监护人不履行监护责任",
       "Guardian neglecting the child", "监护人不依法履行监护职责", "监护人不履行监护职责",
       "不履行监护责任"),
    _t("suspected_violence", "疑似遭受家庭暴力", "Suspected violence or abuse", "家庭暴力"),
    _t("accidental_injury", "遭受意外伤害", "Injured by accident", "意外伤害"),
    _t("unlawful_harm", "遭受不法侵害", "Harmed unlawfully", "不法侵害"),
)  # fmt: skip
REPORT_FOLLOW_UP = _domain(
    "report_follow_up",
    _t("open", "未处理", "Not handled yet", "未跟进"),
    _t("following", "跟进中", "Following up"),
    _t("closed", "已结案", "Closed", "结案"),
)
# Seed §二(六)2's emergency measures.
EMERGENCY_MEASURE = _domain(
    "emergency_measure",
    _t("returned_to_family", "送返家庭（责令父母返回）", "returned to the family", "送返家庭"),
    _t("relatives_care", "委托亲属监护照料", "in relatives' care"),
    _t("village_committee_care", "村（居）委会临时照料", "village committee's care"),
    _t("rescue_station", "救助管理机构临时照料", "rescue station"),
    _t("welfare_institution", "福利机构临时照料", "welfare institution"),
    _t("sent_to_hospital", "协助就医", "sent to hospital"),
    _t("temporary_shelter", "安置到临时庇护场所", "temporary shelter"),
    _t("other", "其他", "other"),
)
# The departments of "一门受理、协同救助" (seed §二(五)), in its order, by its short names.
DEPARTMENT = _domain(
    "department",
    _t("civil_affairs", "民政", "civil affairs", "民政局", "民政部门"),
    _t("education", "教育", "education", "教育局"),
    _t("public_security", "公安", "police", "公安局", "公安机关", "派出所"),
    _t("justice", "司法", "justice", "司法局"),
    _t("health", "卫健", "health", "卫健局", "卫健委", "卫生健康"),
    _t("human_resources", "人社", "human resources and social security", "人力社保",
       "人力社保局"),
    _t("housing", "住建", "housing", "住建局"),
    _t("medical_insurance", "医保", "medical insurance", "医保局"),
    _t("youth_league", "团委", "Youth League", "团县委"),
    _t("womens_federation", "妇联", "Women's Federation"),
    _t("disabled_federation", "残联", "Disabled Persons' Federation"),
    _t("procuratorate", "检察院", "procuratorate"),
    _t("court", "法院", "court"),
    _t("rescue_centre", "未成年人救助保护中心/救助管理站",
       "minors' rescue and protection centre", "未成年人救助保护中心", "救助管理站"),
    _t("social_organization", "社会组织", "social organisation"),
    _t("care_committee", "关工委", "Care for the Next Generation committee"),
    _t("trade_union", "工会", "trade union"),
    _t("township", "乡镇（街道）", "township", "乡镇", "街道"),
    _t("other", "其他", "other"),
)  # fmt: skip
# Who helps the township assess (seed §二(六)3).
ASSESSMENT_PARTNER = _domain(
    "assessment_partner",
    _t("civil_affairs", "民政", "civil affairs", "民政局", "民政部门"),
    _t("public_security", "公安", "police", "公安局", "公安机关"),
    _t("village_committee", "村（居）民委员会", "village committee", "村委会", "居委会"),
    _t("school", "中小学校", "school", "学校"),
    _t("medical_institution", "医疗机构", "medical institution"),
    _t("relatives", "亲属", "relatives"),
    _t("social_work_agency", "社会工作服务机构", "social work agency", "社工机构"),
)
REFERRAL_STATUS = _domain(
    "referral_status",
    _t("open", "已转介，待答复", "Sent, awaiting an answer", "待答复", "待处理", "已转介",
       short=("待答复", "awaiting an answer")),
    _t("in_progress", "已受理，办理中", "Accepted, in hand", "办理中", "已受理",
       short=("办理中", "in hand")),
    _t("done", "已办结", "Done", "办结"),
    _t("declined", "未受理", "Declined"),
)  # fmt: skip
NOTE_STATUS = _domain(
    "note_status",
    _t("open", "未处理", "Not handled yet", "未办结"),
    _t("done", "已完成", "Done", "完成", "已办结"),
)

# ---------------------------------------------------------------------------------------
# What the program itself says of a record or a reminder


SEVERITY = _domain(
    "severity",
    _t("urgent", "紧急", "Urgent"),
    _t("warning", "提醒", "Reminder"),
    _t("info", "知悉", "For information"),
)
VISIT_STATUS = _domain(
    "visit_status",
    _t("ok", "按期", "on schedule"),
    _t("due_soon", "即将到期", "due soon"),
    _t("overdue", "已逾期", "overdue"),
)
SYNC_STATE = _domain(
    "sync_state",
    _t("synced", "已同步", "Synced"),
    _t("pending", "待上传", "Waiting to send"),
    _t("sending", "正在上传", "Sending"),
    _t("conflict", "冲突", "Conflict"),
    _t("rejected", "被县里拒绝", "Refused by the county"),
)
RECORD_KIND = _domain(
    "record_kind",
    _t("child", "儿童", "Child"),
    _t("family_member", "家庭成员", "Family member"),
    _t("visit", "走访", "Visit"),
    _t("entrustment", "委托监护", "Entrustment"),
    _t("mandatory_report", "强制报告", "Mandatory report"),
    _t("referral", "转介", "Referral"),
    _t("assessment", "评估", "Assessment"),
    _t("supervision_note", "督导记录", "Supervision note"),
)
EMPTY = Message("（空）", "(empty)")

DOMAINS: tuple[Domain, ...] = (
    YES_NO, GENDER, HUKOU_TYPE, FAMILY_ASSISTANCE, RISK_LEVEL, DISABILITY_CATEGORY,
    DISABILITY_GRADE, JUSTICE_INVOLVEMENT, CATEGORY, SCHOOLING_STATUS, CLOSURE_REASON,
    RELATION, SITUATION, ENTRUSTMENT_STATUS, INTERVENTION_STEP, VISIT_TYPE, REPORT_TRIGGER,
    REPORT_FOLLOW_UP, EMERGENCY_MEASURE, DEPARTMENT, ASSESSMENT_PARTNER, REFERRAL_STATUS,
    NOTE_STATUS, KEY_CHILD_GROUND, BENEFIT, BENEFIT_STATUS, SEVERITY, VISIT_STATUS,
    SYNC_STATE, RECORD_KIND,
)  # fmt: skip

# ---------------------------------------------------------------------------------------
# Which field holds which domain (contract item 4)

# By field name, for every kind; (kind, field) first where one name means different things.
# Nested records are named by their path: "situations.kind", "plan_items.department".
_BY_FIELD: dict[str, Domain] = {
    "gender": GENDER,
    "hukou_type": HUKOU_TYPE,
    "family_assistance": FAMILY_ASSISTANCE,
    "risk_level": RISK_LEVEL,
    "disability_category": DISABILITY_CATEGORY,
    "disability_grade": DISABILITY_GRADE,
    "justice_involvement": JUSTICE_INVOLVEMENT,
    "closure_reason": CLOSURE_REASON,
    "schooling_status": SCHOOLING_STATUS,
    "key_child_declined.grounds": KEY_CHILD_GROUND,
    "benefits.benefit": BENEFIT,
    "benefits.status": BENEFIT_STATUS,
    "relation": RELATION,
    "situations.kind": SITUATION,
    "situations.category": DISABILITY_CATEGORY,
    "situations.grade": DISABILITY_GRADE,
    "interventions.step": INTERVENTION_STEP,
    "visit_type": VISIT_TYPE,
    "trigger": REPORT_TRIGGER,
    "more_triggers": REPORT_TRIGGER,
    "follow_up_status": REPORT_FOLLOW_UP,
    "emergency_measure": EMERGENCY_MEASURE,
    "department": DEPARTMENT,
    "plan_items.department": DEPARTMENT,
    "partners": ASSESSMENT_PARTNER,
    "categories": CATEGORY,
}
_BY_KIND_FIELD: dict[tuple[str, str], Domain] = {
    ("entrustment", "status"): ENTRUSTMENT_STATUS,
    ("referral", "status"): REFERRAL_STATUS,
    ("supervision_note", "status"): NOTE_STATUS,
}

# The order of the window's forms (desktop/ui: the child file's tabs, the case cycle's
# panels, the report and note forms); fields not listed follow in the schema's order.
FORM_ORDER: dict[str, tuple[str, ...]] = {
    "child": (
        "name", "gender", "id_number", "birth_date", "ethnicity", "hukou_county_code",
        "hukou_type", "hukou_address", "no_hukou", "residence_address", "school", "grade",
        "schooling_status", "boarding", "health", "disability_category", "disability_grade",
        "disability_certificate_no",
        "serious_illness", "serious_illness_note", "family_assistance",
        "assistance_certificate_no", "assistance_valid_until", "welfare_received",
        "in_welfare_institution", "found_in_county", "justice_involvement",
        "needs_temporary_custody", "risk_level", "key_child", "opened_on", "notes",
        "file_closed_on", "closure_reason", "closure_note", "reopened_on", "reopen_reason",
        "key_child_declined", "benefits",
    ),
    "family_member": (
        "relation", "name", "id_number", "phone", "work_place", "is_entrusted_guardian",
        "situations", "refusing_since", "interventions",
    ),
    "visit": (
        "visit_date", "visitor", "visit_type", "living_condition", "guardianship",
        "schooling", "health", "mental_state", "problems_found", "help_given",
        "next_visit_due",
    ),
    "entrustment": (
        "guardian_name", "guardian_relation", "guardian_phone", "guardian_id_number",
        "parents", "signed_date", "valid_until", "status",
    ),
    "mandatory_report": (
        "trigger", "more_triggers", "found_at", "reported_at", "police_station", "officer",
        "receipt_no", "description", "filed", "follow_up_status", "follow_up_notes",
        "police_feedback_on", "emergency_measure", "taken_in_by",
    ),
    "referral": (
        "department", "need", "referred_on", "status", "accepted_on", "closed_on",
        "outcome", "decline_reason",
    ),
    "assessment": (
        "assessed_on", "assessor", "partners", "safety", "guardianship", "physical_health",
        "mental_health", "risk_level", "plan", "plan_items",
    ),
    "supervision_note": ("note", "task", "task_due", "status", "reply", "done_on"),
}  # fmt: skip


def domain_for(kind: str, field_name: str) -> Domain | None:
    """The domain of ``field_name`` in a record of ``kind`` (a nested field as
    ``situations.kind``); yes/no for a true-or-false field; None for free text."""
    found = _BY_KIND_FIELD.get((kind, field_name)) or _BY_FIELD.get(field_name)
    if found is not None:
        return found
    return YES_NO if _is_bool(kind, field_name) else None


@lru_cache(maxsize=512)
def _is_bool(kind: str, field_name: str) -> bool:
    annotation = _annotation(kind, field_name)
    return annotation is bool


def _annotation(kind: str, field_name: str) -> Any:
    from casework import records

    schema: Any = records.SCHEMAS.get(kind)
    path = field_name.split(".")
    for step, name in enumerate(path):
        if schema is None or name not in schema.model_fields:
            return None
        annotation = schema.model_fields[name].annotation
        if step == len(path) - 1:
            return annotation
        schema = _nested_model(annotation)
    return None


def _nested_model(annotation: Any) -> Any:
    """The record model inside ``tuple[Situation, ...]``, if any."""
    from typing import get_args

    from pydantic import BaseModel

    for arg in get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def fields_of(kind: str) -> tuple[str, ...]:
    from casework import records

    return tuple(records.SCHEMAS[kind].model_fields)


def form_order(kind: str) -> tuple[str, ...]:
    """The fields of ``kind`` in the order of the window's form."""
    known = fields_of(kind)
    listed = tuple(f for f in FORM_ORDER.get(kind, ()) if f in known)
    return listed + tuple(f for f in known if f not in listed)


def value_name(kind: str, field_name: str, value: Any) -> Message:
    """A stored value in words: a code by its domain, a list of codes joined, yes/no;
    anything else (text, a date, a number) as it is; nothing given as :data:`EMPTY`."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    domain = domain_for(kind, field_name)
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int | bool) for v in value):
            names = [value_name(kind, field_name, v) for v in value]
            return Message("、".join(n.zh for n in names), ", ".join(n.en for n in names))
        return Message(str(value), str(value))
    if isinstance(value, bool):
        return (domain or YES_NO).name(value)
    if domain is not None and value in domain:
        return domain.name(value)
    return Message(str(value), str(value))


def flat_names() -> dict[str, Message]:
    """Every string code's name, the first domain's where two share a code (the window's
    ``value_text`` without a field, ``casework.labels.VALUE_LABELS``)."""
    names: dict[str, Message] = {}
    for domain in DOMAINS:
        for term in domain.terms:
            if isinstance(term.code, str):
                names.setdefault(term.code, term.name)
    return names
