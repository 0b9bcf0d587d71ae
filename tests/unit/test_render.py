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
