"""Near misses that looked answered, and answers the plans hold, on real plans of the development corpora: grades of
one scale (轻度 … 严重 污染), another product, a part's own year, a level asked as a change, another activity, a
class of noise zone, the other side of a quality (集中, 分散); two things asked 分别 by bare nouns, a total of a thing
the name holds, a set's members defined after it, the classes of a division, a list named back by its count, and a
change from a year compared with."""

from __future__ import annotations

import pytest

from .conftest import before_closest, dev_plans_pipeline

KAIFENG = "开封市-2025-大气污染防治攻坚十大行动方案.txt"
GUANGDONG = "广东省-2014-节能减排低碳发展行动方案.txt"
XIAN = "西安市-2018-铁腕治霾保卫蓝天三年行动方案.txt"
LUZHOU = "泸州市-2010-节能减排工作实施方案.txt"
YUSHU = "玉树州-2025-草原保护修复利用规划.txt"
LIAOCHENG = "聊城市-2012-城区及经济开发区声环境功能区调整通知.txt"
LONGYOU = "龙游县-2021-林业发展十四五规划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(
        tmp_path_factory.mktemp("near"), (KAIFENG, GUANGDONG, XIAN, LUZHOU, YUSHU, LIAOCHENG, LONGYOU)
    )


def _before_closest(answer: str) -> str:
    """The part of an answer before the closest indicators a refusal lists, or the other years' figures it gives."""
    return before_closest(answer).split("文件设定的是")[0]


def _refused_without(plans, question: str, *figures: str) -> None:
    answer = plans.chain.ask(question)
    assert not answer.found, answer.answer
    assert not any(f in _before_closest(answer.answer) for f in figures), answer.answer


def test_a_grade_is_never_answered_with_another_grade_of_its_scale(plans):
    # 开封: "空气质量优良天数比率达到67%,重度及以上污染天数比率控制在1.5%以内".
    _refused_without(plans, "开封2025年轻度污染的天数比例要控制在多少？", "1.5%", "67%")
    # The grade stated, and a graver one its 及以上 takes in, are answered.
    grave = plans.chain.ask("开封2025年重度污染天数比率控制在多少？")
    assert grave.found and "1.5%" in grave.answer
    gravest = plans.chain.ask("开封严重污染天数比率要控制在多少？")
    assert gravest.found and "1.5%" in gravest.answer
    good = plans.chain.ask("开封空气优良天数比例25年要达到多少？")
    assert good.found and "67%" in good.answer


def test_a_material_is_never_answered_with_another_products_figure(plans):
    # 广东: "2014年淘汰落后和过剩产能炼钢250万吨、铜冶炼1.5万吨、水泥353万吨、造纸21万吨…".
    _refused_without(plans, "广东2014年要淘汰多少电解铝落后产能？", "250万吨")
    cement = plans.chain.ask("广东2014年要淘汰多少水泥落后产能？")
    assert cement.found and "353万吨" in cement.answer


def test_a_part_stating_its_own_year_does_not_answer_another_year(plans):
    # 西安: "…到2020年,基本淘汰国Ⅲ及以下…营运柴油货车,其中2018年淘汰占自有总量的30%,2019年淘汰占自有总量的50%".
    _refused_without(plans, "西安2020年国三营运柴油货车要淘汰自有总量的百分之几？", "30%", "50%")
    stated = plans.chain.ask("西安2018年国三营运柴油货车淘汰比例是多少？")
    assert stated.found and "30%" in stated.answer


def test_a_level_does_not_answer_a_change_from_a_year(plans):
    # 泸州: "2009年,全市化学需氧量排放量4.478万吨…" and "…分别控制在5万吨、4.5万吨和0.5万吨的目标".
    _refused_without(plans, "泸州2010年化学需氧量排放量比2009年要削减多少？", "4.478万吨", "4.5万吨")


def test_another_activity_on_the_same_land_is_no_answer(plans):
    # 玉树: "到2028年实现草原综合植被盖度从62.4%提高至63.4%,治理退化草地14.29万公顷".
    _refused_without(plans, "玉树州到2028年草原围栏面积要达到多少？", "14.29万公顷")
    _refused_without(plans, "玉树州到2028年草原封育面积要达到多少？", "14.29万公顷")
    treated = plans.chain.ask("玉树州到2028年要治理多少退化草原？")
    assert treated.found and "14.29万公顷" in treated.answer


def test_a_class_of_noise_zone_is_an_asked_word(plans):
    # 聊城: "分为1类、2类、3类及4类声环境功能区"; the plan gives only each zone's whole area (总面积为29.49平方公里).
    _refused_without(plans, "聊城经济开发区4类声环境功能区面积多大？", "29.49")
    whole = plans.chain.ask("聊城经济开发区声环境功能区总面积多大？")
    assert whole.found and "29.49平方公里" in whole.answer


def test_two_things_asked_each_by_a_bare_noun_are_answered_each(plans):
    # 龙游: "公益林保有量稳定在57万亩,湿地保有量稳定在7万亩".
    answer = plans.chain.ask("龙游十四五末公益林和湿地分别稳定在多少亩？")
    assert answer.found and "湿地保有量稳定在7万亩" in answer.answer and "57万亩" in answer.answer


LUOHE = "漯河市-2011-农村环境连片综合整治实施方案.txt"
YICHUN = "宜春市-2023-碳达峰实施方案.txt"


@pytest.fixture(scope="module")
def more_plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("more"), (LUOHE, YICHUN, LIAOCHENG, LONGYOU))


def test_the_other_side_of_a_quality_is_no_answer(more_plans):
    # 漯河: "(二)农村生活污水处理率≥90%(污水集中处理模式)".
    _refused_without(more_plans, "漯河农村生活污水分散处理的处理率要达到多少？", "90%")
    stated = more_plans.chain.ask("漯河农村生活污水集中处理的处理率要达到多少？")
    assert stated.found and "90%" in stated.answer


def test_a_total_of_a_thing_the_name_holds_is_its_figure(more_plans):
    # 宜春 (Traditional script): "風電、光伏和生物質發電裝機容量達到280萬千瓦以上".
    answer = more_plans.chain.ask("宜春2025年风电光伏生物质等绿色电源的总装机规模是多少？")
    assert answer.found and "280萬千瓦" in answer.answer


def test_a_set_named_by_its_count_is_answered_with_the_members_defined_after_it(more_plans):
    # 龙游: "“两廊三区多点”(“两廊”为…;“三区”为北部林业特色产业区、中部城市森林经营区、南部生态屏障区;…)".
    answer = more_plans.chain.ask("龙游林业布局的“三区”是哪三个区？")
    assert answer.found
    items = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert [i.removeprefix("- ").removesuffix("[1]") for i in items] == [
        "北部林业特色产业区",
        "中部城市森林经营区",
        "南部生态屏障区",
    ]


def test_a_division_is_answered_with_its_classes(more_plans):
    # 聊城: "二、区域划分:分为1类、2类、3类及4类声环境功能区。"
    answer = more_plans.chain.ask("聊城的声环境功能区划分成哪几类？")
    items = [
        line.removeprefix("- ").removesuffix("[1]") for line in answer.answer.splitlines() if line.startswith("- ")
    ]
    assert answer.found and items == ["1类", "2类", "3类", "4类"]


KASHGAR = "喀什地区-2025-空气质量持续改善行动实施方案.txt"
SUYU = "宿迁市宿豫区-2018-大气污染防治工作实施方案.txt"


@pytest.fixture(scope="module")
def air_plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("air"), (KASHGAR, SUYU))


def test_a_grade_said_short_is_still_its_grade(air_plans):
    # 喀什 (Traditional script): "重污染天數比率控制在0.5%以內": 重污染 is 重度污染.
    _refused_without(air_plans, "喀什2025年轻度污染天数的比例最多多少？", "0.5%")
    heavy = air_plans.chain.ask("喀什2025年重污染天数比率要控制在多少？")
    assert heavy.found and "0.5%" in heavy.answer


def test_a_change_asked_is_never_answered_with_a_count_or_a_level(air_plans):
    # 宿豫区: "二氧化硫、氮氧化物同比分別削減8.2%、7.6%" and "…揮發性有機物及面源污染控制…等九大類…工程項目426項".
    _refused_without(air_plans, "宿豫区2018年VOCs要削减多少？", "426")
    stated = air_plans.chain.ask("宿豫区2018年氮氧化物要削减多少？")
    assert stated.found and "7.6%" in stated.answer


XINGTAI = "邢台市-2025-空气质量限期达标规划.txt"


def test_a_list_named_back_by_its_count_gives_each_its_figure(tmp_path):
    # 邢台: "…但PM2.5、PM10、O3三项指标仍未达到国家二级标准,截至2024年底,三项指标分别超标25.7%、8.6%和13.8%".
    plans = dev_plans_pipeline(tmp_path, (XINGTAI,))
    coarse = plans.chain.ask("邢台截至2024年底可吸入颗粒物超标多少？")
    assert coarse.found and "8.6%" in coarse.answer and "25.7%" not in coarse.answer
    ozone = plans.chain.ask("邢台2024年底臭氧超标了多少？")
    assert ozone.found and "13.8%" in ozone.answer and "25.7%" not in ozone.answer


JINAN = "济南-2016-大气污染防治行动计划二期.txt"


def test_a_year_compared_with_is_no_other_time_of_the_sentence(tmp_path):
    # 济南: "2015年,…比2013年分别下降17.8%、…;蓝天白云天数达到144天,比2013年增加7天。"
    plans = dev_plans_pipeline(tmp_path, (JINAN,))
    answer = plans.chain.ask("济南2015年蓝天白云天数比2013年多了几天？")
    assert answer.found and "增加7天" in answer.answer


def test_a_comparison_opening_its_part_goes_on_with_the_subject_before(tmp_path):
    # 郑州: "2020年,郑州市空气质量优良天数比例达到63%,比2015年增加92天,…".
    plans = dev_plans_pipeline(tmp_path, ("郑州-2022-十四五生态环境保护规划.txt",))
    answer = plans.chain.ask("郑州2020年优良天数比2015年多了多少天？")
    assert answer.found and "增加92天" in answer.answer
