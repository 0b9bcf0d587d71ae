"""Which documents a plan was made by (根据哪些文件) is answered with every title its sentence names — those it carries
out (贯彻《甲》) as well as those it lists side by side (落实《乙》和《丙》). On a real plan of the development corpora:
揭阳's acceptance scheme for black and odorous water bodies."""

from __future__ import annotations

from .conftest import dev_plans_pipeline

JIEYANG = "揭阳市-2019-城市黑臭水体治理验收工作方案.txt"
WANGCANG = "旺苍县-2023-林业发展十四五规划解读.txt"


def test_every_title_of_the_basis_sentence(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (JIEYANG,))
    answer = plans.chain.ask("揭阳市的黑臭水体验收工作方案是根据哪些文件制定的?")
    assert answer.found, answer.answer
    for title in (
        "《水污染防治行动计划》",
        "《城市黑臭水体治理攻坚战实施方案》",
        "《广东省打好污染防治攻坚战三年行动计划",
    ):
        assert title in answer.answer, answer.answer


def test_plan_drawn_up_is_no_basis(tmp_path) -> None:
    """…为落实《甲》…要求,编制了《本规划》: the plan itself is what the sentence draws up, not what it follows."""
    plans = dev_plans_pipeline(tmp_path, (WANGCANG,))
    answer = plans.chain.ask("旺苍县的林业发展十四五规划依据哪些文件编制?")
    assert answer.found and "《旺苍县林业发展“十四五”规划》" not in answer.answer, answer.answer
