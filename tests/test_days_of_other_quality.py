"""A number of days asked of one quality (重污染) is not answered by a sentence whose only days are of the opposite
quality (优良天数不低于190天, with 重污染天气大幅减少 said in words). On a real plan of the development corpora:
温县's blue-sky plan for 2016."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline, refused_without

WENXIAN = "温县-2016-蓝天工程实施方案.txt"


def test_good_days_do_not_answer_bad_days(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (WENXIAN,))
    refused_without(plans, "温县在2016年把重污染天数压在几天内?", "190")
    answered_with(plans, "温县2016年空气优良的天数至少几天?", "190天")
