"""How the evaluation counts an answer's numbers for grounding and finds a table row's gold clause."""

from __future__ import annotations

from eval.evaluation import _stated_numbers


def test_a_year_restated_from_the_question_without_a_citation_is_not_a_figure():
    answer = "湿地保护率达到60%（2030年）[1]。\n2027年：文件未设定。"
    assert _stated_numbers(answer, "甲市2027年和2030年湿地保护率分别是多少?") == ["60%", "2030年"]


def test_a_number_the_question_does_not_hold_counts_even_without_a_citation():
    answer = "湿地保护率达到60%（2030年）[1]。\n2028年：文件未设定。"
    assert "2028年" in _stated_numbers(answer, "甲市2027年和2030年湿地保护率分别是多少?")


def test_a_tables_row_copied_one_cell_per_line_is_found_in_the_row_the_reader_wrote():
    from eval.evaluation import _table_cells

    cells = _table_cells("甲类站点达标数(个)\n\n3\n\n7")
    written = "——2018年，甲类站点达标数3个；2022年，甲类站点达标数7个。"
    assert cells == ["甲类站点达标数", "3", "7"] and all(c in written for c in cells)
    assert _table_cells("一行证据") == []  # evidence of one or two lines is looked for as written
