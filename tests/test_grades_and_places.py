"""Grades of one scale (轻度 … 严重 污染), on real plans of the development corpora."""

from __future__ import annotations

import pytest

from .conftest import dev_plans_pipeline

KAIFENG = "开封市-2025-大气污染防治攻坚十大行动方案.txt"


@pytest.fixture(scope="module")
def kaifeng(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("kaifeng"), (KAIFENG,))


def _before_closest(answer: str) -> str:
    """The part of an answer before the closest indicators a refusal lists."""
    return answer.split("相近")[0]


def test_a_grade_is_never_answered_with_another_grade_of_its_scale(kaifeng):
    # 开封: "空气质量优良天数比率达到67%,重度及以上污染天数比率控制在1.5%以内".
    mild = kaifeng.chain.ask("开封2025年轻度污染的天数比例要控制在多少？")
    assert not mild.found
    assert "1.5%" not in _before_closest(mild.answer) and "67%" not in _before_closest(mild.answer)
    # The grade stated, and a graver one its 及以上 takes in, are answered.
    grave = kaifeng.chain.ask("开封2025年重度污染天数比率控制在多少？")
    assert grave.found and "1.5%" in grave.answer
    gravest = kaifeng.chain.ask("开封严重污染天数比率要控制在多少？")
    assert gravest.found and "1.5%" in gravest.answer
    good = kaifeng.chain.ask("开封空气优良天数比例25年要达到多少？")
    assert good.found and "67%" in good.answer
