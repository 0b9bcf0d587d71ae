"""Indicator table: the targets and figures each clause states (stage between chunking and indexing)."""
