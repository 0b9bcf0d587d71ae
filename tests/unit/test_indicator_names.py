"""Which indicator names may hold an asked word, searched over all names at once."""

from __future__ import annotations

from assistant.indicators.synonyms import Synonyms
from assistant.retrieval.indicator_names import IndicatorNames


def test_rows_whose_names_may_hold_a_word_are_found_over_all_names_at_once():
    names = IndicatorNames(["公共交通出行分担率", "用水总量", "农田灌溉水有效利用系数", "县(市)森林覆盖率"], Synonyms())
    assert names.naming("公交").tolist() == [0]  # the short form of four characters of a name
    assert names.naming("用水量").tolist() == [1]  # a total's name
    assert names.naming("农田灌溉").tolist() == [2] and names.covers("农田灌溉", names.names[2])
    assert names.holding("县市").tolist() == [3]  # brackets dropped
    assert names.naming("湿地").tolist() == []
