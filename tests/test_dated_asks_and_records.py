"""A metadata table's 发文字号 line, a county a title names after its province, a five-year plan's base year, a set
a sentence dates, asks that each name their own topic, who does what a question names, a figure per unit of area
and the date a state was measured at, on real plans of eval/corpus-dev9 (邢台, 龙游, 江苏, 大连, 聊城)."""

from __future__ import annotations

import pytest

from assistant.ingest.cleaning import is_chrome_line
from assistant.retrieval.asked_quantity import per_unit_fits
from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLANS = (
    "邢台市-2025-空气质量限期达标规划.txt",
    "龙游县-2021-林业发展十四五规划.txt",
    "江苏省-2022-十四五海洋生态环境保护规划解读.txt",
    "大连市-2022-美丽海湾建设工作方案.txt",
    "聊城市-2012-城区及经济开发区声环境功能区调整通知.txt",
)


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("dated"), PLANS)


def test_a_document_number_line_is_no_font_size_switch(plans):
    assert not is_chrome_line("发文字号:邢政字〔2025〕24号") and is_chrome_line("字号:大 中 小")
    answer = plans.chain.ask("邢台市空气质量限期达标规划的发文字号是什么")
    assert answer.found and "邢政字〔2025〕24号" in answer.answer


def test_a_county_named_after_its_province_in_the_title_is_the_region(plans):
    # The page's title: 浙江龙游发布林业发展“十四五”规划.
    regions = {d.source: d.region for d in plans.index.documents}
    assert regions["龙游县-2021-林业发展十四五规划.txt"] == "龙游县"
    answer = plans.chain.ask("龙游县的林业规划定的森林覆盖率目标是多少")
    assert answer.found and "56%" in answer.answer


def test_a_five_year_plans_target_does_not_answer_its_base_year(plans):
    # 江苏: “十四五”时期…水质优良(一、二类)比例达到65%: a 2021—2025 target, and 2020 is its base year.
    assert not plans.chain.ask("江苏2020年近岸海域水质优良（一、二类）比例达到了多少").found
    assert "65%" in plans.chain.ask("江苏2025年近岸海域水质优良（一、二类）比例目标是多少").answer


def test_a_set_a_sentence_dates_answers_no_other_year(plans):
    # 大连: 到2025年…5个海湾将率先建成美丽海湾; 到2035年…80%以上大中型海湾.
    assert not plans.chain.ask("大连2028年前要建好几个美丽海湾").found


def test_asks_each_naming_their_own_topic_are_answered_in_turn(plans):
    answer = plans.chain.ask("江苏“十四五”期间大陆自然岸线保有率要保持在多少？新增整治修复岸线长度呢？")
    assert answer.found and "35%" in answer.answer and "40千米" in answer.answer


def test_who_does_what_the_question_names(plans):
    # 聊城: 四、本区域声环境功能区划分调整由聊城市环境保护局负责解释。 — a heading that is a sentence, with the
    # notice's annexes under it: a clause of its own, quoted as any sentence.
    texts = [c.text for c in plans.index.chunks]
    assert "四、本区域声环境功能区划分调整由聊城市环境保护局负责解释。" in texts
    answer = plans.chain.ask("聊城声环境功能区的划分调整由哪个单位负责解释")
    assert answer.found and "聊城市环境保护局" in answer.answer


def test_a_figure_per_unit_of_area_is_read_and_answers_only_a_question_asking_one(plans):
    # 龙游: 森林蓄积量达到196万立方米,单位面积林木蓄积量达到4立方米/亩
    units = {i.name: i.unit for i in plans.retriever.indicators.indicators}
    assert units["单位面积林木蓄积量"] == "立方米/亩"
    answer = plans.chain.ask("龙游县每亩林子的林木蓄积量要到多少")
    assert answer.found and "4立方米/亩" in answer.answer and "196万" not in answer.answer
    assert "196万立方米" in plans.chain.ask("龙游县森林蓄积量要达到多少").answer


def test_per_unit_fits():
    assert not per_unit_fits("人均公园绿地面积多少", "公园绿地面积", "平方米")
    assert per_unit_fits("人均公园绿地面积多少", "人均公园绿地面积", "平方米")
    assert per_unit_fits("公园绿地面积多少", "人均公园绿地面积", "平方米")  # one direction only


def test_the_date_a_state_was_measured_at_says_not_when_a_target_is_due(plans):
    # 邢台: 截至2024年底,三项指标分别超标25.7%、8.6%和13.8% — the plan's target year lies past the stored page.
    assert not plans.chain.ask("邢台的限期达标规划要求PM10哪一年实现达标").found
