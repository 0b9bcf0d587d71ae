"""A subject opening one figure's name goes on to the next figure of the sentence about the same thing
(甲地区秸秆综合利用率达到95%以上,秸秆还田率达到65%以上: 甲地区's 秸秆还田率 too), so the province's own figure is not
answered with a figure set for some of its cities or a company, and an answer says whose figure it gives. On real
plans of the development corpora: 黑龙江's straw plan for 2023 and 汉中's air plan."""

from __future__ import annotations

from assistant.indicators.name_lists import subject_carried

from .conftest import answered_with, dev_plans_pipeline

HEILONGJIANG = "黑龙江省-2023-秸秆综合利用工作实施方案.txt"
HANZHONG = "汉中市-2024-深化大气污染治理实施方案.txt"


def test_subject_goes_on_to_the_next_name() -> None:
    assert subject_carried("北大荒农垦集团秸秆综合利用率", "秸秆还田率") == "北大荒农垦集团"
    assert subject_carried("哈尔滨市、绥化市秸秆综合利用率", "秸秆还田率") == "哈尔滨市、绥化市"
    assert subject_carried("秸秆综合利用率", "秸秆还田率") == ""  # no subject before the shared word
    assert subject_carried("累计完成水土流失综合治理面积", "水土保持率") == ""  # a verb, not whose figure it is
    assert subject_carried("非化石能源消费比重", "能源消费总量") == ""  # a word of the thing, not whose
    assert subject_carried("单位地区生产总值能耗", "生产总值年均增长") == ""  # a measure per unit
    assert subject_carried("大气污染物排放总量", "污染地块安全利用率") == ""  # 污染 is no word of the first name


def test_answer_says_whose_figure_it_is(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (HEILONGJIANG,))
    answered_with(plans, "黑龙江其他市地2023年的秸秆还田率是多少?", "其他市地秸秆还田率", "60%")
    answered_with(plans, "黑龙江2023年北大荒农垦集团秸秆还田率要达到多少?", "北大荒农垦集团秸秆还田率", "95%")
    answered_with(plans, "黑龙江省2023年秸秆还田率目标是多少?", "68%")  # the province's own, named bare


def test_codes_listed_keep_their_own_names(tmp_path) -> None:
    """甲、乙重点工程减排量2376吨和1060吨 with codes for 甲 and 乙 (NOx、VOCs): each code in place of the other, not
    the first code with the last's leftover characters (NOxs)."""
    plans = dev_plans_pipeline(tmp_path, (HANZHONG,))
    names = {i.name: i.value for i in plans.index.indicators}
    assert names.get("NOx重点工程减排量") == "2376" and names.get("VOCs重点工程减排量") == "1060", names
    # 氮氧化物 is what NOx stands for, as 挥发性有机物 is what VOCs does.
    answered_with(plans, "汉中市十四五期间要减排多少吨氮氧化物?", "2376")
