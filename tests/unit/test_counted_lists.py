"""A list question answered with the items a sentence lists and counts, or with the items under the heading
it names word for word."""

from __future__ import annotations

from assistant.answer.counted_lists import _asks_for, _comma_listed, _listed_items, count_value
from assistant.answer.enumeration import _named_whole


def test_the_items_before_a_count_are_split_at_each_comma_and_the_last_join_word():
    text = "围绕水环境、水生态、水资源和水安全4个方面开展治理"
    assert _listed_items(text, text.index("4")) == ["水环境", "水生态", "水资源", "水安全"]
    text = "将耕地划分为优先保护类、安全利用类及严格管控类三类"
    assert _listed_items(text, text.index("三类")) == ["优先保护类", "安全利用类", "严格管控类"]
    assert count_value("4") == 4 and count_value("三") == 3 and count_value("十二") == 12
    assert _listed_items("重点抓好3个方面", 4) == []  # nothing listed


def test_the_question_must_ask_which_items_of_that_measure():
    assert _asks_for("甲市从哪几个方面推进", "个", "方面", "3") and _asks_for("甲市有哪些方面", "个", "方面", "3")
    assert _asks_for("耕地分成哪几类", "类", "", "3") and _asks_for("划成哪几类区", "类", "区域", "3")
    assert not _asks_for("甲市一共几个方面", "个", "方面", "3") and not _asks_for("有哪几项任务", "个", "方面", "3")
    assert not _asks_for("推进的是哪几个市", "个", "减量", "3")
    # 哪六个方面: the items of a sentence counting the same number of them
    assert _asks_for("甲区从哪六个方面着力", "个", "方面", "六") and _asks_for("从哪6个方面", "个", "方面", "六")
    assert not _asks_for("甲区从哪五个方面着力", "个", "方面", "六")


def test_a_heading_named_word_for_word_is_asked_whatever_its_items_are_called():
    assert _named_whole("规划定了哪几条基本原则", "(二)基本原则")
    assert not _named_whole("规划定了哪几条原则", "(二)基本原则") and not _named_whole("有哪些", "一、")


def test_comma_list_opens_at_a_list_word_of_its_own() -> None:
    sentence = "严格落实从严管控要求,加强监测,强化执法,推进整治4项措施"
    assert _comma_listed(sentence, sentence.index("4")) == []  # 从 of 从严 opens no list
    sentence = "从甲乙,丙丁和戊己三个方面"
    assert _comma_listed(sentence, sentence.index("三")) == ["甲乙", "丙丁", "戊己"]
