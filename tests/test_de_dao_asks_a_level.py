"""得到 in a question is a light verb (甲比例得到多少: must reach, spoken; 得到治理的面积: treated), never what tells
indicators apart, even where some plan states figures in a sentence holding it. On real plans of the development
corpora: 南阳's 2023 plan sets 空气质量优良天数比例 for 2025; 齐齐哈尔's says 土壤环境风险得到基本管控 beside its
受污染耕地安全利用率."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

NANYANG = "南阳市-2023-生态环境质量稳定向好三年行动实施方案.txt"
QIQIHAR = "齐齐哈尔市-2017-城乡环境整治工程总体实施方案.txt"


def test_de_dao_is_no_word_of_the_indicator(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (NANYANG, QIQIHAR))
    answered_with(plans, "南阳到2025年空气质量好的天数占比得到多少？", "76.5%")
