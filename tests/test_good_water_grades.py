"""Water classes asked as a range reaching the best, on real plans of the development corpora: 内蒙古's 2016 plan
defines 优良 as 达到或优于Ⅲ类 (下同), so a question about a basin's share of water of class Ⅲ or better is answered
with that basin's 优良 share; a range stopping short of Ⅲ (Ⅰ-Ⅱ类) is another figure, and stays refused, even where
邵武's sentence names that range right after its 优良 share (…比例达到100%,Ⅰ-Ⅱ类水质比例稳中有升)."""

from __future__ import annotations

import pytest

from assistant.retrieval.good_grades import class_asked_or_better, good_defined_as

from .conftest import answered_with, dev_plans_pipeline

NEIMENGGU = "内蒙古-2016-水污染防治计划.txt"
SHAOWU = "邵武市-2018-水污染防治年度工作计划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("good_grades"), (NEIMENGGU, SHAOWU))


@pytest.mark.parametrize(
    "question",
    [
        "内蒙古2016年辽河流域水质三类及以上的比例要达到多少？",
        "内蒙古2016年海河流域达到或优于Ⅲ类水质的断面比例是多少？",
        "内蒙古2016年辽河流域Ⅰ～Ⅲ类水质比例要求多少？",
    ],
)
def test_class_three_or_better_is_the_plans_good_share(plans, question: str) -> None:
    answered_with(plans, question, "%")
    assert "优良" in plans.chain.ask(question).answer.split("理解")[0]


@pytest.mark.parametrize(
    "question", ["内蒙古2016年辽河流域Ⅰ-Ⅱ类水质比例要达到多少？", "邵武市富屯溪2018年Ⅰ～Ⅱ类水质的比例定在多少？"]
)
def test_a_range_short_of_the_definition_is_refused(plans, question: str) -> None:
    answer = plans.chain.ask(question)
    assert not answer.found, answer.answer


def test_the_class_asked_and_defined() -> None:
    assert class_asked_or_better("甲河水质达到或优于III类的比例").number == 3
    assert class_asked_or_better("甲河三类以上水质比例").number == 3
    assert class_asked_or_better("甲河I-二类水质比例").number == 2
    assert class_asked_or_better("甲河三类水质比例") is None
    assert class_asked_or_better("甲河一类~三类水质比例").number == 3
    assert class_asked_or_better("甲河劣五类以上水体") is None  # the worst class, not a range of the best
    assert good_defined_as("松花江流域水质优良(达到或优于III类,下同)比例") == {3}
    assert good_defined_as("近岸海域水质优良(一、二类水质)比例") == frozenset()
