"""HTML and table views for the web UI: answers with citation cards, the document table and clause tree.

Everything from a document or an answer is escaped here before it meets HTML.
"""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

from assistant.answer.extractive import NOT_FOUND
from assistant.documents import Answer, Chunk, Citation, DocumentMeta
from assistant.serve.runtime import Pipeline
from assistant.serve.web.safe_html import clean_html

SCRIPT_NAMES = {"simplified": "简体", "traditional": "繁体"}
HEADERS = ["标题", "地区", "成文日期", "发布日期", "字体", "条款数", "文件名"]

# Inline styles rather than CSS classes: these views also appear where page.css is not served (an app
# built with build_app alone, as the tests do); page.css only adds what inline styles cannot.
_NOT_FOUND_STYLE = (
    "background:#fff7e6;border:1px solid #f0c36d;border-left:4px solid #d48806;"
    "color:#614700;padding:8px 12px;border-radius:6px"
)
_ERROR_STYLE = (
    "background:#fff1f0;border:1px solid #ffa39e;border-left:4px solid #cf1322;"
    "color:#820014;padding:8px 12px;border-radius:6px"
)
_CARD_STYLE = "border:1px solid #d9d9d9;border-radius:8px;padding:10px 12px;margin:8px 0"


_MARKDOWN_SPECIALS = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|<>&~:$"})


def md_escape(text: str) -> str:
    """`text` as plain text wherever it meets Markdown or HTML (a status line, a chat message, a card):
    no markup, links, images, autolinks or emphasis from a document (a title or clause may hold
    <img src=…> or [链接](http://…)); the special characters become HTML entities."""
    return text.translate(_MARKDOWN_SPECIALS)


def highlight(clause: str, spans: list[tuple[int, int]]) -> str:
    """The clause as escaped HTML with the quoted spans (from the answer object) wrapped in <mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)  # overlapping quotes: extend the previous mark only
        if start >= end:
            continue
        out += [md_escape(clause[pos:start]), "<mark>", md_escape(clause[start:end]), "</mark>"]
        pos = end
    out.append(md_escape(clause[pos:]))
    return "".join(out).replace("\n", "<br>")


def citation_cards(answer: Answer) -> str:
    """A collapsible block under an answer with the cards of the clauses it cites (a refusal's too:
    the closest indicators it lists), so every answer of the history stays checkable."""
    if not answer.citations:
        return ""
    cards = "".join(_card(c) for c in answer.citations)
    return f"<details class='citations'><summary>引用条款（{len(answer.citations)}）</summary>{cards}</details>"


def _page_note(c: Citation) -> str:
    """ "，第N页" for a clause of a PDF (its page is where staff find it in the file)."""
    return f"，第{c.page}页" if c.page else ""


def _card(c: Citation) -> str:
    return (
        f"<div class='card' data-chunk='{html.escape(source_target(c))}' style='{_CARD_STYLE};cursor:pointer'>"
        f"<div>{_cite_link(c)} 《{md_escape(c.title)}》"
        f" <span style='color:#595959'>地区：{md_escape(c.region or '未知')}{_page_note(c)}</span></div>"
        f"<div style='color:#8c8c8c;font-size:90%;margin:4px 0'>{md_escape(c.heading or '')}</div>"
        f"<div style='line-height:1.7'>{highlight(c.text, c.quotes)}</div></div>"
    )


_TABLE_ROW_RE = re.compile(r"^\|.*\|\s*$")
_TABLE_RULE_RE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_CELL_STYLE = "border:1px solid #d9d9d9;padding:4px 8px;text-align:left"


def _table_html(rows: list[str]) -> str:
    """Markdown table rows (| 地区 | 文件规定 |) as an HTML table, every cell escaped; the first row the header."""
    cells = [
        [md_escape(c.strip()) for c in row.strip().strip("|").split("|")]
        for row in rows
        if not _TABLE_RULE_RE.match(row)
    ]
    head = "".join(f"<th style='{_CELL_STYLE}'>{c}</th>" for c in cells[0]) if cells else ""
    body = "".join("<tr>" + "".join(f"<td style='{_CELL_STYLE}'>{c}</td>" for c in row) + "</tr>" for row in cells[1:])
    return f"<table style='border-collapse:collapse;margin:4px 0'><tr>{head}</tr>{body}</table>"


def answer_html(text: str) -> str:
    """An answer's text as HTML: its comparison table as a table, its "- " items as a list, other lines as
    lines; every piece of text escaped (an answer quotes documents)."""
    lines, out, k = text.split("\n"), [], 0
    while k < len(lines):
        if _TABLE_ROW_RE.match(lines[k]):
            start = k
            while k < len(lines) and _TABLE_ROW_RE.match(lines[k]):
                k += 1
            out.append(_table_html(lines[start:k]))
        elif lines[k].startswith("- "):
            start = k
            while k < len(lines) and lines[k].startswith("- "):
                k += 1
            out.append(
                "<ul style='margin:4px 0'>" + "".join(f"<li>{md_escape(x[2:])}</li>" for x in lines[start:k]) + "</ul>"
            )
        else:
            out.append(md_escape(lines[k]) + ("<br>" if k + 1 < len(lines) else ""))
            k += 1
    return "".join(out)


_ESCAPED_MARKER_RE = re.compile(r"&#91;(\d+)&#93;")  # an answer's [n] after md_escape


def source_target(c: Citation) -> str:
    """What the page hands the source viewer for a citation: its base and clause (base|chunk id)."""
    return f"{c.base}|{c.chunk_id}" if c.base else c.chunk_id


def _cite_link(c: Citation) -> str:
    """[n] as a link the page's script opens in the source viewer (data-chunk names the clause)."""
    return (
        f"<a href='#source-viewer' class='cite' data-cite='{c.n}' data-chunk='{html.escape(source_target(c))}'"
        f" title='查看原文'>[{c.n}]</a>"
    )


def link_citations(body: str, citations: list[Citation]) -> str:
    """The escaped answer `body` with each [n] of a cited clause turned into its link."""
    by_n = {c.n: c for c in citations if c.chunk_id}

    def link(match: re.Match[str]) -> str:
        c = by_n.get(int(match.group(1)))
        return _cite_link(c) if c else match.group(0)

    return _ESCAPED_MARKER_RE.sub(link, body)


def format_answer(answer: Answer) -> str:
    """Chat message for an answer: how a follow-up was understood, the answer ("not found" in a distinct
    amber box), and its citation cards."""
    body = link_citations(answer_html(answer.answer), answer.citations)
    if not answer.found:
        # The extractive text already opens with NOT_FOUND; an LLM's may not, so add it.
        head = "" if body.startswith(NOT_FOUND) else f"<b>{NOT_FOUND}</b><br>"
        body = f"<div style='{_NOT_FOUND_STYLE}'>{head}{body}</div>"
    understood = (
        f"<div style='color:#595959;font-size:90%;margin-bottom:4px'>（{md_escape(answer.interpretation)}）</div>"
        if answer.interpretation
        else ""
    )
    copy = (
        f"<div style='margin-top:4px;font-size:85%'><a href='#' class='copy-answer'"
        f" data-copy='{html.escape(plain_answer(answer))}'>复制回答</a></div>"
    )
    # One HTML block: the chatbot does not read Markdown inside it.
    return clean_html(f"<div>{understood}{body}{citation_cards(answer)}{copy}</div>")


def plain_answer(answer: Answer) -> str:
    """An answer as clean text to paste into a document or a chat: its text, then one line per cited
    clause ([1] 《标题》 › 路径，第N页)."""
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        lines += [
            f"[{c.n}] 《{c.title}》" + (f" › {c.heading}" if c.heading else "") + _page_note(c)
            for c in answer.citations
        ]
    return "\n".join(lines)


def format_error(message: str) -> str:
    return clean_html(f"<div style='{_ERROR_STYLE}'><b>出错：</b>{md_escape(message)}</div>")


def status_line(answer: Answer) -> str:
    """Markdown status: generator, timings and notes of the latest answer."""
    t = answer.timings_ms
    generator = "抽取式（离线）" if answer.generator == "extractive" else "大模型"
    parts = [f"生成方式：{generator}", f"检索 {t.get('retrieve', 0):.0f} ms", f"共 {t.get('total', 0):.0f} ms"]
    if not answer.grounded:
        parts.append("**未通过核验**")
    notes = md_escape("；".join(answer.notes))  # verification notes quote document sentences
    return " · ".join(parts) + (f"\n\n备注：{notes}" if notes else "")


def audit_table(entries: list[dict]) -> str:
    """The latest audit entries (newest first) as an HTML table."""
    if not entries:
        return "<div style='color:#8c8c8c'>（暂无操作记录）</div>"
    rows = "".join(
        f"<tr><td>{html.escape(e['time'])}</td><td>{html.escape(e['user'])}</td>"
        f"<td>{html.escape(e['action'])}</td><td>{html.escape(e['file'])}</td>"
        f"<td>{html.escape(e['result'][:120])}{_times(e)}</td></tr>"
        for e in reversed(entries)
    )
    return (
        "<details><summary>操作记录（最近 20 条，仅编辑可见）</summary><table><tr><th>时间</th><th>用户</th>"
        f"<th>操作</th><th>文件</th><th>结果</th></tr>{rows}</table></details>"
    )


def _times(entry: dict) -> str:
    """How often a refused attempt repeated (one entry counts the repeats of a minute)."""
    count = int(entry.get("count", 1))
    return f"（{count} 次，至 {html.escape(str(entry.get('last_time', '')))}）" if count > 1 else ""


def document_rows(pipeline: Pipeline) -> list[list[Any]]:
    """One row per indexed document, with its clause count from the index's chunks."""
    counts = {doc_id: len(rows) for doc_id, rows in pipeline.index.rows_of_document.items()}
    return [
        [
            d.title,
            d.region or "",
            d.written_date or "",
            d.published_date or "",
            SCRIPT_NAMES.get(d.script, d.script),
            counts.get(d.doc_id, 0),
            d.source,
        ]
        for d in pipeline.index.documents
    ]


def document_choices(pipeline: Pipeline) -> list[tuple[str, str]]:
    return [(f"{d.title}（{d.region}）" if d.region else d.title, d.doc_id) for d in pipeline.index.documents]


def table_label(pipeline: Pipeline) -> str:
    return f"已收录文件（{len(pipeline.index.documents)} 份，{pipeline.index.live_chunks} 条条款）"


def document_status(pipeline: Pipeline, doc: DocumentMeta, today_year: int | None = None) -> str:
    """A document's status in words: marked repealed by its page, a draft, a plan whose period has ended, or one
    still running."""
    if doc.repealed:
        return f"页面标注为{doc.repealed}"
    if "征求意见稿" in doc.title:
        return "征求意见稿"
    end = pipeline.retriever.indicators.plan_end(doc.doc_id)
    if end is None:
        return ""
    year = today_year or datetime.date.today().year
    return f"规划期至{end}年（已结束）" if end < year else f"规划期至{end}年（执行中）"


CITED_ID = "cited-clause"  # the element id of the clause the source viewer highlights (scrolled into view)
_CITED_STYLE = "background:#fffbe6;border-left:4px solid #d48806;color:#262626"
_CLAUSE_STYLE = "border-left:3px solid #d9d9d9"


def clause_tree(pipeline: Pipeline, doc_id: str | None, cited: str | None = None) -> str:
    """HTML outline of one document: its record, its headings as a tree and every clause under its
    heading; the clause `cited` (a chunk id) highlighted with the id CITED_ID."""
    doc = pipeline.index.document(doc_id) if doc_id else None
    if doc is None:
        return "<div style='color:#8c8c8c'>（请选择一份文件查看其条款结构）</div>"
    chunks = [pipeline.index.chunks[r] for r in pipeline.index.rows_of_document.get(doc.doc_id, [])]
    meta = [
        f"地区：{doc.region or '未知'}",
        f"字体：{SCRIPT_NAMES.get(doc.script, doc.script)}",
        f"条款：{len(chunks)} 条",
    ]
    meta += [
        f"{label}：{value}"
        for label, value in (
            ("发文机关", doc.issuer),
            ("文号", doc.doc_number),
            ("成文日期", doc.written_date),
            ("发布日期", doc.published_date),
            ("封面所署年月", doc.cover_date),
            ("状态", document_status(pipeline, doc)),
        )
        if value
    ]
    out = [
        f"<div><b>《{html.escape(doc.title)}》</b></div>",
        f"<div style='color:#595959;font-size:90%;margin:4px 0 8px'>{html.escape(' · '.join(meta))}</div>",
    ]
    shown: tuple[str, ...] = ()
    for chunk in chunks:
        path = tuple(chunk.path)
        common = 0  # headings already printed for the previous clause
        while common < min(len(path), len(shown)) and path[common] == shown[common]:
            common += 1
        for depth in range(common, len(path)):
            weight = "bold" if depth == 0 else "600"
            out.append(
                f"<div style='margin:6px 0 2px {depth * 1.2}em;font-weight:{weight}'>{html.escape(path[depth])}</div>"
            )
        shown = path
        out.append(_clause_html(chunk, len(path), chunk.chunk_id == cited))
    return "<div style='max-height:560px;overflow-y:auto'>" + "".join(out) + "</div>"


def _clause_html(chunk: Chunk, depth: int, cited: bool) -> str:
    """One clause of the outline: its number (and part of a long clause), its page, its text."""
    number = ("" if chunk.number in ("", "0") else f"编号 {chunk.number}") + (
        f"（长条款第 {chunk.part} 段）" if chunk.part is not None else ""
    )
    notes = " · ".join(x for x in (number, f"第{chunk.page}页" if chunk.page else "") if x)
    anchor, style = (f" id='{CITED_ID}'", _CITED_STYLE) if cited else ("", _CLAUSE_STYLE)
    return (
        f"<div{anchor} style='margin:2px 0 6px {depth * 1.2}em;padding:4px 8px;line-height:1.7;{style}'>"
        + (f"<span style='color:#8c8c8c;font-size:85%'>{html.escape(notes)}</span><br>" if notes else "")
        + f"{html.escape(chunk.text).replace(chr(10), '<br>')}</div>"
    )
