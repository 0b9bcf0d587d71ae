"""A question asking the same (when, what is required, who leads) of several listed things is asked thing by thing,
and the answers join with their citations numbered on."""

from __future__ import annotations

from assistant.answer.listed_asks import joined_answers, listed_parts
from assistant.documents import Answer, Citation
from assistant.retrieval.question import Question, parse_question
from assistant.text.gazetteer import default_gazetteer


def _parse(text: str) -> Question:
    return parse_question(text, default_gazetteer())


def test_each_listed_thing_is_asked_with_the_questions_opening_and_its_ask():
    assert listed_parts("甲市行动方案里，县级及以上城市黑臭水体整治、污水处理厂提标改造分别在哪一年完成？", _parse) == [
        "甲市行动方案里，县级及以上城市黑臭水体整治在哪一年完成？",
        "甲市行动方案里，污水处理厂提标改造在哪一年完成？",
    ]


def test_a_figure_question_or_a_list_of_short_words_is_no_list_of_tasks():
    assert listed_parts("甲市森林覆盖率和湿地保护率分别是多少？", _parse) == []
    assert listed_parts("甲市两项和三项分别在哪一年完成？", _parse) == []


def test_what_is_required_of_each_thing_is_asked_with_the_plan_the_question_names():
    assert listed_parts("乙县2019年水污染防治方案对城区河道和水库库区分别有什么要求？", _parse) == [
        "乙县2019年水污染防治方案对城区河道有什么要求？",
        "乙县2019年水污染防治方案对水库库区有什么要求？",
    ]


def test_words_cut_at_a_separator_or_a_bare_ge_split_nothing():
    assert listed_parts("甲市生态补偿和公众参与机制分别由哪个部门牵头？", _parse) == []
    assert listed_parts("甲市大气和水污染防治各项任务由谁牵头？", _parse) == []
    assert listed_parts("给水管网改造和污水管网建设分别在哪一年完成？", _parse) == [
        "给水管网改造在哪一年完成？",
        "污水管网建设在哪一年完成？",
    ]


def test_who_leads_each_thing_is_asked_with_the_place_and_time_the_question_opens_with():
    assert listed_parts("乌海市2025年扬尘治理和工业炉窑整治分别由哪个部门牵头？", _parse) == [
        "乌海市2025年扬尘治理由哪个部门牵头？",
        "乌海市2025年工业炉窑整治由哪个部门牵头？",
    ]


def _answer(text: str, n: int) -> Answer:
    cite = Citation(n, "d", "甲市行动方案", "甲市", "一、", "…", 0, 1, 1.0)
    return Answer("q", text, True, True, "extractive", [cite], {"retrieve": 1.0})


def test_joined_answers_number_each_parts_citations_on():
    joined = joined_answers("q", [_answer("到2023年底完成[1]", 1), _answer("到2024年底完成[1]", 1)])
    assert joined.answer == "到2023年底完成[1]\n到2024年底完成[2]"
    assert [c.n for c in joined.citations] == [1, 2] and joined.timings_ms["retrieve"] == 2.0


def test_a_note_both_parts_carry_is_shown_once_after_the_parts():
    note = "注：《甲市行动方案》规划期已结束，所列为当时设定的目标[1]。"
    joined = joined_answers("q", [_answer(f"到2023年底完成[1]\n{note}", 1), _answer(f"到2024年底完成[1]\n{note}", 1)])
    assert joined.answer == f"到2023年底完成[1]\n到2024年底完成[2]\n{note}"
