"""A notice's number run into its addressee line, on a real plan of the development corpora: 中卫's 2019 notice reads
“卫政办发〔2019〕21号各县(区)人民政府(管委会),市政府各部门、直属机构:” on one line (the capture dropped the line
break). The number opening that line is the notice's own, so a question for it is answered."""

from __future__ import annotations

from .conftest import answered_with, dev_plans_pipeline

ZHONGWEI = "中卫市-2019-生态保护与建设十三五规划实施方案.txt"


def test_number_before_the_addressee_is_the_notices_own(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (ZHONGWEI,))
    (doc,) = plans.index.documents
    assert doc.doc_number == "卫政办发〔2019〕21号"
    answered_with(plans, "中卫这份生态保护与建设实施方案的发文字号是多少？", "卫政办发〔2019〕21号")
