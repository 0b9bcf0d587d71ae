"""Real plans of eval/corpus-dev2, gathered after the rules were written (sources in
eval/sources-corpus-dev2.md): the shapes they brought, each a general rule."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLANS = (
    "新疆-2024-空气质量持续改善行动实施方案.txt",
    "宿迁市宿豫区-2018-大气污染防治工作实施方案.txt",
    "泸州市-2010-节能减排工作实施方案.txt",
)


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("unseen"), PLANS)


def test_one_statement_of_two_figures_for_one_name_is_quoted_whole(plans):
    # 新疆: …联防联控区…重污染天数比率分别控制在5%和2%以内
    answer = plans.chain.ask("新疆两个联防联控区重污染天数比率各控制在多少")
    assert answer.found and "5%和2%以内" in answer.answer


def test_a_district_named_after_its_city_is_the_plans_region(plans):
    regions = {d.source: d.region for d in plans.retriever.index.documents}
    assert regions["宿迁市宿豫区-2018-大气污染防治工作实施方案.txt"] == "宿豫区"


def test_a_lower_case_code_and_a_micro_unit_answer_a_concentration_question(plans):
    answer = plans.chain.ask("宿豫区2018年PM2.5浓度目标")
    assert answer.found and "52μg/m3" in answer.answer


def test_last_year_in_a_plan_is_the_year_before_the_plan(plans):
    # 泸州's 2010 plan: 去年全市单位GDP能耗下降6.21%
    answer = plans.chain.ask("泸州2009年单位GDP能耗下降了多少")
    assert answer.found and "6.21%" in answer.answer


def test_each_substance_of_a_listed_question_gets_its_own_figure(plans):
    # 泸州: 2009年,全市化学需氧量排放量4.478万吨,氨氮排放量0.3843万吨,二氧化硫排放量8.91万吨
    answer = plans.chain.ask("泸州2009年二氧化硫、化学需氧量和氨氮排放量分别是多少")
    assert answer.found and all(f in answer.answer for f in ("8.91万吨", "4.478万吨", "0.3843万吨"))
