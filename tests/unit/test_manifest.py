"""The manifest of an index version: read compatibly across a renamed field."""

from __future__ import annotations

import dataclasses

from assistant.index.manifest import Manifest


def test_a_manifest_written_before_the_vector_kind_rename_is_read_as_it_is():
    written = dataclasses.asdict(Manifest(1, {"model": "m", "dim": 2}, {}, {}, {}, vector_kind="IndexFlatIP"))
    old = {("faiss" if k == "vector_kind" else k): v for k, v in written.items()}
    assert Manifest.from_dict(old) == Manifest.from_dict(written)
    assert Manifest.from_dict(old).vector_kind == "IndexFlatIP"
