"""BM25 over the search form of chunks, with a Chinese tokenisation that keeps numbers whole.

The index is a term -> postings matrix in CSR form (numpy), saved with the index and loaded
once; a query touches only the postings of its own terms.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .normalize import NUMBER_RE, search_form

TOKENIZERS = ("bigram", "jieba")
_LATIN_RE = re.compile(r"[a-z]+\d*(?:\.\d+)?")
_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_STOP_CHARS = set("的了和与及等是在对为以将把被从到于并或其之也都而")


def _protected(text: str) -> tuple[list[str], str]:
    """Number/unit and Latin tokens, and the text with them blanked out."""
    tokens: list[str] = []

    def keep(match: re.Match[str]) -> str:
        tokens.append(match.group(0))
        return " "

    text = _LATIN_RE.sub(keep, text.lower())  # first, so PM2.5 stays one token
    text = NUMBER_RE.sub(keep, text)
    return tokens, text


def tokenize_bigram(text: str) -> list[str]:
    """Numbers with units, Latin words, then Han unigrams and bigrams."""
    tokens, rest = _protected(search_form(text))
    for run in _HAN_RUN_RE.findall(rest):
        tokens.extend(c for c in run if c not in _STOP_CHARS)
        tokens.extend(run[i: i + 2] for i in range(len(run) - 1))
    return tokens


def tokenize_jieba(text: str) -> list[str]:
    """Numbers with units, Latin words, then jieba search-mode words."""
    import jieba

    tokens, rest = _protected(search_form(text))
    for run in _HAN_RUN_RE.findall(rest):
        tokens.extend(w for w in jieba.cut_for_search(run) if w not in _STOP_CHARS)
    return tokens


def tokenizer(name: str):
    if name == "bigram":
        return tokenize_bigram
    if name == "jieba":
        return tokenize_jieba
    raise ValueError(f"unknown lexical tokenizer '{name}' (choose from {', '.join(TOKENIZERS)})")


@dataclass
class BM25Index:
    """Okapi BM25 with postings in CSR arrays."""

    vocab: dict[str, int]
    indptr: np.ndarray  # (n_terms + 1,)
    doc_ids: np.ndarray  # (n_postings,)
    tfs: np.ndarray  # (n_postings,)
    doc_len: np.ndarray  # (n_docs,)
    tokenizer_name: str
    k1: float = 1.2
    b: float = 0.75

    @classmethod
    def build(cls, texts: list[str], tokenizer_name: str) -> "BM25Index":
        tokenize = tokenizer(tokenizer_name)
        vocab: dict[str, int] = {}
        postings: list[dict[int, int]] = []
        doc_len = np.zeros(len(texts), dtype=np.float32)
        for doc, text in enumerate(texts):
            terms = tokenize(text)
            doc_len[doc] = len(terms)
            for term in terms:
                tid = vocab.setdefault(term, len(vocab))
                if tid == len(postings):
                    postings.append({})
                postings[tid][doc] = postings[tid].get(doc, 0) + 1
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        for tid, plist in enumerate(postings):
            indptr[tid + 1] = indptr[tid] + len(plist)
        doc_ids = np.fromiter((d for plist in postings for d in plist), dtype=np.int32, count=int(indptr[-1]))
        tfs = np.fromiter((t for plist in postings for t in plist.values()), dtype=np.float32, count=int(indptr[-1]))
        return cls(vocab, indptr, doc_ids, tfs, doc_len, tokenizer_name)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for `query` (zeros where no term matches)."""
        n_docs = len(self.doc_len)
        out = np.zeros(n_docs, dtype=np.float32)
        if n_docs == 0:
            return out
        avg = float(self.doc_len.mean()) or 1.0
        for term in set(tokenizer(self.tokenizer_name)(query)):
            tid = self.vocab.get(term)
            if tid is None:
                continue
            begin, end = self.indptr[tid], self.indptr[tid + 1]
            docs, tf = self.doc_ids[begin:end], self.tfs[begin:end]
            df = end - begin
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            norm = tf + self.k1 * (1 - self.b + self.b * self.doc_len[docs] / avg)
            out[docs] += idf * tf * (self.k1 + 1) / norm
        return out

    def save(self, directory: Path) -> list[str]:
        np.savez(directory / "bm25.npz", indptr=self.indptr, doc_ids=self.doc_ids, tfs=self.tfs,
                 doc_len=self.doc_len)
        (directory / "bm25_vocab.json").write_text(json.dumps(
            {"tokenizer": self.tokenizer_name, "k1": self.k1, "b": self.b, "vocab": self.vocab},
            ensure_ascii=False), encoding="utf-8")
        return ["bm25.npz", "bm25_vocab.json"]

    @classmethod
    def load(cls, directory: Path) -> "BM25Index":
        meta = json.loads((directory / "bm25_vocab.json").read_text(encoding="utf-8"))
        with np.load(directory / "bm25.npz") as arrays:
            return cls(meta["vocab"], arrays["indptr"], arrays["doc_ids"], arrays["tfs"], arrays["doc_len"],
                       meta["tokenizer"], meta["k1"], meta["b"])
