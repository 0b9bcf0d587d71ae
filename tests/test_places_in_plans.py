"""A figure a plan states for a place inside its region (贵港's plan: 桂平市's PM10 and PM2.5, written as
"A和B…分别不高于53和32微克/立方米") belongs to that place: asked of the place it is answered item by item,
asked of another part of the region it is not read as the asked figure."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLAN = "贵港-2021-大气污染防治攻坚实施计划.txt"


@pytest.fixture(scope="module")
def guigang(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("places"), (PLAN,))


def test_a_pair_stated_respectively_gives_each_item_its_figure_and_unit(guigang):
    names = {(i.name, i.value, i.unit) for i in guigang.retriever.index.indicators}
    assert ("可吸入颗粒物(PM10)平均浓度", "53", "微克/立方米") in names
    assert ("细颗粒物(PM2.5)平均浓度", "32", "微克/立方米") in names
    answer = guigang.chain.ask("贵港桂平市2021年PM2.5和PM10平均浓度各自上限是多少")
    assert answer.found and "53" in answer.answer and "32微克/立方米" in answer.answer
    assert "：和" not in answer.answer  # a later item's quote does not open on its conjunction


def test_a_places_figure_is_not_read_as_another_parts(guigang):
    answer = guigang.chain.ask("贵港中心城区2021年PM10平均浓度上限是多少")
    assert not answer.found and "53" not in answer.answer.split("相近")[0]


def test_counties_listed_with_their_own_targets_are_answered_with_their_own(tmp_path):
    # 保定's 2016 targets: "莲池区、竞秀区…细颗粒物(PM2.5)平均浓度下降22%以上,…,阜平县、易县下降18%以上,涞源县下降10%以上".
    pipeline = dev_plans_pipeline(tmp_path, ("保定市-2016-大气污染防治工作目标.txt",))
    answer = pipeline.chain.ask("保定市易县2016年细颗粒物平均浓度要下降多少")
    assert answer.found and "18%" in answer.answer and "22%" not in answer.answer
    answer = pipeline.chain.ask("保定涞源县16年PM2.5浓度要降低多少")
    assert answer.found and "10%" in answer.answer and "18%" not in answer.answer
    # Two counties listed, then a third asked after them: each gets its own row, and the 、 between the
    # counties lists places, not two things asked.
    answer = pipeline.chain.ask("保定2016年易县、阜平县的PM2.5浓度要降低多少？涞源县又是多少？")
    assert answer.found and "18%" in answer.answer and "10%" in answer.answer and "未设定" not in answer.answer
