"""Grounding checks on tiny inputs: numbers must stand, with their units, in a cited clause."""

from __future__ import annotations

from assistant.answer.verification import number_in, verify
from assistant.documents import Chunk


def clause(text: str, path: tuple[str, ...] = ("一、目标",)) -> Chunk:
    return Chunk("d-0001", "d", "测试方案", "乌海", path, "一", None, 0, len(text), text, text, 10)


def test_number_with_unit_must_match_whole():
    assert number_in("3.78%", "森林覆盖率达到3.78%")
    assert not number_in("3.7%", "森林覆盖率达到3.78%")  # a prefix of another number
    assert not number_in("78%", "森林覆盖率达到3.78%")  # a suffix of another number
    assert not number_in("7个", "不少于7家")  # another unit
    assert number_in("7个", "不少于7个示范场")


def test_grounded_answer_keeps_its_sentences():
    check = verify("森林覆盖率达到3.78%[1]。", {1: clause("到2025年，森林覆盖率达到3.78%。")})
    assert check.grounded and check.cited == [1] and "3.78%" in check.text


def test_changed_figure_is_removed():
    check = verify("森林覆盖率达到3.87%[1]。", {1: clause("到2025年，森林覆盖率达到3.78%。")})
    assert not check.grounded and check.text == "" and "3.87%" in check.problems[0]


def test_unknown_citation_and_uncited_number_are_removed():
    clauses = {1: clause("森林覆盖率达到3.78%。")}
    assert not verify("覆盖率3.78%[2]。", clauses).grounded
    assert not verify("覆盖率3.78%。", clauses).grounded


def test_year_in_the_heading_path_counts():
    check = verify("2025年目标为60%[1]。", {1: clause("黑臭水体消除比例达到60%。", ("2025年指标任务",))})
    assert check.grounded


def test_only_failing_sentences_are_dropped():
    check = verify("覆盖率3.78%[1]。林草覆盖率99%[1]。", {1: clause("森林覆盖率达到3.78%。")})
    assert check.text == "覆盖率3.78%[1]。" and len(check.problems) == 1
