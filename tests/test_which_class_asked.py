"""哪一类 asks which class: its 一类 is no class asked (Ⅰ类 water), so the question is not refused for a class no
sentence states. On a real plan of the development corpora: 临汾's water plan of 2018."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

LINFEN = "临汾-2018-水污染防治行动计划.txt"


def test_which_class_is_not_class_one(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (LINFEN,))
    answered_with(plans, "临汾土门集中式饮用水水源的水质要达到哪一类?", "Ⅲ类")
