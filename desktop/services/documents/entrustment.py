"""委托监护确认书: the entrustment confirmation a guardian signs (seed annex 3 item 3).

Printed from the child's file: the child, the parents with their work place and contact,
the entrusted guardian, the term, what the guardian undertakes, and signature lines. A
child without an entrustment record prints with the entrusted guardian of the family (if
any) and blank lines for the term, to be filled in by hand.
"""

from __future__ import annotations

from pathlib import Path

from desktop.models.store import CaseStore, RecordView
from desktop.services.documents.child_file import (
    GENDERS,
    ChildFile,
    load_child_file,
    relation_word,
    situation_text,
)
from desktop.services.documents.pdf import escape, table, write_pdf

TITLE = "委托监护确认书"
BLANK = "＿＿＿＿＿＿"
UNDERTAKINGS = (
    "受委托监护人确认接受委托，照料儿童的日常生活，保障其人身安全，督促其按时上学，"
    "关注其身心健康，发现异常情况及时告知父母和村（居）儿童主任。",
    "委托人（父母）仍是儿童的法定监护人，应当每周至少与儿童联系一次，了解其生活、学习和心理状况，"
    "按时支付抚养费用；委托期间父母的联系方式或务工地点变更的，应及时告知受委托监护人和儿童主任。",
    "委托期满、一方要求终止委托或情况发生重大变化的，应告知村（居）民委员会并重新签订确认书。",
)


def _guardian_rows(file: ChildFile, entrustment: RecordView | None) -> list[list[object]]:
    if entrustment is not None:
        fields = entrustment.fields
        return [
            ["姓名", fields.get("guardian_name"), "与儿童关系", fields.get("guardian_relation")],
            [
                "公民身份号码",
                fields.get("guardian_id_number"),
                "联系电话",
                fields.get("guardian_phone"),
            ],
        ]
    guardian = file.entrusted_guardian()
    fields = guardian.fields if guardian is not None else {}
    return [
        ["姓名", fields.get("name") or BLANK, "与儿童关系", relation_word(guardian) or BLANK],
        [
            "公民身份号码",
            fields.get("id_number") or BLANK,
            "联系电话",
            fields.get("phone") or BLANK,
        ],
    ]


def entrustment_html(file: ChildFile, entrustment: RecordView | None) -> str:
    child = file.fields
    parents = []
    for relation, word in (("father", "父亲"), ("mother", "母亲")):
        member = file.member(relation)
        fields = member.fields if member is not None else {}
        parents.append(
            [word, fields.get("name"), fields.get("phone"), fields.get("work_place"),
             situation_text(member)]
        )  # fmt: skip
    term = entrustment.fields if entrustment is not None else {}
    start = term.get("signed_date") or BLANK
    until = term.get("valid_until") or BLANK
    parts = [
        f'<h1 align="center">{TITLE}</h1>',
        "<h3>一、儿童基本情况</h3>",
        table(
            [
                ["姓名", child.get("name"), "性别", GENDERS.get(str(child.get("gender")), "")],
                ["出生日期", child.get("birth_date"), "公民身份号码", child.get("id_number")],
                [
                    "现居住地址",
                    child.get("residence_address"),
                    "就读学校及年级",
                    " ".join(str(v) for v in (child.get("school"), child.get("grade")) if v),
                ],
            ],
            widths=(16, 34, 16, 34),
        ),
        "<h3>二、委托人（父母）</h3>",
        table(
            parents,
            header=("", "姓名", "联系电话", "务工地点（工作单位）", "现状"),
            widths=(8, 16, 18, 34, 24),
        ),
        "<h3>三、受委托监护人</h3>",
        table(_guardian_rows(file, entrustment), widths=(16, 34, 16, 34)),
        "<h3>四、委托期限</h3>",
        f"<p>自 {escape(start)} 起至 {escape(until)} 止。</p>",
        "<h3>五、双方确认</h3>",
        "".join(f"<p>{i}. {escape(text)}</p>" for i, text in enumerate(UNDERTAKINGS, start=1)),
        "<p>&nbsp;</p>",
        table(
            [
                ["委托人（父亲）签字：", "", "委托人（母亲）签字：", ""],
                ["受委托监护人签字：", "", "村（居）儿童主任签字：", ""],
                ["日期：", "　　年　　月　　日", "村（居）民委员会（盖章）", ""],
            ],
            widths=(26, 24, 26, 24),
            padding=12,
        ),
        '<p style="font-size:8pt; color:#555">本确认书一式三份，委托人、受委托监护人、'
        "村（居）民委员会各执一份。含个人信息，请妥善保管。</p>",
    ]
    return "".join(parts)


def write_entrustment(store: CaseStore, record_id: str, path: Path) -> int:
    """Print the confirmation for an entrustment record, or a child's latest one."""
    record = store.get(record_id)
    if record.kind == "entrustment" and record.child_id is not None:
        file = load_child_file(store, record.child_id)
        entrustment: RecordView | None = record
    else:
        file = load_child_file(store, record_id)
        entrustment = file.latest_entrustment()
    name = str(file.fields.get("name"))
    return write_pdf(entrustment_html(file, entrustment), path, title=f"{TITLE}（{name}）")
