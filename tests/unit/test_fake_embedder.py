"""The index build and hybrid retrieval with a deterministic fake embedder (no model, two tiny documents)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from assistant.index.embedders import Embedder
from assistant.serve.runtime import open_pipeline
from assistant.settings import Settings


class HashingEmbedder(Embedder):
    """Character bigrams hashed into 64 dimensions: similar texts get similar vectors, deterministically."""

    model_id = "test/hashing-bigrams-64"
    dim = 64
    show_progress = False

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:]):
                out[row, hashlib.sha256((a + b).encode()).digest()[0] % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


@pytest.fixture
def tiny(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "包头.md").write_text(
        "包头市绿化行动方案\n一、目标\n到2025年，包头市森林覆盖率达到20%。\n"
        "二、措施\n(一)建设口袋公园。每年新建口袋公园10个。\n",
        encoding="utf-8",
    )
    (corpus / "鄂尔多斯.md").write_text(
        "鄂尔多斯市绿化行动方案\n一、目标\n到2025年，鄂尔多斯市森林覆盖率达到27%。\n", encoding="utf-8"
    )
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", show_progress=False)
    return open_pipeline(settings, notify=lambda message: None, embeddings=HashingEmbedder())


def test_region_scoped_hybrid_search(tiny):
    hits = tiny.retriever.search("包头森林覆盖率目标").hits
    assert hits and {h.chunk.region for h in hits} == {"包头"} and "20%" in hits[0].chunk.text
    assert tiny.index.manifest.embedding == {"model": "test/hashing-bigrams-64", "dim": 64}


def test_answer_cites_the_region_asked(tiny):
    answer = tiny.chain.ask("2025年鄂尔多斯森林覆盖率目标")
    assert answer.found and "27%" in answer.answer and answer.citations[0].region == "鄂尔多斯"
    quote = answer.citations[0].quotes[0]
    assert "27%" in answer.citations[0].text[quote[0] : quote[1]]


def test_uncovered_region_is_refused(tiny):
    answer = tiny.chain.ask("乌海森林覆盖率目标")
    assert not answer.found and answer.citations == []


def hashing_embedder(settings: Settings) -> HashingEmbedder:
    """A third-party factory, named by dotted path in EMBEDDING_MODEL."""
    return HashingEmbedder()


def test_an_embedder_is_named_by_the_dotted_path_of_its_factory(tmp_path):
    from assistant.errors import EmbeddingModelError
    from assistant.index.embedders import make_embedder

    settings = Settings(embedding_model="tests.unit.test_fake_embedder:hashing_embedder", show_progress=False)
    assert make_embedder(settings).model_id == "test/hashing-bigrams-64"
    with pytest.raises(EmbeddingModelError, match="no embedder factory"):
        make_embedder(Settings(embedding_model="tests.unit.test_fake_embedder:nothing_here"))
