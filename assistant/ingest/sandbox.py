"""Reading an uploaded file in a process of its own, under time and memory limits.

A hostile file (an XML bomb inside a .docx, a PDF of 20,000 pages, 20 MB of one repeated line) may
make a parser run for minutes or take gigabytes. Run in the app's process, it would stall every
user; here the child's address space and CPU time are capped by the kernel, and the parent kills
it at the deadline. The child sends back only plain data (the document's metadata and its chunk
count, or the reason it was refused), as JSON: nothing of it is executed.

The child runs `child_main(FILE, NAME, CHUNKER_JSON, MEMORY_BYTES, CPU_SECONDS)`.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.documents import DocumentMeta
from assistant.errors import DocumentError, FileTooLargeError, ParseLimitError
from assistant.ingest.chunking import ChunkerSettings

_BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); from assistant.ingest.sandbox import child_main; "
    "sys.exit(child_main(sys.argv[2:]))"
)


@dataclass(frozen=True)
class ParseLimits:
    timeout_s: float = 60.0
    memory_bytes: int = 1536 * 2**20


@dataclass(frozen=True)
class ParsedUpload:
    meta: DocumentMeta
    chunks: int


def parse_isolated(path: Path, name: str, chunker: ChunkerSettings, limits: ParseLimits) -> ParsedUpload:
    """Read, parse and chunk `path` in a child process; raises the DocumentError the child reports, or
    ParseLimitError when it runs out of time or memory (or dies)."""
    # The child imports this package from where the parent found it (a source tree or an installed
    # wheel); -I: no user site, no PYTHON* variables, no current folder on the path.
    args = [
        sys.executable,
        "-I",
        "-c",
        _BOOT,
        str(Path(__file__).resolve().parents[2]),
        str(path),
        name,
        json.dumps(dataclasses.asdict(chunker)),
        str(limits.memory_bytes),
        str(int(limits.timeout_s) + 1),
    ]
    try:
        run = subprocess.run(args, capture_output=True, timeout=limits.timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:  # run() kills the child before raising
        raise ParseLimitError(name, f"读取超过 {limits.timeout_s:.0f} 秒仍未完成（文件可能被构造为拖慢解析）") from exc
    try:
        result = json.loads(run.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        result = None
    if run.returncode != 0 or not isinstance(result, dict):
        raise ParseLimitError(
            name, f"读取时超出内存或时间上限（{limits.memory_bytes // 2**20} MB），子进程退出码 {run.returncode}"
        )
    if "error" in result:
        raise _error_of(result["error"], name)
    return ParsedUpload(DocumentMeta(**result["meta"]), int(result["chunks"]))


def _error_of(data: dict, name: str) -> DocumentError:
    """The DocumentError subclass the child raised, rebuilt from its class name (never anything else)."""
    import assistant.errors as errors

    kind = getattr(errors, str(data.get("kind")), None)
    if not (isinstance(kind, type) and issubclass(kind, DocumentError)):
        kind = DocumentError
    error = kind(name, str(data.get("reason", ""))[:500])
    if isinstance(error, FileTooLargeError) and isinstance(data.get("limit"), int):
        error.limit = data["limit"]
    return error


def child_main(argv: list[str]) -> int:
    """The child: cap its own memory and CPU time first, then read the file and print the result as JSON."""
    import resource

    path, name, chunker_json, memory, cpu = argv
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu)))
    from assistant.ingest.chunking import ChunkerSettings, split_clauses
    from assistant.ingest.loading import parse_document
    from assistant.ingest.readers import read_file

    try:
        document = parse_document(read_file(Path(path), name), name)
        count = len(split_clauses(document, ChunkerSettings(**json.loads(chunker_json))))
        out = {"meta": document.meta.to_dict(), "chunks": count}
    except DocumentError as exc:
        out = {"error": {"kind": type(exc).__name__, "reason": exc.reason, "limit": getattr(exc, "limit", None)}}
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False).encode("utf-8"))
    return 0
