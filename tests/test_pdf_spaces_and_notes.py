"""Shapes of real pages (eval/corpus-dev16): a plan copied from a PDF with its line-break spaces inside names (鄂州); a
title wrapped before its bracketed period, under a notice that gives no 文号 (赣州); tasks closed by a bracketed note
saying which bodies are responsible (开封); a campaign's span of dates asked colloquially (咸阳).
"""

from __future__ import annotations

import pytest

from assistant.retrieval.question import parse_question
from assistant.serve.runtime import Pipeline
from assistant.text.gazetteer import default_gazetteer

from .conftest import dev_plans_pipeline

EZHOU = "鄂州市-2022-深入打好污染防治攻坚战行动方案.txt"
GANZHOU = "赣州市-2022-水土保持高质量发展先行区实施方案.txt"
KAIFENG = "开封市-2025-大气污染防治攻坚十大行动方案.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("pages16"), (EZHOU, GANZHOU, KAIFENG))


def test_a_space_a_pdf_left_inside_a_name_is_not_part_of_it(plans):
    names = [i.name for i in plans.retriever.indicators.indicators]
    assert "省控断面达标率" in names and not any(" " in n for n in names)
    answer = plans.chain.ask("鄂州省控断面达标率2025年的目标")
    assert answer.found and "85.7%" in answer.answer


def test_a_title_wrapped_before_its_bracketed_period_is_read_whole(plans):
    titles = {d.region: d.title for d in plans.index.documents}
    assert titles["赣州"] == "赣州市建设全国水土保持高质量发展先行区实施方案(2022-2025年)"


def test_a_document_number_asked_is_never_a_sentence_without_one(plans):
    # The notice above the plan says when the city's meeting passed it (第9次常务会), and gives no number.
    assert not plans.chain.ask("赣州水土保持先行区的实施方案文号是什么").found
    named = plans.chain.ask("赣州市建设全国水土保持高质量发展先行区实施方案的文号")
    assert not named.found and "未写明发文字号" in named.answer


def test_a_bracketed_note_of_who_is_responsible_answers_who(plans):
    answer = plans.chain.ask("开封淘汰落后低效产能由哪些部门负责")
    assert answer.found and "市工业和信息化局、市发展改革委、市生态环境局按职责分工负责" in answer.answer


def test_the_words_of_a_from_when_to_when_frame_name_nothing_asked():
    question = parse_question("咸阳秋冬季攻坚是从啥时候干到啥时候", default_gazetteer())
    assert question.wants_when and question.key_terms == ("秋冬季", "攻坚")
