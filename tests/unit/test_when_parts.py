"""A question asking when for several listed things is asked thing by thing, and the answers join with their
citations numbered on."""

from __future__ import annotations

from assistant.answer.when_parts import joined_answers, when_parts
from assistant.documents import Answer, Citation


def test_each_listed_thing_is_asked_with_the_questions_opening_and_its_ask():
    assert when_parts("甲市行动方案里，县级及以上城市黑臭水体整治、污水处理厂提标改造分别在哪一年完成？") == [
        "甲市行动方案里，县级及以上城市黑臭水体整治在哪一年完成？",
        "甲市行动方案里，污水处理厂提标改造在哪一年完成？",
    ]


def test_a_figure_question_or_a_list_of_short_words_is_no_list_of_tasks():
    assert when_parts("甲市森林覆盖率和湿地保护率分别是多少？") == []
    assert when_parts("甲市两项和三项分别在哪一年完成？") == []


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
