"""A plan named with its five-year period, and water classes in Traditional script, on real plans of the development
corpora: 河北's plan is titled without “十四五”, so the period said before its title in a question is part of the
plan's name, not a word its figures must hold; and Ⅲ類 reads as Ⅲ类 does (三类), so a figure quoted from a page in
Traditional script names the class a question asks."""

from __future__ import annotations

import pytest

from assistant.text.normalize import search_form

from .conftest import answered_with, dev_plans_pipeline

HEBEI = "河北省-2021-十四五水生态环境保护规划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return dev_plans_pipeline(tmp_path_factory.mktemp("plan_period"), (HEBEI,))


def test_the_period_before_a_title_names_the_plan(plans) -> None:
    answer = answered_with(plans, "河北“十四五”水生态环境保护规划里京津水源上游流域优良水体的比例是多少？", "100%")
    assert not answer.startswith("按「"), answer


@pytest.mark.parametrize("written", ["Ⅲ類", "Ⅲ类", "III類", "三類"])
def test_a_class_in_traditional_script_is_the_class(written: str) -> None:
    assert search_form(f"水質穩定保持{written}") == "水质稳定保持三类"
    assert search_form("劣Ⅴ類水體") == "劣五类水体"
