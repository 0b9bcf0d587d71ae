"""Of two statements of one indicator for one year (a yearly target and a stretch target, 年度目标 and 年度努力目标),
the one whose sentence the question quotes is answered. On a real plan of the development corpora: 盘锦大洼区's
blue-sky plan, whose 年度目标 and 年度努力目标 set 2019's share of good-air days at 77% and 79%."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

DAWA = "盘锦市大洼区-2019-打赢蓝天保卫战行动方案解读.txt"


def test_the_quoted_lead_decides(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (DAWA,))
    answer = answered_with(plans, "按大洼区的年度目标，2019年优良天数比例是多少？", "77%")
    assert "79%" not in answer, answer
    answer = answered_with(plans, "大洼区年度努力目标中2019年的优良天数比例定了多少?", "79%")
    assert "77%" not in answer, answer
