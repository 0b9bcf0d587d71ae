"""To whom something goes, on a real plan of the development corpora: 广州's notice ends 实施中遇到的问题,请径向市环保局
反映, so "…向哪个单位反映" is answered with that sentence, as "由哪个单位负责〈verb〉" is by 由甲局负责〈verb〉."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

GUANGZHOU = "广州市-2013-十二五时期环境保护规划.txt"


def test_the_body_a_matter_goes_to(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (GUANGZHOU,))
    answered_with(plans, "广州十二五环保规划执行时有问题，要向哪个单位反映？", "市环保局")
