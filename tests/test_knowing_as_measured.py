"""知道 said of people (居民知道…) is what is measured (知晓率), not the asking; only a request (我想知道…) asks.
On a real plan of the development corpora: 常州钟楼区's 2022 waste-sorting plan, which sets its model estates'
residents' awareness (知晓率≥90%), participation and accuracy (both ≥80%) side by side."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

ZHONGLOU = "常州市钟楼区-2022-城乡生活垃圾分类工作实施方案.txt"


def test_residents_who_know_is_awareness(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (ZHONGLOU,))
    answer = answered_with(plans, "钟楼区2022年达标小区的居民有多大比例知道怎样给垃圾分类?", "90%")
    assert "参与率" not in answer, answer
    answered_with(plans, "我想知道钟楼区2022年达标小区居民垃圾分类参与率", "80%")
    answer = answered_with(plans, "不知道钟楼区2022年达标小区居民垃圾分类准确率是多少?", "80%")
    assert "按「" not in answer, answer  # the request is no word of the name: answered as named
