"""A measure named in the phrase before its figure's own, with a year between (甲强度逐年下降,2024年达到…): the
figure is that measure's. On a real plan of the development corpora: 自贡's account of its zero-waste city work
gives its solid waste per unit of output (固体废物产生强度) for 2024 after saying it fell year by year."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

ZIGONG = "自贡市-2025-无废城市建设.txt"


def test_the_measure_before_names_the_figure(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (ZIGONG,))
    named = {(i.name, i.value) for i in plans.chain.retriever.indicators.indicators}
    assert ("固体废物产生强度", "0.22") in named, sorted(named)
    answer = answered_with(plans, "自贡固废产生强度2024年降到了多少？", "0.22吨/万元")
    assert "固体废物产生强度" in answer
