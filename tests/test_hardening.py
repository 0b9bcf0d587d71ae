"""Hardening against hostile or damaged input: pathological repeats, .docx zip bombs, oversized
uploads, tampered parsed-document caches, leftovers of deleted documents, an index pointer that
leads out of the index folder."""

from __future__ import annotations

import cProfile
import hashlib
import io
import json
import pstats
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from assistant.documents import Line
from assistant.errors import ArchiveTooLargeError, IndexCorruptedError, IndexPointerError, TooManyChunksError
from assistant.index.caches import DocumentCache
from assistant.index.layout import load_index
from assistant.ingest.cleaning import drop_repeated_runs, sort_lines
from assistant.ingest.corpus import MAX_DOCUMENT_CHUNKS, add_document, remove_document
from assistant.ingest.loading import load_corpus, load_document
from assistant.ingest.readers import MAX_DOCX_UNPACKED_BYTES
from assistant.serve.runtime import open_pipeline
from assistant.settings import Settings
from assistant.text.normalize import search_form
from tests.conftest import CORPUS, copy_cache

# What cleaning kept of the five real documents before repeated-run removal was rewritten
# (body lines, what was removed, metadata lines).
CLEANED = {
    "乌海": (85, {"chrome": 4, "repeated": 0}, 1),  # 发布时间 before the page's view counter
    "宁夏": (45, {"chrome": 0, "repeated": 0}, 0),
    "无锡": (73, {"chrome": 2, "repeated": 0}, 5),
    "银川": (113, {"chrome": 3, "repeated": 0}, 4),
    "黔东南": (98, {"chrome": 0, "repeated": 0}, 4),
}
SHORT_LINE = "这是一行重复的短文本内容啊。"  # 14 characters: 1,500 of them make the 63 KB file of the report


def _spans(lines) -> list[tuple[int, int]]:
    return [(line.start, line.end) for line in lines]


def _reference_drop(lines: list[Line], min_chars: int = 200) -> list[Line]:
    """The previous (cubic) repeated-run removal, kept as the specification of the fast one."""
    keys = [search_form(line.text) for line in lines]
    first_seen: dict[str, list[int]] = {}
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        best = 0
        for j in first_seen.get(keys[i], []):
            size = 0
            while i + size < len(lines) and j + size < i and keys[j + size] == keys[i + size]:
                size += 1
            best = max(best, size)
        run = keys[i : i + best]
        if best and sum(map(len, run)) >= min_chars and max(map(len, run)) >= 50:
            drop.update(range(i, i + best))
            i += best
            continue
        first_seen.setdefault(keys[i], []).append(i)
        i += 1
    return [line for k, line in enumerate(lines) if k not in drop]


# 1. repeated runs -------------------------------------------------------------------------------


def test_real_documents_clean_as_before(documents):
    for region, (body, removed, meta) in CLEANED.items():
        doc = documents[region]
        assert (len(doc.lines), doc.removed, len(doc.meta_lines)) == (body, removed, meta), region
        # Same lines as the reference removal would keep from the same candidates.
        candidates = [line for line in sort_lines(doc.text, min_repeat_chars=10**9).body]
        assert _spans(drop_repeated_runs(candidates)) == _spans(_reference_drop(candidates)) == _spans(doc.lines)


def test_fast_removal_matches_the_reference_on_random_pages():
    rng = random.Random(7)
    for _ in range(1500):
        alphabet = ["甲" * rng.choice([5, 20, 49, 50, 60, 120]) + str(k) for k in range(rng.randint(1, 6))]
        keys: list[str] = []
        while len(keys) < rng.randint(0, 50):
            if keys and rng.random() < 0.3:  # copy an earlier stretch, as repeating pages do
                start = rng.randrange(len(keys))
                keys += keys[start : start + rng.randint(1, 12)]
            else:
                keys.append(rng.choice(alphabet))
        lines = [Line(k, k + 1, key) for k, key in enumerate(keys)]
        min_chars = rng.choice([0, 50, 200, 400])
        assert _spans(drop_repeated_runs(lines, min_chars)) == _spans(_reference_drop(lines, min_chars))


@pytest.mark.parametrize("count", [1_500, 15_000])
def test_identical_lines_are_handled_in_bounded_work(count):
    # A benchmark, not a timer: the previous removal needed ~40 s for 1,500 such lines and would
    # not finish 15,000 in any test run; these return at once.
    short = [Line(k, k + 1, SHORT_LINE) for k in range(count)]
    assert len(drop_repeated_runs(short)) == count  # short repeats are legitimate: all kept
    long = [Line(k, k + 1, "长" * 60) for k in range(count)]
    assert len(drop_repeated_runs(long)) == 4  # 200 characters of it once, the rest repeats it
    mixed = [Line(k, k + 1, "长" * 60 if k % 2 else f"短句{k}") for k in range(count)]
    assert len(drop_repeated_runs(mixed)) == count


def _calls(profile: cProfile.Profile, function_name: str) -> int:
    stats = pstats.Stats(profile)
    return sum(
        entry[1]
        for (file, _, name), entry in stats.stats.items()  # type: ignore[attr-defined]
        if name == function_name and file.endswith("cleaning.py")
    )


def test_repetitive_file_loads_and_is_parsed_once(tmp_path):
    path = tmp_path / "重复.txt"
    path.write_text("\n".join([SHORT_LINE] * 1_500) + "\n", encoding="utf-8")
    assert 60_000 < path.stat().st_size < 70_000  # the 63 KB file of the report
    profile = cProfile.Profile()
    document = profile.runcall(load_document, path)
    assert len(document.lines) == 1_500
    assert _calls(profile, "sort_lines") == 1

    cache = DocumentCache(tmp_path / "cache", Settings(corpus_dir=tmp_path, index_dir=tmp_path / "index"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    for parses in (1, 0):  # parsed on a cache miss, not at all on a hit
        profile = cProfile.Profile()
        profile.runcall(cache.load, path, path.name, digest)
        assert _calls(profile, "sort_lines") == parses


def test_corpus_load_parses_each_document_once():
    profile = cProfile.Profile()
    report = profile.runcall(load_corpus, CORPUS)
    assert _calls(profile, "sort_lines") == len(report.documents) == 5


# 2. oversized uploads ---------------------------------------------------------------------------


def _docx(paragraphs: list[str], padding: int = 0) -> bytes:
    """A real .docx (python-docx); `padding` bytes of zeros are added as an embedded file."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    if not padding:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", bytes(padding))
    return buffer.getvalue()


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_docx_zip_bomb_is_refused_and_changes_nothing(small_corpus, documents):
    body = documents["乌海"].text.splitlines()[:40]
    before = _listing(small_corpus)
    bomb = _docx(body, padding=MAX_DOCX_UNPACKED_BYTES + 1)
    assert len(bomb) < 1_000_000  # small on disk, over the limit unpacked
    with pytest.raises(ArchiveTooLargeError) as refused:
        add_document(small_corpus, "炸弹.docx", bomb)
    assert "MB" in refused.value.reason and refused.value.path == "炸弹.docx"
    assert _listing(small_corpus) == before  # nothing written, no staging file left
    # The same file dropped into the folder is skipped by a corpus load, with the reason.
    (small_corpus / "炸弹.docx").write_bytes(bomb)
    report = load_corpus(small_corpus)
    assert "上限" in report.skipped["炸弹.docx"] and len(report.documents) == 2
    # An ordinary .docx with the same text is still accepted.
    (small_corpus / "炸弹.docx").unlink()
    added = add_document(small_corpus, "正常.docx", _docx(body))
    assert added.region == "乌海" and (small_corpus / "正常.docx").exists()


def test_document_with_too_many_chunks_is_refused(small_corpus):
    before = _listing(small_corpus)
    items = MAX_DOCUMENT_CHUNKS + 50
    text = "某市生态建设方案\n" + "".join(f"{k}.第{k}项任务：推进第{k}片区造林绿化。\n" for k in range(1, items + 1))
    with pytest.raises(TooManyChunksError) as refused:
        add_document(small_corpus, "清单.txt", text.encode("utf-8"))
    assert str(MAX_DOCUMENT_CHUNKS) in refused.value.reason
    assert _listing(small_corpus) == before
    # Under the limit it is taken (the same text, cut short).
    short = "".join(text.splitlines(keepends=True)[:200])
    assert add_document(small_corpus, "清单.txt", short.encode("utf-8")).source == "清单.txt"


# 3. and 4. the parsed-document cache ------------------------------------------------------------


def _settings(small_corpus: Path, index_dir: Path) -> Settings:
    return Settings(corpus_dir=small_corpus, index_dir=index_dir, show_progress=False)


def _entries(index_dir: Path) -> list[Path]:
    return sorted((index_dir / "cache" / "docs").glob("*/*.json"))


def _tamper(entry: Path, marker: str) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["payload"]["chunks"][1]["text"] = marker
    entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _assert_index_holds_corpus_text(index, corpus: Path, marker: str) -> None:
    texts = {d.doc_id: load_document(corpus / d.source).text for d in index.documents}
    assert index.chunks and all(c.text == texts[c.doc_id][c.start : c.end] for c in index.chunks)
    assert not any(marker in c.text for c in index.chunks)


def test_tampered_cache_entry_is_not_indexed(pipeline, small_corpus, tmp_path):
    index_dir = tmp_path / "index"
    copy_cache(pipeline, index_dir)
    settings = _settings(small_corpus, index_dir)
    embeddings = pipeline.retriever.embeddings
    quiet = {"notify": lambda message: None, "embeddings": embeddings}
    open_pipeline(settings, **quiet)
    entries = _entries(index_dir)
    assert len(entries) == 2
    marker = "篡改：森林覆盖率目标改为0%"

    for entry in entries:
        _tamper(entry, marker)
    rebuilt = open_pipeline(settings, rebuild=True, **quiet)  # index --rebuild
    _assert_index_holds_corpus_text(rebuilt.index, small_corpus, marker)

    # A build that does use the cache (no index yet, no rebuild asked) ignores the edited entry too.
    for entry in _entries(index_dir):
        _tamper(entry, marker)
    (index_dir / "CURRENT").unlink()
    built = open_pipeline(settings, **quiet)
    assert built.build is not None and not built.build.incremental
    _assert_index_holds_corpus_text(built.index, small_corpus, marker)
    assert not any(marker in e.read_text(encoding="utf-8") for e in _entries(index_dir))  # rewritten


def test_removed_document_leaves_no_text_in_the_cache(pipeline, small_corpus, tmp_path, documents):
    index_dir = tmp_path / "index"
    copy_cache(pipeline, index_dir)
    settings = _settings(small_corpus, index_dir)
    quiet = {"notify": lambda message: None, "embeddings": pipeline.retriever.embeddings}
    first = open_pipeline(settings, **quiet)
    wuhai, ningxia = documents["乌海"], documents["宁夏"]
    # Lines only 乌海 has, as stored (JSON keeps the characters) and in search form.
    marks = [line.text for line in wuhai.lines if len(line.text) > 30 and line.text not in ningxia.text][:20]
    marks += [search_form(m) for m in marks]
    cache_files = lambda: [p for p in (index_dir / "cache").rglob("*") if p.is_file()]  # noqa: E731
    assert any(m in p.read_bytes().decode("utf-8", "replace") for p in cache_files() for m in marks)

    remove_document(small_corpus, wuhai.meta.source)
    refreshed = open_pipeline(settings, previous=first.index, **quiet)
    assert [d.source for d in refreshed.index.documents] == [ningxia.meta.source]
    for path in cache_files():
        content = path.read_bytes().decode("utf-8", "replace")
        assert not any(m in content for m in marks), path
    assert len(_entries(index_dir)) == 1  # 宁夏's parse is kept


# 5. the index pointer ---------------------------------------------------------------------------


def test_index_pointer_outside_the_index_folder_is_refused(pipeline, tmp_path):
    live = pipeline.index.directory
    outside = tmp_path / "elsewhere"
    shutil.copytree(live, outside / live.name)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    pointer = index_dir / "CURRENT"
    for target in (f"../elsewhere/{live.name}", str(outside / live.name), "..", f"{live.name}/../../elsewhere"):
        pointer.write_text(target, encoding="utf-8")
        with pytest.raises(IndexPointerError, match="not a version folder inside"):
            load_index(index_dir)
    # A version folder inside that is a link to somewhere else is refused as well.
    (index_dir / "v-link").symlink_to(outside / live.name, target_is_directory=True)
    pointer.write_text("v-link", encoding="utf-8")
    with pytest.raises(IndexCorruptedError):
        load_index(index_dir)
    # A real copy inside the folder loads.
    shutil.copytree(live, index_dir / live.name)
    pointer.write_text(live.name + "\n", encoding="utf-8")
    assert len(load_index(index_dir).chunks) == len(pipeline.index.chunks)
