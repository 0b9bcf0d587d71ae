"""Answers drawn as HTML: the comparison table as a table, list items as a list, everything escaped."""

from __future__ import annotations

from assistant.serve.web.render import answer_html


def test_a_comparison_table_is_a_table_and_its_cells_are_escaped():
    html = answer_html("| 地区 | 文件规定 |\n|---|---|\n| 乌海 | 森林覆盖率<img src=x>3.78%[1] |\n| 宁夏 | 未设定 |")
    assert html.count("<tr>") == 3 and "<th" in html and "|---" not in html
    assert "<img" not in html and "&#60;img" in html


def test_items_are_a_list_and_other_lines_stay_lines():
    html = answer_html("主要措施包括：[1]\n- 一是<b>加强</b>[2]\n- 二是推进[3]\n（另有若干项未列出）")
    assert html.count("<li>") == 2 and "<b>" not in html
    assert html.endswith("（另有若干项未列出）") and "<br><ul" in html


def test_the_chat_html_cleaner_keeps_citation_links_and_drops_anything_active():
    from assistant.serve.web.safe_html import clean_html

    kept = clean_html("<div><a href='#source-viewer' class='cite' data-cite='1' data-chunk='ab-0001'>[1]</a></div>")
    assert kept == '<div><a href="#source-viewer" class="cite" data-cite="1" data-chunk="ab-0001">[1]</a></div>'
    hostile = clean_html(
        "<script>alert(1)</script><img src=x onerror=alert(1)><a href='javascript:alert(1)' onclick='x()'>链接</a>"
        "<div style='background:url(http://x/)'>&#60;b&#62;</div><iframe src='http://x'></iframe>"
    )
    assert "<script" not in hostile and "<img" not in hostile and "<iframe" not in hostile
    assert "javascript" not in hostile and "onclick" not in hostile and "url(" not in hostile
    assert "<a>链接</a>" in hostile and "&#60;b&#62;" in hostile
    assert (
        clean_html("<a data-copy='第一行\n\n[1] 《标题》'>复制</a>")
        == '<a data-copy="第一行&#10;&#10;[1] 《标题》">复制</a>'
    )


def test_answer_citations_become_links_to_the_source_viewer():
    from assistant.documents import Answer, Citation
    from assistant.serve.web.render import format_answer, plain_answer

    cite = Citation(
        1, "d", "《标<题>", "乌海", "一、总体要求 › (一)目标", "森林覆盖率达到3.78%", 0, 9, 1.0, [], "d-0001", 3
    )
    answer = Answer("问", "森林覆盖率达到3.78%[1]，另见[2]。", True, True, "extractive", [cite], {})
    shown = format_answer(answer)
    assert shown.count('data-cite="1"') == 2 and 'data-chunk="d-0001"' in shown  # in the text and on the card
    assert "&#91;2&#93;" in shown and 'data-cite="2"' not in shown  # no clause [2]: left as text
    assert (
        plain_answer(answer) == "森林覆盖率达到3.78%[1]，另见[2]。\n\n[1] 《《标<题>》 › 一、总体要求 › (一)目标，第3页"
    )
    assert Answer.from_dict(answer.to_dict()) == answer
