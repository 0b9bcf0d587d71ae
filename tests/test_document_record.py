"""A document's record (发文字号, 成文日期) read from real captures of the development corpus, and
questions about it answered from the record, cited to the line that states it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.answer.document_record import asked_fields
from assistant.answer.drafting_body import asks_drafter
from assistant.ingest.loading import load_document
from assistant.serve.runtime import open_pipeline
from assistant.settings import Settings
from assistant.text.normalize import search_form

from .conftest import DEV_CORPUS_3, dev_plans_pipeline

DEV = Path(__file__).resolve().parents[1] / "eval" / "corpus-dev"
GONGSHU = DEV / "拱墅区-2018-清洁排放区建设暨大气污染防治实施计划.txt"
TONGLIAO = DEV / "通辽-2023-推动城乡建设绿色发展实施方案.txt"
SUZHOU = DEV / "苏州-2022-碳达峰碳中和实施意见.txt"
MEIZHOU = DEV.with_name("corpus-dev14") / "梅州市-2012-绿满梅州大行动工作方案.txt"


@pytest.mark.parametrize(
    ("path", "number", "date"),
    [
        (GONGSHU, "拱政办发〔2018〕42号", "2018-09-28"),  # a number line under the title, the date in the signature
        (TONGLIAO, "通政办发〔2023〕63号", "2023-11-04"),
        (SUZHOU, "苏委发〔2022〕7 号", "2022-03-17"),  # a PDF repost: spaces inside, the date in brackets
        (MEIZHOU, "梅市府办〔2012〕6号", "2012-03-02"),  # signed in Chinese numerals: 二〇一二年三月二日
    ],
)
def test_record_read_from_the_opening_and_the_signature(path, number, date):
    meta = load_document(path).meta
    assert meta.doc_number == number and meta.written_date == date


def test_a_law_database_capture_gives_issuer_and_date():
    # 定西's capture opens with 颁布单位:甘肃省定西市人民政府 | 文号: | and 颁布日期:2012-05-21 | 失效日期: |
    meta = load_document(DEV / "定西-2012-进一步加强环境保护工作的意见.txt").meta
    assert meta.written_date == "2012-05-21" and meta.issuer == "甘肃省定西市人民政府"


def test_a_number_after_a_red_headers_word_is_the_documents_even_run_into_the_text():
    # 南通's PDF copy runs its header into one line: …南通市人民政府办公室文件 通政办发〔2019〕33号―2―南通市…
    meta = load_document(DEV_CORPUS_3 / "南通-2019-水污染防治工作计划.txt").meta
    assert meta.doc_number == "通政办发〔2019〕33号"


def test_a_number_cited_inside_a_sentence_is_not_the_documents():
    # 定西's opening cites 国发[2011]35号 and others in a sentence; its own number is not stated.
    assert load_document(DEV / "定西-2012-进一步加强环境保护工作的意见.txt").meta.doc_number is None


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("拱墅区实施计划的文号是什么", "doc_number"),
        ("这个方案的发文字号", "doc_number"),
        ("通辽的实施方案是哪天印发的", "written_date"),
        ("该文件什么时候印发", "written_date"),
        ("通辽那个实施方案，市政府办公室哪天发的通知", "written_date"),  # 印发 said as a bare 发
        ("通辽的实施方案哪天发展起来的", None),
        ("实施意见的发文机关", "issuer"),
        ("预警信息由谁发布", None),  # asks who issues a warning, not who issued the plan
        ("2025年森林覆盖率目标", None),
    ],
)
def test_asked_field(question, field):
    assert asked_fields(search_form(question)) == ([field] if field else [])


def test_record_questions_are_answered_and_cited(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (GONGSHU, TONGLIAO):
        shutil.copy(path, corpus / path.name)
    pipeline = open_pipeline(
        Settings(corpus_dir=corpus, index_dir=tmp_path / "index", show_progress=False), notify=lambda message: None
    )
    answer = pipeline.chain.ask("拱墅区清洁排放区建设实施计划的文号是什么？")
    assert answer.found and "拱政办发〔2018〕42号[1]" in answer.answer
    ((start, end),) = answer.citations[0].quotes
    assert answer.citations[0].text[start:end] == "拱政办发〔2018〕42号"
    answer = pipeline.chain.ask("通辽市推动城乡建设绿色发展实施方案是哪天印发的")
    assert answer.found and "2023年11月4日[1]" in answer.answer
    both = pipeline.chain.ask("拱墅区清洁排放区建设实施计划的文号和成文日期各是什么？")
    assert both.found and "拱政办发〔2018〕42号[" in both.answer and "成文日期：" in both.answer


def test_when_a_plan_was_published_gives_the_pages_publishing_date_then_the_written_one(tmp_path):
    assert asked_fields(search_form("该文件什么时候发布")) == ["published_date", "written_date"]
    # 阳泉's portal table: 成文日期 2025-05-22, 发布日期 2025-05-30.
    pipeline = dev_plans_pipeline(tmp_path, ("阳泉市-2025-全面推进美丽阳泉建设实施方案.txt",))
    answer = pipeline.chain.ask("阳泉这个实施方案是哪天发布的？")
    assert answer.found and answer.grounded
    published, written = answer.answer.splitlines()
    assert published.endswith("的发布日期：2025-05-30[1]") and written.endswith("的成文日期：2025-05-22[1]")
    assert pipeline.chain.ask("阳泉这个实施方案是哪天印发的？").answer.endswith("的成文日期：2025-05-22[1]")


def test_a_date_line_the_page_shares_with_its_chrome_is_kept_as_the_record(pipeline):
    # 乌海's capture: 发布时间:2022年11月21日 作者: 来源:乌海市生态环境局 浏览次数: (a view counter on the line).
    answer = pipeline.chain.ask("乌海这个实施方案什么时候发布的？")
    assert answer.found and answer.answer.endswith("的发布日期：2022年11月21日[1]")
    assert answer.citations[0].heading == "文件信息"


def test_a_question_asking_several_record_fields_gets_each_in_its_order():
    assert asked_fields(search_form("这个方案什么时候印发的，由谁发布")) == ["written_date", "issuer"]
    assert asked_fields(search_form("实施意见的文号和发文机关")) == ["doc_number", "issuer"]


def test_a_document_the_plan_cites_is_not_answered_from_the_plans_record(tmp_path):
    # 廊坊's plan (成文 2017-12-21) cites 《廊坊市创建国家森林城市建设总体规划》, issued 2016-12-15.
    pipeline = dev_plans_pipeline(tmp_path, ("廊坊-2017-创建国家森林城市实施方案.txt",))
    cited = pipeline.chain.ask("《廊坊市创建国家森林城市建设总体规划》是哪天印发的")
    assert "2017-12-21" not in cited.answer
    own = pipeline.chain.ask("《廊坊市创建国家森林城市实施方案》是哪天印发的")
    assert own.found and "2017-12-21" in own.answer


def test_cosigners_signed_line_by_line_are_the_issuers_and_answer_who_issued_the_plan(tmp_path):
    # 三明's plan is signed by seven bureaus, two to a line, above its date; two clauses hold the lines.
    pipeline = dev_plans_pipeline(tmp_path, ("三明-2022-减污降碳协同增效实施方案.txt",))
    answer = pipeline.chain.ask("三明市减污降碳协同增效实施方案是由哪些部门印发的")
    assert answer.found and "的发文机关：三明市生态环境局、三明市发展和改革委员会、" in answer.answer
    assert answer.answer.rstrip().endswith("三明市城市管理局[2]")  # a clause boundary splits the signature


def test_who_drew_a_plan_up_is_the_sentence_saying_so_else_a_refusal_giving_its_issuer(tmp_path):
    # 三明's preamble ends "…，市生态环境局等七部门商市委宣传部等…，制定本实施方案"; 龙岗's draft names no drafter
    # in a sentence, only the body on its cover, which the record reads as its issuer.
    pipeline = dev_plans_pipeline(
        tmp_path, ("三明-2022-减污降碳协同增效实施方案.txt", "深圳市龙岗区-2020-生态环境保护十四五规划征求意见稿.txt")
    )
    stated = pipeline.chain.ask("三明市减污降碳协同增效实施方案是哪些部门制定的？")
    assert stated.found and stated.answer.startswith("市生态环境局等七部门商") and "制定本实施方案[1]" in stated.answer
    cover = pipeline.chain.ask("龙岗区生态环境保护“十四五”规划由哪家单位编制")
    assert not cover.found and cover.answer.startswith("未在已收录的文件中找到：文件未写明由哪个单位编制；")
    assert "的发文机关：深圳市生态环境局龙岗管理局[1]" in cover.answer


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("这个方案是哪个部门编制的", True),
        ("本规划由几个部门共同制定", True),
        ("由哪个部门负责编制年度计划", True),  # asked; answered only when the plan named is the document itself
        ("规划编制工作什么时候完成", False),  # asks when, not who
        ("谁负责湖长制考核", False),  # no drafting
    ],
)
def test_asks_who_drew_a_document_up(question, asked):
    assert asks_drafter(search_form(question)) is asked
