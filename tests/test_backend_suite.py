"""One suite every candidate-store backend runs (as txtai's `runTests(name)`): each backend of BACKENDS
is opened through the factory exactly as the app opens it (INDEX_BACKEND and its own options) and must
keep every candidate inside the question's scope, rank best first, score lexical hits above zero,
return the same candidates through `candidates`, and answer through the retriever. A new backend
joins by adding its name and options here. Backend-specific behaviour (versions, appends, several
processes) stays in the backend's own tests (tests/test_milvus.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.index.candidates import CandidateStore
from assistant.serve.runtime import candidate_store
from tests.conftest import retriever_over

# Each backend's options for a test, in a scratch folder.
BACKENDS: dict[str, Callable[[Path], tuple[tuple[str, str], ...]]] = {
    "faiss": lambda scratch: (),
    "milvus": lambda scratch: (("uri", str(scratch / "chunks.db")),),  # Milvus Lite, a file
}


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def store(request, pipeline, tmp_path_factory) -> CandidateStore:
    options = BACKENDS[request.param](tmp_path_factory.mktemp(request.param))
    settings = replace(pipeline.settings, index_backend=request.param, backend_options=options)
    return candidate_store(settings, pipeline.index, notify=lambda message: None)


def test_every_candidate_stays_inside_the_scope(pipeline, store, scoped_questions):
    for text, vector, form, rows in scoped_questions:
        scope = frozenset(pipeline.index.chunks[r].doc_id for r in rows)
        dense_rows, dense_scores = store.dense(vector, 300, scope)
        assert set(dense_rows) == set(rows), text  # at 1x every scope fits in 300 rows, nothing outside it
        assert np.all(np.diff(dense_scores) <= 1e-6), text  # best first
        lexical_rows, lexical_scores = store.lexical(form, 300, scope)
        assert set(lexical_rows) <= set(rows) and np.all(lexical_scores > 0), text


def test_an_unscoped_search_ranks_every_row_and_both_lists_come_together(pipeline, store, scoped_questions):
    text, vector, form, _ = scoped_questions[0]
    rows, scores = store.dense(vector, 5, None)
    assert len(rows) == 5 and np.all(np.diff(scores) <= 1e-6)
    (dense, _), (lexical, _) = store.candidates(vector, form, 5, None)
    assert list(dense) == list(rows), text
    assert set(lexical) == set(store.lexical(form, 5, None)[0]), text


def test_the_retriever_answers_from_the_backend(pipeline, store):
    retriever = retriever_over(pipeline, store)
    hit = retriever.search("2025年乌海森林覆盖率目标").hits[0]
    assert hit.chunk.region == "乌海" and "3.78%" in hit.chunk.text
    both = retriever.search("无锡和乌海的畜禽粪污综合利用率分别是多少", k=6).hits
    assert {h.chunk.region for h in both} == {"无锡", "乌海"}
