"""Figure questions that describe the indicator in other words (assistant/answer/described.py), on two real
plans of the development corpus: answered from the clause's own sentence part, with how the question was
read, and refused when the evidence is missing (a thing it does not name, a count for a rate, another year)."""

from __future__ import annotations

import pytest

from assistant.answer.described import answer_described
from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

PLANS = ("临汾-2018-水污染防治行动计划.txt", "沈阳-2025-空气质量持续改善行动实施方案.txt")


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("described"), PLANS)


def described(pipeline: Pipeline, question: str):
    retriever = pipeline.retriever
    result = retriever.search(question)
    return answer_described(result, retriever.indicators, retriever.embeddings, retriever.index.documents, 2026)


def test_a_described_figure_is_read_from_its_sentence_and_says_how(two_plans):
    draft = described(two_plans, "临汾地下水考核点位中水质最不好的那一档占多大比例")
    assert draft is not None and draft.found
    assert draft.text.startswith("按「水质极差比例」理解：水质极差比例控制在6%以内[1]")
    ((start, end),) = draft.quotes[1]
    assert draft.hits[0].chunk.text[start:end] == "水质极差比例控制在6%以内"
    answer = two_plans.chain.ask("临汾地下水考核点位中水质最不好的那一档占多大比例")
    assert answer.found and answer.grounded and "6%" in answer.answer


def test_the_sentence_opening_says_when(two_plans):
    draft = described(two_plans, "沈阳2025年重污染的天数占比控制在多少")
    assert draft is not None
    assert "重度及以上污染天数比率控制在0.7%以内[1]" in draft.text and "2025年" in draft.text
    assert draft.text.startswith("按「重度及以上污染天数比率」理解：")


@pytest.mark.parametrize(
    "question",
    [
        "临汾湿地保护率要求多少",  # 湿地 names a thing the clause does not
        "临汾地下水考核点位里有几个水质最差",  # a count asked, a rate stated
        "沈阳2030年重污染的天数占比控制在多少",  # the sentence states another year
        "沈阳出租车司机换新车能得到多少奖励",  # nothing asked stands in any sentence
    ],
)
def test_no_evidence_no_described_figure(two_plans, question):
    assert described(two_plans, question) is None


def test_a_span_of_years_is_no_figure_of_a_count(tmp_path):
    # 龙里县's plan takes "用3年时间集中攻坚" on village waste, and states no count of villages.
    pipeline = dev_plans_pipeline(tmp_path, ("龙里县-2018-农村人居环境整治三年行动实施方案.txt",))
    answer = pipeline.chain.ask("龙里县的农村垃圾收运体系要覆盖多少行政村")
    assert (
        not answer.found and "3年" not in answer.answer and answer.answer.startswith("未在已收录的文件中找到：龙里县")
    )


def test_a_pollutant_the_name_does_not_hold_is_not_read_as_the_one_it_does(two_plans):
    # 沈阳 sets PM2.5 (全市PM₂.₅浓度降至32…) and no PM10 target: a PM10 question is refused, not read as PM2.5.
    answer = two_plans.chain.ask("沈阳到2025年PM10浓度要降到多少")
    assert not answer.found and "32" not in answer.answer.split("相近")[0]


def test_a_question_naming_no_place_is_not_read_another_way_across_plans(two_plans):
    # Two regions' plans are searched: some indicator of one of them is always near a question no plan speaks
    # of, so only a name holding every asked word may answer an unplaced question.
    question = "地下水考核点位中水质最不好的那一档占多大比例"
    assert described(two_plans, question) is None
    answer = two_plans.chain.ask(question)
    assert not answer.found and "按「" not in answer.answer
    assert two_plans.chain.ask("临汾" + question).found


def test_a_part_stating_its_own_target_lends_no_subject_to_a_part_naming_its_own(tmp_path):
    # 洛宁县's plan: "全县地表水责任断面达到…目标要求,城镇集中式饮用水水源水质达标率100%". The 100% is the drinking
    # water sources'; the sections' target has no figure.
    pipeline = dev_plans_pipeline(tmp_path, ("洛宁县-2017-水污染防治攻坚战实施方案.txt",))
    assert described(pipeline, "洛宁县地表水责任断面达标的比例是多少") is None
    assert described(pipeline, "洛宁县的饮用水水源地水质达标的比例是多少") is not None


def test_a_list_lines_dash_is_no_word_of_the_reading(pipeline):
    from assistant.answer.described import Part, _reading
    from assistant.documents import ScoredChunk

    # 黔东南's indicator lines: ——受污染耕地安全利用率93%.
    chunk = next(c for c in pipeline.index.chunks if c.text.startswith("——受污染耕地安全利用率"))
    hit = ScoredChunk(chunk, 1.0, None, None, "test")
    assert _reading(Part(hit, (0, len(chunk.text)), 0, len(chunk.text))) == "受污染耕地安全利用率"


def test_an_amount_of_what_the_held_words_already_name_only_describes(pipeline):
    # 乌海's plan: 城市管网漏损率持续控制在10%以内 — asked as the share of the water the supply network loses.
    answer = pipeline.chain.ask("乌海城市供水管网漏损的水量比例要控制在多少")
    assert answer.answer.startswith("按「城市管网漏损率」理解：城市管网漏损率持续控制在10%以内")
