"""Real plans of eval/corpus-dev2, -dev3 and -dev4, gathered after the rules were written (sources in
eval/sources-corpus-dev2.md and the like): the shapes they brought, each a general rule."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLANS = (
    "新疆-2024-空气质量持续改善行动实施方案.txt",
    "宿迁市宿豫区-2018-大气污染防治工作实施方案.txt",
    "泸州市-2010-节能减排工作实施方案.txt",
    "伊春-2022-十四五黑土地保护规划.txt",
    "安化县-2023-碳达峰实施方案.txt",
    "济南-2016-大气污染防治行动计划二期.txt",
)


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("unseen"), PLANS)


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        # 新疆: …联防联控区…重污染天数比率分别控制在5%和2%以内 — one statement of two figures, quoted whole
        ("新疆两个联防联控区重污染天数比率各控制在多少", "5%和2%以内"),
        # 宿豫区: 2018年全區pm2.5濃度下降到52μg/m3及以下 — a lower-case code and a micro unit
        ("宿豫区2018年PM2.5浓度目标", "52μg/m3"),
        # 泸州's 2010 plan: 去年全市单位GDP能耗下降6.21% — 去年 is the year before the plan
        ("泸州2009年单位GDP能耗下降了多少", "6.21%"),
        # 安化县: 到2030年,县内各类发电装机超过400万千瓦 — 千 opens the unit, it multiplies nothing
        ("安化县2030年发电装机规模", "400万千瓦"),
        # 伊春: …质量等级平均为4.70等,土壤有机质平均含量53.15克/千克 — a content per mass is a figure
        ("伊春土壤有机质含量平均是多少", "53.15克/千克"),
    ],
)
def test_figures_as_these_plans_write_them(plans, question, stated):
    answer = plans.chain.ask(question)
    assert answer.found and stated in answer.answer


def test_a_district_named_after_its_city_is_the_plans_region(plans):
    regions = {d.source: d.region for d in plans.retriever.index.documents}
    assert regions["宿迁市宿豫区-2018-大气污染防治工作实施方案.txt"] == "宿豫区"


def test_each_substance_of_a_listed_question_gets_its_own_figure(plans):
    # 泸州: 2009年,全市化学需氧量排放量4.478万吨,氨氮排放量0.3843万吨,二氧化硫排放量8.91万吨
    answer = plans.chain.ask("泸州2009年二氧化硫、化学需氧量和氨氮排放量分别是多少")
    assert answer.found and all(f in answer.answer for f in ("8.91万吨", "4.478万吨", "0.3843万吨"))


def test_figures_of_years_before_the_plan_was_written_are_noted_as_past_values_not_targets(plans):
    # 泸州's 2010 plan states 2009's emissions; 安化县's 2023 plan sets 2030's capacity.
    past = plans.chain.ask("泸州2009年二氧化硫排放量是多少")
    assert past.found and "8.91万吨" in past.answer and "所列年份早于成文时间" in past.answer
    assert "当时设定的目标" not in past.answer
    target = plans.chain.ask("安化县2030年发电装机规模")
    assert "所列年份早于成文时间" not in target.answer


def test_a_name_sharing_only_a_quality_with_the_question_does_not_answer_it(plans):
    # 伊春: 全市黑土耕地质量等级平均为4.70等,土壤有机质平均含量53.15克/千克 — the grade's words stand in
    # the content's sentence, but its name shares only 平均 with a question about the grade.
    answer = plans.chain.ask("伊春黑土耕地的平均质量等级是多少")
    assert answer.found and "4.70等" in answer.answer
    assert not answer.answer.startswith("土壤有机质")  # never the content's figure as the answer


def test_a_substance_no_plan_names_is_never_read_as_the_ones_a_sentence_lists(plans):
    # 济南: …可吸入颗粒物(PM10)、细颗粒物(PM2.5)、二氧化硫、二氧化氮年均浓度分别为… — no ozone among them
    answer = plans.chain.ask("济南市的空气里臭氧一年平均下来有多少")
    assert not answer.found
