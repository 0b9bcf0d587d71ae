"""Everyday ways of saying what a plan names: a verb and its object joined by 的 (消耗的能源 for 能耗), all of a thing
(全部) as no other indicator's word, and the air's quality said of its good days, on real plans of the development
corpora (葫芦岛, 延安)."""

from __future__ import annotations

import pytest

from assistant.retrieval.short_forms import object_phrases
from assistant.retrieval.word_kinds import holds_pollutant_of, totality
from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLANS = (
    "葫芦岛市-2023-十四五节能减排综合工作方案.txt",
    "延安市-2018-打赢蓝天保卫战三年行动方案.txt",
)


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("spoken"), PLANS)


def test_a_verb_and_its_object_stand_for_the_compound():
    assert object_phrases(("消耗", "能源"), "单位面积消耗的能源") == (("消耗的能源", frozenset({"能源消耗", "能耗"})),)
    assert object_phrases(("城市", "污水"), "城市的污水") == ()  # 城市 does nothing: no compound


def test_energy_consumed_per_floor_area_is_the_energy_intensity(plans):
    # 葫芦岛: 单位建筑面积能耗下降6% (2025).
    answer = plans.chain.ask("葫芦岛到2025年建筑每平方米消耗的能源要降低多少")
    assert answer.found and "6%" in answer.answer


def test_the_good_days_are_the_airs(plans):
    # 延安: 全市优良天数达到315天 (2020); the sentence does not say 空气质量.
    answer = plans.chain.ask("延安2020年空气质量优良的天数要达到多少")
    assert answer.found and "315天" in answer.answer


def test_the_quality_of_a_medium_is_said_of_it():
    assert holds_pollutant_of("空气质量", "优良天数比率")
    assert not holds_pollutant_of("水质量", "优良天数比率")


def test_all_of_a_thing_tells_no_indicator_apart():
    assert totality("全部") and totality("所有") and not totality("湿地")


def test_waste_water_is_the_sewage_a_plan_names(pipeline):
    # 乌海: 2025年,行政村…生活污水治理率达到60%; 废水 and 污水 are one thing in general usage (corpus/synonyms.tsv).
    answer = pipeline.chain.ask("乌海到2025年生活废水的治理率是多少")
    assert answer.found and "60%" in answer.answer
