"""What a question gives and when it asks, on real plans of the development corpora: a figure the question itself
states is never its answer; a stage named on its own line with its years (第一阶段(2024—2027年)) dates the targets
below it; 本世纪中叶 is a year a plan may not set; a "when" of a thing done in full is the date of the piece that says
so, not of a share done earlier; and a portal's record stacked one field over its value, or naming the 文号 as
文件编号, is read, each asked date answered; the years of a document a plan cites are those its title gives; 与 of
参与率 lists nothing; and a refusal quotes a range of water classes in Roman numerals, as asked."""

from __future__ import annotations

import pytest

from assistant.answer.document_record import asked_fields
from assistant.indicators.periods import time_phrases
from assistant.text.normalize import search_form

from .conftest import answered_with, dev_plans_pipeline

HUANGGANG = "黄冈市-2023-减污降碳协同增效实施方案.txt"
JILIN = "吉林市-2024-美丽江城建设规划.txt"
QINGSHEN = "青神县-2017-土壤污染防治行动计划工作方案.txt"
SUIZHOU = "随州市-2024-长江高水平保护提质增效行动方案.txt"
JINAN = "济南-2016-大气污染防治行动计划二期.txt"
XIAOGAN = "孝感市-2023-创建国家生态文明建设示范市工作实施方案草案.txt"
ZHAOQING = "肇庆市-2016-河涌长制实施方案.txt"
ZHONGLOU = "常州市钟楼区-2022-城乡生活垃圾分类工作实施方案.txt"


def refused(plans, question: str) -> None:
    """The question is refused (its refusal may quote the asker's figures, or list what the plan sets for other
    years)."""
    answer = plans.chain.ask(question)
    assert not answer.found, answer.answer


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(
        tmp_path_factory.mktemp("givens"), (HUANGGANG, JILIN, QINGSHEN, SUIZHOU, JINAN, XIAOGAN, ZHAOQING, ZHONGLOU)
    )


def test_a_figure_the_question_gives_is_not_its_answer(plans):
    # 基于已划定的120个环境管控单元探索开展“三线一单”减污降碳协同管控: how many units in all, nothing of a kind of them
    refused(plans, "黄冈划定的120个环境管控单元当中，重点管控单元占多少个？")
    # a figure the question names to check it (…是120个吗) is still the answer
    answered_with(plans, "黄冈已划定的环境管控单元是120个吗？", "120个")
    answered_with(plans, "黄冈已经划定了多少个环境管控单元？", "120个")


def test_a_stage_line_dates_the_targets_below_it(plans):
    # 第一階段(2024—2027年)。 then 空氣優良天數比例達到90%以上 on the next line: the first stage's target
    answered_with(plans, "吉林市第一阶段空气优良天数比例要达到多少？", "90%")
    answered_with(plans, "吉林市2027年空气优良天数比例定了多少？", "90%")
    refused(plans, "吉林市2030年空气优良天数比例定了多少？")


def test_the_middle_of_the_century_is_a_year_of_its_own(plans):
    # 受污染耕地安全利用率 94% (2020年) and 95%以上 (2030年); 到本世纪中叶 the plan states no figure
    assert [p.start for _, _, p in time_phrases("到本世纪中叶，土壤环境质量全面改善")] == [2050]
    # A horizon said in passing dates nothing (a list's lead-in keeps its own year)
    passing = "到2025年，全市环境质量明显改善，为本世纪中叶建成美丽城市奠定基础。主要目标如下："
    assert [p.start for _, _, p in time_phrases(passing)] == [2025]
    refused(plans, "青神到本世纪中叶受污染耕地的安全利用率定在多少？")
    answered_with(plans, "青神2030年受污染耕地的安全利用率定在多少？", "95%")


def test_when_a_thing_is_done_in_full_is_the_date_of_that_piece(plans):
    # 2024年底前完成70%的整治任务,2025年底前基本完成全部整治任务
    answer = answered_with(plans, "随州府澴河入河排污口的全部整治任务什么时候基本完成？", "2025年底前")
    assert not answer.startswith("完成整治任务"), answer  # not the 70% share's line
    answered_with(plans, "随州府澴河入河排污口完成七成整治任务的时限是哪年？", "2024年底前")


def test_a_record_stacked_field_over_value_answers_each_asked_date(plans):
    # 发布日期 / 2024-07-15 on two lines of the portal's index block; signed 2024年7月9日
    answer = answered_with(
        plans, "随州这份提质增效行动方案的印发时间和发布时间各是哪天？", "2024年7月9日", "2024-07-15"
    )
    assert answer.index("2024年7月9日") < answer.index("2024-07-15")  # asked in this order


def test_each_issuing_verb_asks_its_own_date_where_its_part_asks_when():
    def fields(question: str) -> list[str]:
        return asked_fields(search_form(question))

    assert fields("这份规划的印发时间和发布时间各是哪天？") == ["written_date", "published_date"]
    assert fields("这份规划哪天印发，哪天对外发布？") == ["written_date", "published_date"]
    # a verb inside a field's name asks that field; a verb of a part asking who asks the issuer only
    assert fields("这份规划的发布机构是哪个，什么时候发布的？") == ["issuer", "published_date", "written_date"]
    assert fields("这份规划的发布时间是哪天？由谁印发？") == ["published_date", "issuer"]


def test_a_portals_file_number_field_is_the_document_number(plans):
    # 文件编号 is what a portal calls the 文号 (文件编号: 济政字〔2016〕56号): asked so, the record answers it
    answered_with(plans, "济南大气污染防治行动计划二期的文件编号？", "济政字〔2016〕56号")
    answer = answered_with(plans, "随州提质增效行动方案的文件编号是多少？", "随政办发〔2024〕14号")
    assert "发文字号" in answer, answer


def test_the_years_of_a_cited_document_are_those_its_title_gives(plans):
    # 依据《孝感市创建国家生态文明建设示范市规划(修编)(2021-2027年)》: 修编 names it past the plan's own title
    answer = answered_with(plans, "孝感这份方案依据的示范市规划修编版，从哪一年到哪一年？", "2021-2027年")
    assert "修编" in answer, answer
    # 《南粤水更清行动计划(2013—2020年)》 and its city's 实施方案: both give the same years
    answered_with(plans, "肇庆河长制方案提到的南粤水更清行动计划是哪几年的？", "2013—2020年")


def test_the_yu_of_a_word_lists_nothing(plans):
    # 达标小区居民垃圾分类知晓率≥90%、参与率≥80%、准确率≥80%: 与 of 参与率 is no separator, 与 after it is
    answer = answered_with(plans, "钟楼区达标小区居民垃圾分类的参与率与知晓率要求各是多少？", "≥90%", "参与率≥80%")
    assert "未设定" not in answer, answer


def test_a_refusal_quotes_a_range_of_classes_as_asked(plans):
    # the search form reads Ⅱ类 as 二类 and leaves the Ⅰ of a range Latin (I-二类): the quote writes both again
    answer = plans.chain.ask("随州2025年Ⅰ-Ⅱ类水质断面比例要达到多少？")
    assert not answer.found and "Ⅰ-Ⅱ类水质断面比例" in answer.answer, answer.answer
