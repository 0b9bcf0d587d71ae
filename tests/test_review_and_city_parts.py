"""A figure the plan reports under its last five-year plan's review never answers a target of this one, read from the
sentence; a district named as any city's part (老城区) beside a city it lies outside is that city's part; and a level
said with 一 (县一级) is the level documents write (县级)."""

from __future__ import annotations

from assistant.retrieval.question import parse_question
from assistant.text.gazetteer import default_gazetteer

from .conftest import dev_plans_pipeline

SUINING = "遂宁市-2022-十四五生态环境保护规划.txt"


def test_a_figure_under_the_last_plans_review_does_not_answer_this_plans_target(tmp_path):
    # 遂宁, under "(一)“十三五”成效显著": "…优良天数比例大幅上升,主城区达到95.1%".
    plans = dev_plans_pipeline(tmp_path, (SUINING,))
    answer = plans.chain.ask("遂宁“十四五”空气质量优良天数比例要达到多少？")
    assert not answer.found and "95.1%" not in answer.answer.split("相近")[0], answer.answer


def test_a_district_named_as_a_citys_part_beside_another_city_is_that_citys_part():
    gazetteer = default_gazetteer()
    beside = parse_question("聊城老城区的道路交通噪声限值是多少？", gazetteer)
    assert [p.short for p in beside.places] == ["聊城"]
    alone = parse_question("老城区的道路交通噪声限值是多少？", gazetteer)
    assert [p.name for p in alone.places] == ["老城区"]


def test_a_level_said_with_yi_is_read_as_documents_write_it():
    question = parse_question("甲市2018年县一级的污水处理率达到多少？", default_gazetteer())
    assert "县级的污水处理率" in question.form
