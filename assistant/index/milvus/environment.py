"""Milvus's own environment handling, called by the edge before pymilvus is imported."""

from __future__ import annotations

from collections.abc import MutableMapping

# pymilvus reads MILVUS_URI itself when imported and refuses anything but http(s) there, while ours
# may name a Milvus Lite file: such a value moves to MILVUS_LITE_URI, which pymilvus ignores and
# settings read as this backend's "lite_uri" option.
LITE_URI_OPTION = "lite_uri"


def hand_over_lite_uri(environ: MutableMapping[str, str]) -> None:
    """Move a MILVUS_URI naming a Milvus Lite file (not http(s)://) out of pymilvus's sight."""
    uri = environ.get("MILVUS_URI")
    if uri and not uri.startswith(("http://", "https://")):
        environ[f"MILVUS_{LITE_URI_OPTION.upper()}"] = environ.pop("MILVUS_URI")
