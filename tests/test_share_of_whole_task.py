"""A figure's share of the whole task stated right after it (整治燃煤锅炉35台,完成总任务的40%以上) is part of its
statement: the answer gives both, as the clause says them. On a seed plan: 无锡's 2018 scheme."""

from __future__ import annotations

from .conftest import answered_with


def test_share_of_whole_task_stays_with_its_figure(pipeline) -> None:
    answer = answered_with(pipeline, "无锡市2018年底前燃煤锅炉整治要完成几台?", "35")
    assert "40%以上" in answer, answer
