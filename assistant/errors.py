"""Domain errors raised by the library; the CLI and UI turn them into messages."""
from __future__ import annotations


class AssistantError(Exception):
    """Base class of every error the library raises on purpose."""


class DocumentError(AssistantError):
    """A file could not be turned into a document."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptyFileError(DocumentError):
    """The file holds no text."""


class NoTextLayerError(EmptyFileError):
    """A PDF of scanned images: no text to read."""


class BinaryFileError(DocumentError):
    """The file is binary, not text."""


class UndecodableFileError(DocumentError):
    """No supported encoding decodes the file reliably."""


class UnsupportedFormatError(DocumentError):
    """No reader handles the file's extension."""


class FileTooLargeError(DocumentError):
    """The file is over the accepted size."""


class DuplicateDocumentError(DocumentError):
    """The corpus already holds a file of this name, or the same text under another name."""

    def __init__(self, path: str, reason: str, other: str | None = None) -> None:
        super().__init__(path, reason)
        self.other = other  # the file with the same text, when that is the duplicate


class SynonymFileError(AssistantError):
    """The corpus folder's synonyms.tsv is malformed or not UTF-8 (not a document: it is never indexed)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptyQuestionError(AssistantError):
    """The question is empty or only whitespace."""


class IndexMismatchError(AssistantError):
    """The index on disk was built from another corpus, model or chunker."""


class IndexCorruptedError(AssistantError):
    """The index on disk is partial or damaged."""


class IndexMissingError(AssistantError):
    """There is no index where one was expected."""


class EmptyCorpusError(AssistantError):
    """The corpus folder holds no loadable document."""


class EmbeddingModelError(AssistantError):
    """The embedding model could not be loaded."""
