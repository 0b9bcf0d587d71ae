"""How long a plan runs, asked in so many words (规划期, 执行期限) or as which years a plan is for: answered from the
span the plan states for itself in a clause: a term named with its years, a five-year plan's period with its years
(牡丹江, eval/corpus-dev7), the years its title gives (南宁, eval/corpus-dev11).
"""

from __future__ import annotations

import pytest

from assistant.answer.plan_term import asks_plan_term
from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

MUDANJIANG = "牡丹江市-2022-十四五生态环境保护规划.txt"
NANNING = "南宁市-2024-国家生态文明建设示范区规划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("terms"), (MUDANJIANG, NANNING))


def test_a_plan_term_is_asked_right_after_its_word_and_a_time_within_it_is_not():
    assert asks_plan_term("甲市生态规划的规划期限是哪几年") == "规划期限"
    assert asks_plan_term("甲市这个规划的规划期从哪年到哪年") == "规划期"
    assert asks_plan_term("规划期内要新建几座公园") is None


def test_a_five_year_plans_period_is_given_with_the_years_a_clause_writes(plans):
    answer = plans.chain.ask("牡丹江的生态环境保护规划规划期限是哪几年")
    assert answer.found and "“十四五”时期(2021-2025年)" in answer.answer
    assert "(2021-2025年)" in answer.citations[0].text


def test_the_years_in_a_plans_title_are_its_term(plans):
    answer = plans.chain.ask("南宁生态文明建设示范区规划的规划期是从哪年到哪年？")
    assert answer.found and "的规划期：2023—2030年" in answer.answer


def test_a_term_named_with_its_years_comes_before_the_years_of_the_title():
    from assistant.answer.plan_term import _stated_span
    from assistant.documents import Chunk

    text = "规划范围为全市行政区域，规划期限为2021年至2035年，近期至2025年。"
    clause = Chunk(
        "d-0001", "d", "甲市国土绿化规划(2021—2035年)", "甲市", ("一、",), "一", None, 0, len(text), text, text, 9
    )
    found, (start, end) = _stated_span([clause], "甲市国土绿化规划(2021—2035年)")
    assert text[start:end] == "2021年至2035年"


def test_which_years_a_plan_named_by_its_kind_is_for_is_its_term_and_no_list_answers_instead():
    assert asks_plan_term("甲市乙方案的执行期限是多久") == "执行期限"
    assert asks_plan_term("甲市乙方案的执行期限？") == "执行期限"
    assert asks_plan_term("甲市乙规划是哪几年的") == "实施年限"
    assert asks_plan_term("甲市乙方案要求哪几年完成丙") is None


def test_which_years_a_plan_is_for_is_answered_from_its_title_not_listed(tmp_path):
    pipeline = dev_plans_pipeline(tmp_path, ("珠海市-2024-噪声污染防治行动方案.txt",))
    answer = pipeline.chain.ask("珠海噪声污染防治行动方案是哪几年的")
    assert answer.answer == "《珠海市噪声污染防治行动方案(2024-2025年)》的实施年限：2024-2025年[1]"
