"""Which plans or documents a clause lists side by side (《甲规划》、《乙规划》…) answers a question asking which ones,
one title a line. On a real notice of the development corpora: 七台河 asks the public's views on three draft plans
(城市绿地系统, 生物多样性保护, 公园体系), named together in its title and again in its text."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

QITAIHE = "七台河市-2024-绿地系统生物多样性公园体系规划征求意见.txt"


def test_the_listed_plans_answer_which(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (QITAIHE,))
    answer = answered_with(plans, "七台河这回拿出来征求意见的规划有哪些？", "綠地系統", "生物多樣性", "公園體系")
    assert answer.count("\n") >= 2, answer  # one title a line
