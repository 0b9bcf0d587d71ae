"""How to reach those a plan names for comments (its telephone number, e-mail address, postcode), read from real
notices of the development corpora and cited; a plan that writes none of the asked kind is refused, with those it
does write. And a notice's date run into a flattened page's line after its signature, read as its 成文日期."""

from __future__ import annotations

import pytest

from assistant.answer.contact_details import asked_kinds
from assistant.text.normalize import search_form

from .conftest import dev_plans_pipeline

QITAIHE = "七台河市-2024-绿地系统生物多样性公园体系规划征求意见.txt"
HANDAN = "邯郸-2025-空气质量限期达标规划征求意见稿.txt"
WEISHAN = "微山县-2019-重污染天气应急预案.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("contacts"), (QITAIHE, HANDAN, WEISHAN))


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("意见寄到哪个邮箱？", ["电子邮箱"]),
        ("咨询电话是多少", ["联系电话"]),
        ("甲市生态环境局的联系电话", ["联系电话"]),
        ("邮编和电话各是什么？", ["联系电话", "邮政编码"]),
        ("想用电话反映情况的号码？", ["联系电话"]),  # the number asked a few words after its kind
        ("12345热线受理量要达到多少件？", []),  # a hotline named as what is counted: a figure is asked
        ("邮件通知的范围有哪些单位？", []),
    ],
)
def test_asked_kinds(question, labels):
    assert [k.label for k in asked_kinds(search_form(question))] == labels


def test_a_written_contact_is_answered_and_cited(plans):
    # 邯郸: 联系电话:0310-3012275 / 电子邮箱:kqqx2023@163.com
    answer = plans.chain.ask("邯郸空气质量达标规划征求意见,打哪个电话咨询？")
    assert answer.found and "0310-3012275" in answer.answer and answer.citations, answer.answer
    answer = plans.chain.ask("邯郸空气质量达标规划的意见发到什么邮箱？")
    assert answer.found and "kqqx2023@163.com" in answer.answer, answer.answer


def test_a_postcode_of_a_traditional_script_page_is_read(plans):
    # 七台河 (Traditional script): …沿河街63號園林事業發展中心城市綠化辦公室(郵編:154600)
    answer = plans.chain.ask("七台河三个规划征求意见,信寄过去邮编是多少？")
    assert answer.found and "154600" in answer.answer, answer.answer


def test_a_contact_the_plan_does_not_write_is_refused_with_those_it_does(plans):
    # 七台河 takes comments by e-mail and by letter only.
    answer = plans.chain.ask("七台河三个规划征求意见的联系电话是多少？")
    assert not answer.found and "联系电话" in answer.answer, answer.answer
    assert "cslhbgs@126.com" in answer.answer and "154600" in answer.answer, answer.answer


def test_a_signature_date_run_into_a_flattened_line_is_the_written_date(plans):
    # 微山's page runs …请认真组织实施。 微山县人民政府办公室 2019年9月22日 (此件公开发布) into one line.
    answer = plans.chain.ask("微山县重污染天气应急预案是什么时候印发的？")
    assert answer.found and "2019年9月22日" in answer.answer, answer.answer
