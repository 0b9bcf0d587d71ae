"""The forms staff bring besides web captures: a printed PDF (hard line breaks, running header and
footer, Kangxi radicals in its text layer), the same text copied out of it, a scanned page (OCR), an
.xlsx indicator sheet. Fixtures are made from the 乌海 seed's own text (tests/fixtures/formats/SOURCES.md)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from assistant.indicators.extract import corpus_indicators
from assistant.ingest.chunking import split_clauses
from assistant.ingest.loading import load_document
from assistant.ingest.pdf import PAGE_BREAK, pages_text
from assistant.ingest.readers import read_file
from assistant.ingest.wrapping import unwrap_text
from assistant.serve.runtime import open_pipeline
from assistant.settings import Settings
from assistant.text.normalize import fold_compatibility_han

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
PRINTED = FIXTURES / "乌海-摘录.pdf"
SCANNED = FIXTURES / "乌海-扫描件.pdf"
FOREST = "森林覆盖率达到3.78%"
CORPUS_DIRS = [Path(__file__).resolve().parents[1] / d for d in ("corpus", "eval/corpus-dev")]


def _forest_page() -> int:
    """The page (1-based) on which the clause of the forest figure begins in the printed excerpt (the
    sentence runs over a page break: the figure itself is printed on the next page)."""
    pages = [fold_compatibility_han(p.extract_text()) for p in pypdf.PdfReader(PRINTED).pages]
    return next(k for k, text in enumerate(pages, start=1) if "推进山水林田湖草沙系统治理" in text)


def test_printed_pdf_reads_as_its_text():
    text = read_file(PRINTED)
    assert text.count("\f") == 3 and text.endswith(PAGE_BREAK)
    assert not re.search("[\u2e80-\u2fdf]", text), "Kangxi radicals are folded"
    assert "file:" not in text and not re.search(r"\d+/3\b", text), "running header and footer dropped"
    # The sentence broken over several printed lines is one line again, with its year and its figure.
    line = next(line for line in text.splitlines() if FOREST in line)
    assert "2025年,全市生态环境状况指数" in line and line.endswith("海勃湾黄河水利枢纽管理中心)")
    assert "\n3.强化生态系统修复保护\n" in text, "a numbered heading keeps its own line"


def test_printed_pdf_chunks_carry_their_page(tmp_path):
    document = load_document(PRINTED)
    chunks = split_clauses(document)
    assert {c.page for c in chunks} >= {1, 2} and all(c.page for c in chunks)
    forest = next(c for c in chunks if FOREST in c.text)
    assert forest.page == _forest_page()
    assert forest.path[-1] == "3.强化生态系统修复保护"
    records = [r for r in corpus_indicators([document.meta], chunks) if r.name.endswith("森林覆盖率")]
    assert records and records[0].value == "3.78" and records[0].period and records[0].period.end == 2025


def test_text_copied_from_a_pdf_is_unwrapped(tmp_path):
    # What copying out of the PDF gives: the text layer's lines as printed, page after page.
    raw = "\n".join(page.extract_text() for page in pypdf.PdfReader(PRINTED).pages)
    copied = tmp_path / "乌海-摘录.txt"
    copied.write_text(raw, encoding="utf-8")
    text = read_file(copied)
    assert any(FOREST in line and "2025年" in line for line in text.splitlines())


@pytest.mark.parametrize("folder", CORPUS_DIRS, ids=lambda p: p.name)
def test_web_captures_are_not_unwrapped(folder):
    """One paragraph per line is left alone: no real capture of either corpus looks laid out (a space a
    copied line break left inside a sentence may close, no line is joined to another)."""
    for path in folder.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert len(unwrap_text(text).split("\n")) == len(text.split("\n")), path.name


def test_pages_text_joins_a_sentence_across_a_page_break():
    width = "一" * 28
    pages = [
        ["一、总体要求", width + "到2025", "页眉 第1页"],
        ["年，森林覆盖率达到3.78%。", "二、保障措施", "页眉 第2页"],
    ]
    pages += [
        [width[:-1] + c + "。" for c in "甲乙丙"] + ["页眉 第3页"],
        [width[:-1] + c + "。" for c in "丁戊己"] + ["页眉 第4页"],
    ]
    text = pages_text(pages)
    assert "到2025年，森林覆盖率达到3.78%。" in text.split("\f")[0]
    assert "页眉" not in text


def test_scanned_page_is_read_by_ocr():
    document = load_document(SCANNED)
    assert "3.78%" in document.text and "森林覆盖率" in document.text
    chunks = split_clauses(document)
    assert all(c.page == 1 for c in chunks)


def test_xlsx_indicator_sheet_is_read_as_rows(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet.append(["指标", "2025年目标", "监管部门"])
    sheet.append(["森林覆盖率", "3.78%", "市自然资源局"])
    sheet.append(["草原综合植被覆盖度", "21%", None])
    path = tmp_path / "乌海-指标表.xlsx"
    book.save(path)
    text = read_file(path)
    assert "——2025年，森林覆盖率3.78%（监管部门：市自然资源局）。" in text  # 目标: what a plan states anyway
    document = load_document(path)
    records = corpus_indicators([document.meta], split_clauses(document))
    forest = next(r for r in records if r.name.endswith("森林覆盖率"))
    assert forest.value == "3.78" and forest.period and forest.period.end == 2025


def test_answer_from_a_pdf_cites_its_page(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PRINTED, corpus / PRINTED.name)
    pipeline = open_pipeline(
        Settings(corpus_dir=corpus, index_dir=tmp_path / "index", show_progress=False), notify=lambda message: None
    )
    answer = pipeline.chain.ask("2025年乌海森林覆盖率目标")
    assert answer.found and "3.78%" in answer.answer
    assert answer.citations[0].page == _forest_page()


def test_table_flattened_one_cell_per_line_is_read_as_rows(tmp_path):
    # The 乌海 seed's 2025 figures as a web table copied as text: header cells, then one cell per line.
    cells = [
        "指标",
        "单位",
        "2025年",
        "监管部门",
        "",
        "森林覆盖率",
        "%",
        "3.78",
        "市自然资源局",
        "",
        "草原综合植被覆盖度",
        "%",
        "21",
        "市自然资源局",
        "",
        "林草覆盖率",
        "%",
        "35",
        "—",
    ]
    path = tmp_path / "乌海-指标表.txt"
    path.write_text("乌海市主要生态指标\n" + "\n".join(cells) + "\n注：数据来源于方案正文。\n", encoding="utf-8")
    text = read_file(path)
    assert "——2025年，森林覆盖率3.78%（监管部门：市自然资源局）。" in text
    assert "——2025年，林草覆盖率35%。" in text and text.endswith("注：数据来源于方案正文。\n")
    document = load_document(path)
    records = {r.name: r for r in corpus_indicators([document.meta], split_clauses(document))}
    forest = next(r for name, r in records.items() if name.endswith("森林覆盖率"))
    assert forest.value == "3.78" and forest.unit == "%" and forest.period.end == 2025


def test_a_table_flattened_with_a_bar_after_each_cell_and_bare_year_titles_is_read_as_rows(tmp_path):
    # The 乌海 seed's figures as another web table copies: each cell on its line with a bar after it, the
    # row numbers in a 序号 column, years titled without 年, and a 性质 column.
    cells = ["序号", "指标名称", "单位", "2025", "性质", "1", "森林覆盖率", "%", "≥3.78", "约束性"]
    cells += ["2", "草原综合植被覆盖度", "%", "21", "预期性"]
    path = tmp_path / "乌海-指标表.txt"
    path.write_text("乌海市主要生态指标 |\n" + "\n".join(f"{c} |" for c in cells) + "\n", encoding="utf-8")
    text = read_file(path)
    assert "——2025年，森林覆盖率≥3.78%（性质：约束性）。" in text
    assert "——2025年，草原综合植被覆盖度21%（性质：预期性）。" in text


def test_a_bar_celled_table_is_read_one_row_per_line(tmp_path):
    # 湖州's task table as its web page copies: each cell behind a bar, a cell's further lines bare, a lone
    # bar closing the row; a row no bar closes (a cut-off capture) stays as written.
    lines = [
        "大力推进重金属排放企业强制性清洁生产审核。",
        "| 各县区政府",
        "| 市环保局",
        "市经信委",
        "| 2011-2015",
        "|",
        "加快淘汰落后产能。",
        "| 各县区政府",
        "| 2011-2015",
        "|",
        "完成多氯联苯封存点电容器清运处置。",
        "| 湖州电力局",
    ]
    path = tmp_path / "湖州-任务表.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = read_file(path)
    assert "大力推进重金属排放企业强制性清洁生产审核。 | 各县区政府 | 市环保局、市经信委 | 2011-2015\n" in text
    assert "加快淘汰落后产能。 | 各县区政府 | 2011-2015\n" in text
    assert text.endswith("完成多氯联苯封存点电容器清运处置。\n| 湖州电力局\n")


def test_the_text_above_a_bar_celled_table_stays_text(tmp_path):
    # 聊城's noise zoning (eval/corpus-dev9): a notice's lines, then its table with a bar before each cell.
    lines = [
        "关于调整声环境功能区的通知",
        "一、城区控制范围总面积为54.4平方公里。",
        "类别",
        "| 适用范围",
        "|",
        "1",
        "| 居住区",
        "|",
    ]
    path = tmp_path / "功能区.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = read_file(path)
    assert text.startswith("关于调整声环境功能区的通知\n一、城区控制范围总面积为54.4平方公里。\n类别 | 适用范围\n")
    assert "1 | 居住区\n" in text
