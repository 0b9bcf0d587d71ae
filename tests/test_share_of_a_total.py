"""How much of a whole, on a real plan of the development corpora: 西安's plan sets the old diesel lorries retired each
year as a share of the fleet (2019年淘汰占自有总量的50%), so "…自有总量的多少" asks that share, not an amount."""

from __future__ import annotations

from assistant.retrieval.asked_quantity import asked_kind

from .conftest import answered_with, dev_plans_pipeline

XIAN = "西安市-2018-铁腕治霾保卫蓝天三年行动方案.txt"


def test_how_much_of_a_total_is_a_share(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (XIAN,))
    answered_with(plans, "西安2019年国Ⅲ柴油货车淘汰掉自有总量的多少？", "50%")
    assert asked_kind("甲乙排放总量的多少") == "percent"
    assert asked_kind("甲乙排放总量是多少") == "amount"
    assert asked_kind("甲乙是2015年总量的多少倍") != "percent"
