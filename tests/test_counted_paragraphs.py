"""A counted lead ending in a colon whose items open the following paragraphs (需要满足三项“硬条件”:海湾环境质量好。…,
then 海湾生态系统健康。… as a paragraph of its own) answers what the items are, each cited to its paragraph; a lead
whose paragraph counts its items out itself (3个方面:一是…二是…) is left to the other answers. On real plans of the
development corpora: 大连's beautiful-bay scheme and 黑山县's reading of its straw project."""

from __future__ import annotations

import dataclasses
import shutil

from assistant.answer.counted_paragraphs import _LEAD_RE, _items
from assistant.ingest.chunking import split_clauses
from assistant.ingest.loading import load_corpus

from .conftest import DEV_CORPORA, dev_plans_pipeline

DALIAN = "大连市-2022-美丽海湾建设工作方案.txt"
HEISHAN = "黑山县-2019-农作物秸秆综合利用重点县项目实施方案解读.txt"


def test_items_opening_paragraphs(tmp_path) -> None:
    plans = dev_plans_pipeline(tmp_path, (DALIAN, HEISHAN))
    answer = plans.chain.ask("大连建美丽海湾得满足的硬条件有哪些?")
    assert answer.found, answer.answer
    for item in ("- 海湾环境质量好", "- 海湾生态系统健康", "- 亲海环境品质优良"):
        assert item in answer.answer, answer.answer
    inline = plans.chain.ask("黑山县秸秆项目的实施内容包括哪3个方面?")
    assert "3个方面：" not in inline.answer, inline.answer  # not read as paragraphs: the next one is a heading's


def test_lead_whose_paragraph_counts_its_items_reads_no_paragraphs(tmp_path) -> None:
    shutil.copy(next(d / HEISHAN for d in DEV_CORPORA if (d / HEISHAN).exists()), tmp_path / HEISHAN)
    clauses = split_clauses(load_corpus(tmp_path).documents[0])
    clause = next(c for c in clauses if "3个方面:" in c.text)
    lead = _LEAD_RE.search(clause.text)
    assert lead is not None and _items(clause, lead, clauses) == []
    # Even were the next two paragraphs short sentences of the same heading, 一是…二是… counts the items inline.
    short = [dataclasses.replace(clause, chunk_id=f"{clause.chunk_id}-{k}", text="加强组织领导。") for k in (1, 2)]
    assert _items(clause, lead, [clause, *short]) == []
    other = [dataclasses.replace(c, path=("(四)其他",)) for c in short]  # and a heading of their own
    plain = dataclasses.replace(clause, text="包括3个方面:利用模式。")
    assert _items(plain, _LEAD_RE.search(plain.text), [plain, *other]) == []
    assert len(_items(plain, _LEAD_RE.search(plain.text), [plain, *short])) == 3
