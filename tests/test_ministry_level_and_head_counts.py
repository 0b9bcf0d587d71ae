"""A ministry's level (部级) is a level as 国家级 is, and livestock is counted by the head (头). On real plans of the
development corpora: 六安's plan for livestock waste sets new model farms at three levels (部级 1-2家, 省级 10-12家,
市级 30-35家) for 2020; 秀洲区's report gives the pigs kept (生猪存栏8.2万头), not by how much they were cut."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

LUAN = "六安市-2019-畜禽养殖废弃物资源化利用.txt"
XIUZHOU = "秀洲区-2014-三河污染综合整治目标任务.txt"


def test_a_level_the_plan_does_not_set_is_refused(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (LUAN,))
    refused = plans.chain.ask("六安计划新建的乡级畜禽养殖标准化示范场有几家？")
    assert not refused.found, refused.answer
    answered_with(plans, "六安计划新建的省级畜禽养殖标准化示范场有几家？", "10-12家")


def test_levels_listed_are_answered_each(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (LUAN,))
    answer = answered_with(
        plans, "六安部级、省级和市级的畜禽养殖标准化示范场各新建几家？", "1-2家", "10-12家", "30-35家"
    )
    assert answer.count("[1]") >= 3, answer  # each level its own statement


def test_a_cut_in_head_is_a_change(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (XIUZHOU,))
    answered_with(plans, "秀洲区生猪存栏还有多少头？", "8.2万头")
    refused = plans.chain.ask("秀洲区生猪存栏减少了多少头？")
    assert not refused.found, refused.answer


def test_head_asked_is_not_an_area(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (XIUZHOU,))
    answer = plans.chain.ask("秀洲区拆除猪舍涉及多少头猪？")
    assert "64.8万平方米" not in answer.answer or not answer.found, answer.answer  # 多少头 counts head, not area
