"""A list a sentence writes with commas instead of 、 and counts (从甲乙,丙丁,戊己三个方面提出要求, as a copy with
half-width punctuation writes it) answers which items there are, one line each. On a real plan of the development
corpora: 高唐县's reading of its drinking-water plan."""

from __future__ import annotations

from .conftest import dev_plans_pipeline

GAOTANG = "高唐县-2019-饮用水水源水质保护攻坚战工作方案解读.txt"


def test_comma_listed_items_answer_a_list_question(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (GAOTANG,))
    answer = plans.chain.ask("高唐县的方案从哪三个方面提出了要求?")
    assert answer.found, answer.answer
    for item in ("- 加强组织领导", "- 强化规划引领与机制创新", "- 强化监督评估"):
        assert item in answer.answer, answer.answer
