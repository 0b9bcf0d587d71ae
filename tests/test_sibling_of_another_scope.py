"""A sibling indicator set for another scope or level than the asked one names no closer reading: 遂宁's 2022 plan
of the development corpora states 县级及以上集中式饮用水水源地水质达标率 (100%) and, for 乡镇, 乡镇集中式饮用水水源地
达标率 (97.37%) without 水质. Asked for the 乡镇 one with 水质, the sibling's 水质 does not rule the 乡镇 figure out:
that sibling is the 县级 one."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

SUINING = "遂宁市-2022-十四五生态环境保护规划.txt"


def test_a_sibling_of_another_level_is_no_closer_name(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (SUINING,))
    answer = answered_with(plans, "遂宁市“十三五”期间乡镇集中式饮用水水源地水质达标率达到多少？", "97.37%")
    assert "100%" not in answer  # not the 县级 figure
