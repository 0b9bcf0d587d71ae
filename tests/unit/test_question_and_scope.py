"""Question parsing, key-term coverage and region scoping on tiny inputs (no index, no model)."""

from __future__ import annotations

import pytest

from assistant.documents import DocumentMeta
from assistant.errors import EmptyQuestionError
from assistant.retrieval.coverage import term_coverage
from assistant.retrieval.question import parse_question
from assistant.retrieval.scope import RegionScoper
from assistant.text.gazetteer import default_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


def test_parse_figure_question(gazetteer):
    q = parse_question("2025年乌海森林覆盖率目标是多少？", gazetteer)
    assert [p.short for p in q.places] == ["乌海"] and q.years == ("2025",)
    assert q.wants_figure and not q.wants_list and "森林" in q.key_terms and "多少" not in q.key_terms


def test_parse_question_kinds(gazetteer):
    assert parse_question("黔东南哪些园区要建设污水处理设施", gazetteer).wants_list
    assert parse_question("这项工作的牵头单位是谁", gazetteer).wants_unit
    assert parse_question("乌海哪一年实现碳达峰", gazetteer).wants_when
    assert not parse_question("乌海垃圾分类要推开到多大范围", gazetteer).wants_number  # 全覆盖 may answer
    assert parse_question("乌海要治理多大面积", gazetteer).wants_number
    assert parse_question("2045年的目标", gazetteer).years == ("2045",)  # years past 2039 are years


def test_colloquial_compared_year_and_lower_case_code(gazetteer):
    q = parse_question("乌海22年的pm10要比19年低多少", gazetteer)
    assert q.years == ("2022",) and q.baseline_years == ("2019",)
    assert "PM10" in q.key_terms and "19" not in q.key_terms


def test_a_prefectures_short_name_is_a_place_whatever_jieba_tags_it(gazetteer):
    # jieba's dictionary tags 大连 as an adverb and 开封 as a verb; 合作 (合作市) and 东方 (东方市)
    # are county-level cities whose names are frequent ordinary words.
    found = {m.place.short for m in gazetteer.find("大连和开封的合作与东方")}
    assert found == {"大连", "开封"}


def test_empty_and_long_questions(gazetteer):
    with pytest.raises(EmptyQuestionError):
        parse_question("  \n", gazetteer)
    long = parse_question("森林" * 400, gazetteer, max_chars=300)
    assert long.truncated and len(long.text) == 300 and long.notes


def test_term_coverage(gazetteer):
    q = parse_question("2025年乌海森林覆盖率目标", gazetteer)
    full, year = term_coverage(q, "到2025年森林覆盖率达到3.78%", "")
    assert full == 1.0 and year == 1.0
    other, year = term_coverage(q, "到2023年湿地保护率达到50%", "")
    assert other < 0.5 and year == -1.0
    from_path, _ = term_coverage(q, "达到3.78%", "森林覆盖率")
    assert 0 < from_path < full  # a term only in the heading path counts half


def _meta(doc_id: str, region: str, code: str) -> DocumentMeta:
    return DocumentMeta(doc_id, f"{doc_id}.txt", f"{region}方案", region, code, "simplified")


def test_scope_by_region(gazetteer):
    docs = [
        _meta("wh", "乌海", "150300000000"),
        _meta("qdn", "黔东南", "522600000000"),
        _meta("nx", "宁夏", "640000000000"),
    ]
    scoper = RegionScoper(docs, gazetteer)
    ask = lambda text: scoper.scope(parse_question(text, gazetteer))  # noqa: E731
    assert ask("乌海森林覆盖率").doc_ids == ("wh",)
    kaili = ask("凯里市空气质量")
    assert kaili.doc_ids == ("qdn",) and kaili.enclosing == ("凯里",)
    assert ask("银川绿地率").doc_ids == ("nx",)  # 银川 lies in 宁夏: its plan applies
    lanzhou = ask("兰州森林覆盖率")
    assert lanzhou.restricted and lanzhou.doc_ids == () and lanzhou.uncovered == ("兰州",)
    assert not ask("森林覆盖率").restricted
    assert scoper.scope(parse_question("乌海森林覆盖率", gazetteer), ["qdn"]).excluded == ("乌海",)


def test_a_count_of_units_is_not_a_question_of_who_leads():
    gazetteer = default_gazetteer()
    assert parse_question("乌海这项工作由哪个部门牵头", gazetteer).wants_unit
    assert not parse_question("乌海这项工作由几个部门牵头制定", gazetteer).wants_unit


def test_a_place_asked_of_its_provinces_named_plan_is_answered_from_that_plan(gazetteer):
    scoper = RegionScoper([_meta("hb", "湖北", "420000000000"), _meta("xy", "襄阳", "420600000000")], gazetteer)
    ask = lambda text: scoper.scope(parse_question(text, gazetteer))  # noqa: E731
    assert ask("襄阳森林覆盖率").doc_ids == ("xy",)  # the city's own plan
    named = ask("湖北的实施意见里，襄阳市的空气质量目标是什么")  # the province's plan, asked about the city
    assert named.doc_ids == ("hb",) and named.enclosing == ("襄阳",)


def test_a_place_written_with_its_city_and_its_own_plans_title_is_answered_from_its_own_plan(gazetteer):
    city = _meta("xa", "西安", "610100000000")
    district = DocumentMeta(
        "yt", "yt.txt", "西安市雁塔区2023年度大气污染治理工作方案", "雁塔区", "610113000000", "simplified"
    )
    scoper = RegionScoper([city, district], gazetteer)
    ask = lambda text: scoper.scope(parse_question(text, gazetteer))  # noqa: E731
    assert "yt" in ask("西安市雁塔区2023年度大气污染治理工作方案是哪天印发的").doc_ids
    assert ask("西安市雁塔区的PM2.5浓度目标是多少").doc_ids == ("xa",)  # an address: the city's plan speaks of it


def test_a_purpose_clause_names_no_asked_word():
    from types import SimpleNamespace

    from assistant.retrieval.asked_words import asked_terms

    asked = SimpleNamespace(
        form="为了减少甲污染，乙市要推广多少台电动车", key_terms=("减少", "甲", "污染", "推广", "电动车")
    )
    assert asked_terms(asked) == ("推广", "电动车")


def test_spoken_question_words_are_read_as_written_ones(gazetteer):
    question = parse_question("乌海的污水处理厂改造啥时候完成", gazetteer)
    assert question.wants_when and "什么时候" in question.form


def test_a_share_asked_by_its_weight_asks_a_figure(gazetteer):
    assert parse_question("甲市非化石能源占一次能源消费比重", gazetteer).wants_figure
    assert parse_question("甲市服务业增加值占比", gazetteer).wants_number
