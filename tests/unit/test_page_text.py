"""A web page's text: blocks one per line, tables read as grids and written under their headers."""

from __future__ import annotations

from assistant.ingest.html_text import has_markup, page_text
from assistant.ingest.tables import sheet_lines

PAGE = (
    "<html><head><style>p {color: red}</style><script>var x = 1;</script></head><body>"
    "<h2>甲市生态保护规划</h2><p>到2025年,空气质量持续改善。</p>"
    '<table><tr><td colspan="5">主要目标</td></tr>'
    "<tr><th>类别</th><th>序号</th><th>指标名称</th><th>2020年</th><th>2025年</th></tr>"
    '<tr><td rowspan="2">生态</td><td>1</td><td>森林覆盖率(%)</td><td>40</td><td>42</td></tr>'
    "<tr><td>2</td><td>森林蓄积量(万立方米)</td><td>300</td><td>320</td></tr></table>"
    "<p>三、保障&nbsp;措施</p></body></html>"
)


def test_a_page_reads_blocks_and_its_table_by_row_under_the_header():
    lines = page_text(PAGE).splitlines()
    assert lines[:3] == ["甲市生态保护规划", "到2025年,空气质量持续改善。", "主要目标"]
    # The spanned 类别 cell is repeated in the next row; the row is named by 指标名称, its number left out.
    assert lines[3] == "——2020年，森林覆盖率40%；2025年，森林覆盖率42%（类别：生态）。"
    assert lines[4] == "——2020年，森林蓄积量300万立方米；2025年，森林蓄积量320万立方米（类别：生态）。"
    assert lines[5] == "三、保障 措施"
    assert "var x" not in page_text(PAGE)


def test_a_page_cut_off_inside_its_table_keeps_the_rows_read():
    cut = PAGE[: PAGE.index("<tr><td>2</td>")] + "<tr><td>2</td><td>森林蓄"
    assert "——2020年，森林覆盖率40%；2025年，森林覆盖率42%（类别：生态）。" in page_text(cut)


def test_markup_is_told_from_text_quoting_a_tag():
    assert has_markup(PAGE)
    assert not has_markup("网页中换行用<br>标签表示,段落用<p>标签。")


def test_a_sheet_without_a_name_column_title_is_named_by_its_first_column():
    rows = [["指标", "单位", "2025年"], ["湿地保护率", "%", "55"]]
    assert sheet_lines(rows) == ["——2025年，湿地保护率55%。"]


def test_a_table_copied_a_cell_per_line_with_bars_is_read_under_its_header():
    from assistant.ingest.tables import read_barred_tables

    lines = [
        "甲区规划指标",
        *("序号 |", "指标类别 |", "指标名称 |", "2020年目标 |", "2020年现状 |", "|"),
        *("1 |", "环境质量 |", "优良天数比例(%) |", "80 |", "85.2 |", "|"),
        *("2 |", "区域环境噪声平均值(分贝) |", "≤55 |", "52.1 |", "||"),  # 指标类别 spans down from the row above
        *("3 |", "生态建设 |", "森林覆盖率(%) |", "30 |", "31 |"),
        "二、主要任务",
    ]
    assert read_barred_tables(lines) == [
        "甲区规划指标",
        "——2020年，优良天数比例80%；2020年，优良天数比例现状85.2%（指标类别：环境质量）。",
        "——2020年，区域环境噪声平均值≤55分贝；2020年，区域环境噪声平均值现状52.1分贝（指标类别：环境质量）。",
        "——2020年，森林覆盖率30%；2020年，森林覆盖率现状31%（指标类别：生态建设）。",
        "二、主要任务",
    ]
    # Bars that close no table of a header and rows are left as written.
    assert read_barred_tables(["标题: | 甲区方案 |", "||"]) == ["标题: | 甲区方案 |", "||"]
