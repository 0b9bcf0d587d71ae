"""Loading and cleaning the real web captures, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BinaryFileError, EmptyFileError, UndecodableFileError, UnsupportedFormatError
from assistant.ingest.loading import load_corpus, load_document
from assistant.text.normalize import search_form

CHROME = ("扫一扫", "无障碍", "长者版", "打印 关闭", "上一条", "下一条", "文字大小", "責編")


def test_regions_and_scripts(documents):
    assert set(documents) == {"银川", "宁夏", "乌海", "黔东南", "无锡"}
    assert documents["无锡"].meta.script == "traditional"
    assert all(d.meta.script == "simplified" for r, d in documents.items() if r != "无锡")
    assert documents["黔东南"].meta.region_code.startswith("5226")


def test_metadata(documents):
    wuxi = documents["无锡"].meta
    assert wuxi.doc_number == "錫政辦發〔2018〕51號"
    assert wuxi.written_date == "2018-04-27" and wuxi.issuer == "無錫市人民政府辦公室"
    yinchuan = documents["银川"].meta
    assert yinchuan.title == "银川市生态建设示范引领三年行动方案"
    assert yinchuan.index_number == "11640100MB1727463F/2023-00213" and yinchuan.written_date == "2023-09-12"
    assert documents["乌海"].meta.published_date == "2022-11-21"
    assert documents["黔东南"].meta.written_date == "2023-07-18"
    assert documents["宁夏"].meta.title == "自治区全面推进美丽宁夏建设的实施方案"


def test_traditional_search_form(documents):
    wuxi = documents["无锡"]
    assert "無錫" in wuxi.meta.title
    assert "无锡市2018年生态文明建设实施方案" in search_form(wuxi.text)


def test_chrome_is_not_body(documents):
    for doc in documents.values():
        for line in doc.lines:
            assert not any(mark in line.text for mark in CHROME), line.text
    assert documents["银川"].removed["chrome"] >= 2


def test_search_form_normalises():
    assert search_form("（一）達到１２．５％，Ⅲ类") == "(一)达到12.5%,三类"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_bad_files_are_reported_and_others_load(tmp_path, documents):
    folder = tmp_path / "corpus"
    folder.mkdir()
    wuhai = documents["乌海"]
    (folder / "good.txt").write_text(wuhai.text, encoding="utf-8")
    _write(folder, "empty.txt", b"")
    _write(folder, "binary.txt", bytes(range(256)) * 8)
    _write(folder, "bad.txt", b"\xff\xfe\xfa" * 5 + "中文".encode() + b"\x81\x30")
    _write(folder, "image.png", b"\x89PNG\r\n")
    gbk = "某市大气污染防治方案\n一、总体目标\n到2025年，PM2.5年均浓度降到30微克/立方米。\n"
    _write(folder, "gbk.txt", gbk.encode("gb18030"))
    report = load_corpus(folder)
    assert sorted(d.meta.source for d in report.documents) == ["gbk.txt", "good.txt"]
    assert "empty" in report.skipped["empty.txt"]
    assert "binary" in report.skipped["binary.txt"]
    assert "unsupported" in report.skipped["image.png"]
    assert report.skipped["bad.txt"]
    gb = next(d for d in report.documents if d.meta.source == "gbk.txt")
    assert "30微克/立方米" in gb.text


def test_bad_file_errors(tmp_path):
    with pytest.raises(EmptyFileError):
        load_document(_write(tmp_path, "e.md", b"  \n "))
    with pytest.raises(BinaryFileError):
        load_document(_write(tmp_path, "b.txt", b"\x00\x01\x02" * 100))
    with pytest.raises(UndecodableFileError):
        load_document(_write(tmp_path, "u.txt", b"\x80\x80\x80\xff\xff"))
    with pytest.raises(UnsupportedFormatError):
        load_document(_write(tmp_path, "x.xyz", b"abc"))


def test_utf8_bom(tmp_path):
    doc = load_document(
        _write(tmp_path, "bom.md", "\ufeff无锡市工作方案\n一、目标\n绿化覆盖率达到42%。\n".encode("utf-8"))
    )
    assert doc.text.startswith("无锡市") and doc.meta.region == "无锡"
