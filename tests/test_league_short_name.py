"""A league (盟) is spoken of by its first character and 盟 (阿拉善盟 -> 阿盟), as the people and papers of Inner
Mongolia write it. On 锡林郭勒盟's 2024 plan of the development corpora, which sets 沙化土地 treated by 2025."""

from __future__ import annotations

from assistant.text.gazetteer import Gazetteer

from .conftest import answered_with, dev_plans_pipeline

XILINGOL = "锡林郭勒盟-2024-建设北方重要生态安全屏障实施方案.txt"


def test_a_league_by_its_short_name(tmp_path) -> None:
    gazetteer = Gazetteer.load()
    assert [m.place.name for m in gazetteer.find("阿盟的湿地")] == ["阿拉善盟"]
    assert [m.place.name for m in gazetteer.find("兴安盟")] == ["兴安盟"]  # a short name of two: no such form
    plans = dev_plans_pipeline(tmp_path, (XILINGOL,))
    answered_with(plans, "锡盟到2025年累计治理沙化土地多少亩？", "250万亩")
