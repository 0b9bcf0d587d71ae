"""A one-character verb with a complement of direction (调过来, 送出去) is the verb a name holds: the complement
says only which way it acts. On a real plan of the development corpora: 衡水's plan against groundwater
over-extraction, which states how much water is brought in from elsewhere (引调水) in 2021."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

HENGSHUI = "衡水市-2021-地下水超采综合治理实施方案.txt"


def test_water_brought_over_is_the_water_brought_in(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (HENGSHUI,))
    answered_with(plans, "衡水市2021年计划从外地调过来的水有多少?", "8亿立方米")
    # Water sent out goes the other way: the water brought in is not its figure.
    sent_out = plans.chain.ask("衡水市2021年计划调出去的水有多少?")
    assert not sent_out.found, sent_out.answer
