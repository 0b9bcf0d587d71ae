"""Two asked words side by side stand in a name by their first and last characters too, as general Chinese shortens
such a pair (风力 发电 -> 风电, as 能源消耗 -> 能耗), not only by their first and third (环境保护 -> 环保). On a real
plan of the development corpora: 朝阳's five-year environmental plan, whose wind power capacity is 风电装机."""

from __future__ import annotations

from assistant.retrieval.short_forms import ends_form_stands

from .conftest import answered_with, dev_plans_pipeline

CHAOYANG = "朝阳市-2022-十四五生态环境保护规划.txt"


def test_first_and_last_characters_open_a_word() -> None:
    assert ends_form_stands("风力发电", "投产风电装机规模")
    assert not ends_form_stands("风力发电", "通风电机")  # 风电 cut across two words
    assert not ends_form_stands("用水总量", "化肥用量")  # 总量 is no action: 用水总量 shortens to nothing
    assert not ends_form_stands("光伏发电", "光电转换效率")  # 光电 is a thing of its own


def test_wind_power_said_in_full(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (CHAOYANG,))
    answered_with(plans, "朝阳市十三五期间投产的风力发电装机规模是多少?", "159.12万千瓦")
