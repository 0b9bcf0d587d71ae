"""Who issued a plan, on real pages of eval/corpus-dev15: a joint notice signed by fifteen bodies, two to a line,
the last of them no government body (丹东); and a portal's publisher field (发布机构: its office) beside the
signature of the body that issued the plan (大兴安岭地区行政公署)."""

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
