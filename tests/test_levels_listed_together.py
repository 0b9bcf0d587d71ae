"""Levels listed together, on a real plan of the development corpora: 吉林's plan says 着力培育国家级、省级绿色工厂,
全省创建…250家绿色工厂, so 250 counts the factories of both levels; a question about one level is refused, by the
sentence reading and by the reading of described figures alike, while one about all of them is answered."""

from __future__ import annotations

import pytest

from assistant.retrieval.scales import levels_listed_apart

from .conftest import answered_with, dev_plans_pipeline

JILIN = "吉林省-2024-美丽吉林建设行动方案.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("levels"), (JILIN,))


@pytest.mark.parametrize("question", ["吉林省计划培育几家省级绿色工厂？", "吉林全省国家级绿色工厂要建成多少家？"])
def test_one_level_of_a_listed_count_is_refused(plans, question: str) -> None:
    answer = plans.chain.ask(question)
    assert not answer.found, answer.answer


def test_the_count_of_all_levels_is_answered(plans) -> None:
    answered_with(plans, "吉林全省要创建多少家绿色工厂？", "250")


def test_levels_listed_apart() -> None:
    assert levels_listed_apart("甲省要建几个省级乙园", "培育国家级、省级乙园,建成12个乙园")
    assert not levels_listed_apart("国家级和省级乙园共建几个", "培育国家级、省级乙园,建成12个乙园")
    assert not levels_listed_apart("甲省要建几个省级乙园", "建成省级乙园12个")
    assert not levels_listed_apart("市级乙率", "市级、县级乙率分别达到100%和95%")  # each its own figure
    assert not levels_listed_apart("省级乙园有几个", "国家级、省级乙园30个,其中省级20个")
    assert not levels_listed_apart("省级以上乙园有几个", "国家级、省级乙园30个")  # a range takes in the higher
