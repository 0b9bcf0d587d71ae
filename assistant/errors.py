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
    """The file is over the accepted size (`limit`: the bound it broke, in its own unit)."""

    def __init__(self, path: str, reason: str, limit: int | None = None) -> None:
        super().__init__(path, reason)
        self.limit = limit


class TooManyPagesError(FileTooLargeError):
    """A PDF with more pages than a document may have."""


class TextTooLongError(FileTooLargeError):
    """A file whose text is longer than a document may be."""


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


class UsersFileError(AssistantError):
    """The users file is malformed, or a user name or role is invalid."""


class UserExistsError(UsersFileError):
    """An account with this name already exists."""


class UnknownUserError(UsersFileError):
    """No account has this name."""


class WeakPasswordError(UsersFileError):
    """The password is too short."""


class KnowledgeBaseError(AssistantError):
    """A knowledge base that does not exist, exists already, or has an invalid name or right."""


class PermissionDeniedError(AssistantError):
    """The caller's role does not allow this (managing documents needs the editor role)."""


class AnonymousNetworkError(AssistantError):
    """Serving beyond this machine without accounts (and without --allow-anonymous)."""


class TooManyRequestsError(AssistantError):
    """The user already has the allowed number of questions in flight."""


class ArchiveTooLargeError(DocumentError):
    """A .docx that unpacks to more than the accepted size (a zip bomb, or huge embedded files)."""


class TooManyChunksError(DocumentError):
    """A document that would add more chunks to the index than one document may."""


class IndexPointerError(IndexCorruptedError):
    """index/CURRENT does not name a version folder inside the index folder."""


class IndexBackendError(AssistantError):
    """The index engine (Milvus) could not be reached, or refused an operation."""


class StorageError(AssistantError):
    """A write to (or read of) the app's own data failed: a full disk, a read-only folder, a damaged file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LoginThrottledError(AssistantError):
    """Too many failed sign-ins for this account or from this address; try again after `retry_after` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"登录失败次数过多，请 {retry_after} 秒后再试")
        self.retry_after = retry_after


class ParseLimitError(DocumentError):
    """Reading a file took more time or memory than one document may (a hostile or broken file)."""


class IndexCheckError(AssistantError):
    """A freshly built index does not hold the change it was built for (a file skipped on a full disk)."""


class ConversationNotFoundError(AssistantError):
    """No kept conversation has this id for this user (deleted, or someone else's)."""
