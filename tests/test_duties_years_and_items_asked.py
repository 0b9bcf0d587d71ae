"""Who leads an item whose clause has no duty line, which years a thing runs, and which things a sentence lists, on
real pages of eval/corpus-dev17: 随州's action plan closes each numbered task with its own bracketed duty line, and its
page is cut before the second task's; 恩施's plan counts its years of effort (三年集中攻坚) without naming them, and
cites a document of 2021; 孝感's lists fields of work (甲、乙…等…领域) in the sentence that sets a share; 徽州区's
plan lists its maps one per line."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

SUIZHOU = "随州市-2024-长江高水平保护提质增效行动方案.txt"
ENSHI = "恩施州-2022-长江高水平保护十大攻坚提升行动方案.txt"
XIAOGAN = "孝感市-2023-创建国家生态文明建设示范市工作实施方案草案.txt"
HUIZHOU = "徽州区-2023-十四五生态环境保护规划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("pages17"), (SUIZHOU, ENSHI, XIAOGAN, HUIZHOU))


def test_a_task_is_led_by_the_body_its_own_duty_line_names(plans):
    answer = plans.chain.ask("随州入河排污口溯源整治由谁牵头")
    assert answer.found and "市生态环境局" in answer.answer


def test_an_earlier_tasks_duty_line_does_not_say_who_leads_the_next(plans):
    # (一) closes with (牵头单位:市生态环境局,…); (二)'s own line lies past the page's cut.
    answer = plans.chain.ask("随州城镇污水系统治理由哪个单位牵头")
    assert not answer.found and "市生态环境局" not in answer.answer


def test_which_years_are_answered_by_a_sentence_naming_them(plans):
    answer = plans.chain.ask("随州府澴河入河排污口要在哪两年底前完成整治任务")
    assert answer.found and "2024年底前" in answer.answer and "2025年底前" in answer.answer


def test_years_counted_or_a_cited_documents_year_name_no_years(plans):
    # 恩施: "十四五"时期通过"三年集中攻坚,两年巩固提升"; the purpose sentence cites 鄂政办发〔2021〕66号.
    answer = plans.chain.ask("恩施的长江保护集中攻坚安排在哪几年")
    assert not answer.found


def test_which_things_are_answered_by_the_items_not_by_the_sentences_figure(plans):
    listed = plans.chain.ask("孝感考核里要提高哪些工作领域的指标分值")
    assert listed.found and "河湖长制" in listed.answer and "林长制" in listed.answer
    figure = plans.chain.ask("孝感生态文明建设工作占党政实绩考核的比例是多少")
    assert figure.found and "不低于20%" in figure.answer


def test_which_things_are_every_line_of_the_clause_that_answers_as_fully(plans):
    answer = plans.chain.ask("徽州区规划的附图中,饮用水水源保护区划分图有哪些")
    assert answer.found
    assert all(place in answer.answer for place in ("丰乐水库", "一水厂", "四村水库"))
    assert "水系图" not in answer.answer
