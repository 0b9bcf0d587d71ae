"""BM25 over the search form of chunks, with a Chinese tokenisation that keeps numbers whole.

The index is a term -> postings matrix in CSR form (numpy), saved with the index and loaded
once; a query touches only the postings of its own terms.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.text.lexicon import BM25_STOP_CHARS
from assistant.text.normalize import NUMBER_RE, search_form
from assistant.text.patterns import HAN_RUN_RE

TOKENIZERS = ("bigram", "jieba")
_LATIN_RE = re.compile(r"[a-z]+\d*(?:\.\d+)?")


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
    for run in HAN_RUN_RE.findall(rest):
        tokens.extend(c for c in run if c not in BM25_STOP_CHARS)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def tokenize_jieba(text: str) -> list[str]:
    """Numbers with units, Latin words, then jieba search-mode words."""
    import jieba

    tokens, rest = _protected(search_form(text))
    for run in HAN_RUN_RE.findall(rest):
        tokens.extend(w for w in jieba.cut_for_search(run) if w not in BM25_STOP_CHARS)
    return tokens


def tokenizer(name: str) -> Callable[[str], list[str]]:
    if name == "bigram":
        return tokenize_bigram
    if name == "jieba":
        return tokenize_jieba
    raise ValueError(f"unknown lexical tokenizer '{name}' (choose from {', '.join(TOKENIZERS)})")


@dataclass(frozen=True)
class Segment:
    """Postings of a run of consecutive chunks (rows `first`…): term -> CSR slice of rows and counts."""

    first: int
    vocab: dict[str, int]
    indptr: np.ndarray  # (n_terms + 1,)
    rows: np.ndarray  # (n_postings,) global chunk rows
    tfs: np.ndarray  # (n_postings,)
    doc_len: np.ndarray  # (n_chunks,)

    @classmethod
    def build(cls, texts: list[str], tokenizer_name: str, first: int = 0) -> Segment:
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
                postings[tid][first + doc] = postings[tid].get(first + doc, 0) + 1
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        for tid, plist in enumerate(postings):
            indptr[tid + 1] = indptr[tid] + len(plist)
        rows = np.fromiter((d for plist in postings for d in plist), dtype=np.int32, count=int(indptr[-1]))
        tfs = np.fromiter((t for plist in postings for t in plist.values()), dtype=np.float32, count=int(indptr[-1]))
        return cls(first, vocab, indptr, rows, tfs, doc_len)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        tid = self.vocab.get(term)
        if tid is None:
            return None
        begin, end = self.indptr[tid], self.indptr[tid + 1]
        return self.rows[begin:end], self.tfs[begin:end]

    ARRAYS = ("indptr", "rows", "tfs", "doc_len")

    @staticmethod
    def files(name: str) -> list[str]:
        """The files a segment saved as `name` consists of."""
        return [f"{name}.json"] + [f"{name}-{array}.npy" for array in Segment.ARRAYS]

    def save(self, directory: Path, name: str) -> list[str]:
        for array in self.ARRAYS:
            with open(directory / f"{name}-{array}.npy", "wb") as fh:
                np.save(fh, getattr(self, array), allow_pickle=False)
        (directory / f"{name}.json").write_text(
            json.dumps({"first": self.first, "vocab": self.vocab}, ensure_ascii=False), encoding="utf-8"
        )
        return self.files(name)

    @classmethod
    def load(cls, directory: Path, name: str) -> Segment:
        """The saved segment, its arrays memory-mapped: a query reads only its own terms' postings."""
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        arrays = [np.load(directory / f"{name}-{array}.npy", mmap_mode="r", allow_pickle=False) for array in cls.ARRAYS]
        return cls(meta["first"], meta["vocab"], *arrays)


@dataclass(frozen=True)
class BM25Index:
    """Okapi BM25 over immutable segments: adding documents adds a segment, nothing is re-tokenised."""

    segments: tuple[Segment, ...]
    tokenizer_name: str
    k1: float = 1.2
    b: float = 0.75

    @classmethod
    def build(cls, texts: list[str], tokenizer_name: str) -> BM25Index:
        return cls((Segment.build(texts, tokenizer_name),), tokenizer_name)

    def add(self, texts: list[str]) -> BM25Index:
        """A new index with `texts` appended as the next rows (this one is left unchanged)."""
        segment = Segment.build(texts, self.tokenizer_name, first=self.size)
        return BM25Index(self.segments + (segment,), self.tokenizer_name, self.k1, self.b)

    @functools.cached_property
    def _lengths(self) -> tuple[np.ndarray, float]:
        """Every row's length and the average (read once, not per query)."""
        doc_len = (
            np.concatenate([s.doc_len for s in self.segments])
            if len(self.segments) > 1
            else np.asarray(self.segments[0].doc_len)
        )
        return doc_len, float(doc_len.mean()) or 1.0

    @property
    def size(self) -> int:
        return sum(len(s.doc_len) for s in self.segments)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk row for `query` (zeros where no term matches)."""
        n_docs = self.size
        out = np.zeros(n_docs, dtype=np.float32)
        if n_docs == 0:
            return out
        doc_len, avg = self._lengths
        # In first-seen order (not a set's): float sums then do not depend on the process's hash seed.
        for term in dict.fromkeys(tokenizer(self.tokenizer_name)(query)):
            found = [p for p in (s.postings(term) for s in self.segments) if p is not None]
            if not found:
                continue
            rows = np.concatenate([r for r, _ in found])
            tf = np.concatenate([t for _, t in found])
            df = len(rows)
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            norm = tf + self.k1 * (1 - self.b + self.b * doc_len[rows] / avg)
            out[rows] += idf * tf * (self.k1 + 1) / norm
        return out

    def search(
        self, query: str, n: int, rows: np.ndarray | None = None, excluded: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The `n` best-scoring rows with a positive score (within `rows`, sorted, when given), best first.

        `excluded` (with `rows` None): rows never returned, those of deleted documents. Their terms
        still count in document frequencies and the average length until the next merge, as in
        Lucene; a rebuilt index scores the same rows slightly differently.
        """
        scores = self.scores(query)
        if rows is None:
            rows = np.arange(len(scores))
            if excluded is not None:
                scores[excluded] = 0  # not positive: never returned
        else:
            scores = scores[rows]
        positive = np.flatnonzero(scores > 0)
        if len(positive) > n:
            positive = positive[np.argpartition(-scores[positive], n - 1)[:n]]
        positive = positive[np.argsort(-scores[positive], kind="stable")]
        return rows[positive], scores[positive]

    def has_term(self, term: str) -> bool:
        return any(term in s.vocab for s in self.segments)

    def rows_holding(self, text: str, among: np.ndarray | None = None) -> np.ndarray | None:
        """The rows holding every term of `text` (a Han word, bigram tokenizer: its unigrams and bigrams
        stand in every text holding it), of `among` (sorted) when given; None otherwise, where jieba or a
        protected number may cut differently in context."""
        if self.tokenizer_name != "bigram" or not HAN_RUN_RE.fullmatch(text):
            return None
        terms = list(dict.fromkeys(tokenize_bigram(text)))
        # A word's bigrams stand wherever it does and cover its characters: its unigrams add nothing (and are
        # the longest postings).
        terms = [t for t in terms if len(t) > 1] or terms
        if not terms:  # a word of stop characters only (的): no term to look up
            return None
        held = among
        for term in terms:
            held = self._term_rows(term) if held is None else self._held_of(term, held)
            if not len(held):
                break
        return held

    def _term_rows(self, term: str) -> np.ndarray:
        """Every row holding `term` (segments hold ascending, disjoint row ranges, so their postings join sorted)."""
        found = [p[0] for s in self.segments if (p := s.postings(term)) is not None]
        return np.concatenate(found).astype(np.int64) if found else np.zeros(0, np.int64)

    def _held_of(self, term: str, rows: np.ndarray) -> np.ndarray:
        """The rows of `rows` holding `term`: each looked up in the term's sorted postings (a plan's few hundred
        clauses against postings of 100,000s of rows at scale, never merged whole)."""
        keep = np.zeros(len(rows), dtype=bool)
        for segment in self.segments:
            found = segment.postings(term)
            if found is None or not len(found[0]):
                continue
            postings = found[0]
            at = np.minimum(np.searchsorted(postings, rows), len(postings) - 1)
            keep |= postings[at] == rows
        return rows[keep]

    def save_segment(self, k: int, directory: Path, stem: str) -> list[str]:
        return self.segments[k].save(directory, stem)

    @staticmethod
    def segment_files(stem: str) -> list[str]:
        """The files a segment saved under `stem` consists of."""
        return Segment.files(stem)

    @classmethod
    def opened(cls, directory: Path, stems: list[str], tokenizer_name: str, base: BM25Index | None = None) -> BM25Index:
        """The segments saved under `stems` in `directory` (memory-mapped), after those of `base`."""
        earlier = base.segments if base is not None else ()
        return cls(earlier + tuple(Segment.load(directory, stem) for stem in stems), tokenizer_name)
