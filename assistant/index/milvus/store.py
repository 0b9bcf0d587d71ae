"""Retrieval's candidate lists from a Milvus collection, the scope as a filter inside each search."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from assistant.errors import IndexBackendError, IndexMismatchError
from assistant.index.candidates import Lists
from assistant.index.layout import Index
from assistant.index.milvus.collection import connect, encode_terms, sync_collection
from assistant.index.milvus.environment import LITE_URI_OPTION
from assistant.index.tombstones import Ranges
from assistant.settings import Settings

if TYPE_CHECKING:  # pymilvus is imported by `connect`, when Milvus is opened
    from pymilvus import MilvusClient

DEFAULT_COLLECTION = "policy_chunks"  # the alias; each index version is a collection behind it
_EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.float32))


class MilvusCandidates:
    """`CandidateStore` over one collection, for the index version whose rows' documents are `doc_of_row`.

    It searches the collection it was synced with, not the alias: after another process switched
    the alias to a new version, this one's rows would name other chunks. Every hit's document is
    checked against the loaded index, so a mismatch fails loudly instead of citing a wrong clause.
    The rows this version marks deleted (`deleted`, [begin, end) ranges) stay in the collection until
    the next merge writes a new one; each search's filter leaves them out, as it leaves out rows
    beyond its own: every process filters by its own version, whichever another process has written.
    """

    def __init__(
        self, client: MilvusClient, collection: str, tokenizer_name: str, doc_of_row: list[str], deleted: Ranges = ()
    ) -> None:
        self._client, self.collection, self._tokenizer = client, collection, tokenizer_name
        self._doc_of_row = doc_of_row
        self.rows = len(doc_of_row)  # later rows (another process's append) are not this index's
        # One range per deleted document (its rows are consecutive): on Milvus Lite over 20k rows, 100
        # ranges added 14 ms to a search, the same rows listed one by one ("row not in [...]") 90 ms.
        self._live = f"row < {self.rows}" + "".join(f" and not (row >= {a} and row < {b})" for a, b in deleted)
        # The lexical search runs while the dense one waits on the engine (each is a round trip).
        self._lexical_worker = ThreadPoolExecutor(max_workers=2, thread_name_prefix="milvus-lexical")

    def _filter(self, doc_ids: frozenset[str] | None) -> str:
        limit = self._live
        if doc_ids is None:
            return limit
        return limit + " and doc_id in [" + ", ".join(f'"{d}"' for d in sorted(doc_ids)) + "]"  # hex ids

    def _search(
        self, data: list[float] | str, field: str, metric: str, n: int, doc_ids: frozenset[str] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        if doc_ids is not None and not doc_ids:
            return _EMPTY
        try:
            hits = self._client.search(
                self.collection,
                data=[data],
                anns_field=field,
                limit=n,
                filter=self._filter(doc_ids),
                output_fields=["doc_id"],
                search_params={"metric_type": metric},
            )[0]
        except Exception as exc:  # MilvusException and gRPC errors; also a collection replaced meanwhile
            raise IndexBackendError(
                f"Milvus search in '{self.collection}' failed ({type(exc).__name__}: {exc}); "
                "if another process rebuilt the index, reload it"
            ) from exc
        # The primary key (row) is `hit.pk`: Milvus 2.5 servers name it "id" in the hit, Milvus Lite 3 "row".
        rows = np.array([hit.pk for hit in hits], dtype=np.int64)
        if any(self._doc_of_row[hit.pk] != hit["entity"]["doc_id"] for hit in hits):
            raise IndexMismatchError(f"Milvus collection '{self.collection}' does not hold this index version's rows")
        return rows, np.array([hit["distance"] for hit in hits], dtype=np.float32)

    def dense(self, query: np.ndarray, n: int, doc_ids: frozenset[str] | None) -> tuple[np.ndarray, np.ndarray]:
        return self._search(np.asarray(query, dtype=np.float32).tolist(), "dense", "IP", n, doc_ids)

    def candidates(self, query: np.ndarray, form: str, n: int, doc_ids: frozenset[str] | None) -> Lists:
        lexical = self._lexical_worker.submit(self.lexical, form, n, doc_ids)
        return self.dense(query, n, doc_ids), lexical.result()

    def lexical(self, form: str, n: int, doc_ids: frozenset[str] | None) -> tuple[np.ndarray, np.ndarray]:
        terms = encode_terms(form, self._tokenizer)
        if not terms:
            return _EMPTY
        rows, scores = self._search(terms, "sparse", "BM25", n, doc_ids)
        # Milvus Lite reports BM25 as a negative distance, a server as a positive score.
        scores = np.abs(scores)
        keep = scores > 0
        return rows[keep], scores[keep]


def open_milvus(settings: Settings, index: Index, notify: Callable[[str], None]) -> MilvusCandidates:
    """The "milvus" backend (INDEX_BACKEND): a collection synced to this index version. Its options:
    MILVUS_URI (http://host:19530, or a Milvus Lite file; default milvus.db in the index folder) and
    MILVUS_COLLECTION (the alias the app searches, default "policy_chunks")."""
    uri = settings.backend_option("uri") or settings.backend_option(LITE_URI_OPTION)
    client = connect(uri or str(settings.index_dir / "milvus.db"))
    alias = settings.backend_option("collection") or DEFAULT_COLLECTION
    if settings.index_namespace:  # a knowledge base of its own: its own alias, versions and rows
        alias = f"{alias}_{settings.index_namespace}"
    collection = sync_collection(client, alias, index, settings.lexical_tokenizer, notify)
    return MilvusCandidates(client, collection, settings.lexical_tokenizer, index.doc_of_row, index.deleted.rows)
