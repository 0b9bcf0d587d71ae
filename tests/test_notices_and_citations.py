"""What a notice says besides its plan: the places its salutation sends it to (no region of its own: 揭阳, from
eval/corpus-dev11), and the 文号 of each document the plan cites, asked by words of its title (迎江区, from
eval/corpus-dev11, cites the State Council's, the province's and the city's plans with their numbers; 邢台, from
eval/corpus-dev9, has a number of its own and cites the State Council's plan)."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(
        tmp_path_factory.mktemp("cited"),
        ("迎江区-2019-打赢蓝天保卫战三年行动计划.txt", "邢台市-2025-空气质量限期达标规划.txt"),
    )


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("迎江区这份行动计划是按照安庆市哪个文件制定的，文号多少", "宜政发〔2018〕21号"),
        ("迎江区蓝天计划是根据省政府哪个实施方案定的，文号多少", "皖政〔2018〕83号"),
    ],
)
def test_a_cited_documents_number(plan, question, number):
    answer = plan.chain.ask(question)
    assert answer.found and number in answer.answer
    assert number in answer.citations[0].text


def test_the_plans_own_number_is_not_a_cited_ones(plan):
    # The page's 文号 field is empty: the refusal says so, and no cited number stands in for it.
    answer = plan.chain.ask("迎江区打赢蓝天保卫战三年行动计划的文号")
    assert not answer.found and "〔2018〕" not in answer.answer and "未写明发文字号" in answer.answer


def test_two_cited_documents_as_close_are_not_guessed(plan):
    # 实施方案 is the kind of both the province's and the city's plan: a kind alone names neither, so one is never
    # given alone (the citing sentence, quoting both, may be).
    answer = plan.chain.ask("迎江区行动计划依据的实施方案的文号")
    assert ("宜政发〔2018〕21号" in answer.answer) == ("皖政〔2018〕83号" in answer.answer)


def test_issuing_words_name_no_cited_document(plan):
    # 印发 stands in every notice's title: 邢台's own number answers, not the State Council's 国发〔2023〕24号.
    answer = plan.chain.ask("邢台的空气质量限期达标规划用哪个文号印发")
    assert answer.found and "邢政字〔2025〕24号" in answer.answer and "国发" not in answer.answer


def test_a_notices_salutation_names_no_region(tmp_path):
    # 揭阳's notice, copied from a mirror that replaced the city's name by an ad string, is sent to
    # 榕城区、揭东区…人民政府: those districts receive it; the file's name says whose plan it is.
    plans = dev_plans_pipeline(tmp_path, ("揭阳市-2019-城市黑臭水体治理验收工作方案.txt",))
    assert [d.region for d in plans.index.documents] == ["揭阳"]
