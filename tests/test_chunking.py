"""Clause chunking of the five real documents."""

from __future__ import annotations

from assistant.ingest.chunking import PREAMBLE, ChunkerSettings, split_clauses
from assistant.ingest.loading import parse_document

from .test_loading import CHROME


def test_spans_are_exact(documents, chunks):
    for region, doc in documents.items():
        for chunk in chunks[region]:
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert chunk.doc_id == doc.meta.doc_id and chunk.region == region


def test_every_body_line_is_kept(documents, chunks):
    """Each body line is in exactly one chunk (or split into parts), or is a heading on chunk paths."""
    for region, doc in documents.items():
        spans = [(c.start, c.end) for c in chunks[region]]
        labels = {label for c in chunks[region] for label in c.path}
        for line in doc.lines:
            inside = [s for s in spans if s[0] <= line.start and line.end <= s[1]]
            parts = [s for s in spans if line.start <= s[0] < line.end]
            assert len(inside) == 1 or len(parts) > 1 or line.text.rstrip("。") in labels, (region, line.text[:30])


def test_no_chrome_in_chunks(chunks):
    for region_chunks in chunks.values():
        for chunk in region_chunks:
            assert not any(mark in chunk.text for mark in CHROME), chunk.text[:60]


def test_wuhai_forest_clause_path(chunks):
    [chunk] = [c for c in chunks["乌海"] if "森林覆盖率达到3.78%" in c.text]
    assert chunk.path == ("二、深入推进美丽乌海建设五大工程", "(一)黄河流域生态保护工程", "3.强化生态系统修复保护")


def test_qiandongnan_indicator_years(chunks):
    found = {c.path_text: c.text for c in chunks["黔东南"] if "县级城市黑臭水体消除比例" in c.text}
    assert len(found) == 2
    by_year = {("2023" if "2023年" in path else "2025"): text for path, text in found.items()}
    assert "60%" in by_year["2023"] and "100%" in by_year["2025"]


def test_duty_lines_belong_to_their_clause(chunks):
    [chunk] = [c for c in chunks["银川"] if "国家级水产健康养殖示范场不少于7个" in c.text]
    assert "牵头单位:市农业农村局" in chunk.text and chunk.path[-1] == "13.加快推进水产养殖污染治理"


def test_inline_items_and_preamble(chunks):
    items = [c for c in chunks["黔东南"] if c.path[-1].startswith("二是强化水污染防治攻坚")]
    assert items and all(c.number.endswith("二是") for c in items)
    assert any(c.path == ("文件信息",) and "索 引 号" in c.text for c in chunks["银川"])
    assert any(c.path == (PREAMBLE,) for c in chunks["宁夏"])


def test_long_clauses_are_split_within_budget(documents):
    settings = ChunkerSettings(max_tokens=120)
    for doc in documents.values():
        pieces = split_clauses(doc, settings)
        long_ones = [c for c in pieces if c.tokens > 120]
        # only single sentences longer than the budget may exceed it
        assert all("。" not in c.text.rstrip("。") for c in long_ones)
        parts = [c for c in pieces if c.part]
        assert all(c.path for c in parts)


def test_repeated_block_is_indexed_once(documents):
    wuxi = documents["无锡"]
    # The capture style the issue describes: a long run of clauses repeated at the end of the page.
    lines = wuxi.text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "加強船舶港口水污染治理" in line) - 2
    doubled = wuxi.text + "\n" + "".join(lines[start : start + 6])
    doc = parse_document(doubled, "wuxi-doubled.txt")
    assert doc.removed["repeated"] == 6
    pieces = split_clauses(doc)
    assert sum("船舶港口水污染治理" in c.text for c in pieces) == 1
    assert all(doc.text[c.start : c.end] == c.text for c in pieces)


def test_document_without_headings_becomes_paragraphs(tmp_path):
    text = "这是第一段，讲总体思路。\n\n这是第二段，讲具体措施和要求，" + "内容" * 30 + "。\n"
    pieces = split_clauses(parse_document(text, "plain.txt"))
    assert len(pieces) >= 1 and all(c.path == (PREAMBLE,) for c in pieces)


def test_chapters_and_sections_head_their_clauses():
    # A plan in chapters (湖里区's 十四五 plan in eval/corpus-dev4 is written so): each chapter and section
    # heads the numbered clauses under it, and a note's numbered item before a chapter heads nothing after it.
    text = (
        "某区“十四五”生态环境保护规划\n注:1.受天气影响,2020年优良天数比例偏高。\n2.本区无农村,未设农村指标。\n"
        "第三章 源头管控,推动绿色发展\n第一节 优化生态空间格局\n一、严格用途管控。落实“三线一单”。\n"
        "第二节 推进低碳转型\n一、控制能源消费。单位地区生产总值能耗降低14%。\n"
    )
    pieces = split_clauses(parse_document(text, "某区-2021-十四五生态环境保护规划.txt"))
    paths = {p.text.strip()[:6]: p.path for p in pieces}
    assert paths["一、严格用途"] == ("第三章 源头管控,推动绿色发展", "第一节 优化生态空间格局", "一、严格用途管控")
    assert paths["一、控制能源"][:2] == ("第三章 源头管控,推动绿色发展", "第二节 推进低碳转型")


def test_a_numbered_heading_stating_a_figure_keeps_its_text_when_lines_follow_it():
    text = "某县农村环境整治方案\n二、工作目标\n(一)卫生厕所普及率≥85%。\n其中,重点村达到100%。\n"
    pieces = split_clauses(parse_document(text, "某县-2020-农村环境整治方案.txt"))
    assert any(p.text.startswith("(一)卫生厕所普及率≥85%") for p in pieces)
