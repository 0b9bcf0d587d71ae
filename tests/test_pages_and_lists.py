"""Shapes of real pages (eval/corpus-dev13, and a table copied a cell per line with bars from eval/corpus-dev14): a target table saved with its page's markup (达州: `<tr> <td> <div>…`
on one line); a notice naming the drafter of three plans it puts out for comment (七台河, in Traditional script); a
report of a plan's targets, asked how things stand now (六安); a span of years a plan gives itself (赤峰); a page
that lost its line breaks and marks its plan repealed (微山); figures stated respectively after the things were
named in turn (秀洲).
"""

from __future__ import annotations

import pytest

from assistant.ingest.readers import read_file
from assistant.serve.runtime import Pipeline
from assistant.serve.web.render import document_status

from .conftest import DEV_CORPUS_13, dev_plans_pipeline

DAZHOU = "达州市-2021-十四五林业发展主要目标.txt"
QITAIHE = "七台河市-2024-绿地系统生物多样性公园体系规划征求意见.txt"
LUAN = "六安市-2019-畜禽养殖废弃物资源化利用.txt"
CHIFENG = "赤峰市-2023-两大沙地歼灭战.txt"
WEISHAN = "微山县-2019-重污染天气应急预案.txt"
XIUZHOU = "秀洲区-2014-三河污染综合整治目标任务.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("pages13"), (DAZHOU, QITAIHE, LUAN, CHIFENG, WEISHAN, XIUZHOU))


def test_a_page_saved_with_its_markup_is_read_as_the_page():
    path = DEV_CORPUS_13 / DAZHOU
    text = read_file(path)
    assert "<td>" not in text and "<p" not in text
    # The target table's rows are named by 指标名称 (not 类别 or 序号), a bracketed unit moved onto the figures.
    assert "——2020年，森林覆盖率45.31%；2025年，森林覆盖率46.3%（类别：生态建设）（属性：约束性）。" in text
    assert "2025年，森林蓄积量5000万立方米" in text
    assert path.read_text(encoding="utf-8").count("<td>") > 10


def test_a_table_row_of_a_page_answers_with_its_year(plans):
    answer = plans.chain.ask("达州2025年森林蓄积量要达到多少")
    assert answer.found and "5000万立方米" in answer.answer
    assert "森林蓄积量5000万立方米" in answer.citations[0].text


def test_the_drafter_of_plans_named_among_others_sharing_their_kind(plans):
    answer = plans.chain.ask("七台河的绿地系统和公园体系两个规划由哪个单位起草")
    assert answer.found and "園林事業發展中心牽頭起草" in answer.answer
    # A public institution (…中心) signs too: the notice's issuer is read from its signature.
    issuers = {d.region: d.issuer for d in plans.index.documents}
    assert issuers["七台河"] == "七臺河市園林事業發展中心"


def test_how_things_stand_now_is_never_a_target_for_later(plans):
    now = plans.chain.ask("六安现有规模养殖场多少家")
    assert not now.found
    target = plans.chain.ask("六安到2020年要完成多少家规模养殖场的设施改造")
    assert target.found and "400家" in target.answer


def test_how_many_years_is_answered_by_a_span_of_years(plans):
    answer = plans.chain.ask("赤峰实现沙化土地治理全覆盖需要几年")
    assert answer.found and "5到7年" in answer.answer
    assert "幾十年" not in answer.answer


def test_an_answer_from_a_page_marked_repealed_says_so(plans):
    answer = plans.chain.ask("微山重污染天气应急预案的发文字号")
    assert answer.found and "微政办字〔2019〕24号" in answer.answer
    assert "页面标注为已废止" in answer.answer
    # Any answer from it carries the note, once.
    other = plans.chain.ask("微山县所说的重污染天气指AQI大于多少")
    assert other.found and "200" in other.answer and other.answer.count("已废止") == 1
    # The documents tab shows it as the document's status.
    weishan = next(d for d in plans.index.documents if d.region == "微山县")
    assert document_status(plans, weishan) == "页面标注为已废止"


def test_a_statement_of_purpose_answers_only_why_the_plan_was_made(plans):
    why = plans.chain.ask("微山制定重污染天气应急预案的目的是什么")
    assert why.found and "为妥善应对重污染天气" in why.answer
    # Its words (预警, 重污染天气) are no answer to what the plan does not say.
    assert not plans.chain.ask("微山县重污染天气的橙色预警由谁发布").found


def test_figures_stated_respectively_go_to_the_things_named_in_turn(plans):
    answer = plans.chain.ask("秀洲区的垃圾河与黑臭河分别完成年度目标任务百分之几")
    assert answer.found
    assert "垃圾河：181.2%" in answer.answer and "黑臭河：173.8%" in answer.answer


def test_a_barred_table_of_a_district_plan_a_city_page_carries(tmp_path):
    plans = dev_plans_pipeline(tmp_path, ("丰台区-2021-十四五时期生态环境保护规划.txt",))
    assert {d.region for d in plans.index.documents} == {"丰台区"}  # 北京:关于印发《丰台区…规划》的通知
    answer = plans.chain.ask("丰台区2020年氮氧化物削减率现状是多少")
    assert answer.found and answer.answer.splitlines()[0].startswith("氮氧化物削减率现状45%")
    # The row's other column for that year (its 2020年目标) comes with it: staff rarely say the column's word.
    plain = plans.chain.ask("丰台区2020年实际的氮氧化物削减率")
    assert plain.found and "25%" in plain.answer and "现状45%" in plain.answer
