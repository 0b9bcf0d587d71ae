"""A conversation as Markdown: every question, how a follow-up was understood, the answer and its clauses."""

from __future__ import annotations

import datetime


def conversation_markdown(turns: list[dict], when: datetime.datetime | None = None) -> str:
    """Markdown of the turns ({"question", "answer": answer object or None, "error"?}) with their citations."""
    stamp = (when or datetime.datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = ["# 政策文件问答记录", "", f"导出时间：{stamp}", ""]
    for n, turn in enumerate(turns, start=1):
        lines += [f"## {n}. {turn['question']}", ""]
        answer = turn.get("answer")
        if answer is None:
            lines += [f"出错：{turn.get('error', '')}", ""]
            continue
        if answer.get("interpretation"):
            lines += [f"*（{answer['interpretation']}）*", ""]
        lines += [answer["answer"], ""]
        for c in answer["citations"]:
            lines += [
                f"> [{c['n']}] 《{c['title']}》（{c.get('region') or '未知'}）{c.get('heading', c.get('path', ''))}",
                ">",
                "> " + c["text"].replace("\n", "\n> "),
                "",
            ]
    return "\n".join(lines)
