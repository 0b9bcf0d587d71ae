"""What a page says of its document's record: a repealed mark, a number leading the title, a 文号 field saying none,
a notice signed at its end by a public institution."""

from __future__ import annotations

from assistant.ingest.loading import parse_document


def test_a_repealed_mark_and_number_leading_the_title_line_are_read_apart():
    text = (
        "当前位置:首页 |\n(已废止)甲政办字〔2020〕7号 关于印发甲县秸秆禁烧工作方案的通知 | | ||\n"
        "各乡镇人民政府: 现印发给你们,请认真组织实施。\n一、工作目标\n到2021年,秸秆综合利用率达到90%。\n"
    )
    meta = parse_document(text, "甲县方案.txt").meta
    assert meta.repealed == "已废止"
    assert meta.doc_number == "甲政办字〔2020〕7号"
    assert meta.title == "关于印发甲县秸秆禁烧工作方案的通知"


def test_a_status_field_marks_a_document_no_longer_in_force():
    text = "有效性: | 失效 | 文号: | 无文号 |\n甲县秸秆禁烧工作方案\n一、工作目标\n到2021年,秸秆综合利用率达到90%。\n"
    meta = parse_document(text, "甲县方案.txt").meta
    assert meta.repealed == "失效"
    assert meta.doc_number is None  # 无文号 says there is none


def test_a_document_in_force_carries_no_mark():
    text = "甲县秸秆禁烧工作方案\n一、工作目标\n到2021年,秸秆综合利用率达到90%(已完成)。\n"
    assert parse_document(text, "甲县方案.txt").meta.repealed is None


def test_a_notice_signed_at_its_end_by_a_centre_is_issued_by_it():
    text = (
        "关于公开征求《甲市绿道规划》意见的公告\n为建设绿道,我中心起草了《甲市绿道规划(征求意见稿)》,现公开征求意见。\n"
        "一、征求意见时间:2024年3月1日至3月31日\n二、意见请发送至:lvdao@example.cn\n甲市园林事业发展中心\n2024年2月28日\n"
    )
    meta = parse_document(text, "甲市公告.txt").meta
    assert meta.issuer == "甲市园林事业发展中心"
    assert meta.written_date == "2024-02-28"


def test_a_plan_named_in_the_title_after_its_city_is_the_districts():
    text = "成都:关于印发 《武侯区“十四五”生态环境保护规划》 的通知\n一、主要目标\n到2025年,PM2.5浓度下降10%。\n"
    assert parse_document(text, "规划.txt").meta.region == "武侯区"
