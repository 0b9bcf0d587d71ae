"""Two readings on real plans of the development corpora (天津's 2011 plan and 蓟州区's 2024 plan, a district of
天津):
- a count after a verb of what a whole consists of (分为27项约束性考核指标,5项参考性指标) is a figure named by what it
  counts, and the counts listed after it share the verb;
- a city written right before its district whose own plan the question names by title (天津市蓟州区2024年度…计划) is
  the district's address: only the district's plan is searched."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

TIANJIN = "天津市-2011-生态市建设行动计划.txt"
JIZHOU = "蓟州区-2024-生态文明建设工作计划.txt"


def test_counts_of_what_a_whole_consists_of(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (JIZHOU,))
    stated = {(i.name, i.value, i.unit) for i in plans.index.indicators}
    assert ("约束性考核指标", "27", "项") in stated
    assert ("参考性指标", "5", "项") in stated


def test_a_city_before_its_districts_named_plan_is_an_address(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (TIANJIN, JIZHOU))
    jizhou = next(d.doc_id for d in plans.index.documents if d.region == "蓟州区")
    result = plans.chain.retriever.search("天津市蓟州区2024年度生态文明建设工作计划提出的参考性指标有多少项？")
    assert result.scope.doc_ids == (jizhou,)
    answered_with(plans, "天津市蓟州区2024年度生态文明建设工作计划提出的参考性指标有多少项？", "5项")
