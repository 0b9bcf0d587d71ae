"""Measures said as people say them and lists as plans write them, on real plans of the development corpora: a
place pointed at in speech (甲省这边), a count asked by its measure word (几条), good air days said plainly (空气质量好的天数), reclaimed water described (处理后的污水再利用), a blank ending a figure
(8亿立方米 压采地下水1.47亿立方米), a region's whole area (县域面积, 县域土地一共多大) and a measure per output
(每实现一万元生产总值), a line's lead framing each of its sentences (年度努力目标: 2019年…。2020年…), rates listed after one
shared head (甲乙知晓率≥90%、参与率≥80%), items led in their paragraph (一是决胜甲乙战,…), and items named after
their count (3项指标为甲,分别为A、B以及C)."""

from __future__ import annotations

import pytest

from .conftest import answered_with, dev_plans_pipeline, refused_without

TIANSHUI = "天水-2019-水污染防治实施方案.txt"
YUNNAN = "云南-2019-城镇污水处理提质增效三年行动实施方案.txt"
TIANTAI = "天台县-2021-十四五水生态环境保护规划.txt"
DAGUAN = "大观区-2019-创建省级生态文明建设示范区.txt"
DAWA = "盘锦市大洼区-2019-打赢蓝天保卫战行动方案解读.txt"
ZHONGLOU = "常州市钟楼区-2022-城乡生活垃圾分类工作实施方案.txt"
LONGGANG = "深圳市龙岗区-2020-生态环境保护十四五规划征求意见稿.txt"
MACAO = "澳门-2022-环境保护规划2021-2025.txt"
HENGSHUI = "衡水市-2021-地下水超采综合治理实施方案.txt"
YANAN = "延安市-2018-打赢蓝天保卫战三年行动方案.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(
        tmp_path_factory.mktemp("spoken"),
        (TIANSHUI, YUNNAN, TIANTAI, DAGUAN, DAWA, ZHONGLOU, LONGGANG, MACAO, HENGSHUI, YANAN),
    )


def test_a_place_pointed_at_in_speech_names_the_place(plans):
    # 县级及以上集中式饮用水水源保护区8处: 那边 is no asked word the name lacks, so no reading is announced
    answer = answered_with(plans, "天水那边县级及以上集中式饮用水水源保护区数量？", "8处")
    assert "按「" not in answer


def test_a_count_asked_with_its_measure_word_is_a_figure(plans):
    # 到2019年底,省会城市昆明市全面消除黑臭水体: no count of them, so 几条 is not answered by the sentence
    refused_without(plans, "云南省会昆明要消除几条黑臭水体？")


def test_good_air_days_are_read_as_the_days_plans_count(plans):
    # 全市优良天数达到315天 (2020): 2018 is not stated; the refusal names what was asked in the plans' words
    answer = plans.chain.ask("延安2018年全市空气质量好的天数要达到多少天？")
    assert not answer.found and "空气质量优良天数" in answer.answer, answer.answer


def test_reclaimed_water_described_is_the_plans_reclaimed_water(pipeline):
    # the seed plans: 银川 全市再生水利用率稳定达到50%以上 (2025)
    answered_with(pipeline, "银川2025年废水经处理后循环利用的占比目标？", "50%")


def test_a_blank_after_a_figure_ends_it(plans):
    # a title line: 衡水:2021年引调水8亿立方米 压采地下水1.47亿立方米
    answered_with(plans, "衡水2021年引调水目标是多少？", "8亿立方米")
    answer = answered_with(plans, "衡水2021年压采地下水多少立方米？", "1.47亿立方米")
    assert "引调水8亿立方米压采地下水" not in answer


def test_a_regions_whole_area_is_its_total_area(plans):
    # …东西长54.7km,南北宽33.5km,总面积1431.6km2。
    answered_with(plans, "天台县的县域面积有多大？", "1431.6")
    answered_with(plans, "天台县域国土一共有多大？", "1431.6")


def test_a_measure_per_output_is_the_per_unit_measure(plans):
    # 單位地區生產總值能耗≤0.80噸標煤/萬元
    answered_with(plans, "大观区创建示范区，每实现一万元生产总值消耗的能源上限？", "0.80")


def test_a_lines_lead_frames_each_of_its_sentences(plans):
    # 年度努力目标:2019年,…优良天数比例到79%以上。2020年,…优良天数比例到80%以上
    answered_with(plans, "大洼区2020年优良天数比例的努力目标定的多少？", "80%")


def test_rates_listed_after_a_shared_head_keep_the_head(plans):
    # 达标小区居民垃圾分类知晓率≥90%、参与率≥80%、准确率≥80%
    answered_with(plans, "钟楼区2022年达标小区居民垃圾分类准确率目标是多少？", "80%")


def test_items_led_in_their_paragraph_are_listed_by_their_phrase(plans):
    # 一是决胜蓝天保卫战,…。二是决胜碧水保卫战,…。三是决胜净土保卫战,…。四是决胜生态保卫战,…
    answer = answered_with(plans, "龙岗区“十三五”时期都决胜了哪些保卫战？", "蓝天保卫战", "碧水保卫战", "净土保卫战")
    assert "生态保卫战" in answer


def test_items_named_after_their_count_are_listed(plans):
    # 當中僅得3項指標為約束性,分別為二氧化碳排放 、公共巴士使用新能源車輛比例以及生活垃圾無害化處理率
    answer = answered_with(plans, "澳门环保规划的约束性指标是哪几项？", "二氧化碳排放", "公共巴士使用新能源車輛比例")
    assert "生活垃圾無害化處理率" in answer
