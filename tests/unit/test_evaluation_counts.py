"""How the evaluation counts an answer's numbers for grounding."""

from __future__ import annotations

from eval.evaluation import _stated_numbers


def test_a_year_restated_from_the_question_without_a_citation_is_not_a_figure():
    answer = "湿地保护率达到60%（2030年）[1]。\n2027年：文件未设定。"
    assert _stated_numbers(answer, "甲市2027年和2030年湿地保护率分别是多少?") == ["60%", "2030年"]


def test_a_number_the_question_does_not_hold_counts_even_without_a_citation():
    answer = "湿地保护率达到60%（2030年）[1]。\n2028年：文件未设定。"
    assert "2028年" in _stated_numbers(answer, "甲市2027年和2030年湿地保护率分别是多少?")
