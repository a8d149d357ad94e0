"""强化监护干预 (seed §二(六)4): steps with a failing guardian, and when the law's window
for asking the court to revoke the guardianship opens.

Readings of the policy:

- the steps (批评教育, 督促履责, 训诫, 治安管理处罚, 申请撤销监护人资格, 另行指定监护人) are
  kept on the guardian's family-member record, each with its day and outcome;
- "拒不履行监护职责6个月以上导致农村留守儿童生活无着的 … 依法向法院申请撤销监护人资格":
  6 months after the guardian began refusing (以上 includes the 6 months themselves, as in
  DESIGN §5), the village committee or 民政 may apply; the to-do says so from 30 days before
  until an application (or a new guardian) is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from casework.dates import add_months, read_day

REVOCATION_MONTHS = 6
REMIND_DAYS_BEFORE = 30
SETTLING_STEPS = frozenset({"revocation_application", "new_guardian_appointed"})


def revocation_window(member: Mapping[str, Any]) -> date | None:
    """The day the 6 months of refusal are complete, or None when nobody refuses or an
    application (or a new guardian) is already recorded."""
    since = read_day(member.get("refusing_since"))
    if since is None:
        return None
    steps = member.get("interventions") or ()
    if any(isinstance(s, Mapping) and s.get("step") in SETTLING_STEPS for s in steps):
        return None
    return add_months(since, REVOCATION_MONTHS)
