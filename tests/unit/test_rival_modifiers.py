"""An asked word right before a word the indicator's name holds, where the name has a word of its own
there: another kind of the same thing (a near miss), unless the asked word only pictures the name's."""

from __future__ import annotations

from assistant.retrieval.evidence import Evidence, rival_modifiers


def _lacking(held: str, asked: str) -> Evidence:
    return Evidence(covered=(held,), in_context=(), explained=(), conflicts=(), descriptive=(asked,))


def _no_word_tells(word: str) -> bool:
    return False


def test_a_word_that_tells_indicators_apart_before_the_shared_word_is_a_rival():
    assert rival_modifiers(
        "乙市绿化覆盖率是多少", _lacking("覆盖率", "绿化"), "道路清扫覆盖率", {"绿化"}.__contains__
    ) == ("绿化",)


def test_a_sibling_of_the_names_word_or_a_substance_is_a_rival_even_if_no_name_holds_it():
    assert rival_modifiers("国控断面优良比例", _lacking("断面", "国控"), "省控断面水质优三类比例", _no_word_tells) == (
        "国控",
    )
    assert rival_modifiers("二氧化硫排放减多少", _lacking("排放", "二氧化硫"), "氮氧化物排放总量", _no_word_tells) == (
        "二氧化硫",
    )
    # 用地 is a space to the thesaurus, 耕地 a thing: beside each other they are two kinds of land.
    assert rival_modifiers("建设用地安全利用率", _lacking("安全", "用地"), "受污染耕地安全利用率", _no_word_tells) == (
        "用地",
    )


def test_a_colloquial_word_an_activity_or_a_word_the_name_repeats_is_no_rival():
    assert rival_modifiers("乙市树木覆盖率多少", _lacking("覆盖率", "树木"), "建成区绿化覆盖率", _no_word_tells) == ()
    assert rival_modifiers("建成高标准农田多少", _lacking("高标准", "建成"), "建设高标准农田占比", lambda w: True) == ()
    assert rival_modifiers("乙市绿化覆盖率多少", _lacking("覆盖率", "绿化"), "覆盖率", lambda w: True) == ()


def test_a_thing_of_the_names_words_kind_or_against_other_kinds_names_a_kind_every_name_must_hold():
    # 高粱 and 谷子 are grain crops alike: before 秸秆 they name two kinds of straw, and a name of all kinds
    # (农作物秸秆) then states another figure; 其他 names the kinds a plan does not list.
    assert rival_modifiers(
        "高粱秸秆多少万吨", _lacking("秸秆", "高粱"), "谷子秸秆", _no_word_tells, kinds_only=True
    ) == ("高粱",)
    assert rival_modifiers(
        "高粱秸秆多少万吨", _lacking("秸秆", "高粱"), "其他秸秆", _no_word_tells, kinds_only=True
    ) == ("高粱",)
    # A word sharing only a character with the name's (草木, 林木) names no kind of it.
    assert (
        rival_modifiers("草木覆盖率多少", _lacking("覆盖率", "草木"), "林木覆盖率", _no_word_tells, kinds_only=True)
        == ()
    )
    lacking = _lacking("秸秆", "高粱").kind_named({"高粱"})
    assert lacking.conflicts == ("高粱",) and lacking.descriptive == ()


def test_a_generic_word_between_the_asked_word_and_the_shared_one_does_not_hide_the_rival():
    # 综合 names no kind of its own: 草地 still stands before 植被 against the name's 森林.
    asked = Evidence(covered=("植被",), in_context=(), explained=(), conflicts=(), descriptive=("草地", "综合"))
    assert rival_modifiers("丙县草地综合植被盖度多少", asked, "森林植被覆盖率", {"草地"}.__contains__) == ("草地",)
