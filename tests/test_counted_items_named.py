"""Items a question counts itself, on real plans: 威海's plan lists its pilot's tasks before their count (“4”是指甲、乙、
丙、丁4项共性任务), so "…的4项共性任务是什么" is answered with the four items, under the count and its noun whole;
and the verb opening such a list (严格落实甲、乙…“五个减量替代”) is no part of its first item."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

WEIHAI = "威海市-2022-十四五时期无废城市建设实施方案.txt"


def test_items_the_question_counts_are_listed(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (WEIHAI,))
    answer = answered_with(plans, "威海“4+2”模式的4项共性任务是什么？", "农业废弃物全量利用", "危险废物全过程安全管控")
    assert answer.startswith("4项共性任务：") and answer.count("\n- ") == 4, answer


def test_the_verb_opening_a_list_is_no_item(pipeline) -> None:
    answer = answered_with(pipeline, "宁夏“五个减量替代”都包括什么？", "煤耗")
    assert "\n- 产能[" in answer, answer
