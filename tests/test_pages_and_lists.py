"""Shapes of real pages (eval/corpus-dev13): a target table saved with its page's markup (达州: `<tr> <td> <div>…`
on one line).
"""

from __future__ import annotations

import pytest

from assistant.ingest.readers import read_file
from assistant.serve.runtime import Pipeline

from .conftest import DEV_CORPUS_13, dev_plans_pipeline

DAZHOU = "达州市-2021-十四五林业发展主要目标.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("pages13"), (DAZHOU,))


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
