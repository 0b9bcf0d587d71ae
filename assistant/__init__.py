"""Retrieval-augmented Q&A over Chinese policy documents, with clause citations.

Pipeline stages (subpackages), each importing only earlier ones:
documents / errors / atomic -> text -> ingest -> indicators -> settings -> index -> retrieval
-> answer -> conversation -> access -> serve (CLI and web UI). tests/unit/test_layering.py enforces the order.
"""
