"""A count a plan states inside the name of a set (拱墅区's “五气共治”, 襄阳's “两个中心”): asked 几 / 多少 of the
name, the answer is the name as the plan writes it, cited to the part of its sentence that holds it."""

from __future__ import annotations

import pytest

from assistant.answer.numbered_names import numbered_name_answer
from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLANS = ("拱墅区-2018-清洁排放区建设暨大气污染防治实施计划.txt", "襄阳-2011-环境保护十二五规划纲要.txt")


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("numbered"), PLANS)


def test_a_quoted_set_name_asked_with_its_number_left_out_is_answered_with_the_name(two_plans):
    answer = two_plans.chain.ask("拱墅区的“几气共治”指的是几种气？")
    assert answer.found and answer.grounded and answer.answer.startswith("五气共治：")


def test_a_count_of_a_named_set_needs_the_questions_other_words_in_its_sentence(two_plans):
    answer = two_plans.chain.ask("襄阳十二五环保规划提出为几个中心建设提供环境支撑")
    assert answer.found and "两个中心" in answer.answer
    result = two_plans.retriever.search("襄阳要建几个中心城市群")  # no sentence of the plan says so
    assert numbered_name_answer(result, two_plans.retriever.document_clauses) is None


def test_a_unit_is_no_set_name(two_plans):
    result = two_plans.retriever.search("拱墅区PM2.5浓度要下降几个百分点")
    assert numbered_name_answer(result, two_plans.retriever.document_clauses) is None
