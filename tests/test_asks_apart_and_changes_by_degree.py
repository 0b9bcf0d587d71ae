"""A question of two asks whose first opens with a clause naming the place (在甲市的…规划里，…？…？), and a figure
asked of what a sentence states only by degree (…比2015年显著降低, its figures about other things), on the real
page of 东营's five-year plan in eval/corpus-dev16."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

DONGYING = "东营市-2021-十四五生态环境保护规划.txt"


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("dongying"), (DONGYING,))


def test_later_asks_share_a_leading_clause_naming_the_place(plan):
    # 东营 looks back at 2020: 单位地区生产总值能耗比2015年降低17.1%, 铁路货物运输量达到927.7.
    asked = "在东营的十四五规划里，2020年单位地区生产总值能耗比2015年降低了多少？铁路货物运输量达到多少？"
    assert plan.chain._parts(asked)[1] == "在东营的十四五规划里，铁路货物运输量达到多少？"
    answer = plan.chain.ask(asked)
    assert "17.1%" in answer.answer and "927.7" in answer.answer


def test_a_change_stated_by_degree_gives_no_figure(plan):
    # The same sentence: 二氧化碳排放强度比2015年显著降低 — the figures beside it are other things'.
    answer = plan.chain.ask("东营的规划说2020年二氧化碳排放强度比2015年降了多少？")
    assert not answer.found
    assert "17.1%" not in answer.answer and "927.7" not in answer.answer
