"""Pure reading rules on sentences written from the documents: short forms, two-digit years, what 多少
counts, a level standing alone in a count list, and a season or part of the day asked against another."""

from __future__ import annotations

from assistant.documents import Chunk
from assistant.indicators.extract import extract_indicators
from assistant.ingest.headings import match_heading
from assistant.retrieval.asked_quantity import counted_thing
from assistant.retrieval.asked_words import recut_by_name
from assistant.retrieval.evidence import another_time_named, ties, total_of
from assistant.retrieval.question import full_years
from assistant.retrieval.short_forms import abbreviates, short_form
from assistant.text.normalize import search_form


def _clause(text: str, path: tuple[str, ...] = ("二、",)) -> Chunk:
    return Chunk("d-0001", "d", "林业生态建设规划", "宝鸡", path, "二", None, 0, len(text), text, text, 10)


def test_a_four_character_word_is_shortened_to_its_first_and_third_characters():
    assert short_form("公共交通") == "公交" and short_form("水土保持") == "水保" and short_form("森林") == ""
    assert abbreviates("环境保护", "中央环保督察反馈问题整改")
    assert abbreviates("公交站", "公共交通出行分担率") and abbreviates("县城", "县级城市黑臭水体消除比例")
    assert not abbreviates("森林", "森林覆盖率达到") and not abbreviates("湿地", "野生动植物保护率")
    # The short form itself followed by its own second character (化工工艺) is no long form of it.
    assert not abbreviates("化工厂", "涉及危险化工工艺企业二级标准化创建") and abbreviates("化工厂", "化学工业园区")


def test_a_two_digit_year_joined_to_another_is_a_year_and_a_duration_is_not():
    assert full_years("森林覆盖率24年和25年各是多少") == "森林覆盖率2024年和2025年各是多少"
    assert full_years("近10年和过去5年") == "近10年和过去5年"
    # A second year said right after a first (23年25年) is a year too.
    assert full_years("森林覆盖率2023年25年各是多少") == "森林覆盖率2023年2025年各是多少"


def test_a_two_digit_year_right_after_the_place_is_the_questions_time():
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    assert parse_question("银川23年小微公园建几个", default_gazetteer()).years == ("2023",)
    assert parse_question("黔东南州25年森林蓄积量多少", default_gazetteer()).years == ("2025",)
    assert parse_question("乌海30年一遇的防洪标准", default_gazetteer()).years == ()


def test_what_many_counts_at_the_end_of_a_question_is_a_noun_not_a_unit_or_a_comparator():
    assert counted_thing(search_form("新能源公交车每辆有多少奖补资金？")) == "资金"
    assert counted_thing(search_form("用水总量控制在多少以内")) == ""
    assert counted_thing(search_form("要完成多少亩")) == "" and counted_thing(search_form("覆盖率是多少")) == ""
    assert counted_thing(search_form("污水管网要覆盖多少行政村")) == "行政村"  # a place counted


def test_a_level_alone_in_a_count_list_shares_the_name_with_its_own_level():
    found = extract_indicators(_clause("“十二五”期间,累计建成国家级绿化模范县4个、省级8个。"), None, 2016)
    assert [(i.name, i.value) for i in found] == [("累计建成国家级绿化模范县", "4"), ("累计建成省级绿化模范县", "8")]


def test_a_good_state_asked_is_never_a_bad_one_stated():
    from assistant.retrieval.asked_quantity import opposite_quality

    assert opposite_quality("地下水水质良好的点位比例", "水质极差比例")
    assert opposite_quality("劣五类水体比例", "优于三类水体比例")
    assert not opposite_quality("空气质量良好天数比例", "优良天数比率")
    assert not opposite_quality("森林覆盖率", "水质极差比例")
    assert not opposite_quality("水质不良的点位比例", "水质极差比例")


def test_a_list_stated_for_two_times_in_turn_gives_each_name_its_figures():
    text = "2023年底前建成区清洁供暖率、农区清洁供暖率分别达到97%45%以上,2025年底前分别达到98%60%以上。"
    clause = Chunk("d-0001", "d", "提质实施方案", "乌海", ("二、",), "二", None, 0, len(text), text, text, 10)
    found = [(i.name, i.value, i.period.label if i.period else "") for i in extract_indicators(clause, None, 2022)]
    assert found == [
        ("建成区清洁供暖率", "97", "2023年底前"),
        ("农区清洁供暖率", "45", "2023年底前"),
        ("建成区清洁供暖率", "98", "2025年底前"),
        ("农区清洁供暖率", "60", "2025年底前"),
    ]


def test_and_below_or_above_stays_with_its_figure():
    text = "到2020年,各乡镇PM2.5平均浓度均下降至目标值60微克/立方米及以下,优良天数达到200天及以上。"
    clause = Chunk("d-0001", "d", "攻坚方案", "平山", ("二、",), "二", None, 0, len(text), text, text, 10)
    assert [i.figure for i in extract_indicators(clause, None, 2020)] == ["60微克/立方米及以下", "200天及以上"]


def test_a_share_stated_first_is_the_share_of_what_reaches_the_standard():
    text = "到2024年示范期末,预期40%建成区面积达到30年一遇内涝防治标准,内涝积水区段消除比例100%。"
    clause = Chunk("d-0001", "d", "三年行动方案", "银川", ("二、",), "二", None, 0, len(text), text, text, 10)
    found = [(i.name, i.value) for i in extract_indicators(clause, None, 2023)]
    assert found == [("建成区面积达到30年一遇内涝防治标准", "40"), ("内涝积水区段消除比例", "100")]


def test_a_substance_code_or_unknown_word_is_a_technical_term_and_an_everyday_word_is_not():
    from assistant.retrieval.word_kinds import technical_term

    assert (
        technical_term("二氧化硫") and technical_term("氮氧化物") and technical_term("PM2.5") and technical_term("COD")
    )
    assert not technical_term("庄稼") and not technical_term("钢铁") and not technical_term("排出")
    # Chimney dust is a pollutant of its own; 粉尘 alone is also everyday speech for any fine dust.
    assert technical_term("烟尘") and technical_term("烟粉尘") and not technical_term("粉尘")


def test_a_refusal_quotes_the_question_in_whole_words():
    from types import SimpleNamespace

    from assistant.retrieval.quoted_words import quoted_words

    asked = SimpleNamespace(
        places=(), form=search_form("黔东南2025年森林覆盖率(含灌木林)要达到多少?也就是树木覆盖的土地比重。")
    )
    assert quoted_words(asked, ("森林覆盖率", "灌木林", "土地")) == "森林覆盖率(含灌木林)"
    asked = SimpleNamespace(places=(), form=search_form("乌海的“生态保护红线”面积2025年不低于多少?"))
    assert quoted_words(asked, ("红线", "面积")) == "红线面积"
    asked = SimpleNamespace(places=(), form=search_form("甲市2025年二氧化硫年均浓度不能超过多少?"))
    assert quoted_words(asked, ("二氧化硫", "年均", "浓度", "不")) == "二氧化硫年均浓度"
    asked = SimpleNamespace(places=(), form=search_form("甲县河流断面的达标比例要达到百分之多少?"))
    assert quoted_words(asked, ("河流", "断面", "达标", "百分之")) == "河流断面的达标比例"  # the asking is no name
    asked = SimpleNamespace(places=(), form=search_form("甲县PM10得降到多少?"))
    assert quoted_words(asked, ("PM10", "降到")) == "PM10"
    # The plan named first says where the question asks, not what.
    asked = SimpleNamespace(places=(), form=search_form("甲市绿色发展行动方案里,每户人家用掉的自来水一年是多少?"))
    assert (
        quoted_words(asked, ("绿色", "发展", "行动", "方案", "每户", "人家", "用掉", "自来水"))
        == "每户人家用掉的自来水"
    )
    asked = SimpleNamespace(places=(), form=search_form("乙县对2027年臭氧浓度要求多少?"))
    assert quoted_words(asked, ("对", "臭氧", "浓度")) == "臭氧浓度"  # the year is said apart in the refusal
    # jieba glues 重 to the year's 年 (年重): the character still opens the quote; a bound asked (以内) is asking.
    asked = SimpleNamespace(places=(), form=search_form("乙县2016年重污染天数要控制在几天以内?"))
    assert quoted_words(asked, ("污染", "天数", "控制")) == "重污染天数"


def test_a_refusal_without_asked_words_quotes_the_question_without_its_asking():
    from types import SimpleNamespace

    from assistant.retrieval.quoted_words import quoted_words

    place = SimpleNamespace(name="甲市", short="甲市")
    for asking in ("有哪些", "包括哪些", "是什么"):
        asked = SimpleNamespace(places=(place,), form=search_form(f"甲市的重点工作{asking}?"))
        assert quoted_words(asked, ()) == "重点工作"


def test_a_refusal_quote_leaves_out_the_place_and_time_said_apart():
    from types import SimpleNamespace

    from assistant.retrieval.quoted_words import quoted_words

    asked = SimpleNamespace(places=(), form=search_form("丙县农田里滴灌用的水,2030年要有多大比例覆盖?"))
    assert quoted_words(asked, ("农田", "滴灌", "覆盖")) == "农田里滴灌用的水,要有多大比例覆盖"
    place = SimpleNamespace(name="甲州", short="甲州")
    asked = SimpleNamespace(places=(place,), form=search_form("荒山荒坡的绿化,甲州到2030年累计要完成多少?"))
    assert quoted_words(asked, ("荒山", "荒坡", "绿化", "累计", "完成")) == "荒山荒坡的绿化,累计要完成"
    asked = SimpleNamespace(places=(), form=search_form("戊市规划第二阶段(到2035年)的湿地保护率是多少?"))
    assert quoted_words(asked, ("第二", "阶段", "湿地", "保护率")) == "第二阶段的湿地保护率"
    # A base year is part of what is asked.
    asked = SimpleNamespace(places=(), form=search_form("丁市单位产值能耗比2015年下降多少?"))
    assert quoted_words(asked, ("单位", "产值", "能耗", "下降")) == "单位产值能耗比2015年下降"


def test_an_explanation_after_the_named_indicator_adds_no_asked_word():
    from types import SimpleNamespace

    from assistant.retrieval.asked_words import asked_terms

    explained = SimpleNamespace(
        form="黔东南森林覆盖率要达到多少?就是树木覆盖的土地比重。", key_terms=("森林", "覆盖率", "树木", "土地")
    )
    assert asked_terms(explained) == ("森林", "覆盖率")
    soon = SimpleNamespace(form="黔东南森林覆盖率,即将达到多少?", key_terms=("森林", "覆盖率", "即将"))
    assert len(asked_terms(soon)) == 3  # 即将 (soon) opens no explanation


def test_a_loose_character_is_cut_from_a_glued_word_but_not_from_a_noun():
    from types import SimpleNamespace

    from assistant.retrieval.asked_words import asked_terms

    asked = SimpleNamespace(form="单位地区生产总值能源消耗要降多少", key_terms=("单位", "能源", "消耗", "要降"))
    assert asked_terms(asked) == ("单位", "能源", "消耗", "降")


def test_a_forest_district_is_named_without_its_suffix_and_a_requirement_need_not_be_a_number():
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    found = parse_question("湖北对神农架的PM10浓度是怎么要求的", default_gazetteer())
    assert [p.short for p in found.places] == ["湖北", "神农架"] and not found.wants_number
    assert parse_question("湖北对神农架的PM10浓度要求是多少", default_gazetteer()).wants_number
    assert not [m for m in default_gazetteer().find("碑林区和万柏林区") if m.alias in ("碑", "万柏")]


def test_a_date_as_a_metadata_table_writes_it_is_a_date_and_a_span_of_years_is_not():
    from assistant.text.patterns import DATE_RE

    assert DATE_RE.search("成文日期:2012-05-21 | 失效日期: |") and DATE_RE.search("2023年6月")
    assert not DATE_RE.search("2012-2015规划面积12.5万亩")


def test_a_heading_list_says_nothing_of_its_other_items_for_a_figure_of_one():
    from assistant.retrieval.scope_of_figure import without_siblings

    path = "(四)高标准建设森林、草原、沙漠、农田生态系统的“银川体系”"
    assert without_siblings(path, "建设高标准农田占全市耕地面积") == "(四)高标准建设农田生态系统的“银川体系”"
    assert without_siblings(path, "城市污水处理率") == path  # no item of the list named: the heading stays whole


def test_a_whole_region_word_is_never_glued_to_the_next_word():
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    terms = parse_question("黔东南全州长树林的面积有多少", default_gazetteer()).key_terms
    assert "州长" not in terms and "全州" in terms


def test_a_figure_several_listed_indicators_all_reach_is_each_ones_but_a_list_of_places_stays():
    found = extract_indicators(
        _clause("到2030年,受污染耕地安全利用率、污染地块安全利用率均达到95%以上。城市、县城污水处理率均达到95%。"),
        None,
        2016,
    )
    assert [i.name for i in found] == ["受污染耕地安全利用率", "污染地块安全利用率", "城市污水处理率", "县城污水处理率"]
    towns = extract_indicators(_clause("岗南镇、西柏坡镇的PM2.5平均浓度均下降至50微克/立方米及以下。"), None, 2016)
    assert [i.name for i in towns] == ["岗南镇、西柏坡镇的PM2.5平均浓度"]


def test_a_figure_with_a_bracketed_note_then_de_says_which_things_and_is_no_target():
    found = extract_indicators(
        _clause("重点改造年处理能力大于3万吨(含)的焚烧设施。森林覆盖率达到68%(含灌木林)。"), None, 2016
    )
    assert [(i.name, i.value) for i in found] == [("森林覆盖率", "68")]


def test_a_refusal_quotes_the_questions_words_when_no_asked_word_was_parsed():
    from assistant.retrieval.question import parse_question
    from assistant.retrieval.quoted_words import quoted_words
    from assistant.text.gazetteer import default_gazetteer

    asked = parse_question("2018年无锡烧的煤比2016年少多少？", default_gazetteer())
    assert quoted_words(asked, ()) == "烧的煤"


def test_a_year_dating_who_is_meant_is_not_the_time_of_the_target_after_it():
    from assistant.documents import Period

    text = "(二)2019年PM2.5平均浓度在60至70微克/立方米之间的南甸镇、两河乡的PM2.5平均浓度均下降至目标值60微克/立方米。"
    item = Chunk(
        "d-0002", "d", "攻坚方案", "平山县", ("二、主要目标", text[:30] + "…"), "二", None, 0, len(text), text, text, 10
    )
    lead = Period(2020, 2020, "2020年", "sentence")
    found = extract_indicators(item, None, 2020, lead)
    assert [(i.name, i.comparator, i.value, i.period) for i in found] == [
        ("南甸镇、两河乡的PM2.5平均浓度", "下降至", "60", lead)  # the condition and 目标值 are no part of the name
    ]
    kept = extract_indicators(
        _clause("2025年全市PM2.5平均浓度下降到30微克/立方米,空气质量优良天数比率在90%以上的水平。"), None, 2020
    )
    assert {i.period.start for i in kept if i.period} == {2025}


def test_townships_listed_side_by_side_are_told_from_ordinary_words():
    from assistant.text.gazetteer import listed_townships, township_mentions
    from assistant.text.thesaurus import kind_of

    known = lambda word: kind_of(word) is not None  # noqa: E731
    assert listed_townships("温塘镇、上三汲乡的PM2.5平均浓度", known) == ("温塘镇", "上三汲乡")
    assert listed_townships("重点镇、中心镇污水处理率", known) == () and listed_townships("各乡镇、街道", known) == ()
    assert township_mentions("平山县温塘镇的浓度") == ("县温塘镇",)  # looked for by its endings: 温塘镇


def test_two_qualities_named_at_once_are_one_word():
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    asked = parse_question("城区里又脏又乱的背街小巷要整治多少条", default_gazetteer())
    assert "脏乱" in asked.key_terms and "脏乱" in asked.form


def test_a_count_asked_may_be_stated_in_chinese_numerals():
    from assistant.answer.sentence_evidence import counted_in_words
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    levels = parse_question("市里的河长设了多少个级别", default_gazetteer())
    assert counted_in_words(levels, "建立市、县、乡、村四级河长体系") and not counted_in_words(levels, "全面推行河长制")
    quoted = parse_question("扬尘治理要落实几个“全覆盖”", default_gazetteer())
    assert counted_in_words(quoted, "实现三个全覆盖")


def test_two_known_activities_joined_say_what_is_done_not_what_is_measured():
    from assistant.retrieval.indicator_reading import activity

    assert activity("开发利用") and activity("收集处理")
    assert not activity("垃圾焚烧") and not activity("森林抚育") and not activity("利用")


def test_an_activity_asked_in_another_word_of_its_kind_is_the_one_the_name_states():
    from assistant.retrieval.evidence import does_likewise
    from assistant.text.thesaurus import same_activity

    assert does_likewise("处理", "城镇生活污水治理率") and does_likewise("治理", "污水处理率")
    # Another activity (what is recovered is not what is made harmless) and a thing of the same 小类 stay apart.
    assert not does_likewise("回收", "生活垃圾无害化处理率")
    assert not same_activity("耕地", "林地")


def test_the_amount_of_a_task_named_after_it_is_a_figure_and_a_year_things_were_made_is_not_its_time():
    found = extract_indicators(_clause("2015年新造的幼林30万亩的抚育任务。"), None, 2016)
    assert [(i.name, i.value, i.period) for i in found] == [("新造的幼林抚育任务", "30", None)]


def test_how_big_the_things_meant_are_is_a_threshold_any_figure_but_a_rate_answers():
    from assistant.retrieval.asked_quantity import asked_kind, kind_fits

    assert asked_kind("多大以上的湖泊要完成划界") == "threshold" and asked_kind("多大规模的企业要核查") == "threshold"
    assert asked_kind("有多大的比例") == "percent"
    # How big a place is, as people say it, asks an area; how far something reaches (多大范围) does not.
    assert asked_kind("甲区管着多大一片地方") == "area" and asked_kind("乙县划出多大的区域") == "area"
    assert asked_kind("覆盖多大范围") is None
    assert kind_fits("threshold", "area") and kind_fits("threshold", None) and not kind_fits("threshold", "percent")
    assert kind_fits("percent", None) and not kind_fits("percent", "area")
    assert not kind_fits("area", None, unknown_fits=False) and kind_fits("threshold", None, unknown_fits=False)


def test_two_names_joined_by_a_conjunction_and_stated_respectively_are_two_records():
    # A 分别 statement whose names are joined by 和 (not 、), the unit written once after the last figure.
    clause = _clause("到2020年,甲县二氧化硫和氮氧化物年均浓度分别不高于18和40微克/立方米。")
    found = [(i.name, i.value, i.unit) for i in extract_indicators(clause, None, 2016)]
    assert found == [
        ("甲县二氧化硫年均浓度", "18", "微克/立方米"),
        ("氮氧化物年均浓度", "40", "微克/立方米"),
    ]


def test_a_rate_character_the_tokenizer_glued_on_goes_back_to_its_word():
    from types import SimpleNamespace

    from assistant.retrieval.asked_words import asked_terms

    glued = SimpleNamespace(form="甲市乡镇生活污水处理率要达到多少", key_terms=("乡镇", "生活", "污水处理", "率要"))
    assert asked_terms(glued) == ("乡镇", "生活", "污水处理率")


def test_a_change_asked_in_a_unit_asks_that_units_kind():
    from assistant.retrieval.asked_quantity import asked_kind

    assert asked_kind("甲市煤炭消费总量比2015年少多少万吨") == "mass"
    assert asked_kind("甲市煤炭消费总量比2015年少多少") is None  # a share or an amount, whatever is changing


def test_a_figures_word_whose_stem_is_a_synonym_ties():
    from assistant.retrieval.evidence import ties

    assert ties("使用率", "甲类土地安全利用率")  # 使用 ~ 利用, the same kind of figure
    assert not ties("使用率", "甲类土地安全处置率") and not ties("使用量", "甲类土地安全利用率")


def test_a_synonym_of_the_stem_of_a_figure_word_in_the_name_ties():
    # 国土面积 is one word to jieba; its stem before the kind of figure (面积) is what is measured.
    assert ties("领土", "保护地占国土面积比例")
    assert not ties("领土", "国土资源局")  # no kind of figure ends the word: the compound stays whole


def _names(text: str, plan_year: int | None = None) -> list[tuple[str, str, str, str]]:
    return [
        (i.name, i.value + i.unit, i.period.label if i.period else "", i.comparator)
        for i in extract_indicators(_clause(text), None, plan_year)
    ]


def test_a_respective_list_of_three_names_gives_each_its_figure_and_shared_head():
    stated = _names("全面完成“十二五”目标,二氧化硫、挥发性有机物和氮氧化物排放量分别控制在3万吨、0.4万吨和2.5万吨。")
    assert [(n, v) for n, v, _, _ in stated] == [
        ("二氧化硫排放量", "3万吨"),
        ("挥发性有机物排放量", "0.4万吨"),
        ("氮氧化物排放量", "2.5万吨"),
    ]


def test_a_year_named_from_the_documents_own_is_that_year_and_leads_no_name():
    stated = _names("去年全县单位GDP能耗下降5.1%,今年力争下降3%。", plan_year=2012)
    assert stated[0][:3] == ("单位GDP能耗", "5.1%", "2011年（去年）") and stated[1][2] == "2012年（今年）"
    assert _names("单位GDP能耗比去年下降5.1%。", plan_year=2012)[0][2] == ""  # a compared year dates nothing


def test_a_lower_case_particle_code_a_micro_unit_and_a_rise_are_read_as_documents_write_them():
    stated = _names("2019年全县pm10濃度下降到70μg/m³以下,优良天数比例上升到80%。")
    assert stated[0][:2] == ("PM10浓度", "70μg/m3") and stated[1][0] == "优良天数比例"


def test_severe_pollution_is_a_bad_state_against_a_good_one():
    from assistant.retrieval.asked_quantity import opposite_quality

    assert opposite_quality("重污染天数比例", "空气质量优良天数比例")
    assert not opposite_quality("重污染天数比例", "重度及以上污染天数比率")


def test_a_figure_followed_by_its_share_is_a_figure():
    stated = _names("全县林地面积约为12万公顷占35.5%。")
    assert stated[0][:2] == ("林地面积", "12万公顷") and stated[1][:2] == ("林地面积", "35.5%")


def test_a_substance_says_what_is_measured_even_when_its_name_ends_like_a_kind_of_figure():
    from assistant.retrieval.word_kinds import names_what

    assert names_what("化学需氧量") and names_what("氨氮") and not names_what("排放量")


def test_a_duty_role_named_in_a_question_asks_who_is_responsible():
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    assert parse_question("宝鸡森林防火这块，牵头部门有哪些", default_gazetteer()).wants_unit


def test_a_unit_asked_with_its_number_word_is_a_word_of_its_own():
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    terms = parse_question("宝鸡绿道建设每隔几公里设一个驿站", default_gazetteer()).key_terms
    assert "公里" in terms and "几公里" not in terms


def test_a_space_a_copied_line_break_left_in_a_sentence_is_closed_but_table_cells_stay_apart():
    from assistant.ingest.wrapping import close_wrap_spaces

    prose = (
        "全县12个省考断面和县级以上饮用水水源地水质持续 改善,优良率达到80%,其中县城集中式饮用水水源地水质 达标率为100%;"
    )
    # The second space has too short a stretch after it to be a line's width: a wrap is not certain.
    assert close_wrap_spaces(prose) == prose.replace("持续 改善", "持续改善")
    row = "地区 省考断面 断面数 优良比例 县城 饮用水水源地"
    assert close_wrap_spaces(row) == row
    slogan = "全县上下要按照“上下贯通 内外联动 加强宣传 打造品牌”的要求,扎实推进各项工作。"
    assert close_wrap_spaces(slogan) == slogan


def test_a_full_stop_written_as_a_dot_ends_its_sentence():
    stated = _names("县城污水处理率提升到95.5%.全县12个重点水功能区水质达标率达到80%.")
    assert [(n, v) for n, v, _, _ in stated] == [("县城污水处理率", "95.5%"), ("12个重点水功能区水质达标率", "80%")]


def test_a_word_cut_across_a_stretch_the_name_shares_is_recut_as_the_name_cuts_it():
    # A tokenizer may cut 配电管网损耗率 across its words (配电管 | 网损 | 耗率): the shared stretch stands for them.
    form = "配电管网损耗率是多少"
    assert recut_by_name(("配电管", "网损", "耗率"), form, "农村管网损耗率") == ("配电", "管网损耗率")
    # One character left names another kind of the name's word: the asked word stays whole.
    assert recut_by_name(("粗颗粒物", "日均"), "粗颗粒物日均浓度", "可吸入颗粒物日均浓度") == ("粗颗粒物", "日均")
    # A level is one word: 国家级 is never cut at 级 to fit a name of another level (省级甲村).
    assert recut_by_name(("国家级", "甲村"), "国家级甲村多少个", "创建省级甲村") == ("国家级", "甲村")
    # No stretch crossed: the words stay as they were asked, in their order.
    assert recut_by_name(("四类", "省控", "断面"), "省控四类断面比例", "省控断面达标比例") == ("四类", "省控", "断面")


def test_an_asked_total_is_the_amount_a_name_states_unless_it_is_per_unit():
    assert total_of("总量", "湿地蓄水量")
    assert total_of("总数", "新建充电桩数")
    assert not total_of("总量", "万元工业增加值用水量")
    assert not total_of("总量", "用水效率")
    assert not total_of("增量", "湿地蓄水量")


def test_a_unit_opening_with_thousand_is_the_units_and_a_content_per_mass_is_a_unit():
    clause = _clause("到2025年,风电装机达到35万千瓦以上,耕层土壤有机质含量达到20克/千克。")
    found = [(i.name, i.figure) for i in extract_indicators(clause, None, 2021)]
    assert found == [("风电装机", "35万千瓦以上"), ("耕层土壤有机质含量", "20克/千克")]


def test_a_number_of_days_and_an_approximate_amount_are_figures_and_a_duration_is_not():
    clause = _clause(
        "全年空气优良天数不低于300天,重污染天数比率控制在1%(3天)以内,每年开展巡查30天,回收利用量200多万吨。"
    )
    found = [(i.name, i.figure) for i in extract_indicators(clause, None, 2021)]
    assert ("全年空气优良天数", "300天") in found and ("回收利用量", "200多万吨") in found
    assert not any(f in ("3天", "30天") for _, f in found)


def test_a_forbidding_comparator_and_an_explaining_lead_stay_out_of_the_name():
    clause = _clause("优良天数比率不低于90%(即全年超标天数不得超过36天)。")
    assert [(i.name, i.figure) for i in extract_indicators(clause, None, 2021)][-1] == ("全年超标天数", "36天")


def test_a_row_of_a_plans_indicator_table_gives_its_base_value_and_its_target():
    clause = _clause("5 地表水优良水体比例 % 约束性 80.5 ≥85\n14 城市声环境功能区夜间达标率 % 预期性 76 完成省下达任务")
    found = [(i.name, i.figure, i.period) for i in extract_indicators(clause, None, 2021)]
    assert [(n, f) for n, f, _ in found] == [
        ("地表水优良水体比例", "80.5%"),
        ("地表水优良水体比例", "85%以上"),
        ("城市声环境功能区夜间达标率", "76%"),
    ]
    assert found[0][2] is None  # a base value is stated for no year the row says


def test_a_two_digit_year_right_after_a_plans_name_is_its_time():
    assert full_years("大气行动计划19年优良天数多少") == "大气行动计划2019年优良天数多少"


def test_a_short_word_whose_characters_open_two_words_with_one_between_is_their_short_form():
    assert abbreviates("省考", "省级地表水考核断面达标率")
    assert not abbreviates("省考", "省级重点监控企业考察")  # three words between: no long form of it


def test_a_year_compared_with_by_he_and_xiangbi_is_the_baseline():
    from assistant.text.patterns import BASELINE_YEAR_RE

    assert BASELINE_YEAR_RE.findall("和2016年相比，2020年二氧化硫浓度降了多少") == ["2016"]
    assert BASELINE_YEAR_RE.findall("2016年和2020年二氧化硫浓度各是多少") == []


def test_a_class_asked_is_never_a_rate_or_a_count():
    from assistant.retrieval.asked_quantity import asked_kind, kind_fits

    assert asked_kind("某河2025年断面水质要达到哪一类") == "class"
    assert not kind_fits("class", "percent") and not kind_fits("class", "count")


def test_a_long_listed_name_is_shortened_only_after_its_names_are_split():
    clause = _clause(
        "2020年,全县环境空气主要污染物可吸入颗粒物(PM10)、细颗粒物(PM2.5)、二氧化硫、二氧化氮年均浓度分别为0.081毫克/立方米、0.045毫克/立方米、0.020毫克/立方米、0.031毫克/立方米。"
    )
    names = [i.name for i in extract_indicators(clause, None, 2021)]
    assert names[0].startswith("环境空气主要污染物可吸入颗粒物") and names[-1] == "二氧化氮年均浓度"


def test_heavy_pollution_is_measured_in_the_air():
    from assistant.retrieval.word_kinds import holds_pollutant_of

    assert holds_pollutant_of("空气", "重污染天数比率") and not holds_pollutant_of("水体", "重污染天数比率")


def test_a_symbol_comparator_an_item_marker_and_a_bracketed_unit_stay_out_of_the_name():
    clause = _clause("(三)规模养殖场粪污处理设施配套率≥95%。\n7 城镇污水处理率(%) ≥92\n8 森林蓄积量(万立方米) 1800")
    found = [(i.name, i.figure, i.comparator) for i in extract_indicators(clause, None, 2021)]
    assert found[:2] == [("规模养殖场粪污处理设施配套率", "95%", "≥"), ("城镇污水处理率", "92%", "≥")]


def test_the_year_and_value_a_change_starts_from_are_its_baseline_and_never_its_name():
    clause = _clause(
        "2020年,全市二氧化硫年均浓度在2016年30微克/立方米的基础上下降20%,达到24微克/立方米;"
        "各县氮氧化物排放量与2016年相比下降8%。"
    )
    found = [(i.name, i.value, i.baseline, i.period.label) for i in extract_indicators(clause, None, None)]
    assert found == [
        ("二氧化硫年均浓度", "30", "", "2016年"),  # the value the change starts from, of its year
        ("二氧化硫年均浓度", "20", "2016年", "2020年"),
        ("二氧化硫年均浓度", "24", "", "2020年"),
        ("各县氮氧化物排放量", "8", "2016年", "2020年"),
    ]


def test_a_later_respectively_without_a_name_lists_the_sentences_earlier_names():
    clause = _clause("2020年,我省氨氮和总磷排放总量分别为4.2万吨和0.6万吨,比2015年分别减少了8.5%和6.1%。")
    found = [(i.name, i.value, i.baseline) for i in extract_indicators(clause, None, None)]
    assert found == [
        ("氨氮排放总量", "4.2", ""),
        ("总磷排放总量", "0.6", ""),
        ("氨氮排放总量", "8.5", "2015年"),
        ("总磷排放总量", "6.1", "2015年"),
    ]


def test_a_wrapped_title_is_read_whole_and_cosigners_above_a_seal_note_are_the_issuers():
    from assistant.ingest.loading import parse_document

    text = (
        "关于印发《甲市乙区2023年度大气污染\n治理工作方案》的通知\n各有关单位:\n现印发给你们,请认真执行。\n"
        "甲市乙区生态环境局 甲市乙区住房和城乡建设局\n甲市乙区大气污染防治领导小组办公室\n(区生态环境局代章)\n2023年4月2日\n"
        "甲市乙区2023年度大气污染治理\n工作方案\n一、工作目标\n到2023年底,PM2.5浓度下降到35微克/立方米。\n"
    )
    meta = parse_document(text, "乙区方案.txt").meta
    assert meta.title == "甲市乙区2023年度大气污染治理工作方案"
    assert meta.issuer == "甲市乙区生态环境局、甲市乙区住房和城乡建设局、甲市乙区大气污染防治领导小组办公室"
    assert meta.written_date == "2023-04-02"


def test_a_year_with_its_month_is_the_figures_time_and_a_year_before_a_figure_is_not():
    from assistant.indicators.periods import time_phrases

    [(_, _, period)] = time_phrases("到2022年6月底前,建成8座污水处理厂")
    assert (period.start, period.label) == (2022, "2022年6月底前")
    assert time_phrases("在2015年45微克/立方米的基础上") == []


def test_a_year_in_digit_words_is_read_as_its_digits():
    assert search_form("二○三○年的目标") == "2030年的目标" and search_form("二〇二一年九月") == "2021年九月"
    assert search_form("一九九八年") == "1998年" and search_form("十二五期间") == "十二五期间"


def test_a_range_a_base_level_and_a_disposal_construction_leave_a_clean_name():
    text = "目標是把全區的碳強度由二○○五年的水平降低40%至45%,人均排放量將減至介乎3.5至4公噸,能耗降至80%。"
    found = [
        (i.name, i.value, i.unit, i.baseline, i.period.label if i.period else "")
        for i in extract_indicators(_clause(text), None, 2020)
    ]
    assert found[0] == ("全区的碳强度", "45", "%", "2005年", "")
    assert found[1][:3] == ("人均排放量", "4", "公吨") and found[2][:2] == ("能耗", "80")


def test_a_figure_whose_percent_sign_a_capture_lost_ends_at_the_full_stop_written_as_a_dot():
    text = "到2020年,人均水面面积达到8平方米、水景观辐射率达到80.二、主要任务"
    found = [(i.name, i.value) for i in extract_indicators(_clause(text), None, 2016)]
    assert found == [("人均水面面积", "8"), ("水景观辐射率", "80")]


def test_a_change_counted_from_a_base_year_is_set_for_the_sentences_own_year():
    text = "到2020年,全市细颗粒物浓度在2015年基础上下降20%。"
    found = [
        (i.value, i.period.label if i.period else "", i.baseline) for i in extract_indicators(_clause(text), None, 2016)
    ]
    assert found == [("20", "2020年", "2015年")]


def test_places_listed_after_a_named_target_share_its_indicator_and_its_time():
    text = (
        "2016年全市可吸入颗粒物平均浓度下降15%(2017年达到90微克/立方米)。"
        "甲山区、乙州市可吸入颗粒物平均浓度下降18%,丙县、丁新城下降12%,戊县下降8%。"
    )
    found = [
        (i.name, i.value, i.period.label if i.period else "") for i in extract_indicators(_clause(text), None, 2016)
    ]
    assert found[2:] == [
        ("甲山区、乙州市可吸入颗粒物平均浓度", "18", "2016年"),
        ("丙县、丁新城可吸入颗粒物平均浓度", "12", "2016年"),
        ("戊县可吸入颗粒物平均浓度", "8", "2016年"),
    ]


def test_the_value_a_target_starts_from_is_no_word_of_its_name():
    text = "到2030年,湿地保护率由2022年的45%提高到55%,林木蓄积量由120万立方米增加到150万立方米,绿化覆盖率预计达到40%。"
    found = [(i.name, i.value, i.baseline) for i in extract_indicators(_clause(text), None, 2023)]
    assert found == [("湿地保护率", "55", "2022年"), ("林木蓄积量", "150", ""), ("绿化覆盖率", "40", "")]


def test_the_body_on_a_plans_cover_above_its_year_and_month_is_its_issuer():
    from assistant.ingest.loading import parse_document

    text = (
        "丙区水生态环境保护规划(送审稿)\n丙区水生态环境保护规划\n(送审稿)\n丙市生态环境局丙区管理局\n二〇二一年三月\n"
        "第一章 现状与形势\n一、主要成效\n到2020年,丙区水质优良断面比例达到80%。\n"
    )
    meta = parse_document(text, "丙区规划.txt").meta
    assert meta.issuer == "丙市生态环境局丙区管理局"


def test_a_year_written_as_a_yearly_term_is_a_time_whole():
    from assistant.indicators.periods import time_phrases

    [(_, end, period)] = time_phrases("2019年度至2021年度水质综合指数分别为4.1、4.3")
    assert (period.start, period.end, end) == (2019, 2021, 13)
    found = [(i.name, i.value) for i in extract_indicators(_clause("2022年度水质综合指数达到4.5。"), None, 2022)]
    assert found == [("水质综合指数", "4.5")]


def test_a_base_value_in_brackets_after_its_year_is_that_years_and_the_change_is_counted_from_it():
    text = "2021年全县水质优良比例达到85%,比2016年(62%)提高23个百分点,PM10浓度较2016年(70微克/立方米)下降30%。"
    found = [
        (i.name, i.value, i.period.label if i.period else "", i.baseline)
        for i in extract_indicators(_clause(text), None, 2021)
    ]
    assert found == [
        ("水质优良比例", "85", "2021年", ""),
        ("水质优良比例", "62", "2016年", ""),
        ("水质优良比例", "23", "2021年", "2016年"),
        ("PM10浓度", "70", "2016年", ""),
        ("PM10浓度", "30", "2021年", "2016年"),
    ]


def test_a_locative_after_a_thing_is_where_not_what_is_asked():
    from types import SimpleNamespace

    from assistant.retrieval.asked_words import asked_terms

    asked = SimpleNamespace(form="甲市山林里的树有多少", key_terms=("山林里", "树"))
    assert asked_terms(asked) == ("山林", "树")
    kept = SimpleNamespace(form="甲市城里的公园有多少", key_terms=("城里", "公园"))
    assert asked_terms(kept) == ("城里", "公园")  # two characters: a word, not a thing and its locative


def test_a_volume_answers_an_amount_but_never_an_area():
    from assistant.retrieval.asked_quantity import asked_kind, kind_fits, unit_kind

    assert unit_kind("亿立方米") == "volume" and unit_kind("微克/立方米") == "concentration"
    assert kind_fits(asked_kind("甲市用水总量控制在多少"), "volume")
    assert not kind_fits(asked_kind("甲市林地面积要达到多少万亩"), "volume")
    assert asked_kind("甲市PM2.5要降到多少微克每立方米") != "volume"


def test_a_plan_named_with_words_left_out_is_the_plan():
    from assistant.retrieval.named_document import named_document

    titles = "甲市“十四五”城乡基础设施建设与管理专项规划\n乙市生态环境保护规划\n"
    form = "甲市“十四五”城乡基础设施规划中城市污水收集率是多少"
    assert named_document(form, titles) == (0, form.index("规划") + 2)
    # A few characters of a long title, scattered, name no plan.
    assert named_document("甲市城乡污水规划中污水收集率是多少", titles) is None


def test_two_names_one_sentence_states_are_quoted_once():
    from assistant.answer.figures import _distinct

    said = "甲、乙均达到95%（2030年）[1]。"
    assert _distinct([f"按「甲」理解：{said}", said, "丙达到80%[1]。"]) == [f"按「甲」理解：{said}", "丙达到80%[1]。"]


def test_a_year_that_keeps_an_earlier_years_targets_says_which():
    from assistant.indicators.kept_years import kept_year

    text = "在稳定保持2023年指标任务基础上,全年完成年度指标任务。"
    kept = kept_year(_clause(text, path=("(二)主要指标任务", "2. 2024年指标任务")))
    assert kept is not None and (kept.year, kept.source) == (2024, 2023)
    assert text[kept.span[0] : kept.span[1]] == "在稳定保持2023年指标任务基础上"
    assert kept_year(_clause("2020年,在巩固2025年目标基础上。")) is None  # a later year's targets: no keeping
    assert kept_year(_clause("到2025年,巩固2020年目标成果。")) is None  # a result looked back at: no basis


def test_a_refusal_quote_ends_before_the_amount_asked():
    from types import SimpleNamespace

    from assistant.retrieval.quoted_words import quoted_words

    asked = SimpleNamespace(places=(), form=search_form("甲市每年用水总量的上限是多少亿立方米?"))
    assert quoted_words(asked, ("用水", "总量", "上限", "立方米")) == "用水总量的上限"
    asked = SimpleNamespace(places=(), form=search_form("乙县臭氧年均浓度要控制在多少微克/立方米?"))
    assert quoted_words(asked, ("臭氧", "年均", "浓度", "控制在", "立方米")) == "臭氧年均浓度"
    asked = SimpleNamespace(places=(), form=search_form("丙市燃煤发电所占比例降到多少?"))
    assert quoted_words(asked, ("燃煤", "发电", "比例", "降到")) == "燃煤发电所占比例"
    # A short name keeps its asking rather than be quoted as one word.
    asked = SimpleNamespace(places=(), form=search_form("丁县PM10是多少微克?"))
    assert quoted_words(asked, ("PM10", "微克")) == "PM10是多少微克"
    asked = SimpleNamespace(places=(), form=search_form("戊县要新增多少万亩高标准农田?"))
    assert quoted_words(asked, ("新增", "万亩", "高标准", "农田")) == "新增高标准农田"
    # A unit per day or a bound after the asking is still the asking's: the quote keeps it whole.
    asked = SimpleNamespace(places=(), form=search_form("己市夏天臭氧超标的天数要控制在几天以内?"))
    assert "在以内" not in quoted_words(asked, ("夏天", "臭氧", "超标", "天数", "以内"))
    asked = SimpleNamespace(places=(), form=search_form("庚县新增污水处理能力是多少万吨每天?"))
    assert quoted_words(asked, ("新增", "污水", "处理", "能力", "万吨", "每天")) != "新增污水处理能力是每天"


def test_a_flat_tables_last_column_may_have_a_title_of_no_known_kind():
    from assistant.ingest.tables import rebuild_flat_tables

    cells = ["序号", "指标名称", "2018年", "2022年", "变化情况", "1", "甲类站点达标数(个)", "3", "7", "增加4"]
    cells += ["2", "乙类水体比例(%)", "60", "72.5", "提高12.5个百分点", "下一段正文。"]
    lines = rebuild_flat_tables(cells)
    assert lines[1] == "——2018年，甲类站点达标数3个；2022年，甲类站点达标数7个。"
    assert lines[2].startswith("——2018年，乙类水体比例60%；2022年，乙类水体比例72.5%")
    assert lines[-1] == "下一段正文。"


def test_a_notice_for_comment_is_titled_by_its_draft():
    from assistant.ingest.metadata import plan_title

    assert plan_title("【征求意见】关于《甲县水污染防治方案》公开征求意见的通知") == "甲县水污染防治方案"
    assert plan_title("关于印发《甲县水污染防治方案》的通知") == "关于印发《甲县水污染防治方案》的通知"


def test_a_season_or_part_of_the_day_is_never_another():
    # 丹东: 声环境功能区夜间达标率达到85%; a daytime figure is not stated.
    assert another_time_named("白天", "声环境功能区夜间达标率")
    assert another_time_named("夏季", "冬季PM2.5平均浓度")
    assert not another_time_named("夜间", "声环境功能区夜间达标率")
    assert not another_time_named("昼间", "声环境功能区白天达标率")  # one word group
    assert not another_time_named("白天", "声环境功能区达标率")  # a name stating no time holds for all


def test_a_refusal_quote_keeps_the_character_bound_to_its_first_word_and_the_kind_after_its_last():
    from types import SimpleNamespace

    from assistant.retrieval.quoted_words import quoted_words

    # 非 and 受 turn the name into another thing when left out; 浓度 names what the figure is.
    asked = SimpleNamespace(places=(), form=search_form("甲市2030年非化石能源消费比重要达到多少?"))
    assert quoted_words(asked, ("化石", "能源", "消费", "比重")) == "非化石能源消费比重"
    asked = SimpleNamespace(places=(), form=search_form("乙县受污染耕地安全利用率要达到多少?"))
    assert quoted_words(asked, ("污染", "耕地", "安全", "利用率")) == "受污染耕地安全利用率"
    asked = SimpleNamespace(places=(), form=search_form("丙县2020年PM2.5年均浓度目标是多少?"))
    assert quoted_words(asked, ("PM2.5", "年均")) == "PM2.5年均浓度"
    # The rest of a word the asked words cut (收集|率), 单位 of 单位GDP, a kind after 的, and no asking after 要求.
    asked = SimpleNamespace(places=(), form=search_form("丁县城区生活污水收集率要达到多少?"))
    assert quoted_words(asked, ("城区", "生活", "污水", "收集")) == "城区生活污水收集率"
    asked = SimpleNamespace(places=(), form=search_form("甲市2025年单位GDP能耗要比2020年下降多少?"))
    assert quoted_words(asked, ("GDP", "能耗")) == "单位GDP能耗"
    asked = SimpleNamespace(places=(), form=search_form("乙县湿地受到保护的比例要达到多少?"))
    assert quoted_words(asked, ("湿地", "受到", "保护")) == "湿地受到保护的比例"
    asked = SimpleNamespace(places=(), form=search_form("丙县城市建成区绿地率要求不低于多少?"))
    assert quoted_words(asked, ("城市", "建成区", "绿地率", "要求", "不低于")) == "城市建成区绿地率"
    # How the parts are asked (各, 分别) is no word of what is asked.
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    parsed = parse_question("银川到2025年PM10浓度和达标天数比例各要达到多少", default_gazetteer())
    assert quoted_words(parsed, parsed.key_terms) == "PM10浓度和达标天数比例"
    # A particle, a demonstrative or a numeral left of the first word stays out.
    asked = SimpleNamespace(places=(), form=search_form("那5个国考断面的优良比例是多少?"))
    assert quoted_words(asked, ("国考", "断面", "优良")) == "国考断面的优良比例"


def test_decimal_numbering_is_a_heading_and_a_figure_opening_a_line_is_not():
    assert match_heading("1.1 自然环境").level == 2 and match_heading("1.1 自然环境").number == "1.1"
    assert match_heading("1.1.2地形地质").level == 3
    assert match_heading("1.5万亩退化林修复") is None and match_heading("2.5 %") is None


def test_a_word_said_apart_and_vehicles_counted_either_way():
    from assistant.retrieval.asked_quantity import asked_kind, measure_fits, share_of_area_fits
    from assistant.retrieval.indicator_names import said_apart

    assert said_apart("公交车", "公交新增及更新车辆中新能源车辆占比") and not said_apart("公交车", "公交站点覆盖率")
    assert (
        measure_fits("辆", "万台")
        and measure_fits("台", "辆")
        and not measure_fits("辆", "个")
        and not measure_fits("辆", "")
    )

    def area_share(asked: str, name: str, unit: str) -> bool:
        return share_of_area_fits(asked_kind(asked), asked, name, unit)

    assert area_share("多大面积达标", "建成区面积达标", "%")
    assert not area_share("多少亩面积达标", "建成区面积达标", "%") and not area_share("多大面积", "达标率", "%")


def test_a_sentence_repeating_more_of_the_question_echoes_it():
    from assistant.retrieval.indicator_reading import echoed

    # Runs of three or more characters count; a shorter run does not hide a longer one starting inside it.
    assert echoed("甲乙丙丁", "XX甲乙YY乙丙丁") == 3
    assert echoed("按年度目标优良天数比例", "年度目标:优良天数比例到77%") > echoed(
        "按年度目标优良天数比例", "年度努力目标:优良天数比例到79%"
    )


def test_a_level_asked_after_a_verb_of_value_asks_a_figure():
    from assistant.retrieval.question import parse_question
    from assistant.text.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    # 降到什么范围, 稳定在什么水平 ask a figure as 多少 does; 什么范围 alone asks where.
    assert parse_question("甲市2030年人均碳排放要降到什么范围?", gazetteer).wants_number
    assert parse_question("乙县草原植被盖度稳定在什么水平?", gazetteer).wants_number
    assert not parse_question("丙区的保护红线划在什么范围?", gazetteer).wants_number
