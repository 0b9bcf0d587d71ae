"""Shared fixtures: the real corpus, and one real index built once per test session."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.ingest.chunking import split_clauses
from assistant.ingest.loading import load_corpus
from assistant.serve.runtime import Pipeline, open_pipeline, prepare_environment
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def pytest_configure(config: pytest.Config) -> None:
    prepare_environment()


@pytest.fixture(scope="session")
def documents():
    report = load_corpus(CORPUS)
    assert not report.skipped
    return {d.meta.region: d for d in report.documents}


@pytest.fixture(scope="session")
def chunks(documents):
    return {region: split_clauses(doc) for region, doc in documents.items()}


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def pipeline(index_dir) -> Pipeline:
    settings = Settings(corpus_dir=CORPUS, index_dir=index_dir, show_progress=False)
    return open_pipeline(settings, notify=lambda message: None)


@pytest.fixture
def small_corpus(tmp_path, documents) -> Path:
    """A two-document corpus (byte copies of real ones) for rebuild tests."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for region in ("乌海", "宁夏"):
        shutil.copyfile(CORPUS / documents[region].meta.source, folder / documents[region].meta.source)
    return folder


def evaluation_questions() -> list[str]:
    """Every question of the evaluation sets and every conversation turn (410)."""
    out = []
    for name in ("questions.jsonl", "unseen.jsonl"):
        out += [json.loads(line)["question"] for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
                if line.strip()]
    for line in (ROOT / "eval" / "conversations.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            out += [turn["question"] for turn in json.loads(line)["turns"]]
    return out


@pytest.fixture(scope="session")
def scoped_questions(pipeline) -> list[tuple[str, np.ndarray, str, np.ndarray]]:
    """(question, query vector, search form, sorted rows of its scope) for every evaluation question
    that names a region the corpus covers."""
    retriever, chunks = pipeline.retriever, pipeline.index.chunks
    out = []
    for text in evaluation_questions():
        question = retriever.parse(text)
        scope = retriever.scope(question)
        if scope.restricted and scope.doc_ids:
            rows = np.array([r for r, c in enumerate(chunks) if c.doc_id in scope.doc_ids], dtype=np.int64)
            out.append((text, retriever.embeddings.embed_query_array(question.text), question.form, rows))
    assert len(out) > 300
    return out


def copy_cache(pipeline: Pipeline, index_dir: Path) -> None:
    """Seed an index folder with the session index's embedding cache (nothing is re-embedded twice)."""
    shutil.copytree(pipeline.settings.index_dir / "cache", index_dir / "cache", dirs_exist_ok=True)
