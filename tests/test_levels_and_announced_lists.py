"""Near misses that looked answered, on real plans of the development corpora: a level of government asked where
the plan states another (省级 against 国家级), the sections one level assesses (国考) where a figure is of another's
(市考以上), a source of power asked where the plan states others, a share's level asked where the plan states only its change, a list
a sentence announces but a web capture lost; and a refusal that quotes what was asked, not a word of the place's
name."""

from __future__ import annotations

import pytest

from assistant.retrieval.question import parse_question
from assistant.retrieval.quoted_words import quoted_words
from assistant.text.gazetteer import default_gazetteer

from .conftest import dev_plans_pipeline, refused_without

WANGCANG = "旺苍县-2023-林业发展十四五规划解读.txt"
TIANJIN = "天津市-2011-生态市建设行动计划.txt"
ZHANJIANG = "湛江市-2022-海洋生态环境保护十四五规划解读.txt"
NANNING = "南宁市-2024-国家生态文明建设示范区规划.txt"
NANTONG = "南通-2019-水污染防治工作计划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("levels"), (WANGCANG, TIANJIN, ZHANJIANG, NANNING, NANTONG))


def test_a_level_of_government_is_never_answered_with_another_level(plans):
    # 旺苍's indicator table: "国家级公益林保有量 | 万亩 | 102.7".
    refused_without(plans, "旺苍县市级公益林保有量是多少万亩？", "102.7")
    stated = plans.chain.ask("旺苍县国家级公益林保有量是多少万亩？")
    assert stated.found and "102.7" in stated.answer


def test_sections_one_level_assesses_are_never_answered_with_another_levels(plans):
    # 南通: "全市5个国考断面、31个省考以上断面…优良率…分别达到100%和71%", and "70个市考以上断面 水质优良率提升到65.7%".
    answer = plans.chain.ask("南通2019年国考断面水质优良率要达到多少？")
    assert answer.found and "100%" in answer.answer and "65.7%" not in answer.answer, answer.answer


def test_a_source_of_power_is_never_answered_with_other_sources_capacity(plans):
    # 南宁: "到2030年,…风电、太阳能发电总装机容量力争超过1288万千瓦".
    refused_without(plans, "南宁2030年核电装机容量要达到多少万千瓦？", "1288")
    solar = plans.chain.ask("南宁2030年光伏和风电发电装机容量要超过多少？")
    assert solar.found and "1288万千瓦" in solar.answer, solar.answer


def test_a_shares_level_is_never_answered_with_its_change(plans):
    # 天津: "国控河流水质达标断面比例上升6.8%" states how far the share moved, not where it stands.
    refused_without(plans, "天津国控河流水质达标断面比例要提高到多少？", "6.8%")
    moved = plans.chain.ask("天津国控河流水质达标断面比例上升了多少？")
    assert moved.found and "6.8%" in moved.answer


def test_a_list_announced_but_not_given_is_no_answer(plans):
    # 湛江: "“十四五”期间湛江将创建5个“美丽海湾”,分别是→" — the capture lost what followed the arrow.
    answer = plans.chain.ask("湛江“十四五”要创建哪几个美丽海湾？")
    assert not answer.found and "未列出" in answer.answer, answer.answer


def test_a_refusal_quotes_the_asked_words_not_a_character_of_the_place():
    # 水 is the last asked word, and the first 水 of the question is 衡水's.
    question = parse_question("衡水节约下来的水有多少？", default_gazetteer())
    assert quoted_words(question, ("节约", "水")) == "节约下来的水"


def test_a_refusal_quote_opens_with_the_asked_words_not_with_what_the_plan_is_said_to_do():
    gazetteer = default_gazetteer()
    said = parse_question("乙县方案说，2025年全县要建多少座污水处理厂？", gazetteer)
    assert quoted_words(said, ("全县", "污水", "处理厂")).startswith("全县")
    table = parse_question("甲市这份任务表里，重点行业二恶英排放强度要比2008年降多少？", gazetteer)
    assert quoted_words(table, ("表里", "重点", "行业", "二恶英", "排放", "强度")).startswith("重点行业")
