"""The one vocabulary of coded values (issue 19 item 5): every code named, read back, once."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from casework import vocabulary
from casework.eligibility import CATEGORY_CODES, CATEGORY_NAMES
from casework.labels import VALUE_LABELS, field_named
from casework.ledger import row_values
from casework.ledger_categories import read_claim
from casework.messages import WordError
from casework.records import SCHEMAS
from casework.vocabulary import CATEGORY, DOMAINS, domain_for, form_order

SEED = next(Path("/work/shared/seeds").glob("*.txt"), None)


def _literal_codes(annotation: typing.Any) -> tuple[object, ...]:
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        found = _literal_codes(arg)
        if found:
            return found
    return ()


def _coded_fields(kind: str, model: type[BaseModel], prefix: str = "") -> list[tuple[str, tuple]]:
    found = []
    for name, info in model.model_fields.items():
        codes = _literal_codes(info.annotation)
        if codes:
            found.append((prefix + name, codes))
        nested = vocabulary._nested_model(info.annotation)
        if nested is None and isinstance(info.annotation, type):
            nested = info.annotation if issubclass(info.annotation, BaseModel) else None
        for arg in typing.get_args(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                nested = arg
        if nested is not None:
            found += _coded_fields(kind, nested, f"{prefix}{name}.")
    return found


CODED = [
    (kind, field, codes)
    for kind, schema in SCHEMAS.items()
    for field, codes in _coded_fields(kind, schema)
]


@pytest.mark.parametrize(("kind", "field", "codes"), CODED, ids=[f"{k}.{f}" for k, f, _ in CODED])
def test_every_coded_field_of_every_record_has_words_for_every_code(
    kind: str, field: str, codes: tuple
) -> None:
    domain = domain_for(kind, field)
    assert domain is not None, f"{kind}.{field} has no domain in casework/vocabulary.py"
    missing = [code for code in codes if code not in domain]
    assert not missing, f"{kind}.{field}: no words for {missing}"


@pytest.mark.parametrize("domain", DOMAINS, ids=[d.key for d in DOMAINS])
def test_each_name_reads_back_as_its_code_and_names_are_distinct(
    domain: vocabulary.Domain,
) -> None:
    for language in ("zh", "en"):
        names = domain.names(language)
        assert len(set(names)) == len(names), names
    for term in domain.terms:
        assert domain.read(term.name.zh) == term.code
        assert domain.read(term.name.en) == term.code
        assert domain.read(str(term.code)) == term.code
        if term.short:
            assert domain.read(term.short.zh) == term.code
        for alias in term.aliases:
            assert domain.read(alias) == term.code, alias


def test_an_unknown_word_is_refused_naming_the_words() -> None:
    with pytest.raises(WordError) as refused:
        vocabulary.GENDER.read("男孩")
    assert refused.value.message.zh == "“男孩”不是可填的值；可填：男、女"
    assert refused.value.message.en == "'男孩' is not one of: male, female"


def test_categories_are_the_seeds_words_everywhere() -> None:
    assert CATEGORY.codes() == CATEGORY_CODES
    assert {code: CATEGORY.name(code) for code in CATEGORY_CODES} == CATEGORY_NAMES
    assert VALUE_LABELS["justice_involved"].zh == "犯罪未成年人及犯罪案件未成年受害者"
    if SEED is None:
        pytest.skip("the seed is not on this machine")
    seed = SEED.read_text(encoding="utf-8")
    for code in CATEGORY_CODES:
        assert CATEGORY.name(code).zh in seed, code
    # Older names are still read (ledgers, scripts), never written.
    assert CATEGORY.read("涉案未成年人") == "justice_involved"
    assert CATEGORY.read("犯罪未成年人或犯罪案件未成年受害者") == "justice_involved"


def test_the_ledgers_category_column_reads_back_the_seeds_names() -> None:
    """The seed's names hold 和 and 及, which part a 类别 cell: they are read whole."""
    written = "、".join(CATEGORY.name(code).zh for code in CATEGORY_CODES)
    claim = read_claim(written)
    assert claim is not None
    assert claim.claims == CATEGORY_CODES
    assert claim.unknown == ()


def test_the_ledger_writes_the_windows_words() -> None:
    values = row_values(
        {"name": "王小花", "gender": "female", "birth_date": "2013-04-02",
         "disability_category": "physical", "disability_grade": 2, "boarding": False,
         "family_assistance": "dibao_edge"},
        [{"relation": "father", "situations": [{"kind": "declared_dead"}]}],
        reveal_id_numbers=True,
    )  # fmt: skip
    assert values["性别"] == "女"
    assert values["残疾类别"] == "肢体"
    assert values["残疾等级"] == "二级"
    assert values["是否寄宿"] == "否"
    assert values["家庭救助类型"] == "低保边缘"
    assert values["父亲情况"] == vocabulary.SITUATION.name("declared_dead").zh == "被宣告死亡"


def test_fields_are_read_by_code_or_name_in_the_forms_order() -> None:
    assert field_named("child", "年级") == "grade"
    assert field_named("child", "性别") == "gender"
    assert field_named("child", "birth date") == "birth_date"
    assert field_named("family_member", "与儿童关系") == "relation"
    assert field_named("entrustment", "与儿童关系") == "guardian_relation"
    order = form_order("child")
    assert order[:4] == ("name", "gender", "id_number", "birth_date")
    assert set(order) == set(SCHEMAS["child"].model_fields)
    with pytest.raises(WordError) as refused:
        field_named("child", "年纪")
    assert "“年纪”不是儿童的字段" in refused.value.message.zh
    assert "年级" in refused.value.message.zh
