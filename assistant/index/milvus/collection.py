"""Creating, filling and switching the Milvus collection of an index version.

Rows are the index's chunk rows (the primary key), with the document id (the scope filter), the
unit vector (inner product) and the chunk's BM25 terms. The terms are our own tokens (numbers with
units whole, Han unigrams and bigrams), each written as an ASCII word ("t" + 12 hex digits of its
hash) so that Milvus's built-in BM25 with its `standard` analyzer counts exactly our tokens:
lexical ranking then matches the FAISS backend's (its `jieba` analyzer would split indicator names
differently in question and clause).
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.errors import IndexBackendError
from assistant.index.layout import Index
from assistant.index.lexical import tokenizer
from assistant.index.manifest import index_text

if TYPE_CHECKING:  # pymilvus is imported when Milvus is opened (INDEX_BACKEND=milvus), not with this module
    from pymilvus import MilvusClient

log = logging.getLogger(__name__)
INSERT_BATCH = 2000
MAX_TERMS_CHARS = 65_535  # Milvus VARCHAR limit
TERM_CHARS = 14  # "t" + 12 hex + the separating space
ROWS_PROPERTY = "policy_assistant.rows"  # rows the collection holds, set once they are all flushed
DIGEST_PROPERTY = "policy_assistant.rows_sha256"  # of those rows' chunk ids, in order


def connect(uri: str) -> MilvusClient:
    """A MilvusClient for a Milvus Lite file or a server URI (IndexBackendError if unreachable)."""
    try:
        from pymilvus import MilvusClient

        return MilvusClient(uri)
    except Exception as exc:  # import, connection and file errors all mean "no engine"
        locked = "lock" in repr(exc.__cause__ or exc.__context__ or "")
        why = (
            (
                "the file is in use by another process (Milvus Lite serves one process; several processes need "
                "a Milvus server)"
            )
            if locked
            else str(exc)
        )
        raise IndexBackendError(f"cannot open Milvus at '{uri}': {why}") from exc


def encode_terms(text: str, tokenizer_name: str) -> str:
    """`text`'s BM25 tokens as space-separated ASCII words (the same word for the same token)."""
    words = [
        "t" + hashlib.blake2b(t.encode("utf-8"), digest_size=6).hexdigest() for t in tokenizer(tokenizer_name)(text)
    ]
    return " ".join(words[: MAX_TERMS_CHARS // TERM_CHARS])


def collection_name(alias: str, index: Index) -> str:
    """The collection of one index version: the alias plus the version folder's name."""
    return f"{alias}_{re.sub(r'[^0-9A-Za-z]', '_', index.directory.name)}"


def create_collection(client: MilvusClient, name: str, dim: int) -> None:
    """An empty collection for one index version: row, doc_id, BM25 terms and their sparse vector, dense vector."""
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False, description="policy-assistant clause chunks")
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=64)
    schema.add_field(
        "terms",
        DataType.VARCHAR,
        max_length=MAX_TERMS_CHARS,
        enable_analyzer=True,
        analyzer_params={"tokenizer": "standard"},
    )
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_function(
        Function(
            name="terms_bm25",
            function_type=FunctionType.BM25,
            input_field_names=["terms"],
            output_field_names=["sparse"],
        )
    )
    params = client.prepare_index_params()
    params.add_index(field_name="dense", index_type="FLAT", metric_type="IP")
    # Milvus Lite builds no AUTOINDEX on sparse fields; the inverted index is what it supports.
    params.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    params.add_index(field_name="doc_id", index_type="INVERTED")
    client.create_collection(name, schema=schema, index_params=params)


def _alias_target(client: MilvusClient, alias: str) -> str | None:
    if alias not in client.list_aliases().get("aliases", []):
        return None
    return client.describe_alias(alias)["collection_name"]


def _rows_digest(index: Index, rows: int) -> str:
    return hashlib.sha256("\n".join(index.chunk_ids[:rows]).encode("utf-8")).hexdigest()


def _rows_held(client: MilvusClient, name: str, index: Index) -> int | None:
    """How many of `index`'s first rows the collection holds, as recorded when it was last synced
    (None: it holds something else, e.g. rows of a full build that renumbered them)."""
    properties = client.describe_collection(name).get("properties", {})
    rows = int(properties.get(ROWS_PROPERTY, -1))
    if 0 <= rows <= len(index.chunks) and properties.get(DIGEST_PROPERTY) == _rows_digest(index, rows):
        return rows
    return None


def insert_rows(client: MilvusClient, name: str, index: Index, first: int, tokenizer_name: str) -> None:
    """Insert and flush rows `first`… of `index` (their vectors are reconstructed once, not the whole index's)."""
    vectors = index.vectors.vectors(first)
    for begin in range(first, len(index.chunks), INSERT_BATCH):
        rows = range(begin, min(begin + INSERT_BATCH, len(index.chunks)))
        client.insert(
            name,
            [
                {
                    "row": r,
                    "doc_id": index.doc_of_row[r],
                    "terms": encode_terms(index_text(index.chunks[r]), tokenizer_name),
                    "dense": vectors[r - first].tolist(),
                }
                for r in rows
            ],
        )
    client.flush(name)


def _record_rows(client: MilvusClient, name: str, index: Index) -> None:
    """Record in the collection that it holds every row of `index` (once they are all flushed)."""
    client.alter_collection_properties(
        name,
        properties={ROWS_PROPERTY: str(len(index.chunks)), DIGEST_PROPERTY: _rows_digest(index, len(index.chunks))},
    )


def sync_collection(
    client: MilvusClient, alias: str, index: Index, tokenizer_name: str, notify: Callable[[str], None] = log.info
) -> str:
    """Make the collection `alias` names hold every row of `index`; returns the collection's name.

    Added documents are appended to the live collection: readers filter on `row < their index's
    rows`, so rows a killed append left behind are invisible, and deleted before the next append.
    A removed or replaced document changes nothing here: its rows keep their numbers in the index
    version, which marks them deleted, and readers filter them out (`MilvusCandidates`). A full build
    (a merge, another model) renumbers rows: it is written into a new collection and the alias
    switched when it is complete, so a killed build leaves the previous one serving.
    """
    try:
        live = _alias_target(client, alias)
        held = _rows_held(client, live, index) if live is not None else None
        for stale in client.list_collections():  # what killed full builds left behind
            if stale.startswith(alias + "_") and stale != live:
                client.drop_collection(stale)
        if live is not None and held is not None:
            if held < len(index.chunks):
                notify(f"adding {len(index.chunks) - held} chunks to Milvus collection {live}")
                client.delete(live, filter=f"row >= {held}")
                insert_rows(client, live, index, held, tokenizer_name)
                _record_rows(client, live, index)
            client.load_collection(live)  # a reopened Milvus Lite file serves nothing until loaded
            return live
        name = collection_name(alias, index)
        if name == live:  # this version's collection, but without a record of its rows (written by an older build)
            name = f"{name}_{uuid.uuid4().hex[:6]}"
        notify(f"writing {len(index.chunks)} chunks into Milvus collection {name}")
        create_collection(client, name, index.manifest.embedding["dim"])
        insert_rows(client, name, index, 0, tokenizer_name)
        _record_rows(client, name, index)
        client.load_collection(name)
        if live is None:
            client.create_alias(name, alias)
        else:
            client.alter_alias(name, alias)
            client.drop_collection(live)
    except IndexBackendError:
        raise
    except Exception as exc:  # MilvusException and gRPC errors
        raise IndexBackendError(f"Milvus refused to store the index ({type(exc).__name__}: {exc})") from exc
    return name
