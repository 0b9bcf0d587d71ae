"""Shapes of real pages (eval/corpus-dev15): counts listed side by side, each of its own level and thing (黄石); a
page cut off right before a sentence's value (九江); a figure stated before what it measures, next to a list's count
of its parts, and a part of the region's figure asked for the whole (瑞安); a second figure of a sentence named only
by its kind (潍城: the zones' number, then their area).
"""

from __future__ import annotations

import pytest

from assistant.documents import Chunk
from assistant.indicators.extract import extract_indicators
from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

HUANGSHI = "黄石市-2025-生态文明建设示范区规划修编解读.txt"
JIUJIANG = "九江市-2022-十四五生态环境保护规划.txt"
RUIAN = "瑞安市-2021-水土保持十四五规划.txt"
WEICHENG = "潍城区-2023-十四五畜禽养殖污染防治规划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("pages15"), (HUANGSHI, JIUJIANG, RUIAN, WEICHENG))


def test_each_listed_count_counts_its_own_level_and_thing(plans):
    assert "255个省级生态村" in plans.chain.ask("黄石的省级生态村有多少个").answer
    # No count of national-level villages is stated: neither the national townships' 2 nor the provincial villages' 255.
    other = plans.chain.ask("黄石拿到国家级称号的生态村有多少个")
    assert not other.found


def test_a_sentence_cut_off_before_its_value_answers_nothing(plans):
    answer = plans.chain.ask("九江鄱阳湖湖区的水质均值在2020年是第几类")
    assert not answer.found
    assert "达到[1]" not in answer.answer


def test_a_figure_stated_before_what_it_measures_is_read_by_the_words_after_it(plans):
    answer = plans.chain.ask("瑞安西边山区的林木覆盖有多少")
    assert answer.found and "32%" in answer.answer
    assert "5类" not in answer.answer  # how many kinds of land the list names measures nothing


def test_a_part_of_the_regions_figure_does_not_answer_for_the_whole(plans):
    # 瑞安: 西部山区是天然林业基地,实现了32%的森林覆盖水平 — nothing is said of the whole city.
    answer = plans.chain.ask("瑞安全市的林木覆盖有多少")
    assert not answer.found


def test_a_figure_named_only_by_its_kind_is_of_the_things_the_sentence_counted_before(plans):
    answer = plans.chain.ask("潍城禁养区的面积合计是多少")
    assert answer.found and "76.172平方千米" in answer.answer


def test_an_area_after_a_count_takes_the_counted_things_name():
    text = "经过调整，全县畜禽禁养区共计12个，面积合计为30.5平方千米。"
    chunk = Chunk("d-0001", "d", "甲县规划", "甲县", ("一、",), "一", None, 0, len(text), text, text, 10)
    names = {i.name: i.value for i in extract_indicators(chunk, None, 2023)}
    assert names["畜禽禁养区面积"] == "30.5"  # 全县 is the plan's region, 共计 how it is counted
