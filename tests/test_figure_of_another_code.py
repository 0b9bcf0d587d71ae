"""A sentence stating the asked pollutant only in words, its figure given to another code in the same sentence, gives
no figure for it: 延安's 2018 plan of the development corpora says 到2020年,…PM2.5浓度为42微克/立方米,PM10浓度明显下降 —
asked for PM10's figure the answer is a refusal (quoting what was asked, not how), also when asked in 微克; asked for
PM2.5's, 42."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

YANAN = "延安市-2018-打赢蓝天保卫战三年行动方案.txt"


def test_the_figure_of_another_code_does_not_answer(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (YANAN,))
    refused = plans.chain.ask("延安的蓝天保卫战方案要求2020年PM10浓度达到多少？")
    assert not refused.found, refused.answer
    answered_with(plans, "延安的蓝天保卫战方案要求2020年PM2.5浓度达到多少？", "42")
    # Asked in the first part of the unit (多少微克 of 微克/立方米): a figure asked, no set named by its number.
    refused = plans.chain.ask("延安的蓝天保卫战方案要求2020年PM10浓度是多少微克？")
    assert not refused.found and "“PM10浓度”" in refused.answer, refused.answer
