"""Shared fixtures: the real corpus, one real index built once per test session, and what the deletion
tests (FAISS and Milvus) check of a deleted document."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.ingest.chunking import split_clauses
from assistant.ingest.loading import load_corpus
from assistant.serve.environment import prepare_environment
from assistant.serve.runtime import Pipeline, open_pipeline
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV_CORPUS = ROOT / "eval" / "corpus-dev"
DEV_CORPUS_2 = ROOT / "eval" / "corpus-dev2"  # real plans none of the rules was written for (probe6)
DEV_CORPUS_3 = ROOT / "eval" / "corpus-dev3"  # and more of them (probe7)
DEV_CORPUS_4 = ROOT / "eval" / "corpus-dev4"  # and more (probe8)
DEV_CORPUS_5 = ROOT / "eval" / "corpus-dev5"  # and more (probe9)
DEV_CORPUS_6 = ROOT / "eval" / "corpus-dev6"  # and more (probe10)
DEV_CORPUS_7 = ROOT / "eval" / "corpus-dev7"  # and more (probe11)
DEV_CORPUS_8 = ROOT / "eval" / "corpus-dev8"  # and more (probe13)
DEV_CORPUS_9 = ROOT / "eval" / "corpus-dev9"  # and more (probe14)
DEV_CORPUS_10 = ROOT / "eval" / "corpus-dev10"  # and more (probe15)
DEV_CORPUS_11 = ROOT / "eval" / "corpus-dev11"  # and more (probe16)
DEV_CORPUS_12 = ROOT / "eval" / "corpus-dev12"  # and more (probe17)
DEV_CORPUS_13 = ROOT / "eval" / "corpus-dev13"  # and more (probe18)
DEV_CORPUS_14 = ROOT / "eval" / "corpus-dev14"  # and more (probe19)
DEV_CORPUS_15 = ROOT / "eval" / "corpus-dev15"  # and more (probe20)
DEV_CORPUS_16 = ROOT / "eval" / "corpus-dev16"  # and more (probe21)
DEV_CORPUS_17 = ROOT / "eval" / "corpus-dev17"  # and more (probe22)
DEV_CORPORA = (
    DEV_CORPUS,
    DEV_CORPUS_2,
    DEV_CORPUS_3,
    DEV_CORPUS_4,
    DEV_CORPUS_5,
    DEV_CORPUS_6,
    DEV_CORPUS_7,
    DEV_CORPUS_8,
    DEV_CORPUS_9,
    DEV_CORPUS_10,
    DEV_CORPUS_11,
    DEV_CORPUS_12,
    DEV_CORPUS_13,
    DEV_CORPUS_14,
    DEV_CORPUS_15,
    DEV_CORPUS_16,
    DEV_CORPUS_17,
)
WUHAI_FOREST = "2025年乌海森林覆盖率目标"


def before_closest(answer: str) -> str:
    """The part of an answer before the closest indicators a refusal lists (相近的指标有：…)."""
    return answer.split("相近")[0]


def refused_without(plans, question: str, *figures: str) -> None:
    """The question is refused, and no figure stands in the refusal before its closest indicators."""
    answer = plans.chain.ask(question)
    assert not answer.found, answer.answer
    assert not any(f in before_closest(answer.answer) for f in figures), answer.answer


def answered_with(plans, question: str, *figures: str) -> str:
    """The question is answered, and every figure stands in the answer; the answer's text."""
    answer = plans.chain.ask(question)
    assert answer.found and all(f in answer.answer for f in figures), answer.answer
    return answer.answer


def dev_plans_pipeline(root: Path, names: tuple[str, ...]) -> Pipeline:
    """A pipeline over some real plans of the development corpora, copied and indexed under `root`."""
    corpus = root / "corpus"
    corpus.mkdir()
    for name in names:
        shutil.copy(
            next(d / name for d in DEV_CORPORA if (d / name).exists()),
            corpus / name,
        )
    return open_pipeline(
        Settings(corpus_dir=corpus, index_dir=root / "index", show_progress=False), notify=lambda message: None
    )


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
        out += [
            json.loads(line)["question"]
            for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
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


@pytest.fixture(scope="session")
def wuhai_questions(pipeline) -> list[str]:
    """Evaluation questions whose scope holds 乌海's document on the full index (the first 40 naming 乌海
    and the first 20 naming no region): questions a deleted 乌海 could still reach."""
    wuhai = next(d.doc_id for d in pipeline.index.documents if d.region == "乌海")
    named, unscoped = [], []
    for text in evaluation_questions():
        scope = pipeline.retriever.scope(pipeline.retriever.parse(text))
        if wuhai in scope.doc_ids:
            (named if scope.restricted else unscoped).append(text)
    assert len(named) > 40 and len(unscoped) > 20
    return named[:40] + unscoped[:20]


def assert_gone(served: Pipeline, doc_id: str, dead: set[int], questions: list[str]) -> None:
    """No list a row can reach holds a row of `doc_id` or a row of `dead` (the deleted rows)."""
    index, retriever = served.index, served.retriever
    assert doc_id not in {d.doc_id for d in index.documents}
    assert doc_id not in index.rows_of_document and doc_id not in index.indicator_rows_of_document
    assert not any(i.doc_id == doc_id for i in index.live_indicators())
    assert not any(index.row_of_chunk.get(index.chunk_ids[r]) == r for r in dead)
    everything = frozenset(d.doc_id for d in index.documents)
    for text in questions:
        result = retriever.search(text)
        assert all(h.chunk.doc_id != doc_id for h in result.hits), text
        question, vector = result.question, result.query_vector
        if vector is None:  # a place no document covers any more (乌海): nothing was searched
            vector = retriever.embeddings.embed_query_array(question.text)
        for scope in (None, everything):  # unscoped, and a scope of every (live) document
            (dense, _), (lexical, _) = retriever.store.candidates(vector, question.form, 300, scope)
            assert not dead & set(dense.tolist()) and not dead & set(lexical.tolist()), text
        matches = retriever.indicators.candidates(question, set(everything), vector)
        assert all(m.indicator.doc_id != doc_id for m in matches), text
        answer = served.chain.ask(text)  # a refusal's closest indicators are among its citations
        assert all(c.doc_id != doc_id for c in answer.citations), text


def chat_for(pipeline: Pipeline, access):  # noqa: ANN001, ANN201 - the web chat handler over `pipeline`
    """The web chat's handler answering from `pipeline` as the default knowledge base."""
    from assistant.serve.bases import BaseHolders
    from assistant.serve.holder import PipelineHolder
    from assistant.serve.web.chat import make_chat

    return make_chat(BaseHolders(PipelineHolder(pipeline), access), access)


def retriever_over(pipeline: Pipeline, store):  # noqa: ANN001, ANN201 - a Retriever over `store`
    """The pipeline's retriever with its candidate lists from `store` (another backend)."""
    from assistant.retrieval.retriever import Retriever

    r = pipeline.retriever
    return Retriever(
        pipeline.index, r.embeddings, r.gazetteer, pipeline.settings.max_question_chars, r.indicators.synonyms, store
    )
