"""What the tests and the benchmarks share: a Milvus server in its own process, the hand labels' reader."""
