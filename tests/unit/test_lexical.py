"""The keyword index's rows_holding: every row whose text holds a word is among the rows it returns."""

from __future__ import annotations

import numpy as np

from assistant.index.lexical import BM25Index
from assistant.text.normalize import search_form

TEXTS = [
    "用水总量控制在3亿立方米以内(不含应急生态补水)",
    "森林覆盖率达到3.78%",
    "补充水源地建设,保障城市供水",  # 补 and 水 both, never the word 补水
    "草原综合植被覆盖度保持在21%",
]


def test_every_row_holding_the_word_is_returned_and_others_may_be():
    first, rest = BM25Index.build(TEXTS[:2], "bigram"), TEXTS[2:]
    index = first.add(rest)  # two segments: rows are global
    for word in ("补水", "覆盖", "森林覆盖率", "植被"):
        held = set(index.rows_holding(word).tolist())
        assert {r for r, t in enumerate(TEXTS) if word in search_form(t)} <= held, word
        among = np.array([1, 2, 3])  # some rows only (one plan's clauses): the same answer, within them
        assert set(index.rows_holding(word, among).tolist()) == held & {1, 2, 3}, word
    assert index.rows_holding("补水").tolist() == [0]  # the bigram 补水 stands only in row 0
    assert index.rows_holding("湿地").tolist() == []
    assert index.rows_holding("补水", np.array([1, 2, 3])).tolist() == []


def test_where_the_index_cannot_promise_it_says_so():
    assert BM25Index.build(TEXTS, "bigram").rows_holding("PM2.5") is None  # a protected token
    assert BM25Index.build(TEXTS, "jieba").rows_holding("补水") is None  # cuts depend on the context
    assert BM25Index.build(TEXTS, "bigram").rows_holding("的") is None  # a stop character: no term to look up
