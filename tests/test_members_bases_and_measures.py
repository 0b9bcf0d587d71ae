"""Members a plan spells out in brackets, figures stated against another base, shares of an area, words said
apart in a name, and measure words and units said two ways, on the seed plans."""

from __future__ import annotations

from .conftest import before_closest, dev_plans_pipeline


def test_a_thing_named_by_its_count_is_answered_with_the_members_its_brackets_list(pipeline):
    # 乌海: "…达到八个百分之百(即:高效抑尘爆破技术百分之百推广应用;…;矿权边界百分之百实施TSP(…)…在线监测)".
    answer = pipeline.chain.ask("乌海矿山扬尘的八个百分之百分别是什么？")
    assert answer.found
    items = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert len(items) == 8
    assert "出矿车辆百分之百冲洗" in answer.answer and "TSP(总悬浮颗粒物)" in answer.answer
    # Asked when, or which companies: not the members.
    when = pipeline.chain.ask("乌海露天矿山什么时候要做到八个百分之百？")
    assert "2024年底" in when.answer and not when.answer.startswith("八个百分之百：")


def test_a_figure_stated_against_the_year_before_does_not_answer_a_change_from_another_year(pipeline):
    # 无锡: "二氧化硫、氮氧化物排放量分別同比削減5.0%、8.0%,化學需氧量…分別較2015年削減9.21%…".
    against_2015 = pipeline.chain.ask("无锡2018年二氧化硫排放量较2015年削减多少")
    assert not against_2015.found and "5.0%" not in before_closest(against_2015.answer)
    year_before = pipeline.chain.ask("无锡2018年二氧化硫同比削减多少")
    assert year_before.found and "5.0%" in year_before.answer
    stated = pipeline.chain.ask("无锡2018年化学需氧量排放量较2015年削减多少")
    assert stated.found and "9.21%" in stated.answer


def test_a_share_of_an_area_answers_how_much_area_unless_a_unit_of_area_is_asked(pipeline):
    # 银川: "到2024年示范期末,预期40%建成区面积达到30年一遇内涝防治标准".
    share = pipeline.chain.ask("银川到2024年城区要有多大面积能防住30年一遇的内涝")
    assert share.found and "40%" in share.answer
    unit = pipeline.chain.ask("银川到2024年城区要有多少平方公里能防住30年一遇的内涝")
    assert not unit.found and "40%" not in before_closest(unit.answer)


def test_a_word_the_name_says_apart_stands_in_it(pipeline):
    # 乌海: "公交新增及更新车辆中新能源车辆占比…2025年达到60%以上", and 公共交通出行分担率不低于50% nearby.
    answer = pipeline.chain.ask("乌海公交车里的新能源车25年占多少")
    assert answer.found and "60%以上" in answer.answer and "分担率" not in answer.answer
    assert pipeline.retriever.search("乌海公交车里的新能源车25年占多少").question.years == ("2025",)


def test_a_share_asked_in_tenths_is_asked_by_a_question_word(pipeline):
    from assistant.retrieval.asked_words import asked_terms

    question = pipeline.retriever.search("银川新建项目绿色建筑占比要占几成").question
    assert "几成" not in asked_terms(question)


def test_vehicles_counted_with_either_measure_word_and_a_spoken_unit_are_read(pipeline):
    # 乌海: "累计推广电动重卡1.4万台", "城镇人均公园绿地面积不低于15平方米".
    trucks = pipeline.chain.ask("乌海电动重卡到2025年底累计推广多少辆")
    assert trucks.found and "1.4万台" in trucks.answer
    green = pipeline.chain.ask("乌海城镇人均公园绿地面积有多少平米")
    assert green.found and "15平方米" in green.answer


def test_a_plans_farming_areas_are_its_countryside_and_not_its_towns(pipeline):
    # 乌海: "2023年底前建成区清洁供暖率、农区清洁供暖率分别达到97%、45%以上,2025年底前分别达到98%、60%以上".
    country = pipeline.chain.ask("乌海农村清洁取暖率2023年底要达到多少")
    assert country.found and "45%以上" in country.answer
    town = pipeline.chain.ask("乌海城区2025年清洁供暖率")
    assert town.found and "98%" in town.answer and "60%" not in town.answer


def test_the_items_a_sentence_lists_before_the_asked_kind_are_the_list(pipeline, tmp_path):
    # 宁夏: "统筹推进美丽城市、美丽乡村示范县、美丽河湖等“美丽系列”建设行动".
    answer = pipeline.chain.ask("宁夏有哪些美丽系列建设行动？")
    assert answer.found
    assert [line for line in answer.answer.splitlines() if line.startswith("- ")] == [
        "- 美丽城市[1]",
        "- 美丽乡村示范县[1]",
        "- 美丽河湖[1]",
    ]
    # 驻马店: "大力实施蓝天、碧水、乡村清洁等重大环境治理工程": the verb opening the list is no item's.
    plans = dev_plans_pipeline(tmp_path, ("驻马店市-2018-十三五生态环境保护规划.txt",))
    works = plans.chain.ask("驻马店要实施的重大环境治理工程都有哪些")
    assert "- 蓝天[1]" in works.answer and "- 乡村清洁[1]" in works.answer


def test_another_trade_named_before_the_same_head_is_another_figure(tmp_path):
    # 朝阳: "淘汰2家水泥企业和5家钢铁企业落后产能": papermakers are neither, whichever path answers.
    plans = dev_plans_pipeline(tmp_path, ("朝阳市-2022-十四五生态环境保护规划.txt",))
    paper = plans.chain.ask("朝阳十三五期间淘汰了几家造纸企业")
    assert not paper.found and "2家" not in before_closest(paper.answer)
    cement = plans.chain.ask("朝阳十三五期间淘汰了几家水泥企业")
    assert cement.found and "2家" in cement.answer


def test_a_code_is_never_found_in_halves_and_days_are_stated_in_days(tmp_path):
    # 三门峡: "10月10日,…到2025年,细颗粒物(PM2.5)浓度争取低于38微克/立方米,…重污染天数比率力争控制在0.5%以下".
    plans = dev_plans_pipeline(tmp_path, ("三门峡市-2023-推动生态环境质量稳定向好三年行动计划.txt",))
    coarse = plans.chain.ask("三门峡2025年PM10浓度要降到多少")  # "PM" of PM2.5 and "10" of 10月10日 are not PM10
    assert not coarse.found and "38" not in before_closest(coarse.answer)
    days = plans.chain.ask("三门峡2025年重污染天数要控制在几天以内")  # a share of days counts no days
    assert not days.found and "0.5%" not in before_closest(days.answer)
    share = plans.chain.ask("三门峡2025年空气质量优良天数的比重")
    assert share.found and "76%" in share.answer


def test_a_trade_making_another_thing_in_the_name_is_another_figure(tmp_path):
    # 东营: "淘汰炼油产能656万吨".
    plans = dev_plans_pipeline(tmp_path, ("东营市-2021-十四五生态环境保护规划.txt",))
    steel = plans.chain.ask("东营十三五淘汰炼钢产能多少")  # 炼钢 and 炼油: one class of work, two trades
    assert not steel.found and "656万吨" not in before_closest(steel.answer)
    oil = plans.chain.ask("东营十三五淘汰炼油产能多少")
    assert oil.found and "656万吨" in oil.answer
