"""Substances listed before one head (甲和乙的年均浓度) share its modifier (年均) as they share the head, even where
the kind of figure (浓度) is no asked word: each is answered with its own yearly mean, not with another figure of the
substance alone. On a real plan of the development corpora: 济南's second air plan, which states 2015's yearly means
in one respective list and 2015's targets for the bare substances beside it."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

JINAN = "济南-2016-大气污染防治行动计划二期.txt"


def test_each_substance_gets_its_yearly_mean(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (JINAN,))
    answer = answered_with(plans, "济南市2015年二氧化硫与可吸入颗粒物的年均浓度分别为多少?", "0.050毫克", "0.157毫克")
    assert "0.078" not in answer, answer
