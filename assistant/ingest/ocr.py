"""Offline OCR of scanned pages: the PP-OCRv4 Chinese models that `rapidocr-onnxruntime` carries in
its wheel, run by onnxruntime. Nothing is downloaded; the engine is loaded once per process, on the
first scanned page (a few hundred MB of work that text documents never pay for)."""

from __future__ import annotations

import functools
from typing import Any

from assistant.errors import NoTextLayerError

# A box whose vertical centre lies within this share of the line height of a row's first box is on
# that row: recognised lines of one printed line can come back as several boxes.
_SAME_ROW = 0.5
# Recognised text below this confidence is noise (stamps, specks, table rules), not a word.
_MIN_SCORE = 0.5


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _rows(boxes: list[tuple[float, float, float, float, str]]) -> list[str]:
    """Boxes (left, top, right, bottom, text) grouped into printed lines, top to bottom, left to right."""
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        centre, height = (box[1] + box[3]) / 2, box[3] - box[1]
        if rows:
            first = rows[-1][0]
            if abs(centre - (first[1] + first[3]) / 2) <= _SAME_ROW * max(height, first[3] - first[1]):
                rows[-1].append(box)
                continue
        rows.append([box])
    return ["".join(b[4] for b in sorted(row, key=lambda b: b[0])) for row in rows]


def recognise_lines(image: Any, name: str) -> list[str]:
    """The printed lines of a page image (a PIL image or an array), in reading order."""
    import numpy as np

    try:
        result, _ = _engine()(np.asarray(image.convert("RGB")) if hasattr(image, "convert") else image)
    except ImportError as exc:
        raise NoTextLayerError(name, "扫描件需要文字识别组件 rapidocr-onnxruntime，当前安装中没有它") from exc
    boxes = []
    for points, text, score in result or []:
        if float(score) < _MIN_SCORE or not str(text).strip():
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append((min(xs), min(ys), max(xs), max(ys), str(text).strip()))
    return _rows(boxes)
