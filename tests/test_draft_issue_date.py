"""A draft asked for its formal issue, on the seeds: 乌海's plan is a 征求意见稿, so "正式印发" asks for a document the
corpus does not hold, and the answer says the plan is a draft rather than giving (or denying) a date of its own."""

from __future__ import annotations


def test_formal_issue_of_a_draft_is_refused_as_a_draft(pipeline) -> None:
    answer = pipeline.chain.ask("乌海生态环境提质实施方案正式发布是什么时候？")
    assert not answer.found and "为征求意见稿" in answer.answer, answer.answer
