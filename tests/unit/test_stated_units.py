"""The kind of quantity a question asks and the units a sentence states (answer/stated_units.py)."""

from __future__ import annotations

import pytest

from assistant.answer.stated_units import asked_quantity, stated_units, units_fit


@pytest.mark.parametrize(
    ("form", "units"),
    [
        ("森林覆盖率达到3.78%", ["%"]),
        ("2025年,城镇人均公园绿地面积不低于15平方米", ["平方米"]),  # the year is no figure
        ("细颗粒物(PM2.5)平均浓度不高于34微克/立方米", ["微克/立方米"]),  # nor a code's digits
        ("科学编制规划及10多个专项规划", ["个"]),  # 10多个 counts all the same
        ("于2015年12月29日印发(廊发〔2015〕19号)", []),  # a date and a document number
        ("1 加强水资源保护", []),  # a table row's number
    ],
)
def test_stated_units(form, units):
    assert stated_units(form) == units


def test_asked_quantity():
    assert asked_quantity("要做到几个百分之百") == ("count", None)  # a count, whatever word follows
    assert asked_quantity("多少项目标任务")[0] == "count"
    assert asked_quantity("覆盖率要达到多少")[0] == "percent"
    assert asked_quantity("有效利用系数要提高到多少")[0] == "coefficient"


def test_units_fit():
    assert not units_fit(["%", "平方米"], "count", None)  # 多少个 is not answered by a rate or an area
    assert units_fit(["个"], "count", "处")  # 个 counts anything
    assert not units_fit(["亿立方米"], "coefficient", None) and units_fit([""], "coefficient", None)
    assert not units_fit(["万千瓦时"], "mass", None) and units_fit(["万千瓦时"], "mass", None, strict=False)
    assert not units_fit(["万千瓦"], "mass", None, strict=False)  # a capacity is of a kind: never a mass
    # An amount (总量) may be a volume; a figure asked in 吨 never is.
    assert units_fit(["亿立方米"], "amount", None) and not units_fit(["亿立方米"], "mass", None, strict=False)
