"""Benchmarks: speed, memory and scale tables (`python -m eval.bench`), the embedding engines side by
side (`python -m eval.bench.engines`), the Milvus backend (`milvus`) and any Milvus server (`milvus_engine`)."""
