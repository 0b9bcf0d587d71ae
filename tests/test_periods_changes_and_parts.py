"""Near misses that looked answered, on real plans of the development corpora: a figure of a paragraph that opened
on an earlier five-year plan's period asked for a later year, another source of power read from a sentence, a
stock (存栏) asked as a cut, a target asked as how things stand now, and a figure beside a part of its sentence
that states the asked indicator in words only. Each beside the question the plan does answer."""

from __future__ import annotations

import pytest

from .conftest import answered_with, dev_plans_pipeline, refused_without

YICHUN = "伊春-2022-十四五黑土地保护规划.txt"
ANHUA = "安化县-2023-碳达峰实施方案.txt"
XIUZHOU = "秀洲区-2014-三河污染综合整治目标任务.txt"
SHIJIAZHUANG = "石家庄市-2013-大气污染防治攻坚行动方案.txt"
JINGZHOU = "荆州市-2017-创建国家森林城市.txt"
XINING = "西宁市-2023-加强生物多样性保护实施方案.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    names = (YICHUN, ANHUA, XIUZHOU, SHIJIAZHUANG, JINGZHOU, XINING)
    return dev_plans_pipeline(tmp_path_factory.mktemp("periods"), names)


def test_a_figure_of_an_earlier_plan_period_does_not_answer_a_later_year(plans):
    # “十三五”时期,我市…取得明显成效。全市黑土耕地质量等级平均为4.70等,…
    refused_without(plans, "伊春2025年全市黑土耕地质量等级平均要提高到多少等？", "4.70")
    answered_with(plans, "伊春“十三五”时期黑土耕地质量等级平均是多少等？", "4.70")


def test_another_source_of_power_is_not_read_from_a_sentence(plans):
    # 光伏发电项目:到2025年,完成安化县光伏发电项目(一)建设,总装机33.2万千瓦。
    refused_without(plans, "安化县到2025年风电装机总共多少万千瓦？", "33.2")
    answered_with(plans, "安化县到2025年光伏发电总装机多少万千瓦？", "33.2")


def test_a_stock_does_not_answer_how_much_was_cut(plans):
    # 秀洲: …生猪存栏8.2万头 (what is left, not what was cut).
    refused_without(plans, "秀洲区生猪存栏一共减少了多少头？", "8.2")
    # 石家庄: 削减炼铁产能374万吨,炼钢产能482万吨 (the cut leads both parts).
    answered_with(plans, "石家庄炼铁、炼钢产能各削减多少万吨？", "374", "482")


def test_a_target_does_not_say_how_things_stand_now(plans):
    # 荆州: 核心指标是市域森林覆盖率要达到35% (the page breaks off at 目前仅为).
    refused_without(plans, "荆州市现在的森林覆盖率有多少？", "35%")
    answered_with(plans, "荆州创建国家森林城市,市域森林覆盖率要达到多少？", "35%")


def test_a_figure_beside_a_part_stating_the_asked_indicator_in_words_is_another(plans):
    # 西宁: …湿地保护率不小于80%,…,陆地生态系统类型有效保护率达到国家要求,…
    refused_without(plans, "西宁到2025年陆地生态系统类型有效保护率是多少？", "80%")
    answered_with(plans, "西宁到2025年湿地保护率不小于多少？", "80%")


def test_a_figure_a_plan_quotes_from_another_document_is_not_its_regions(tmp_path):
    # 镇赉: 《东北黑土地保护规划纲要(2017-2030年)》中明确保护范围为东北典型黑土区耕地面积约2.78亿亩 (the north-east's).
    plans = dev_plans_pipeline(tmp_path, ("镇赉县-2023-黑土地保护规划.txt",))
    refused_without(plans, "镇赉县有多少亩黑土耕地？", "2.78")
    answered_with(plans, "镇赉规划提到的东北典型黑土区耕地面积约有多少亿亩？", "2.78")
