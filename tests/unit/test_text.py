"""Normalisation, tokenisation, the gazetteer and the filler rule on tiny inputs."""

from __future__ import annotations

import pytest

from assistant.index.lexical import tokenize_bigram
from assistant.retrieval.word_kinds import holds_pollutant_of
from assistant.text.gazetteer import default_gazetteer
from assistant.text.lexicon import is_filler
from assistant.text.normalize import number_tokens, search_form, spelled_out


def test_search_form_simplifies_and_halves_width():
    assert search_form("自然濕地保護率達到５１．１％") == "自然湿地保护率达到51.1%"


def test_a_class_in_roman_numerals_is_the_class_in_chinese_ones():
    assert search_form("优于Ⅲ类水体，消除劣Ⅴ类，IV类") == "优于三类水体,消除劣五类,四类"
    assert search_form("达到清洁生产Ⅰ级水平") == "达到清洁生产一级水平"  # a grade, as a class
    assert search_form("PM2.5、VOCs、COD") == "PM2.5、VOCs、COD"


def test_numbers_keep_their_units():
    assert number_tokens("森林覆盖率达到3.78%，新增2.33亿立方米，不少于7个") == ["3.78%", "2.33亿立方米", "7个"]


def test_bigram_tokens_keep_numbers_and_latin_words_whole():
    tokens = tokenize_bigram(search_form("PM2.5浓度达到3.78%"))
    assert "pm2.5" in tokens and "3.78%" in tokens and "浓度" in tokens and "达到" in tokens
    assert "的" not in tokenize_bigram("森林的覆盖")  # stop characters are not unigrams


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


def test_gazetteer_finds_places_and_levels(gazetteer):
    [wuhai] = gazetteer.find("2025年乌海森林覆盖率")
    assert wuhai.place.short == "乌海" and wuhai.place.level == 2 and wuhai.start == 5
    [kaili] = gazetteer.find("凯里市空气质量")
    qdn = gazetteer.find("黔东南")[0].place
    assert qdn.contains(kaili.place) and not kaili.place.contains(qdn)


def test_a_county_is_found_by_its_name_as_a_city_too(gazetteer):
    # 平果 became a city in 2019; the data still lists it as 平果县.
    [county] = gazetteer.find("平果市的断面")
    assert county.place.name == "平果县" and county.alias == "平果市"
    assert not gazetteer.find("省级和市级示范片区")  # 和县 lends 和 to no city
    assert not gazetteer.find("市级和县级的处理率")  # nor its 县 to 县级, a level
    assert [m.place.short for m in gazetteer.find("天水市级的处理率")] == ["天水"]


def test_gazetteer_ignores_place_names_inside_words(gazetteer):
    assert all(m.place.short != "山东" for m in gazetteer.find("贺兰山东麓葡萄酒"))
    assert all(m.place.short != "城中" for m in gazetteer.find("推进城中村改造"))


@pytest.mark.parametrize("word", ["多少", "哪些", "的", "吗", "这个", "哪几个", "这块", "每年", "多远", "两个", "请问"])
def test_filler_words(word):
    assert is_filler(word)


@pytest.mark.parametrize("word", ["森林", "覆盖率", "系统", "规则", "分量", "层面", "口袋", "湿地"])
def test_content_words_are_not_filler(word):
    assert not is_filler(word)


def test_levels_and_sizes_sharing_a_last_character_are_written_out():
    assert spelled_out("地表水国、省控断面") == "地表水国控、省控断面"
    assert spelled_out("省市县级河长") == "省级市级县级河长"
    assert spelled_out("大、中型灌区") == "大型、中型灌区"
    assert spelled_out("城市级") == "城市级" and spelled_out("水、土壤") == "水、土壤"
    assert spelled_out("烟(粉)尘排放量") == "烟尘、粉尘排放量"  # a character and its bracketed alternative


def test_a_medium_names_where_its_pollutants_are_measured():
    assert holds_pollutant_of("空气", "可吸入颗粒物年均浓度") and holds_pollutant_of("大气", "PM2.5浓度")
    assert not holds_pollutant_of("空气", "化学需氧量排放量") and not holds_pollutant_of("水体", "PM10浓度")


def test_pinyin_a_page_printed_after_characters_is_dropped_and_other_brackets_stay():
    from assistant.text.normalize import without_pinyin_notes

    assert without_pinyin_notes("環(huán)境質(zhì)量(PM2.5)達(dá)標(biāo)") == "環境質量(PM2.5)達標"
    assert without_pinyin_notes("重点区域(ab)和(试行)") == "重点区域(ab)和(试行)"  # no tone mark: no pinyin
