"""The indicator table on the real documents, and figure questions answered from it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.errors import SynonymFileError
from assistant.indicators.extract import corpus_indicators
from assistant.indicators.periods import plan_period
from assistant.indicators.synonyms import parse_synonyms
from assistant.ingest.chunking import split_clauses
from assistant.ingest.loading import load_document, parse_document
from assistant.ingest.readers import read_file
from assistant.text.normalize import search_form
from tests.conftest import DEV_CORPUS_4, ROOT


def _table(documents, chunks, region):
    return corpus_indicators([documents[region].meta], chunks[region])


def _find(table, name, figure):
    found = [i for i in table if i.name == name and i.figure == figure]
    assert found, f"{name} {figure} not in {[(i.name, i.figure) for i in table]}"
    return found[0]


def test_wuhai_forest_cover_record(documents, chunks):
    ind = _find(_table(documents, chunks, "乌海"), "森林覆盖率", "3.78%")
    assert (ind.comparator, ind.period.label, ind.period.source) == ("达到", "2025年", "sentence")
    text = documents["乌海"].text
    assert text[ind.figure_start : ind.figure_end] == "3.78%"
    assert text[ind.start : ind.end] == "森林覆盖率达到3.78%"


def test_baseline_and_unit_kept(documents, chunks):
    table = _table(documents, chunks, "乌海")
    water = _find(table, "用水总量", "2.33亿立方米以内")
    assert water.comparator == "控制在"
    change = _find(table, "万元GDP用水量和万元工业增加值", "20%")
    assert (change.baseline, change.comparator) == ("2020年", "下降")


def test_respectively_list_gets_one_name_each(documents, chunks):
    # 城市、城鎮污水處理率分別達到95%、85%左右 (Traditional source, names in the search form)
    table = _table(documents, chunks, "无锡")
    assert _find(table, "城市污水处理率", "95%").period.label == "2018年底前"
    assert _find(table, "城镇污水处理率", "85%左右")
    assert _find(table, "二氧化硫排放量", "5.0%") and _find(table, "氮氧化物排放量", "8.0%")


def test_periods_from_heading_and_five_year_plan(documents, chunks):
    table = _table(documents, chunks, "黔东南")
    forests = [i for i in table if i.name == "森林覆盖率"]
    assert {(i.figure, i.period.label, i.period.source) for i in forests} >= {
        ("68%", "2023年", "heading"),
        ("68%左右", "2025年", "heading"),
    }
    energy = _find(table, "单位地区生产总值能源消耗", "13%")
    assert (energy.period.start, energy.period.end, energy.period.label) == (2021, 2025, "“十四五”期间")
    yinchuan = _find(_table(documents, chunks, "银川"), "森林覆盖率", "16%以上")
    assert yinchuan.period.label == "“十四五”期间"


def test_plan_period_from_titles(documents):
    assert plan_period(documents["黔东南"].meta, search_form(documents["黔东南"].meta.title)).label == "2023—2025年"
    assert plan_period(documents["银川"].meta, search_form(documents["银川"].meta.title)).label == "2023—2025年"
    assert plan_period(documents["无锡"].meta, search_form(documents["无锡"].meta.title)).label == "2018年"


def test_modifiers_and_counts_are_not_figures(documents, chunks):
    table = _table(documents, chunks, "乌海")
    # 建成区公园绿地500米服务半径覆盖率不低于80%: 500米 is part of the name
    assert not [i for i in table if i.figure == "500米"]
    assert _find(table, "建成区公园绿地500米服务半径覆盖率", "80%")
    # a count with its object after it: 基本建成9个综合性煤炭产业园
    assert _find(table, "基本建成综合性煤炭产业园", "9个")
    # a second count joined by 和 shares the first one's verb: 打通12个城市监测站点和3个大气超级监测站点
    yinchuan = _table(documents, chunks, "银川")
    assert _find(yinchuan, "打通城市监测站点", "12个") and _find(yinchuan, "打通大气超级监测站点监测网络", "3个")


def test_docx_table_rows_become_indicators(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、主要指标")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("指标", "目标值", "年份"), ("森林覆盖率", "42%", "2025年"), ("城市污水处理率", "98%以上", "2025年")]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "某市-指标.docx"
    document.save(path)
    doc = parse_document(read_file(path), path.name)
    found = {(i.name, i.figure, i.period.label) for i in corpus_indicators([doc.meta], split_clauses(doc))}
    assert found == {("森林覆盖率", "42%", "2025年"), ("城市污水处理率", "98%以上", "2025年")}


def test_synonym_file_errors_are_clear():
    assert parse_synonyms("# 注释\n比例 | 比率\t占比\n").variants("比率") == {"比例", "比率", "占比"}
    with pytest.raises(SynonymFileError, match="line 2"):
        parse_synonyms("比例 | 比率\n孤词\n")


# -- answers from the table


def _ask(pipeline, question):
    answer = pipeline.chain.ask(question)
    return answer, search_form(answer.answer)


def test_figure_answer_states_the_period_and_cites_the_clause(pipeline):
    answer, text = _ask(pipeline, "乌海森林覆盖率要到多少")
    assert answer.found and "3.78%" in text and "2025年" in text
    assert "3.78%" in answer.citations[0].text
    # the Wuhai plan is a draft (征求意见稿): one short note says so
    assert "征求意见稿" in answer.answer


def test_near_miss_lists_closest_indicators_without_answering(pipeline):
    answer, text = _ask(pipeline, "乌海湿地保护率是多少")
    assert not answer.found
    assert "未设定" in text and "95%" in text  # the 野生动植物保护率 is listed as a neighbour, not the answer
    assert answer.citations and all(c.region == "乌海" for c in answer.citations)


def test_year_inside_a_period_finds_the_period_target(pipeline):
    answer, text = _ask(pipeline, "银川2024年森林覆盖率目标")
    assert answer.found and "16%以上" in text and "十四五" in text


def test_year_outside_the_plan_is_refused_with_what_is_set(pipeline):
    answer, text = _ask(pipeline, "黔东南2035年森林覆盖率目标")
    assert not answer.found and "文件设定的是" in text and "68%" in text


def test_comparison_is_a_table_with_a_row_per_region(pipeline):
    answer, text = _ask(pipeline, "各地森林覆盖率目标")
    assert answer.found
    rows = [line for line in answer.answer.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [r.split("|")[1].strip() for r in rows] == ["乌海", "宁夏", "无锡", "银川", "黔东南"]
    assert "未设定" in rows[1] and "3.78%" in rows[0] and "68%" in rows[4]


def test_extraction_against_hand_labels(documents, chunks):
    """Every figure of two documents labelled by hand (eval/labels): measured precision 1.0 and recall
    0.846 (乌海, 66 of 78 sure labels) / 0.916 (黔东南, 76 of 83); bounds 1.5 labels below."""
    from eval.support.labels import score_region

    for region, min_recall in (("乌海", 0.827), ("黔东南", 0.898)):
        labels = [
            json.loads(line)
            for line in (ROOT / "eval" / "labels" / f"{region}.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        score = score_region(labels, _table(documents, chunks, region), documents[region].text)
        assert score["precision"] >= 0.98, score["unmatched_records"]
        assert score["recall"] >= min_recall, score["missed_labels"]


def test_fuller_statement_of_a_figure_is_quoted(pipeline):
    # The 2025 indicator list says 水土保持率85.84%; the task clause says 达到85.84%以上.
    answer, text = _ask(pipeline, "黔东南水土保持率要达到多少")
    assert answer.found and "85.84%以上" in text


@pytest.mark.parametrize(
    "question, expected",
    [
        # modifiers listed before one name share its head
        ("无锡2018年城市和城镇的污水处理率分别要达到多少", ("95%", "85%左右")),
        # 率先 is not a rate: a "when" question is answered by its year
        ("乌海计划哪一年在全区率先实现碳达峰", ("2034年",)),
        # a year inside the period a sentence states
        ("2024年黔东南对较大以上环境污染事件有什么要求", ("十四五", "不发生较大以上环境污染事件")),
        # a target asked and stated in words
        ("宁夏国家生态文明建设示范区创建要达到什么目标", ("地级城市全覆盖",)),
        # a clause's heading line alone never answers
        ("无锡海绵城市建设先从哪里开始试点", ("惠山工业转型集聚区",)),
    ],
    ids=["shared-head", "when", "period", "target-in-words", "not-the-heading"],
)
def test_answer_holds(pipeline, question, expected):
    answer, text = _ask(pipeline, question)
    assert answer.found and all(e in text for e in expected), answer.answer


def test_scope_in_the_question_must_be_the_indicators(pipeline):
    # 黔东南 sets 县城生活垃圾资源化利用率 (75%), not a 农村 one; 农村 in the same sentence does not make it one.
    answer, text = _ask(pipeline, "2025年黔东南农村生活垃圾资源化利用率目标")
    assert not answer.found and "未设定" in text and "75%" in text  # listed as the closest, not answered


def test_question_without_content_asks_what_is_meant(pipeline):
    for question in ("2025", "1", "-1", "这个比例是多少"):
        answer = pipeline.chain.ask(question)
        assert not answer.found and "请说明要查询的内容" in answer.answer and not answer.citations


def test_cli_lists_indicators(pipeline):
    settings = pipeline.settings
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "indicators",
            "--region",
            "乌海",
            "--json",
            "--corpus",
            str(settings.corpus_dir),
            "--index",
            str(settings.index_dir),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert rows and {r["region"] for r in rows} == {"乌海"}
    assert {"name": "森林覆盖率", "figure": "3.78%"}.items() <= next(
        r for r in rows if r["name"] == "森林覆盖率"
    ).items()


def test_extraction_on_the_development_corpus():
    """The 17 labelled documents of eval/corpus-dev (other regions' real plans, labelled by a reader who
    saw only them): measured precision 1.000 and recall 0.893 (50 of 56 sure labels), micro-averaged;
    bounds one label below (issue 25's targets: 0.95 and 0.85)."""
    from assistant.ingest.loading import load_corpus
    from eval.support.labels import labelled_document, score_region

    documents = load_corpus(ROOT / "eval" / "corpus-dev").documents
    hits = extracted = found = sure = 0
    for path in sorted((ROOT / "eval" / "labels" / "dev").glob("*.jsonl")):
        labels = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc = labelled_document(documents, path.stem)
        score = score_region(labels, corpus_indicators([doc.meta], split_clauses(doc)), doc.text)
        extracted += score["extracted"]
        hits += round((score["precision"] or 0) * score["extracted"])
        sure += score["sure_labels"]
        found += round((score["recall"] or 0) * score["sure_labels"])
    assert hits / extracted >= 0.98 and found / sure >= 0.875, (hits, extracted, found, sure)


def test_items_of_a_paragraph_keep_its_year_and_levels_counted_out_get_one_figure_each():
    # 天水's overview: "2018年,全市水污染防治工作进展顺利,…全部完成。一是…。二是市县两级污水处理率分别达到100%、85%,…"
    # The chunker cuts 一是/二是 into clauses of their own; they go on with the paragraph's 2018.
    doc = load_document(DEV_CORPUS_4 / "天水-2019-水污染防治实施方案.txt")
    table = {(i.name, i.figure): i.period.label for i in corpus_indicators([doc.meta], split_clauses(doc))}
    assert table[("市级污水处理率", "100%")] == "2018年" and table[("县级污水处理率", "85%")] == "2018年"
    assert not any(name.startswith("二是") for name, _ in table)
