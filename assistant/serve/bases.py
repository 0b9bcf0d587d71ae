"""The knowledge bases a server answers from: one pipeline holder per base, opened on first use with
the one embedding model, and a question answered across the bases a caller chose and may read.

The default base is the holder the server started with (the install's own corpus and index); a
created base's pipeline is opened from its folders in the data folder (an index is built the first
time, as for the default base) with `index_namespace` set, so a shared engine keeps its rows apart.
A base without documents yet has no pipeline and answers nothing.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from assistant.access.bases import DEFAULT_BASE, KnowledgeBase
from assistant.access.policy import Access
from assistant.answer.combined import combine_answers
from assistant.documents import Answer
from assistant.errors import AssistantError, EmptyCorpusError
from assistant.index.embedders import Embedder
from assistant.serve.holder import PipelineHolder
from assistant.serve.runtime import Pipeline, open_pipeline
from assistant.settings import Settings

# Documents were chosen to limit a question, and none of them is in any asked base any more.
CHOSEN_DOCUMENTS_GONE = "所选文件已被删除，请重新选择限定文件。"


def base_settings(settings: Settings, base: KnowledgeBase) -> Settings:
    """The settings a base's pipeline runs with: the server's, with the base's folders and namespace."""
    if base.name == DEFAULT_BASE:
        return settings
    return replace(
        settings,
        corpus_dir=base.corpus_dir(settings.data_dir),
        index_dir=base.index_dir(settings.data_dir),
        index_namespace=base.folder,
    )


def _held(pipeline: Pipeline, doc_ids: list[str]) -> list[str]:
    known = {d.doc_id for d in pipeline.index.documents}
    return [d for d in doc_ids if d in known]


def scope_in(pipeline: Pipeline, doc_ids: list[str] | None) -> list[str] | None:
    """The chosen documents this pipeline holds (None: no choice, every document); AssistantError when
    documents were chosen and none is here any more."""
    if not doc_ids:
        return None
    scope = _held(pipeline, doc_ids)
    if not scope:
        raise AssistantError(CHOSEN_DOCUMENTS_GONE)
    return scope


class BaseHolders:
    """Every knowledge base's pipeline holder, the default one given, the others opened when first asked."""

    def __init__(self, default: PipelineHolder, access: Access) -> None:
        self.default, self.access = default, access
        self._holders: dict[str, PipelineHolder] = {}
        self._opening = threading.Lock()

    def holder(self, name: str) -> PipelineHolder | None:
        """The holder of the base `name`, opened now if needed; None while the base has no documents."""
        if name == DEFAULT_BASE:
            return self.default
        base = self.access.bases.get(name)  # a base removed meanwhile is refused, even when it was opened
        with self._opening:
            held = self._holders.get(name)
            if held is not None:
                return held
            settings = base_settings(self.default.get().settings, base)
            settings.corpus_dir.mkdir(parents=True, exist_ok=True)
            try:
                pipeline = open_pipeline(settings, notify=lambda message: None, embeddings=self._embeddings())
            except EmptyCorpusError:
                return None
            self._holders[name] = PipelineHolder(pipeline, settings.follow_index_s)
            return self._holders[name]

    def _embeddings(self) -> Embedder:
        return self.default.get().retriever.embeddings  # one model for every base

    def chosen(self, user: str | None, names: list[str] | None) -> list[str]:
        """The bases a question goes to: those named (each must be readable), or every base `user` may read."""
        if names:
            for name in names:
                self.access.require_base(user, name)
            return list(dict.fromkeys(names))
        return [b.name for b in self.access.readable_bases(user)]

    def pipelines(self, names: list[str]) -> list[tuple[str, Pipeline]]:
        """(name, current pipeline) of each base that has documents."""
        out = []
        for name in names:
            holder = self.holder(name)
            if holder is not None:
                out.append((name, holder.get()))
        return out

    def ask(self, names: list[str], question: str, earlier: list[str], doc_ids: list[str] | None = None) -> Answer:
        """`question` answered by each base of `names` (limited to `doc_ids` when given), as one answer."""
        parts = []
        for name, pipeline in self.pipelines(names):
            scope = _held(pipeline, doc_ids) if doc_ids else None
            if doc_ids and not scope:
                continue  # the chosen documents are another base's
            parts.append((name, pipeline.conversation.ask(question, earlier, doc_ids=scope)))
        if not parts:
            if doc_ids:
                raise AssistantError(CHOSEN_DOCUMENTS_GONE)
            raise EmptyCorpusError("所选知识库中还没有文件")
        return combine_answers(parts)
