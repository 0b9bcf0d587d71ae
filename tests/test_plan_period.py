"""The times a plan's figures apply to: a list lead-in's for its items; and whether the plan has ended (its
title's period or its latest target, whichever ends later)."""

from __future__ import annotations

from assistant.serve.runtime import open_pipeline
from assistant.settings import Settings

# The shape of a real five-year plan with a longer-range target (its lines written for this test).
PLAN = """某市“十四五”生态环境保护规划(2021—2025年)
一、主要目标
(一)近期目标
到2025年，全市森林覆盖率达到38%。
(二)远期目标
到2099年，全市森林覆盖率达到45%。
"""


def test_a_plan_with_later_targets_has_not_ended(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "某市-2021-生态环境保护规划.txt").write_text(PLAN, encoding="utf-8")
    pipeline = open_pipeline(
        Settings(corpus_dir=corpus, index_dir=tmp_path / "index", show_progress=False), notify=lambda message: None
    )
    doc_id = pipeline.index.documents[0].doc_id
    assert pipeline.retriever.indicators.plan_end(doc_id) == 2099
    answer = pipeline.chain.ask("2025年森林覆盖率要达到多少")
    assert answer.found and "38%" in answer.answer
    assert "规划期已结束" not in answer.answer


def test_a_list_lead_in_gives_its_time_to_its_items():
    from assistant.indicators.extract import corpus_indicators
    from assistant.ingest.chunking import split_clauses
    from assistant.ingest.loading import parse_document

    text = (
        "某市大气污染防治实施方案\n一、工作目标\n到2015年，全市空气质量明显改善，具体目标如下：\n"
        "——细颗粒物平均浓度下降10%。\n——优良天数比率达到80%。\n二、重点任务\n——建成区绿地率达到35%。\n"
    )
    document = parse_document(text, "某市-大气.txt")
    records = {r.name: r for r in corpus_indicators([document.meta], split_clauses(document))}
    assert records["细颗粒物平均浓度"].period.label == "2015年"
    assert records["优良天数比率"].period.label == "2015年"
    assert records["建成区绿地率"].period is None or records["建成区绿地率"].period.label != "2015年"
