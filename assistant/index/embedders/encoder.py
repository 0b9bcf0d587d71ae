"""e5-small's BERT encoder in plain torch, loaded from the converted folder's safetensors.

The same computation as `transformers.BertModel` (a test compares them), without importing
transformers at run time: that import costs 2.3 s of a 5 s cold-start budget. q, k and v are one
fused product, which also saves per-operation overhead on one-question batches.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F


class _Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.ffn_in = nn.Linear(hidden, ffn)
        self.ffn_out = nn.Linear(ffn, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        q, k, v = self.qkv(x).view(batch, length, 3, self.heads, hidden // self.heads).permute(2, 0, 3, 1, 4).unbind(0)
        attended = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        x = self.attention_norm(x + self.attention_out(attended.transpose(1, 2).reshape(batch, length, hidden)))
        return self.output_norm(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class Encoder(nn.Module):
    """Token ids and attention mask in, last hidden states out (post-LayerNorm BERT, positions from 0)."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.word = nn.Embedding(config["vocab_size"], hidden)
        self.position = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type = nn.Embedding(config["type_vocab_size"], hidden)
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            _Layer(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
            for _ in range(config["num_hidden_layers"])
        )

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1])
        x = self.norm(self.word(ids) + self.position(positions) + self.token_type.weight[0])
        keep = mask[:, None, None, :].bool()  # every query attends to the real tokens of its text only
        for layer in self.layers:
            x = layer(x, keep)
        return x

    @classmethod
    def load(cls, folder: Path, dtype: torch.dtype) -> Encoder:
        """The encoder from a converted folder's config.json and model.safetensors (HF BertModel names)."""
        from safetensors.torch import load_file

        config = json.loads((folder / "config.json").read_text())
        weights = load_file(str(folder / "model.safetensors"))
        state = {
            "word.weight": weights["embeddings.word_embeddings.weight"],
            "position.weight": weights["embeddings.position_embeddings.weight"],
            "token_type.weight": weights["embeddings.token_type_embeddings.weight"],
            "norm.weight": weights["embeddings.LayerNorm.weight"],
            "norm.bias": weights["embeddings.LayerNorm.bias"],
        }
        for i in range(config["num_hidden_layers"]):
            hf, ours = f"encoder.layer.{i}.", f"layers.{i}."
            for part in ("weight", "bias"):
                state[ours + "qkv." + part] = torch.cat(
                    [weights[f"{hf}attention.self.{name}.{part}"] for name in ("query", "key", "value")]
                )
                for mine, theirs in (
                    ("attention_out", "attention.output.dense"),
                    ("attention_norm", "attention.output.LayerNorm"),
                    ("ffn_in", "intermediate.dense"),
                    ("ffn_out", "output.dense"),
                    ("output_norm", "output.LayerNorm"),
                ):
                    state[f"{ours}{mine}.{part}"] = weights[f"{hf}{theirs}.{part}"]
        with torch.device("meta"):  # no random initialisation: every parameter comes from the file
            encoder = cls(config)
        encoder.load_state_dict({name: tensor.to(dtype) for name, tensor in state.items()}, assign=True)
        return encoder.eval()
