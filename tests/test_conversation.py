"""Conversations on the real documents: follow-ups resolved offline, feedback, export, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import gradio as gr
import pytest

from assistant.access.policy import open_access
from assistant.conversation.export import conversation_markdown
from assistant.conversation.store import LOCAL_USER
from assistant.serve.web.feedback import make_feedback, make_reason
from assistant.serve.web.history import chat_messages
from tests.conftest import ROOT, chat_for


def _dialogue(pipeline, *questions):
    earlier, answers = [], []
    for question in questions:
        answer = pipeline.conversation.ask(question, earlier)
        earlier.append(answer.standalone)
        answers.append(answer)
    return answers


@pytest.mark.parametrize(
    "first, followup, standalone, figure",
    [
        ("2025年乌海森林覆盖率目标", "那银川呢？", "2025年银川森林覆盖率目标", "16%以上"),  # region changed
        ("黔东南2025年森林覆盖率目标", "2023年呢？", "黔东南2023年森林覆盖率目标", "接近68%"),  # year changed
        ("2025年乌海森林覆盖率目标", "这个指标黔东南有吗？", "2025年黔东南森林覆盖率目标", "68%左右"),
        ("银川2025年城市湿地保护率目标", "哪个部门负责？", "银川城市湿地保护率哪个部门负责", "市自然资源局"),  # duty
        # what was just asked about owns what is asked now
        ("乌海2025年森林覆盖率要到多少", "它的目标值是多少？", "乌海2025年森林覆盖率的目标值是多少", "3.78%"),
        ("乌海2025年森林覆盖率要到多少", "这个指标的规划值呢", "乌海2025年森林覆盖率的规划值", "3.78%"),
    ],
)
def test_followup_inherits_what_it_lacks(pipeline, first, followup, standalone, figure):
    _, answer = _dialogue(pipeline, first, followup)
    assert answer.standalone == standalone and answer.interpretation == f"按“{standalone}”理解"
    assert answer.found and figure in answer.answer and answer.question == followup


def test_a_place_set_beside_the_earlier_one_asks_both(pipeline):
    _, answer = _dialogue(pipeline, "黔东南2025年森林覆盖率", "跟乌海比呢？")
    assert answer.standalone == "黔东南和乌海2025年森林覆盖率"
    assert "68%左右" in answer.answer and "3.78%" in answer.answer
    _, answer = _dialogue(pipeline, "黔东南2025年森林覆盖率", "乌海呢？")  # no comparison: the place is replaced
    assert answer.standalone == "乌海2025年森林覆盖率" and "68%" not in answer.answer


def test_a_rate_named_only_by_what_is_done_keeps_the_earlier_thing(pipeline):
    # 乌海: 2025年城区生活污水收集率达到82%,处理率达到98%以上 — the second rate is named by its activity alone.
    _, answer = _dialogue(pipeline, "乌海2025年城市生活污水集中收集率目标是多少", "处理率呢？")
    assert answer.standalone == "乌海2025年城市生活污水处理率目标是多少"
    assert answer.found and "98%以上" in answer.answer and "100%" not in answer.answer  # not 垃圾无害化处理率
    # A rate naming a thing of its own (农膜回收率) is its own topic; another kind of activity (覆盖) is not replaced.
    _, own = _dialogue(pipeline, "黔东南2025年秸秆综合利用率目标", "农膜回收率呢？")
    assert own.standalone.endswith("农膜回收率") and "85%以上" in own.answer
    _, other = _dialogue(pipeline, "乌海2025年森林覆盖率目标", "收集率呢？")
    assert "森林" not in other.standalone


def test_a_change_asked_alone_keeps_the_earlier_topic_and_its_base_year(pipeline):
    # 比2020年下降多少 names no topic of its own: the comparator and base year say how the figure is asked.
    _, answer = _dialogue(pipeline, "乌海2025年单位GDP能耗", "比2020年下降多少")
    assert answer.standalone == "乌海2025年单位GDP能耗比2020年下降多少"
    _, other = _dialogue(pipeline, "乌海2025年单位GDP能耗", "那宁夏较2020年降低多少")
    assert other.standalone == "宁夏2025年单位GDP能耗较2020年降低多少"


def test_when_the_cited_clauses_task_is_completed_is_its_deadline_line(pipeline):
    # 银川's 再生水 item: 再生水利用率 50% for 2025, then 完成时限:2025年12月底 on a line of its own.
    first, when = _dialogue(pipeline, "银川2025年再生水利用率是多少", "这项工作什么时候完成？")
    assert "50%" in first.answer and when.answer.startswith("完成时限:2025年12月底[1]")
    _, year = _dialogue(pipeline, "银川2025年再生水利用率是多少", "这个指标哪年要达到？")  # the figure's year
    assert "50%以上（2025年）" in year.answer


def test_what_an_earlier_turn_asked_is_not_carried_as_its_topic(pipeline):
    # 配合单位 was asked, not asked about: the measures follow-up asks of 再生水利用率 alone.
    *_, measures = _dialogue(pipeline, "银川2025年再生水利用率是多少", "配合单位有哪些？", "具体有哪些措施？")
    assert measures.standalone == "银川再生水利用率具体有哪些措施"
    # 单位 of 单位GDP names the figure: it stays in the topic a new place takes.
    _, other = _dialogue(pipeline, "乌海2025年单位GDP能耗下降多少", "银川呢？")
    assert "单位GDP能耗" in other.standalone


def test_measures_asked_after_a_duty_keep_the_topic_and_list_what_is_done(pipeline):
    *_, measures = _dialogue(pipeline, "黔东南2025年森林覆盖率是多少", "哪个部门牵头？", "有什么具体措施？")
    assert measures.standalone == "黔东南森林覆盖率有什么具体措施"
    # The target line (——森林覆盖率稳定保持在68%左右) states no measures: the clause that does answers, line by line.
    assert measures.found and measures.answer.startswith("- ") and measures.answer.count("\n- ") >= 2
    assert "按「" not in measures.answer


def test_a_duty_follow_up_reads_the_duty_line_of_the_cited_clauses_item(pipeline):
    # 银川 closes item 8 with its duty line as a chunk of its own: 牵头单位:市生态环境局 配合单位:市水务局…
    first, answer = _dialogue(pipeline, "银川2025年全市再生水利用率要稳定达到多少", "这项工作谁牵头？")
    assert first.found and "50%" in first.answer
    assert answer.found and answer.answer.startswith("牵头单位:市生态环境局")
    assert answer.citations[0].text.startswith("牵头单位")


def test_a_duty_line_in_traditional_script_is_read_for_the_cited_clause(pipeline):
    # 无锡's 总体目标 runs over two chunks; the second closes with (責任單位:市委組織部,…).
    first, answer = _dialogue(pipeline, "无锡2018年生活垃圾无害化处理率要达到多少", "责任单位有哪些？")
    assert first.found and "98%" in first.answer
    assert answer.found and answer.answer.startswith("責任單位:市委組織部")


def test_a_duty_line_answers_only_who_is_responsible(pipeline):
    answer = pipeline.chain.ask("宁夏交通运输领域的绿色低碳转型要采取哪些措施")
    assert not answer.answer.lstrip("(（").startswith(("责任单位", "牵头单位"))


def test_self_contained_question_inherits_nothing(pipeline):
    _, answer = _dialogue(pipeline, "2025年乌海森林覆盖率目标", "无锡2018年PM2.5年均浓度要降到多少")
    assert answer.interpretation == "" and answer.standalone == "无锡2018年PM2.5年均浓度要降到多少"
    assert "43微克/立方米" in answer.answer


def test_a_question_without_a_place_keeps_the_conversations_place_and_nothing_else(pipeline):
    _, answer = _dialogue(pipeline, "2025年黔东南森林覆盖率目标是多少", "湿地保护率要达到多少")
    assert answer.standalone == "黔东南湿地保护率要达到多少" and answer.interpretation
    assert answer.found and "50%" in answer.answer and answer.citations[0].region == "黔东南"


def test_a_span_of_years_pointing_back_asks_the_years_the_conversation_named(pipeline):
    *_, answer = _dialogue(
        pipeline,
        "黔东南2023年森林覆盖率目标",
        "2025年呢？",
        "地表水国控省控断面达到或优于三类的比例在那两个年份各是多少？",
    )
    assert "2023年和2025年" in answer.standalone and answer.interpretation
    assert "（2023年）[1]" in answer.answer and "（2025年）[2]" in answer.answer


def test_a_span_of_years_with_fewer_years_named_means_lately_and_inherits_no_year(pipeline):
    _, answer = _dialogue(pipeline, "黔东南2023年森林覆盖率目标", "湿地保护率这几年定的多少？")
    assert "2023" not in answer.standalone and "这几年" in answer.standalone


def test_followup_refusal_names_the_understood_question(pipeline):
    # 宁夏's plan sets no PM2.5 figure: the refusal says so in the resolved terms, never echoing "那宁夏呢？".
    _, answer = _dialogue(pipeline, "无锡2018年PM2.5年均浓度要降到多少", "那宁夏呢？")
    assert not answer.found and answer.interpretation and "那宁夏呢" not in answer.answer


def test_feedback_is_appended_with_the_answer(pipeline, tmp_path):
    access = open_access(tmp_path)
    chat = chat_for(pipeline, access)
    *_, (history, _, _, turns, kept) = chat("2025年乌海森林覆盖率目标", [], [], [], None)
    *_, (history, _, _, turns, kept) = chat("那银川呢？", history, [], turns, kept)
    on_like = make_feedback(access)
    on_like(turns, gr.LikeData(None, {"index": 3, "value": history[3]["content"], "liked": False}))
    on_like(turns, gr.LikeData(None, {"index": 1, "value": history[1]["content"], "liked": True}))
    # Only a plain verdict is taken from the click: anything else the client sends is not stored.
    assert "无效" in on_like(turns, gr.LikeData(None, {"index": 1, "value": "x", "liked": {"junk": "x" * 10**6}}))[0]
    records = access.feedback.records()
    assert [(r["question"], r["verdict"]) for r in records] == [
        ("那银川呢？", "down"),
        ("2025年乌海森林覆盖率目标", "up"),
    ]
    assert records[0]["standalone"] == "2025年银川森林覆盖率目标" and "16%以上" in records[0]["answer"]["answer"]
    # A verdict is a toggle: changing it replaces the earlier one, the same thumb again takes it back; a
    # reason goes onto the verdict just given, and only the rater's own.
    _, rated = on_like(turns, gr.LikeData(None, {"index": 1, "value": history[1]["content"], "liked": False}))
    assert make_reason(access)("引用的条款不相关", rated)[0] == "已记录原因，谢谢。"
    assert make_reason(access)("别人的评价", rated, _request("someone-else"))[0] == "该评价已撤回，原因未保存。"
    records = access.feedback.records()
    assert [(r["question"], r["verdict"], r["reason"]) for r in records] == [
        ("那银川呢？", "down", ""),
        ("2025年乌海森林覆盖率目标", "down", "引用的条款不相关"),
    ]
    assert on_like(turns, gr.LikeData(None, {"index": 3, "value": history[3]["content"], "liked": ""})) == (
        "已撤回评价。",
        None,
    )
    assert [r["question"] for r in access.feedback.records()] == ["2025年乌海森林覆盖率目标"]


def _request(user: str):
    """A stand-in for the gr.Request of a signed-in user (the handlers read only its username)."""

    class Signed:
        username = user

    return Signed()


def test_chat_turns_are_kept_and_drawn_again(pipeline, tmp_path):
    """Each turn the chat answers is kept in the local history as it is answered; opened again (a reload,
    another browser) the conversation shows the same messages and continues as a follow-up."""
    access = open_access(tmp_path)
    chat = chat_for(pipeline, access)
    *_, (history, _, _, turns, kept) = chat("2025年乌海森林覆盖率目标", [], [], [], None)
    *_, (history, _, _, turns, again) = chat("那银川呢？", history, [], turns, kept)
    assert again == kept
    [listed] = open_access(tmp_path).conversations.conversations(LOCAL_USER)
    assert listed.id == kept and listed.title == "2025年乌海森林覆盖率目标"
    stored = open_access(tmp_path).conversations.turns(LOCAL_USER, kept)
    assert stored == json.loads(json.dumps(turns)) and chat_messages(stored) == history  # spans: lists in JSON
    *_, (_, _, _, turns, still) = chat("2030年的呢？", chat_messages(stored), [], stored, kept)
    assert still == kept and turns[-1]["answer"]["standalone"].startswith("2030年银川")
    # A stopped answer (its question and partial text, never kept) leaves the chat with the next question:
    # two messages per kept turn, so 👍/👎 find the right turn by a message's place.
    stopped = [{"role": "user", "content": "停"}, {"role": "assistant", "content": "部分"}]
    *_, (after, _, _, kept_turns, _) = chat("2035年的呢？", chat_messages(stored) + stopped, [], stored, kept)
    assert len(after) == 2 * len(kept_turns) and "部分" not in str(after)
    # A question is drawn as text, now and when the conversation is opened again: no link, image or tag.
    *_, (marked, _, _, _, other) = chat("[点我](javascript:alert(1)) ![x](http://x/t.png) <b>粗</b>", [], [], [], None)
    again = chat_messages(open_access(tmp_path).conversations.turns(LOCAL_USER, other))
    assert all(s not in m[0]["content"] for m in (marked, again) for s in ("](", "<b>", "!["))


def test_export_keeps_every_answer_with_its_citations(pipeline):
    answers = _dialogue(pipeline, "2025年乌海森林覆盖率目标", "那银川呢？")
    text = conversation_markdown([{"question": a.question, "answer": a.to_dict()} for a in answers])
    assert text.count("> [1]") == 2 and "3.78%" in text and "16%以上" in text
    assert "按“2025年银川森林覆盖率目标”理解" in text


def test_cli_batch_answers_every_turn(pipeline, tmp_path):
    batch = tmp_path / "turns.jsonl"
    batch.write_text(
        json.dumps({"turns": ["2025年乌海森林覆盖率目标", "那银川呢？"]}, ensure_ascii=False)
        + "\n"
        + json.dumps({"question": "2025年乌海森林覆盖率目标"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    settings = pipeline.settings
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "ask",
            "--batch",
            str(batch),
            "--corpus",
            str(settings.corpus_dir),
            "--index",
            str(settings.index_dir),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    conversation, single = [json.loads(line) for line in run.stdout.splitlines()]
    assert [t["standalone"] for t in conversation["turns"]] == ["2025年乌海森林覆盖率目标", "2025年银川森林覆盖率目标"]
    assert "16%以上" in conversation["turns"][1]["answer"] and "3.78%" in single["answer"]


def test_cli_chat_keeps_the_conversation(pipeline):
    settings = pipeline.settings
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "chat",
            "--corpus",
            str(settings.corpus_dir),
            "--index",
            str(settings.index_dir),
        ],
        input="2025年乌海森林覆盖率目标\n那银川呢？\n\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "3.78%" in run.stdout and "按“2025年银川森林覆盖率目标”理解" in run.stdout and "16%以上" in run.stdout


def test_a_deadline_follow_up_reads_the_deadline_line_of_the_cited_clauses_item(pipeline):
    # Item 8 of 银川 closes with 牵头单位…配合单位…完成时限 lines: "它的完成时限" asks the last of them.
    _, duty, deadline = _dialogue(
        pipeline, "银川2025年全市再生水利用率要稳定达到多少", "这项工作谁牵头？", "它的完成时限呢？"
    )
    assert duty.found and duty.answer.startswith("牵头单位:市生态环境局")
    assert deadline.found and deadline.answer.startswith("完成时限:") and "年" in deadline.answer


def test_a_count_asked_before_its_noun_leaves_the_noun_as_the_topic():
    from assistant.conversation.followup import _split_ask

    assert _split_ask("甲市要新建多少座污水处理厂") == ("甲市要新建污水处理厂", "多少座污水处理厂")
    assert _split_ask("甲市森林覆盖率要达到多少") == ("甲市森林覆盖率", "要达到多少")
