"""An asked part the indicator table sets no figure for is quoted from the piece of an answering figure's sentence that
names it and states its figure (…降低65%至70%，相等於絕對碳排放量減低26%至36%), not called unset. On a real plan
of the development corpora:
香港's Climate Action Plan 2030+ (Traditional script)."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

HONG_KONG = "香港-2017-氣候行動藍圖2030.txt"


def test_the_second_figure_of_the_sentence_answers_its_part(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (HONG_KONG,))
    answer = answered_with(plans, "香港2030年的碳强度、绝对碳排放量较2005年分别减低多少?", "65%至70%", "26%至36%")
    assert "未设定" not in answer, answer
