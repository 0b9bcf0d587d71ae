"""Near misses on real pages of eval/corpus-dev16 that were answered with another figure: a concentration asked in
its unit (开封 states PM2.5 in 微克/立方米, no PM10 figure), a place of application (鄂州's 城市黑臭水体 asked of
农村), the water's state (黑臭 against a name of good waters), a day asked of a page giving only years (日照), and
what a five-year plan's look back found asked as its target (石嘴山's （一）实施成效)."""

from __future__ import annotations

import pytest

from assistant.serve.runtime import Pipeline

from .conftest import dev_plans_pipeline

KAIFENG = "开封市-2025-大气污染防治攻坚十大行动方案.txt"
EZHOU = "鄂州市-2022-深入打好污染防治攻坚战行动方案.txt"
RIZHAO = "日照市-2022-十四五生态环境保护规划.txt"
SHIZUISHAN = "石嘴山市-2022-生态环境保护十四五规划.txt"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("pages16"), (KAIFENG, EZHOU, RIZHAO, SHIZUISHAN))


def test_a_unit_after_how_many_asks_a_figure_not_a_named_set(plans):
    stated = plans.chain.ask("开封2025年PM2.5浓度要低于多少微克/立方米")
    assert stated.found and "43微克/立方米" in stated.answer
    other = plans.chain.ask("开封2025年PM10浓度低于多少微克/立方米")
    assert not other.found


def test_a_sentence_for_another_place_of_application_does_not_answer(plans):
    # 鄂州: 重污染天气、城市黑臭水体基本消除; nothing is said of the villages' waters.
    city = plans.chain.ask("鄂州2025年城市黑臭水体要达到什么要求")
    assert city.found and "城市黑臭水体基本消除" in city.answer
    village = plans.chain.ask("鄂州2025年农村的黑臭水体要达到什么要求")
    assert not village.found


def test_foul_waters_are_not_answered_by_a_share_of_good_waters(plans):
    answer = plans.chain.ask("鄂州黑臭水体的比例要达到多少")
    assert "按「地表水国控断面" not in answer.answer


def test_a_day_asked_is_not_answered_by_a_sentence_naming_only_years(plans):
    # 日照's page is a news lead: 近日,日照市人民政府印发《…规划》,提出,到2025年,…
    answer = plans.chain.ask("日照的十四五生态环境保护规划是哪一天印发的")
    assert not answer.found and "到2025年" not in answer.answer


def test_a_figure_under_a_look_back_is_of_the_last_five_year_plan(plans):
    # 石嘴山's “十四五” plan: 一、背景与形势 (一)实施成效 … 森林覆盖率达到6.54%.
    achieved = plans.chain.ask("石嘴山十三五期间森林覆盖率达到了多少")
    assert achieved.found and "6.54%" in achieved.answer and "十三五" in achieved.answer
    target = plans.chain.ask("石嘴山到2025年森林覆盖率要达到多少")
    assert not target.found
