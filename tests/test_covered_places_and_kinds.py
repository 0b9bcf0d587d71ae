"""A county named without 县 where a document covers it (also when that name is a word and opens the question), a
news headline soliciting opinions is no title, another kind of the asked thing named, a flow never a share, a
five-year plan's period against another's, a title's bracketed span and an opening naming the plan, on real plans
of eval/corpus-dev10 (青神, 商城, 武汉, 固原, 大观)."""

from __future__ import annotations

import pytest

from assistant.retrieval.asked_quantity import kind_fits, unit_kind
from assistant.retrieval.evidence import another_kind_named
from assistant.serve.runtime import Pipeline
from assistant.text.thesaurus import only_a_place_name

from .conftest import dev_plans_pipeline

PLANS = (
    "青神县-2017-土壤污染防治行动计划工作方案.txt",
    "商城县-2017-清洁土壤行动计划.txt",
    "武汉市-2022-应对气候变化十四五规划征求意见稿.txt",
    "固原市-2023-城乡生活垃圾分类及无害化处理中长期专项规划.txt",
    "大观区-2019-创建省级生态文明建设示范区.txt",
)


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Pipeline:
    return dev_plans_pipeline(tmp_path_factory.mktemp("covered"), PLANS)


def test_a_covered_county_answers_to_its_name_without_its_suffix(plans):
    # 青神: 污染地块安全利用率90%以上 (2020); 商城 is a word of general Chinese (a mall), so it stays one.
    aliases = plans.retriever.scoper.aliases
    assert aliases["青神"].name == "青神县" and "商城" not in aliases
    answer = plans.chain.ask("青神到2020年污染地块的安全利用率定了多少")
    assert answer.found and "90%" in answer.answer


def test_a_headline_soliciting_opinions_is_no_title(plans):
    titles = {d.source: d.title for d in plans.index.documents}
    assert not titles["武汉市-2022-应对气候变化十四五规划征求意见稿.txt"].endswith("征求意见")


@pytest.mark.parametrize(
    ("term", "name", "other"),
    [
        ("文化产业", "战略性新兴产业增加值占GDP比重", True),  # 产业 of another kind
        ("文化产业", "数字经济核心产业增加值占GDP比重", True),
        ("文化产业", "服务业增加值占GDP的比重", False),  # names no 产业: may be the asked one in other words
    ],
)
def test_another_kind_of_the_asked_thing_named(term, name, other):
    assert another_kind_named(term, name) is other


def test_a_share_of_one_industry_is_not_read_as_another_industrys(plans):
    # 武汉 sets 战略性新兴产业…, 数字经济核心产业… and 服务业增加值占GDP的比重, none for culture.
    answer = plans.chain.ask("武汉到2025年文化产业增加值在全市GDP里的比重是多少")
    first = answer.answer.splitlines()[0]
    assert "新兴产业" not in first.split("相近的指标")[0] and "核心产业" not in first.split("相近的指标")[0]


def test_a_flow_is_never_a_share(plans):
    assert unit_kind("吨/日") == "flow" and not kind_fits("percent", "flow") and kind_fits("mass", "flow")
    # 固原: 全区建成生活垃圾焚烧能力7050吨/日 … 县城实现生活垃圾焚烧处理能力占50%以上.
    answer = plans.chain.ask("固原到2025年底县城生活垃圾焚烧处理能力的占比是多少")
    assert answer.found and "50%" in answer.answer and "7050" not in answer.answer


def test_a_bracketed_span_in_the_title_is_the_plans_period(plans):
    # 固原's plan runs 2023-2035: its 2025 targets are no ended plan's.
    answer = plans.chain.ask("固原到2025年底县城生活垃圾焚烧处理能力的占比是多少")
    assert "规划期已结束" not in answer.answer


def test_another_five_year_plans_period_does_not_answer(plans):
    # 武汉 states only what “十三五” achieved: 单位GDP二氧化碳排放累计下降…超额完成“十三五”期间下降20.5%的规划目标.
    answer = plans.chain.ask("武汉十四五时期单位GDP的二氧化碳排放计划降低多少")
    assert not answer.found


def test_an_opening_naming_the_plan_is_not_what_is_asked(plans):
    # 大观's news page lists 生態文明建設工作占黨政實績考核的比例≥20% and 公眾綠色出行率≥40%; the opening names its
    # campaign (创建…生态文明…示范区), whose words are no figure's name.
    answer = plans.chain.ask("大观区创建生态文明示范区，公众绿色出行率要达到多少")
    assert answer.found and "40%" in answer.answer
    answer = plans.chain.ask("大观区创建生态文明示范区，市民坐公交上班的比例要达到多少")
    assert not answer.found or "20%" not in answer.answer


def test_a_covered_name_that_is_also_a_word_asks_about_the_place_only_when_the_question_opens_with_it(plans):
    # 商城 (a mall) stays a word inside a question, but a question opening with it asks about 商城县; 青神 and
    # 商城 both set 污染地块安全利用率 for 2020, so the place decides.
    opening = plans.retriever.scoper.opening_aliases
    assert opening["商城"].name == "商城县" and opening["大观"].name == "大观区"
    asked = plans.retriever.parse("商城这边2020年受污染耕地安全利用率要多少")
    assert [p.name for p in asked.places] == ["商城县"]
    assert not plans.retriever.parse("网上商城销售的塑料袋有多少").places
    answer = plans.chain.ask("商城这边2020年受污染耕地安全利用率要多少")
    assert answer.found and "90%" in answer.answer


def test_a_name_general_chinese_knows_only_as_a_place_is_no_word():
    assert only_a_place_name("常州") and only_a_place_name("鄂尔多斯")
    assert not only_a_place_name("商城") and not only_a_place_name("平山") and not only_a_place_name("乌海子")
