"""A duty note cut off with the capture before its closing bracket (…(甲局、乙局牵头,各 at the text's end) still says
who leads. On a real plan of the development corpora: 延安's three-year blue-sky plan, captured up to the note after
its clean-heating task."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

YANAN = "延安市-2018-打赢蓝天保卫战三年行动方案.txt"


def test_the_cut_note_names_who_leads(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (YANAN,))
    answered_with(plans, "延安推进清洁供暖的工作由谁牵头？", "城管局")
