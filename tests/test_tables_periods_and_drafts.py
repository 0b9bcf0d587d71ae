"""Four shapes of real pages (eval/corpus-dev12): a review table copied one cell per line whose last column has a
title of no known kind (盘锦, 对比结果), a draft put out for comment whose notice names its drafter in short (淮上, in
Traditional script), a figure a city's plan gives for several counties together (衡水: 枣强、景县、深州等…), and what a
plan is to make its city into (中卫: 把中卫建设成…).
"""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(
        tmp_path_factory.mktemp("pages12"),
        (
            "盘锦市-2023-十四五生态环境保护规划.txt",
            "淮上区-2022-深化新一轮林长制改革实施意见征求意见.txt",
            "衡水市-2021-地下水超采综合治理实施方案.txt",
            "中卫市-2019-生态保护与建设十三五规划实施方案.txt",
        ),
    )


def test_a_flattened_tables_rows_reach_the_indicator_table(plans):
    answer = plans.chain.ask("盘锦2015年细颗粒物年均浓度是多少微克每立方米")
    assert answer.found and "51" in answer.answer
    assert "51" in answer.citations[0].text


def test_a_drafter_named_in_short_is_given_with_the_signed_name(plans):
    answer = plans.chain.ask("淮上区深化新一轮林长制改革实施意见由哪个部门起草")
    assert answer.found and "淮上分局" in answer.answer and "淮上區自然資源和規劃分局" in answer.answer
    # The notice putting the draft out for comment is not the plan's title.
    titles = {d.title for d in plans.index.documents}
    assert "淮上區深化新一輪林長制改革實施意見" in titles


def test_a_figure_several_counties_share_is_no_one_countys(plans):
    alone = plans.chain.ask("衡水深州要新增多少万亩农业灌溉水源置换")
    assert not alone.found and "57.36" not in alone.answer.split("相近的指标")[0]
    both = plans.chain.ask("衡水武邑、故城新增地表水置换地下水灌溉面积多少万亩")
    assert both.found and "6.08" in both.answer


def test_what_a_city_is_to_become_is_read_after_the_verb_and_its_cheng(plans):
    answer = plans.chain.ask("中卫落实规划的实施方案要把中卫建设成什么样")
    assert answer.found and "生态屏障" in answer.answer and "生态文明示范区" in answer.answer
