"""Pollutants asked by name or by code, a place inside a plan's region, a list asked, a year carried over a ；
and a figure read another way for the asked year, on real plans of the development corpus (湖北 writes 細顆粒物
in Traditional script; 贵港 sets figures for its 中心城区 and 桂平市, not for every county)."""

from __future__ import annotations

import pytest

from assistant.indicators.synonyms import load_synonyms
from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLANS = ("湖北-2014-大气污染防治实施意见.txt", "贵港-2021-大气污染防治攻坚实施计划.txt")


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("pollutants"), PLANS)


def test_pollutant_names_are_built_in(tmp_path):
    synonyms = load_synonyms(tmp_path)  # no synonyms.tsv in the folder
    assert "PM2.5" in synonyms.variants("细颗粒物") and "可吸入颗粒物" in synonyms.variants("PM10")


def test_a_code_in_lower_case_finds_the_name(two_plans):
    answer = two_plans.chain.ask("武汉2017年的pm2.5年均浓度比2013年下降多少")
    assert answer.found and "15%" in answer.answer and answer.citations[0].region == "湖北"


def test_two_cities_of_a_provinces_plan_each_get_their_own_figure(two_plans):
    # 湖北 lists its cities in groups: 武漢市、襄陽市、荊門市、孝感市…下降18%; 黃石市、十堰市、鄂州市…下降10%.
    answer = two_plans.chain.ask("2017年孝感和鄂州的可吸入颗粒物年均浓度分别比2012年下降多少")
    assert answer.found and "下降18%" in answer.answer and "下降10%" in answer.answer


def test_a_county_is_not_answered_with_its_citys_figure(two_plans):
    answer = two_plans.chain.ask("平南县2021年细颗粒物平均浓度不能超过多少")
    assert not answer.found and "34微克" not in answer.answer.split("相近")[0]
    city = two_plans.chain.ask("贵港2021年PM2.5平均浓度不高于多少")
    assert city.found and "34微克/立方米" in city.answer


def test_a_requirement_stated_in_words_for_a_place_inside_the_plan_is_its_own_sentence(two_plans):
    # 湖北: 黃岡市、神農架林區可吸入顆粒物年均濃度不超過2012年水準 — no figure, and not the province's 12%.
    answer = two_plans.chain.ask("湖北对神农架林区的pm10年均浓度提的什么要求")
    assert answer.found and "不超過2012年水準" in answer.answer and "12%" not in answer.answer
    short = two_plans.chain.ask("湖北给神农架定的可吸入颗粒物要求是怎样规定的")
    assert short.found and "神農架" in short.answer and "12%" not in short.answer


def test_a_list_question_is_not_answered_by_a_figure_read_another_way(tmp_path):
    pipeline = dev_plans_pipeline(tmp_path, ("平顶山-2018-河长制主要任务分解方案.txt",))
    answer = pipeline.chain.ask("平顶山的高耗水行业包括哪些")
    assert answer.found and "纺织印染" in answer.answer and "按「" not in answer.answer


def test_a_year_opening_the_sentence_holds_for_its_later_parts(tmp_path):
    # 浙江: 到2020年，…；…；1平方公里以上湖泊、大中型水库完成管理范围划界。到2022年，基本完成所有湖泊…划界
    pipeline = dev_plans_pipeline(tmp_path, ("浙江-2018-深化湖长制实施意见.txt",))
    answer = pipeline.chain.ask("浙江哪一年要完成大中型水库的管理范围划界")
    assert answer.found and answer.answer.startswith("到2020年，…1平方公里以上湖泊、大中型水库完成管理范围划界")


def test_two_asked_years_are_each_answered_by_their_own_sentence(tmp_path):
    pipeline = dev_plans_pipeline(tmp_path, ("浙江-2018-深化湖长制实施意见.txt",))
    answer = pipeline.chain.ask("浙江湖泊管理范围划界工作2020年和2022年各要做到什么程度")
    assert answer.found and "大中型水库完成管理范围划界" in answer.answer and "基本完成所有湖泊" in answer.answer


def test_a_figure_read_another_way_is_the_one_set_for_the_asked_year(tmp_path):
    # 湖州 sets 市控以上地表水III类以上断面比例 for 2017 and 断面满足功能要求比例 for 2020.
    pipeline = dev_plans_pipeline(tmp_path, ("湖州-2016-水污染防治行动计划.txt",))
    answer = pipeline.chain.ask("湖州2020年市控河流断面水质达到功能要求的比例")
    assert answer.found and "100%" in answer.answer and "95%" not in answer.answer


def test_what_a_bracket_lists_is_no_second_part_of_the_question(tmp_path):
    # 漳州: 造林更新(含生物防火林带建设和矿山植被恢复)13万亩 — the 和 inside the bracket lists no second figure.
    pipeline = dev_plans_pipeline(tmp_path, ("漳州-2012-造林绿化工作通知.txt",))
    answer = pipeline.chain.ask("漳州2012年造林更新（含防火林带建设和矿山植被恢复）要完成多少万亩")
    assert answer.found and "13万亩" in answer.answer and "未设定" not in answer.answer


def test_a_bracketed_note_of_who_leads_answers_a_duty_question(tmp_path):
    # 临汾 writes duties as (市环保局牵头,市经信委、市住房和城乡建设局配合,…), not as 牵头单位：lines.
    pipeline = dev_plans_pipeline(tmp_path, ("临汾-2018-水污染防治行动计划.txt",))
    answer = pipeline.chain.ask("临汾工业集聚区完善污水管网由哪个部门牵头")
    assert answer.found and answer.answer.startswith("市环保局牵头")


@pytest.mark.parametrize(
    "plan, question, expected",
    [
        # 浙江: 到2020年，…1平方公里以上湖泊、大中型水库完成管理范围划界 — 起点 names nothing any plan speaks of.
        pytest.param(
            "浙江-2018-深化湖长制实施意见.txt",
            "浙江到2020年完成管理范围划界的湖泊，面积起点是多大",
            "1平方公里以上湖泊",
            id="a word no document uses only describes a figure of the asked kind",
        ),
        # 沈阳市空气质量持续改善行动实施方案 sets 重度及以上污染天数比率 in a sentence that does not say 空气.
        pytest.param(
            "沈阳-2025-空气质量持续改善行动实施方案.txt",
            "沈阳空气重度的比率要控制在多少",
            "0.7%以内",
            id="a word of the plan's title is context for its figures",
        ),
        # 定西's web capture opens with a metadata table: 颁布日期:2012-05-21 | 失效日期: |
        pytest.param(
            "定西-2012-进一步加强环境保护工作的意见.txt",
            "定西加强环境保护工作的那份意见，颁布日期是哪一天？",
            "2012-05-21",
            id="a day asked is answered by the metadata table's date",
        ),
    ],
)
def test_one_plan_answers_with_what_it_states(tmp_path, plan, question, expected):
    answer = dev_plans_pipeline(tmp_path, (plan,)).chain.ask(question)
    assert answer.found and expected in answer.answer


def test_a_count_is_of_the_thing_its_own_part_of_the_sentence_names(tmp_path):
    # 湖州: 国家目标责任书中13个地表水考核断面水质达到考核要求,全市市控以上地表水III类以上断面比例达95%以上
    pipeline = dev_plans_pipeline(tmp_path, ("湖州-2016-水污染防治行动计划.txt",))
    other = pipeline.chain.ask("湖州市控以上的地表水断面，2017年有几个要达到III类以上？")
    assert not other.found and "13个" not in other.answer.split("相近")[0]
    own = pipeline.chain.ask("湖州2017年国家目标责任书里考核的地表水断面有几个")
    assert own.found and "13个" in own.answer


def test_a_sentence_without_the_asked_pollutant_or_compared_figure_answers_nothing(tmp_path):
    pipeline = dev_plans_pipeline(
        tmp_path, ("沈阳-2025-空气质量持续改善行动实施方案.txt", "湖州-2016-水污染防治行动计划.txt")
    )
    # 沈阳's 2025 sentence counts heavily polluted days, and names no ozone.
    ozone = pipeline.chain.ask("沈阳2025年臭氧污染的天数要控制在几天以内")
    assert not ozone.found
    # 湖州: "氨氮、总磷浓度较2015年进" — the capture breaks off before any figure of the change.
    change = pipeline.chain.ask("湖州2020年的氨氮浓度比2015年要降多少")
    assert not change.found and "100%" not in change.answer.split("相近")[0]


def test_another_figures_quoted_name_in_the_sentence_is_not_context(tmp_path):
    # 宝鸡: 累计建成国家级绿化模范县4个、省级8个及省级“三化一片林”生态家园示范村374个
    pipeline = dev_plans_pipeline(tmp_path, ("宝鸡-2016-十三五林业生态建设规划.txt",))
    answer = pipeline.chain.ask("宝鸡“十二五”建成省级生态家园示范村多少个")
    assert answer.found and "374个" in answer.answer and "绿化模范县」理解" not in answer.answer


def test_a_city_written_after_its_province_is_asked_of_the_provinces_plan(tmp_path):
    # 襄阳 has a plan of its own that sets no PM10 fall; 湖北's plan sets one for 襄陽市 (下降18%).
    pipeline = dev_plans_pipeline(
        tmp_path, ("湖北-2014-大气污染防治实施意见.txt", "襄阳-2011-环境保护十二五规划纲要.txt")
    )
    answer = pipeline.chain.ask("湖北省襄阳市2017年的PM10年均浓度要比2012年下降多少")
    assert answer.found and "下降18%" in answer.answer and answer.citations[0].region == "湖北"


def test_paragraphs_each_opening_with_their_name_are_listed_and_a_plans_actions_are_its_task_section(tmp_path):
    pipeline = dev_plans_pipeline(
        tmp_path, ("阳泉市-2025-全面推进美丽阳泉建设实施方案.txt", "随州市-2024-长江高水平保护提质增效行动方案.txt")
    )
    # 阳泉's (二)基本原则: paragraphs each opening 坚持〈principle〉。 then what it means, with no lead or number.
    for question in ("阳泉美丽阳泉建设有哪些基本原则", "阳泉美丽阳泉建设的基本原则是什么"):
        answer = pipeline.chain.ask(question)
        assert answer.answer.startswith("(二)基本原则包括：")
        assert "- 坚持生态优先、绿色发展[1]" in answer.answer and "- 坚持系统观念,协同增效[2]" in answer.answer
        assert answer.grounded and "坚持系统观念,协同增效" in answer.citations[1].text
    # 随州's 一、主要任务 holds the plan's actions, (一)入河排污口溯源整治行动 and (二)城镇污水系统治理行动.
    answer = pipeline.chain.ask("随州有哪些行动")
    assert answer.answer.startswith("一、主要任务包括：") and "(二)城镇污水系统治理行动" in answer.answer
    # A heading with one paragraph of prose is no list: its sentence answers.
    assert "包括：" not in pipeline.chain.ask("阳泉美丽阳泉建设的指导思想是什么").answer


def test_an_asked_year_set_in_words_beside_anothers_figure_is_quoted_not_unset(tmp_path):
    # 随州: 2024年底前完成70%的整治任务,2025年底前基本完成全部整治任务 — a figure for one year, words for the next.
    pipeline = dev_plans_pipeline(tmp_path, ("随州市-2024-长江高水平保护提质增效行动方案.txt",))
    answer = pipeline.chain.ask("随州府澴河排污口整治任务2024年和2025年分别完成多少")
    assert "2024年底前完成70%的整治任务[1]" in answer.answer
    assert "2025年：文件未写数值，写明“2025年底前基本完成全部整治任务”[1]" in answer.answer
    assert "文件设定的是" not in answer.answer and answer.grounded  # the 2024 figure is not stated twice
    # A year of which the sentence says nothing stays unset.
    assert "2026年：文件未设定" in pipeline.chain.ask("随州府澴河排污口整治任务2024年和2026年分别完成多少").answer


def test_a_technical_plans_decimal_headings_and_si_units_describe_the_place(tmp_path):
    # 瑞安's 水土保持 plan: 1.1 自然环境 › 1.1.1 地理位置, then 全市陆域面积1349.93km2,…,海岸线总长度约204.18km.
    # 大兴安岭: 湿地总面积为1442900.33hm2,约占全区总面积的17.40% (the plan sets no 湿地保护率).
    pipeline = dev_plans_pipeline(
        tmp_path, ("瑞安市-2021-水土保持十四五规划.txt", "大兴安岭地区-2022-湿地保护十四五规划和中长期目标.txt")
    )
    answer = pipeline.chain.ask("瑞安陆域面积多少平方公里")
    assert answer.found and "1349.93km2（文件未写明年份）[1]" in answer.answer
    assert answer.citations[0].heading == "1.1 自然环境 › 1.1.1 地理位置"
    assert "所列数值为文件所述情况（未写明年份），非规划目标" in answer.answer  # a fact, not the plan's target
    assert "204.18km" in pipeline.chain.ask("瑞安海岸线总长度是多少公里").answer
    assert "1442900.33hm2" in pipeline.chain.ask("大兴安岭湿地总面积有多少公顷").answer
    # A rate named by what is done (保护率) tells indicators apart though no name of the corpus holds it.
    refused = pipeline.chain.ask("大兴安岭到2025年湿地保护率要达到多少")
    assert not refused.found and "17.40%" not in refused.answer.split("相近")[0]


def test_numbered_targets_a_noun_before_the_ask_and_years_set_by_two_names_or_in_words(tmp_path):
    pipeline = dev_plans_pipeline(
        tmp_path,
        ("芜湖市-2022-林业保护发展十四五规划任务分工方案.txt", "阿尔山市-2024-建设北方重要生态安全屏障方案.txt"),
    )
    # 芜湖's targets are numbered items (1.森林覆盖率达到 27.30%。): the number is no part of the name.
    answer = pipeline.chain.ask("芜湖十四五森林覆盖率要达到多少")
    assert answer.answer.startswith("森林覆盖率达到 27.30%（“十四五”期间）[1]")
    # 一、林业保护发展“十四五”规划目标 is asked by the noun before 有哪些 (目标), not a key term.
    listed = pipeline.chain.ask("芜湖十四五规划目标有哪些")
    assert listed.answer.startswith("一、林业保护发展“十四五”规划目标包括：") and listed.answer.count("\n- ") == 8
    # 阿尔山: 到2025年…森林覆盖率保持81.2%以上; 到2035年,森林植被覆盖率稳定在81.2%以上,…;湿地面积基本稳定.
    both = pipeline.chain.ask("阿尔山2025年和2035年森林覆盖率分别是多少")
    assert "（2025年）[1]" in both.answer and "（2035年）[2]" in both.answer and "未设定" not in both.answer
    worded = pipeline.chain.ask("阿尔山2035年湿地面积要多少")
    assert not worded.found and "2035年，文件未写数值，写明“湿地面积基本稳定”[1]" in worded.answer
    assert "79.263万亩左右（2025年）[2]" in worded.answer


def test_a_task_section_holding_one_heading_lists_that_headings_items_and_a_bracketed_duty_is_no_task(tmp_path):
    # 孝感's 三、重点任务 holds (一)健全生态文明制度… (the capture ends there), which holds 1. and 2., each closing
    # with its duty in 〔〕 or ().
    pipeline = dev_plans_pipeline(tmp_path, ("孝感市-2023-创建国家生态文明建设示范市工作实施方案草案.txt",))
    answer = pipeline.chain.ask("孝感有哪些重点任务")
    assert answer.answer.startswith("(一)健全生态文明制度,完善目标责任体系包括：")
    assert "- 1.全面落实生态省建设" in answer.answer and "- 2.强化党政实绩考核" in answer.answer
    assert "牵头单位" not in answer.answer
    duty = pipeline.chain.ask("孝感全面落实生态省建设决策部署由谁牵头")
    assert duty.answer.startswith("牵头单位:市委办、市政府办")
    how = pipeline.chain.ask("孝感怎么全面落实生态省建设决策部署")  # what is done, not who does it
    assert "协调推动解决" in how.answer and "牵头单位" not in how.answer


def test_a_five_year_plan_asked_as_the_time_is_met_by_a_figure_of_its_years_only(tmp_path):
    # 东营's 十四五 plan looks back: 十三五期间,累计治理散乱污企业89家,淘汰炼油产能656万吨; 2020年,单位地区生产总值能耗
    # 比2015年降低17.1%.
    pipeline = dev_plans_pipeline(tmp_path, ("东营市-2021-十四五生态环境保护规划.txt",))
    answer = pipeline.chain.ask("东营十三五期间单位地区生产总值能耗降低了多少")
    assert answer.found and "17.1%（2020年）[1]" in answer.answer
    other = pipeline.chain.ask("东营十四五期间淘汰了多少炼油产能")  # the plan sets no figure for its own years
    assert not other.found and "656万吨" not in other.answer.split("相近")[0]


def test_a_portals_disclosure_date_field_is_the_publication_date(tmp_path):
    # 锡林郭勒盟's portal row: 成文日期:2024-07-10 00:00:00 | 公开日期:2024-07-10 18:20:18 | 废止日期:———
    pipeline = dev_plans_pipeline(tmp_path, ("锡林郭勒盟-2024-建设北方重要生态安全屏障实施方案.txt",))
    answer = pipeline.chain.ask("锡林郭勒盟生态安全屏障方案的公开日期是哪天")
    assert answer.answer.startswith("《关于建设我国北方重要生态安全屏障的实施方案》的发布日期：2024-07-10[1]")


def test_a_duty_note_closing_each_sentence_answers_for_that_sentence_only(tmp_path):
    # 吉林's 1.持续优化国土空间格局 closes each sentence with its own (牵头单位:…).
    pipeline = dev_plans_pipeline(tmp_path, ("吉林省-2024-美丽吉林建设行动方案.txt",))
    assert pipeline.chain.ask("吉林高标准农田建设谁牵头").answer.startswith("牵头单位:省农业农村厅[1]")
    answer = pipeline.chain.ask("吉林哪个部门负责完善生态环境准入清单")
    assert answer.answer.startswith("牵头单位:省生态环境厅[1]") and "自然资源厅" not in answer.answer


def test_a_thing_asked_after_the_names_own_words_is_no_other_thing_the_name_puts_there(tmp_path):
    # 泉州's plan: 城市生活垃圾資源化利用率達80%以上 — 城市生活 is followed by 垃圾, not by 污水.
    pipeline = dev_plans_pipeline(tmp_path, ("泉州-2022-十四五城乡基础设施建设与管理专项规划.txt",))
    assert pipeline.chain.ask("泉州城市生活垃圾资源化利用率要达到多少").answer.startswith(
        "城市生活垃圾資源化利用率達80%以上"
    )
    other = pipeline.chain.ask("泉州城市生活污水资源化利用率要达到多少")
    assert not other.found and "污水" in other.answer.split("相近")[0]


def test_a_magnitude_or_a_livestock_unit_asked_is_never_answered_by_a_share(tmp_path):
    # 潍城区's plan: 畜禽养殖总量(存栏)为16.3万猪当量 … 蛋鸡排名第三,为2.56万猪当量,占养殖总量的15.7%.
    pipeline = dev_plans_pipeline(tmp_path, ("潍城区-2023-十四五畜禽养殖污染防治规划.txt",))
    assert "16.3万猪当量" in pipeline.chain.ask("潍城区畜禽养殖总量是多少").answer.split("注")[0]
    laying = pipeline.chain.ask("潍城区蛋鸡养殖量是多少万猪当量").answer
    assert "2.56万猪当量" in laying and not laying.startswith("占养殖总量")


def test_a_magnitude_in_a_unit_of_its_trade_is_met_only_by_that_unit(tmp_path):
    # 广东's 2014 plan: 淘汰落后和过剩产能炼钢250万吨 (no flat-glass figure); 邢台's plan lists, in one sentence,
    # 玻璃产能9698.5万重量箱 beside 炼钢产能509万吨.
    pipeline = dev_plans_pipeline(
        tmp_path, ("广东省-2014-节能减排低碳发展行动方案.txt", "邢台市-2025-空气质量限期达标规划.txt")
    )
    glass = pipeline.chain.ask("广东平板玻璃落后产能淘汰多少万重量箱")
    assert not glass.found and "“平板玻璃落后产能淘汰”" in glass.answer and "250万吨" not in glass.answer
    assert pipeline.chain.ask("广东2014年淘汰炼钢落后产能多少万吨").answer.startswith(
        "2014年淘汰落后和过剩产能炼钢250万吨"
    )
    assert not pipeline.chain.ask("邢台退出的玻璃产能是多少万吨").answer.startswith("炼钢产能")


def test_a_trade_asked_before_a_word_the_name_holds_stands_against_the_names_own_word_there(tmp_path):
    # 东营's plan looks back: 十三五期间,累计治理散乱污企业89家,淘汰炼油产能656万吨 — no count of refineries.
    pipeline = dev_plans_pipeline(tmp_path, ("东营市-2021-十四五生态环境保护规划.txt",))
    refineries = pipeline.chain.ask("东营十三五关停了几家炼油企业")
    assert not refineries.found and "关停了炼油企业”" in refineries.answer
    assert pipeline.chain.ask("东营十三五期间治理了多少家散乱污企业").answer.startswith("累计治理散乱污企业89家")


def test_a_counted_thing_is_held_by_a_name_ending_in_its_head_character(tmp_path):
    # 沂源县's plan: 2020年底前…建成1处生活垃圾分类体验馆 — counted as 展馆, a 馆 as the name's 体验馆 is.
    pipeline = dev_plans_pipeline(tmp_path, ("沂源县-2020-生活垃圾分类工作实施方案解读.txt",))
    answer = pipeline.chain.ask("沂源县2020年底前要建成几处供居民体验垃圾分类的展馆")
    assert answer.found and "建成1处生活垃圾分类体验馆（2020年底前）[1]" in answer.answer


def test_a_place_inside_the_region_given_its_own_figure_is_not_answered_with_the_whole(tmp_path):
    # 开封's plan: 加快退出5家11条…烧结砖…生产线,涉及祥符区4家、通许县1家.
    pipeline = dev_plans_pipeline(tmp_path, ("开封市-2025-大气污染防治攻坚十大行动方案.txt",))
    district = pipeline.chain.ask("开封祥符区要退出几家").answer
    assert "祥符区4家" in district and "加快退出5家11条（" not in district  # the sentence, not the whole's figure
    assert pipeline.chain.ask("开封要退出几家").answer.startswith("加快退出5家11条（")


def test_headings_of_one_level_each_ending_in_the_listed_noun_are_the_list(tmp_path):
    # 赣州's (二)发展定位: 1.打造水土保持改革创新先行区 2.打造水土保持信息化强监管先行区.
    pipeline = dev_plans_pipeline(tmp_path, ("赣州市-2022-水土保持高质量发展先行区实施方案.txt",))
    answer = pipeline.chain.ask("赣州提出建设哪些先行区").answer
    assert "- 1.打造水土保持改革创新先行区[1]" in answer and "- 2.打造水土保持信息化强监管先行区[2]" in answer


def test_from_when_to_when_is_answered_by_the_days_a_sentence_gives_not_a_cited_titles_years(tmp_path):
    # 咸阳's notice cites 《2021—2022年秋冬季大气污染综合治理攻坚方案》; its goals read 2021年10月1日至2022年3月31日,….
    pipeline = dev_plans_pipeline(tmp_path, ("咸阳市-2021-秋冬季大气污染综合治理攻坚行动方案.txt",))
    answer = pipeline.chain.ask("咸阳秋冬季攻坚从什么时候到什么时候")
    assert answer.answer.startswith("2021年10月1日至2022年3月31日")
    asked_without_from = pipeline.chain.ask("咸阳秋冬季攻坚什么时候到什么时候")  # 从 left out, as people say it
    assert asked_without_from.answer.startswith("2021年10月1日至2022年3月31日")


def test_a_signature_dated_in_chinese_numerals_is_the_written_date(tmp_path):
    # 梅州's 2012 notice is signed 梅州市人民政府办公室 / 二〇一二年三月二日, as GB/T 9704-1999 dated documents.
    pipeline = dev_plans_pipeline(tmp_path, ("梅州市-2012-绿满梅州大行动工作方案.txt",))
    answer = pipeline.chain.ask("梅州绿满梅州大行动工作方案的成文日期")
    assert answer.answer == "《梅州市2012年开展“绿满梅州”大行动工作方案》的成文日期：二〇一二年三月二日[1]"


def test_the_only_plan_in_scope_is_said_to_leave_out_an_asked_record_field(tmp_path):
    # 咸宁's notice, signed by the city's 人民政府办公室, carries no 发文字号 of its own.
    pipeline = dev_plans_pipeline(tmp_path, ("咸宁市-2022-长江高水平保护十大攻坚提升行动方案.txt",))
    answer = pipeline.chain.ask("咸宁这个方案的文号是多少")
    assert answer.answer == "未在已收录的文件中找到：《咸宁市长江高水平保护十大攻坚提升行动方案》未写明发文字号。"


def test_a_covers_field_naming_who_drew_the_plan_up_answers_who_drafted_it(tmp_path):
    # 阳东区's plan, a .docx run together: …规划委托单位:阳江市生态环境局阳东分局编制单位:广东省环境科学研究院2023年11月….
    pipeline = dev_plans_pipeline(tmp_path, ("阳东区-2023-生态环境保护十四五规划.txt",))
    answer = pipeline.chain.ask("阳东区十四五规划由谁编制")
    assert answer.found and answer.answer.endswith("的编制单位：广东省环境科学研究院[1]")


def test_when_a_plan_was_drawn_up_is_the_year_and_month_its_cover_gives(tmp_path):
    # 镇赉县's plan: its cover reads 镇赉县黑土地保护规划 … 二〇二三年九月; the notice is dated 2023-09-19.
    pipeline = dev_plans_pipeline(tmp_path, ("镇赉县-2023-黑土地保护规划.txt",))
    answer = pipeline.chain.ask("镇赉县黑土地保护规划什么时候编制的")
    assert answer.answer == "《镇赉县黑土地保护规划》封面所署年月：二〇二三年九月[1]"
    assert pipeline.chain.ask("镇赉县黑土地保护规划什么时候印发的").answer.startswith(
        "《镇赉县黑土地保护规划》的成文日期"
    )
