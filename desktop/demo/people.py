"""The made-up county of the demo: places, children, families, visits, entrustments, one
filed mandatory report and one still a draft, and a task from the township.

Everything is recognisably fake and reproducible from a seed:

- places are in county code ``DEMO_COUNTY`` (339901, assigned to no real county; Anji is
  330523) and every township and village name starts with 演示;
- ID numbers carry a valid check character on that region code, so they pass the same
  checks as real ones but can never be a real Anji child's;
- names come from a placeholder pattern nobody is called: the first eight surnames of the
  Hundred Family Surnames with a heavenly stem and an earthly branch (赵甲子, 钱乙丑 …),
  parents 某 (赵某甲); notes, addresses and schools say 演示.

It reads like a real morning on the home page: most children were visited within their
interval, a few (``OVERDUE_SHARE``) slipped past it and some more fall due this week; most
left-behind children have a signed entrustment (signed after their parents left, so none is
outdated), a few (``NO_ENTRUSTMENT_SHARE``) not yet; a couple run out this month and one
has run out; most 低保 families have their certificate dated and their benefits granted.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from casework.ids import make_id_number

DEMO_COUNTY = "339901"
SURNAMES = "赵钱孙李周吴郑王"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
TOWNSHIPS = ("演示东镇", "演示西乡", "演示南街道")
VILLAGES = ("演示甲村", "演示乙村")  # in every township
SCHOOLS = ("演示小学", "演示中心小学", "演示中学")
GRADES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三")
VISIT_NOTES = (
    "（演示）孩子由祖父母照料，生活起居基本正常。",
    "（演示）父母在外务工，每周视频通话一次。",
    "（演示）在校学习成绩中等，与同学相处融洽。",
    "（演示）情绪稳定，愿意与儿童主任交流。",
    "（演示）提醒监护人注意防溺水和交通安全。",
)
DEMO_NOTE = "演示数据：虚构儿童，不是真实人员"
DIRECTOR_NAME = "演示主任"
COLLEAGUE_NAME = "演示同事{n}"
SUPERVISOR_NAME = "演示督导员"
OVERDUE_SHARE = 0.07  # visits past their interval: a few, as in a village that keeps up
LATE_SHARE = 0.06  # earlier visits that came some days after they were due
HISTORY_DAYS = 200  # visits go back this far: the statistics page's six months
DUE_THIS_WEEK_SHARE = 0.09
NO_ENTRUSTMENT_SHARE = 0.04  # left-behind children whose entrustment is not signed yet
UNDATED_CERTIFICATE_SHARE = 0.15  # 低保 families whose certificate's end is not on file
BENEFIT_ONLY_TOLD_SHARE = 0.15  # 低保 children whose family was told, nothing applied yet
LOW_INCOME_BENEFITS = ("basic_living", "education_aid")  # casework.benefits.applicable


@dataclass(frozen=True)
class Place:
    code: str
    name: str


@dataclass(frozen=True)
class Township(Place):
    villages: tuple[Place, ...]


@dataclass(frozen=True)
class Record:
    kind: str
    fields: dict[str, Any]
    id: str


@dataclass
class VillageRecords:
    """One village's records in the order they may be written (children before visits)."""

    village: Place
    records: list[Record] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]


def demo_townships() -> tuple[Township, ...]:
    out = []
    for t, t_name in enumerate(TOWNSHIPS, start=1):
        code = f"{DEMO_COUNTY}{100 + t:03d}"
        villages = tuple(
            Place(f"{code}{v:03d}", f"{t_name}{v_name}")
            for v, v_name in enumerate(VILLAGES, start=1)
        )
        out.append(Township(code, t_name, villages))
    return tuple(out)


def demo_village() -> Place:
    """The village of the demo device: the first one."""
    return demo_townships()[0].villages[0]


def child_name(n: int) -> str:
    return SURNAMES[n % 8] + STEMS[n % 10] + BRANCHES[(n // 10) % 12]


class _Maker:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.sequence = 0

    def record_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def id_number(self, birth: date, gender: str) -> str:
        # An odd 17th digit means male (GB 11643); the sequence runs through 000-999.
        self.sequence = (self.sequence + 1) % 500
        return make_id_number(DEMO_COUNTY, birth, self.sequence * 2 + (gender == "male"))

    def day_within(self, days: int) -> date:
        return self.today - timedelta(days=self.rng.randrange(1, days))

    def child(self, n: int, village: Place) -> Record:
        rng = self.rng
        gender = rng.choice(("male", "female"))
        birth = self.today - timedelta(days=rng.randrange(365, 16 * 365))
        fields = {
            "name": child_name(n),
            "gender": gender,
            "birth_date": birth.isoformat(),
            "id_number": self.id_number(birth, gender),
            "hukou_address": f"{village.name}{rng.randrange(1, 200)}号（演示）",
            "residence_address": f"{village.name}{rng.randrange(1, 200)}号（演示）",
            "school": rng.choice(SCHOOLS),
            "grade": rng.choice(GRADES),
            "risk_level": rng.choice(("low", "low", "low", "medium", "high")),
            "key_child": rng.random() < 0.15,
            # Files opened over the last three years (after birth), so past months have
            # children on file and new files; visits come after the opening.
            "opened_on": max(
                birth, self.today - timedelta(days=rng.randrange(20, 3 * 365))
            ).isoformat(),
            "notes": DEMO_NOTE,
        }
        if rng.random() < 0.1:
            fields.update(self._low_income(date.fromisoformat(str(fields["opened_on"]))))
        return Record("child", fields, self.record_id())

    def _low_income(self, opened: date) -> dict[str, Any]:
        """A 低保 family: the certificate dated (mostly) and the benefits granted (mostly)."""
        rng = self.rng
        fields: dict[str, Any] = {"family_assistance": "dibao"}
        if rng.random() >= UNDATED_CERTIFICATE_SHARE:
            until = self.today + timedelta(days=rng.randrange(40, 700))
            fields["assistance_valid_until"] = until.isoformat()
        if rng.random() < BENEFIT_ONLY_TOLD_SHARE:
            fields["benefits"] = [{"benefit": "basic_living", "status": "informed"}]
        else:
            granted = min(self.today, opened + timedelta(days=rng.randrange(10, 60)))
            fields["benefits"] = [
                {"benefit": kind, "status": "granted", "granted_on": granted.isoformat()}
                for kind in LOW_INCOME_BENEFITS
            ]
        return fields

    def parents(self, n: int, child: Record) -> list[Record]:
        surname = SURNAMES[n % 8]
        other = SURNAMES[(n + 3) % 8]
        since = self.day_within(5 * 365).isoformat()
        father_situations: list[dict[str, Any]] = [{"kind": "migrant_work", "since": since}]
        mother_situations: list[dict[str, Any]] = [{"kind": "migrant_work", "since": since}]
        roll = self.rng.random()
        if roll < 0.08:
            father_situations = [{"kind": "imprisoned", "since": since}]
        elif roll < 0.14:
            mother_situations = [{"kind": "serious_illness"}]
        elif roll < 0.3:
            mother_situations = []
        out = []
        for relation, name, situations in (
            ("father", f"{surname}某{STEMS[n % 10]}", father_situations),
            ("mother", f"{other}某{BRANCHES[n % 12]}", mother_situations),
        ):
            fields = {
                "child_id": child.id,
                "relation": relation,
                "name": name,
                "situations": situations,
                "work_place": (
                    "外地（演示）" if any(s["kind"] == "migrant_work" for s in situations) else None
                ),
            }
            out.append(Record("family_member", fields, self.record_id()))
        return out

    def _days_since_last_visit(self, every: int) -> int:
        roll = self.rng.random()
        if roll < OVERDUE_SHARE:
            return every + self.rng.randrange(3, every // 2 + 4)
        if roll < OVERDUE_SHARE + DUE_THIS_WEEK_SHARE:
            return every - self.rng.randrange(-2, 6)  # due within the week
        return self.rng.randrange(3, every - 8)

    def visits(self, child: Record, history_days: int) -> list[Record]:
        """Visits about one interval apart (monthly for key children, else quarterly) back
        over ``history_days`` and at least two, none before the opening: the last as
        :meth:`_days_since_last_visit` draws it, each earlier one mostly on time (a few days
        early), now and then late (``LATE_SHARE``), so past months' figures read as a
        village that keeps up (the statistics page shows six months)."""
        out = []
        opened = date.fromisoformat(child.fields["opened_on"])
        key = child.fields.get("key_child") or child.fields.get("risk_level") == "high"
        every = 30 if key else 91
        visited = self.today - timedelta(days=self._days_since_last_visit(every))
        earliest = self.today - timedelta(days=history_days)
        while True:
            visited = max(visited, opened)
            fields = {
                "child_id": child.id,
                "visit_date": visited.isoformat(),
                "visitor": DIRECTOR_NAME,
                "living_condition": self.rng.choice(VISIT_NOTES),
                "guardianship": self.rng.choice(VISIT_NOTES),
                "next_visit_due": (visited + timedelta(days=every)).isoformat(),
            }
            out.append(Record("visit", fields, self.record_id()))
            if visited <= opened or (visited < earliest and len(out) >= 2):
                return out
            late = self.rng.random() < LATE_SHARE
            gap = every + self.rng.randrange(3, 20) if late else every - self.rng.randrange(0, 8)
            visited -= timedelta(days=gap)

    def entrustment(self, child: Record, *, signed: date, until: date) -> Record:
        """A 委托监护确认书 signed on ``signed``, valid until ``until``."""
        fields = {
            "child_id": child.id,
            "guardian_name": f"{child.fields['name'][0]}某祖（演示）",
            "guardian_relation": "祖父母",
            "signed_date": signed.isoformat(),
            "valid_until": until.isoformat(),
            "status": "signed",
        }
        return Record("entrustment", fields, self.record_id())

    def kept_entrustment(self, child: Record, parents: list[Record]) -> Record | None:
        """The entrustment of a left-behind child, as a village that keeps up has it:
        signed after the parents' latest change, for a year, running out at any time over
        the coming year; none for a few (``NO_ENTRUSTMENT_SHARE``)."""
        if not _left_behind(parents) or self.rng.random() < NO_ENTRUSTMENT_SHARE:
            return None
        signed = self.today - timedelta(days=self.rng.randrange(20, 330))
        signed = min(self.today, max(signed, _changed(parents, self.today) + timedelta(days=1)))
        return self.entrustment(child, signed=signed, until=signed + timedelta(days=365))

    def entrustment_ending(
        self, child: Record, parents: list[Record], valid_for_days: int
    ) -> Record:
        """One of the morning's own entrustments, ending ``valid_for_days`` from today,
        signed a year before unless the parents changed since (then the day after)."""
        until = self.today + timedelta(days=valid_for_days)
        signed = max(until - timedelta(days=365), _changed(parents, self.today) + timedelta(days=1))
        return self.entrustment(child, signed=min(signed, until, self.today), until=until)

    def draft_report(self, child: Record) -> Record:
        """A mandatory report begun this morning and not yet filed (a draft)."""
        found = datetime.combine(self.today, datetime.min.time(), UTC).replace(hour=8)
        fields = {
            "child_id": child.id,
            "trigger": "not_fulfilling_guardianship",
            "found_at": found.isoformat(),
            "description": "（演示）走访时发现监护人长期饮酒，未照料儿童，尚待报告派出所。",
            "filed": False,
        }
        return Record("mandatory_report", fields, self.record_id())

    def open_report(self, child: Record) -> Record:
        found = datetime.combine(self.today - timedelta(days=3), datetime.min.time(), UTC)
        fields = {
            "child_id": child.id,
            "trigger": "living_alone",
            "found_at": found.replace(hour=9).isoformat(),
            "reported_at": found.replace(hour=10).isoformat(),
            "police_station": "演示派出所",
            "officer": "演示民警",
            "receipt_no": "演示-0001",
            "description": "（演示）走访发现儿童独自在家，已报告派出所并联系亲属。",
            "filed": True,
            "follow_up_status": "open",
        }
        return Record("mandatory_report", fields, self.record_id())


def _left_behind(parents: list[Record]) -> bool:
    """The demo's reading of 农村留守儿童 (casework.eligibility has the rule): one parent
    works away and the other is away or unable (each parent has a situation on file)."""
    situations = [p.fields["situations"] for p in parents]
    return all(situations) and any(s["kind"] == "migrant_work" for ss in situations for s in ss)


def _changed(parents: list[Record], today: date) -> date:
    """The day of the parents' latest change on file (a year ago when none is dated)."""
    days = [
        date.fromisoformat(s["since"])
        for p in parents
        for s in p.fields["situations"]
        if s.get("since")
    ]
    return max(days, default=today - timedelta(days=365))


def make_county(
    children: int = 300,
    *,
    demo_share: float = 0.5,
    history_days: int = HISTORY_DAYS,
    seed: int = 2026,
    today: date | None = None,
) -> list[VillageRecords]:
    """Every village's records; the demo village gets ``demo_share`` of the children and the
    one open mandatory report."""
    maker = _Maker(random.Random(seed), today or date.today())
    villages = [v for t in demo_townships() for v in t.villages]
    in_demo = max(1, round(children * demo_share))
    rest = children - in_demo
    shares = [in_demo] + [
        rest // (len(villages) - 1) + (i < rest % (len(villages) - 1))
        for i in range(len(villages) - 1)
    ]
    out = []
    n = 0
    # In the demo village, the 4th-8th children's entrustments are the morning's own: one
    # has run out, two run out this month; and the first left-behind child after them has
    # none signed yet.
    told = {3: -5, 4: 12, 5: 25, 6: 200, 7: 300} if in_demo >= 8 else {}
    unsigned_shown = in_demo < 9
    for number, (village, share) in enumerate(zip(villages, shares, strict=True)):
        batch = VillageRecords(village)
        for index in range(share):
            child = maker.child(n, village)
            parents = maker.parents(n, child)
            batch.records.append(child)
            batch.records.extend(parents)
            batch.records.extend(maker.visits(child, history_days))
            if number == 0 and index in told:
                batch.records.append(maker.entrustment_ending(child, parents, told[index]))
            elif number == 0 and not unsigned_shown and index > 7 and _left_behind(parents):
                unsigned_shown = True
            elif (kept := maker.kept_entrustment(child, parents)) is not None:
                batch.records.append(kept)
            n += 1
        out.append(batch)
    demo = out[0]
    children_here = demo.of_kind("child")
    demo.records.append(maker.open_report(children_here[0]))
    if len(children_here) >= 8:
        demo.records.append(maker.draft_report(children_here[2]))
    return out


def township_task(village: Place, today: date, rng_seed: int = 2026) -> Record:
    """The township supervisor's task for the demo village, due in three days."""
    rng = random.Random(rng_seed)
    fields = {
        "village_code": village.code,
        "author": SUPERVISOR_NAME,
        "note": "（演示）本月督导：请核对留守儿童委托监护确认书是否齐全。",
        "task": "（演示）三天内上报本村留守儿童委托监护确认书签订情况",
        "task_due": (today + timedelta(days=3)).isoformat(),
        "status": "open",
    }
    return Record("supervision_note", fields, str(uuid.UUID(int=rng.getrandbits(128), version=4)))
