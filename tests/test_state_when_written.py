"""How things stood when a plan was written, on a real plan of the development corpora: 遵义's 2015 plan gives its
forest cover (52%) under 一、生态文明建设基础与重要意义, a heading on the state at writing, with no year; asked for a year
after the writing it is no target and the question is refused (the state listed as such), while asked with no year
it is answered and said to be the state at writing."""

from __future__ import annotations

import pytest

from assistant.text.lexicon import STATE_HEADING_RE

from .conftest import answered_with, dev_plans_pipeline

ZUNYI = "遵义市-2015-生态文明建设实施方案.txt"


def test_the_state_at_writing_is_no_later_target(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (ZUNYI,))
    later = plans.chain.ask("遵义2018年的森林覆盖率要求是多少？")
    assert not later.found, later.answer
    answer = answered_with(plans, "遵义的森林覆盖率有多高？", "52%")
    assert "编制时的现状" in answer


@pytest.mark.parametrize(
    ("heading", "state"),
    [
        ("一、发展基础与面临形势", True),
        ("一、现实基础", True),
        ("第一章 现状与形势", True),
        ("（一）环境质量现状", True),
        ("二、夯实发展基础", False),  # a task
        ("一、摸清污染现状", False),  # a task
        ("（三）完善环境基础设施", False),
    ],
)
def test_headings_on_the_state_at_writing(heading: str, state: bool) -> None:
    assert (STATE_HEADING_RE.search(heading) is not None) == state
