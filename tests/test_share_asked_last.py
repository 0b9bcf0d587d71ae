"""A share or a degree asked last, on real plans of the development corpora: in "…甲乙的比例/程度" the kind of figure is
what is asked for, so the word before it only says of what, and a name stating that thing as a rate answers (大姚's
治理(管控)率 asked as a 覆盖比例). A word the name lacks before no kind of figure still decides (西藏's 植被盖度
is no area of ground covered)."""

from __future__ import annotations

import pytest

from .conftest import answered_with, dev_plans_pipeline

DAYAO = "大姚县-2025-农村生活污水整县推进全域治理工作方案.txt"
XIZANG = "西藏自治区-2022-深入打好污染防治攻坚战实施意见.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("share_last"), (DAYAO, XIZANG))


@pytest.mark.parametrize(
    "question",
    ["大姚县到2025年，村里生活污水治理或管控覆盖比例要求多少？", "大姚县2025年村庄生活污水治理管控的覆盖比例是多少？"],
)
def test_a_rate_asked_as_a_covered_share(plans, question: str) -> None:
    answer = answered_with(plans, question, "100%")
    assert "治理(管控)率" in answer


def test_a_thing_asked_last_still_decides(plans) -> None:
    answer = plans.chain.ask("西藏2025年草原综合植被覆盖的地面有多少公顷？")
    assert not answer.found or "50%" not in answer.answer, answer.answer
