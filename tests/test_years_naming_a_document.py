"""A year that names the document asked about is no time asked: the year inside a cited plan's title
(《甲规划(2020—2030年)》), the year the plan was made (2023年出台的那个方案), or one a plan's name follows when the
question speaks of what is in it (2022年甲乙规划里…). On real plans of the development corpora: 南阳's 2023 three-year plan sets its targets for 2025; 旺苍's reading of
its forestry plan gives 林地保有量 for 2020 and 2025 and cites 《旺苍县林地保护利用规划(2020—2030年)》; 伊春's 2022
black soil plan reports what the “十三五” years achieved (耕层厚度达到30厘米以上, 土壤有机质平均含量53.15克/千克)."""

from __future__ import annotations

import pytest

from assistant.retrieval.named_document import DOCUMENT_YEAR_RE

from .conftest import answered_with, dev_plans_pipeline

NANYANG = "南阳市-2023-生态环境质量稳定向好三年行动实施方案.txt"
WANGCANG = "旺苍县-2023-林业发展十四五规划解读.txt"
YICHUN = "伊春-2022-十四五黑土地保护规划.txt"


def test_the_year_a_plan_was_made_is_not_asked(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (NANYANG, WANGCANG))
    answer = answered_with(plans, "南阳2023年出台的那个行动方案里，2025年受污染耕地安全利用率要达到多少？", "100%")
    assert "2023年" not in answer.split("100%")[0]  # no part for the plan's own year
    answer = answered_with(
        plans, "依照《旺苍县林地保护利用规划（2020—2030年）》，旺苍县2025年林地保有量不低于多少？", "340.5"
    )
    assert "2030年" not in answer
    refused = plans.chain.ask("依照《旺苍县林地保护利用规划（2020—2030年）》，旺苍县2030年林地保有量不低于多少？")
    assert not refused.found, refused.answer
    assert "“林地保有量”" in refused.answer  # the cited title is not quoted as what was asked


@pytest.mark.parametrize(
    ("question", "left"),
    [
        ("甲市2023年印发的这份方案中2025年的目标", "甲市 中2025年的目标"),
        ("《甲市规划(2021—2035年)》里2030年的目标", " 里2030年的目标"),
        ("甲市2025年的森林覆盖率", "甲市2025年的森林覆盖率"),  # a time asked, no document named by it
        ("甲市2025年规划的面积", "甲市2025年规划的面积"),
        ("到2025年的那个目标在规划里", "到2025年的那个目标在规划里"),  # a time asked (到…), then the plan
        ("给2025年定的那个规划目标", "给2025年定的那个规划目标"),  # set for 2025, not made then
        ("2021—2025年的这个规划里2030年", " 里2030年"),  # the plan's span as a whole
        ("甲市2022年乙丙规划里丁的面积", "甲市 里丁的面积"),  # the plan the year names, then what is in it
        ("甲市2025年规划中丁的面积", "甲市2025年规划中丁的面积"),  # the plan's figure for that year
        ("甲市2019年度乙丙计划里丁的面积", "甲市2019年度乙丙计划里丁的面积"),  # a year's own plan: that year's targets
        ("甲市2021年乙丙规划中期评估的丁", "甲市2021年乙丙规划中期评估的丁"),  # the plan's mid-term
    ],
)
def test_where_a_year_names_a_document(question: str, left: str) -> None:
    assert DOCUMENT_YEAR_RE.sub(" ", question) == left


def test_a_compared_year_leaves_the_asked_one(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (NANYANG,))
    question = plans.chain.retriever.search("南阳2025年的这个优良天数比例目标在方案里比2020年提高多少？").question
    assert question.years == ("2025",) and question.baseline_years == ("2020",)


def test_a_year_the_plan_is_named_by(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (YICHUN,))
    answered_with(plans, "伊春2022年那个黑土地保护规划里，秸秆还田或深松地块的耕层厚度是多少？", "30厘米")
    answered_with(plans, "伊春2022年的黑土地规划中，“十三五”时期土壤有机质平均含量是多少？", "53.15")


def test_a_year_outside_the_five_year_plan_asked(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (YICHUN,))
    answered_with(plans, "伊春2022年编的规划里，“十三五”期间耕层厚度达到多少？", "30厘米")
    for question in ("伊春到2025年耕层厚度比“十三五”时期提高多少？", "伊春2025年耕层厚度较“十三五”期间提高多少？"):
        assert plans.chain.retriever.search(question).question.years == ("2025",), question  # a target, compared
