"""An asked modifier (生活 of 生活污水) is no conflict through a sibling that holds it for another thing (城镇生活
垃圾无害化处理率): the plan's broader indicator (城镇污水处理率) answers, read as such. On a real plan of the
development corpora: 宜宾's ecological-civilisation plan, which sets both rates for 2024."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

YIBIN = "宜宾市-2022-国家生态文明建设示范市规划.txt"


def test_household_sewage_reads_as_sewage(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (YIBIN,))
    answer = answered_with(plans, "宜宾到2024年城镇居民生活污水的处理率目标是多少?", "95%")
    assert "98%" not in answer, answer
