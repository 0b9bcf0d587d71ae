"""Who issued a plan and who does a task, on real pages of eval/corpus-dev15: a joint notice signed by fifteen
bodies, two to a line, the last of them no government body (丹东); a portal's publisher field (发布机构: its office)
beside the signature of the body that issued the plan (大兴安岭地区行政公署), and a rate it never states; a duty note
in 〔〕 a full stop ends before its bracket does (玉林)."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

DANDONG = "丹东市-2023-噪声污染防治三年行动方案.txt"
DAXINGANLING = "大兴安岭地区-2022-湿地保护十四五规划和中长期目标.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("signatures"), (DANDONG, DAXINGANLING))


def _issuer(plans: Pipeline, source: str) -> str:
    return next(d.issuer for d in plans.index.documents if d.source == source) or ""


def test_a_joint_signature_block_names_every_cosigner(plans):
    issuers = _issuer(plans, DANDONG).split("、")
    assert issuers[0] == "丹东市生态环境局" and len(issuers) == 15
    assert issuers[-1] == "中国铁路沈阳局集团有限公司丹东站"
    answer = plans.chain.ask("丹东的噪声污染防治三年行动方案由哪些单位共同印发？")
    assert "丹东市公安局" in answer.answer and "丹东海事局" in answer.answer


def test_the_signature_comes_before_a_portals_publisher_field(plans):
    assert _issuer(plans, DAXINGANLING) == "黑龙江省大兴安岭地区行政公署"


def test_a_duty_note_in_hexagonal_brackets_ended_by_a_full_stop_names_who_is_responsible(tmp_path):
    # 玉林: 〔市生态环境局、发展改革委…等按职责分工负责。责任单位:各县(市、区)人民政府…〕 closes the task.
    plan = dev_plans_pipeline(tmp_path, ("玉林市-2024-十四五降碳目标工作实施方案.txt",))
    answer = plan.chain.ask("玉林做好项目审批和生态环境准入这块工作，是哪些部门在负责？")
    assert answer.found and "市生态环境局、发展改革委、工业和信息化局" in answer.answer


def test_a_rate_asked_is_not_read_from_a_share_that_never_says_what_is_done(plans):
    # 大兴安岭 states 湿地总面积…约占全区总面积的17.40% and no protection rate; 保护 stands only in the title.
    answer = plans.chain.ask("大兴安岭这份湿地规划到十四五结束时湿地的保护率要到多少？")
    assert not answer.found and "17.40%" not in answer.answer
