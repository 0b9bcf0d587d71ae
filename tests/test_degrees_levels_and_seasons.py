"""Measures, levels and parts of the year as real plans of the development corpora write them: a degree said in
full or short (覆盖度, 盖度) and as the degree of its verb, energy described by the fossil fuels it leaves out
(非化石能源) and a share asked plainly that a plan states negated, a verb's character jieba glues onto a noun (饲料用), a bay named by its city's name (海口湾), a year
stated only under a longer name, a change asked 在此基础上, items asked of a long
sentence or by their number (哪六个方面), two levels asked side by side (市级和县级), a figure of the county level and above
asked of townships, and a part of the year against the whole."""

from __future__ import annotations

import pytest

from .conftest import answered_with, dev_plans_pipeline, refused_without

YUSHU = "玉树州-2025-草原保护修复利用规划.txt"
XILINGOL = "锡林郭勒盟-2024-建设北方重要生态安全屏障实施方案.txt"
TIANSHUI = "天水-2019-水污染防治实施方案.txt"
TIANTAI = "天台县-2021-十四五水生态环境保护规划.txt"
QINGDAO = "青岛市-2023-美丽青岛建设规划纲要.txt"
SHANDONG = "山东-2016-加快推进秸秆综合利用实施方案.txt"
HAIKOU = "海口市-2025-打造全域美丽海湾城市实施意见.txt"
HUNAN = "湖南-2018-水污染防治实施方案.txt"
HARBIN = "哈尔滨市-2018-大气污染综合治理方案.txt"
BEIJING = "北京-2017-加快推进生活垃圾分类工作的意见.txt"
DAGUAN = "大观区-2019-创建省级生态文明建设示范区.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(
        tmp_path_factory.mktemp("degrees"),
        (YUSHU, XILINGOL, TIANSHUI, TIANTAI, QINGDAO, SHANDONG, HAIKOU, HUNAN, HARBIN, BEIJING, DAGUAN),
    )


def test_a_degree_is_found_by_its_full_or_short_name(plans):
    # 到2028年实现草原综合植被盖度从62.4%提高至63.4%; 全盟草原综合植被盖度稳定在45%左右
    answered_with(plans, "玉树州草原综合植被覆盖度2028年目标是多少？", "63.4%")
    answered_with(plans, "锡林郭勒盟2025年草原植被被覆盖的程度是多少？", "45%")


def test_two_levels_asked_side_by_side_are_two_parts(plans):
    # 市县两级污水处理率分别达到100%、85%
    answer = answered_with(plans, "2018年天水的市级和县级污水处理率各是多少？", "100%", "85%")
    assert "和县" not in answer


def test_a_county_level_and_above_figure_is_not_the_townships(plans):
    # 县级及以上集中式饮用水水源保护区8处…乡镇水源保护区56处
    refused_without(plans, "天水市乡镇集中式饮用水水源保护区数量是多少？", "8处")
    answered_with(plans, "天水县级及以上集中式饮用水水源保护区有几处？", "8处")


def test_a_part_of_the_year_is_not_the_whole_year(plans):
    # 年平均气温16.5℃
    refused_without(plans, "天台县夏季平均气温是多少度？", "16.5")
    answered_with(plans, "天台县年平均气温是多少度？", "16.5")


def test_a_fact_describing_the_place_is_not_called_a_target(plans):
    # 1.1.3气候特征: 年平均气温16.5℃ (a plan whose period has ended)
    answer = answered_with(plans, "天台县一年到头平均气温多少度？", "16.5")
    assert "当时设定的目标" not in answer


def test_energy_described_by_the_fuels_it_leaves_out_is_the_non_fossil_share(plans):
    # 全市非化石能源消费比重达到23%以上 (2035年)
    answered_with(plans, "青岛2035年煤、石油和天然气之外的能源占能源消费的比重是多少？", "23%")


def test_a_share_asked_plainly_is_not_the_negated_share_a_plan_states(plans):
    # 全市非化石能源消费比重达到23%以上: the rest of energy, not the fossil share
    refused_without(plans, "青岛2035年化石能源占能源消费的比重是多少？", "23%")
    refused_without(plans, "青岛2035年除了煤和石油以外的化石能源占多大比重？", "23%")


def test_a_verbs_character_glued_onto_a_noun_is_no_part_of_it(plans):
    # 全省秸秆饲料化利用量约1643万吨 (jieba cuts 饲料用 of 做饲料用的)
    answered_with(plans, "山东全省做饲料用的秸秆有多少万吨？", "1643")


def test_a_bay_named_by_its_citys_name_is_not_another_bay(plans):
    # 力争本年度东寨港湾入选国家级美丽海湾;到2027年,新海湾入选国家级美丽海湾
    refused_without(plans, "海口湾什么时候能评上国家级美丽海湾？", "2027")
    answered_with(plans, "海口的新海湾哪年入选国家级美丽海湾？", "2027")


def test_a_year_stated_only_under_a_longer_name_is_answered_from_it(plans):
    # 2018年…地级城市建成区黑臭水体消除比例达到80%; 2020年…地级城市建成区、县级城市建成区和乡镇…达到95%
    answer = answered_with(plans, "湖南地级城市建成区黑臭水体消除比例2018年、2020年各是多少？", "80%", "95%")
    assert "未设定" not in answer


def test_a_change_asked_on_the_basis_just_asked_is_the_change(plans):
    # 全市细颗粒物(PM2.5)年均浓度在2015年70微克/立方米的基础上降低25% (2018年)
    answered_with(plans, "哈尔滨2015年PM2.5年均浓度是多少，在这个基础上2018年要降多少？", "70", "25%")


def test_items_asked_of_a_long_sentence_are_quoted_where_they_stand(plans):
    # 以餐厨垃圾、建筑垃圾、可回收物、有害垃圾、其他垃圾作为生活垃圾分类的基本类别,…,全市…达到90%以上 (one sentence)
    answered_with(plans, "北京垃圾分类的基本类别包括哪几种？", "餐廚垃圾", "有害垃圾")


def test_items_asked_by_their_number_are_answered_by_the_sentence_listing_that_many(plans):
    # 著力从生态空间、生态经济、生态环境、生态生活、生态制度、生态文化等六个方面 (Traditional, with pinyin glosses)
    answer = answered_with(plans, "大观区创建生态文明示范区要从哪六个方面下功夫？", "生態空間", "生態文化")
    assert answer.count("[1]") >= 6  # one cited line per item
