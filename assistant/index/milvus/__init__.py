"""Milvus as the candidate engine: each index version is a collection behind one alias.

`sync_collection` fills a new collection from an index version and then switches the alias, so
a build killed half-way leaves the previous collection serving; `MilvusCandidates` answers
retrieval's two questions (dense and BM25 candidates of a scope) with the scope, and the rows its
index version marks deleted, as a filter inside each search. The same code talks to Milvus Lite (a
local file) or a server (http://…).
"""

from assistant.index.milvus.collection import connect, encode_terms, sync_collection
from assistant.index.milvus.store import MilvusCandidates

__all__ = ["MilvusCandidates", "connect", "encode_terms", "sync_collection"]
