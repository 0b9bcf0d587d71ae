"""The one place domain errors become messages for people (Chinese), for the CLI and the web UI.

The library raises typed errors carrying data (file name, reason, the duplicate's name); only
this edge decides the wording.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant import errors
from assistant.ingest.loading import MAX_FILE_BYTES
from assistant.ingest.readers import supported_extensions

log = logging.getLogger(__name__)


def _duplicate_message(exc: errors.DuplicateDocumentError) -> str:
    if exc.other is None:
        return f"已收录同名文件“{exc.path}”，未重复收录；如需替换请先删除原文件。"
    return f"文件“{exc.path}”与已收录的“{exc.other}”内容相同，未重复收录。"


def _unsupported_message(exc: errors.DocumentError) -> str:
    suffix = Path(exc.path).suffix or "（无扩展名）"
    return f"不支持的文件类型 {suffix}，未收录。支持的类型：{'、'.join(supported_extensions())}。"


# Why a file was not taken, per kind of refusal (the first class the error is an instance of).
_DOCUMENT_MESSAGES: tuple[tuple[type[errors.DocumentError], Callable[[Any], str]], ...] = (
    (errors.TooManyPagesError, lambda e: f"文件“{e.path}”有 {e.reason}，超过单个文件 {e.limit} 页的上限，未收录。"),
    (
        errors.TextTooLongError,
        lambda e: f"文件“{e.path}”的正文过长（{e.reason}），超过单个文件 {e.limit:,} 字的上限，未收录。",
    ),
    (
        errors.FileTooLargeError,
        lambda e: f"文件“{e.path}”超过 {(e.limit or MAX_FILE_BYTES) // 2**20} MB 上限，未收录。",
    ),
    (errors.ParseLimitError, lambda e: f"文件“{e.path}”无法在限定的时间和内存内读取（{e.reason}），未收录。"),
    (errors.UnsupportedFormatError, _unsupported_message),
    (errors.NoTextLayerError, lambda e: f"文件“{e.path}”没有文字层（扫描图片版 PDF 暂不支持），未收录。"),
    (errors.EmptyFileError, lambda e: f"文件“{e.path}”是空的或没有正文，未收录。"),
    (errors.BinaryFileError, lambda e: f"文件“{e.path}”是二进制文件而不是文本，未收录。"),
    (errors.UndecodableFileError, lambda e: f"无法读取文件“{e.path}”（编码或格式无法识别），未收录。"),
    (errors.DuplicateDocumentError, _duplicate_message),
)


def document_message(exc: errors.DocumentError) -> str:
    """Why a file was not taken into the corpus."""
    for kind, message in _DOCUMENT_MESSAGES:
        if isinstance(exc, kind):
            return message(exc)
    return f"文件“{exc.path}”无法收录：{exc.reason}"


_PREFIXES: tuple[tuple[type[errors.AssistantError], str], ...] = (
    (errors.IndexMissingError, "没有索引"),
    (errors.IndexCorruptedError, "索引已损坏"),
    (errors.IndexMismatchError, "索引与当前文件或设置不一致"),
    (errors.EmptyCorpusError, "没有可用的文件"),
    (errors.EmbeddingModelError, "无法加载向量模型"),
    (errors.IndexBackendError, "索引服务不可用"),  # the message names the backend (Milvus, an unknown INDEX_BACKEND …)
    (errors.SynonymFileError, "同义词文件有误，请修改后重试"),
    (errors.StorageError, "保存失败（未写入）"),
)


def user_message(exc: Exception) -> str:
    """A message for any error; unexpected ones are logged with their traceback and named only."""
    if isinstance(exc, errors.DocumentError):
        return document_message(exc)
    if isinstance(exc, errors.EmptyQuestionError):
        return str(exc) or "问题为空，请输入要查询的内容"
    for kind, prefix in _PREFIXES:
        if isinstance(exc, kind):
            return f"{prefix}：{exc}"
    if isinstance(exc, errors.AssistantError):
        return str(exc) or type(exc).__name__
    log.error("unexpected error", exc_info=exc)
    return f"内部错误：{type(exc).__name__}"
