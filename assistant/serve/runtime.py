"""Start-up shared by the edges (CLI, app, eval): the loaded pipeline (the environment: `serve.environment`).

Only edges call this; library modules read no environment and do nothing at import time.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from assistant.answer.chain import AnswerChain
from assistant.conversation.session import Conversation
from assistant.index.backends import make_candidate_store
from assistant.index.build import BuildReport, Notify, ensure_index
from assistant.index.candidates import CandidateStore
from assistant.index.embedders import Embedder, make_embedder
from assistant.index.layout import Index
from assistant.indicators.synonyms import load_synonyms
from assistant.retrieval.retriever import Retriever
from assistant.settings import Settings
from assistant.text.gazetteer import default_gazetteer


def notify_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Pipeline:
    settings: Settings
    index: Index
    retriever: Retriever
    chain: AnswerChain
    build: BuildReport | None

    @property
    def conversation(self) -> Conversation:
        """Turns answered with the earlier turns as context (the caller keeps the turns)."""
        return Conversation(self.chain, self.retriever)


def candidate_store(settings: Settings, index: Index, notify: Notify = notify_stderr) -> CandidateStore:
    """Where retrieval's candidate lists come from: the backend INDEX_BACKEND names (assistant.index.backends)."""
    return make_candidate_store(settings, index, notify)


def open_pipeline(
    settings: Settings,
    rebuild: bool = False,
    notify: Notify = notify_stderr,
    embeddings: Embedder | None = None,
    previous: Index | None = None,
) -> Pipeline:
    """Load the embedding model and the index (building it if needed) and assemble the chain.

    Pass a running pipeline's `embeddings` and its index as `previous` to refresh it after the
    corpus changed without loading the model or the index again; the old pipeline stays valid (it
    holds its index in memory).
    """
    embeddings = embeddings or make_embedder(settings)
    index, report = ensure_index(settings, embeddings, notify, rebuild=rebuild, previous=previous)
    retriever = Retriever(
        index,
        embeddings,
        default_gazetteer(),
        settings.max_question_chars,
        load_synonyms(settings.corpus_dir),
        candidate_store(settings, index, notify),
    )
    return Pipeline(settings, index, retriever, AnswerChain(retriever, settings), report)


# Asked once before the first staff question: the token encoding, the thesaurus and the indicator table's
# word lists load on first use (about 0.6 s), which the first real question would otherwise wait for.
WARM_UP_QUESTION = "森林覆盖率是多少"


def warm_up(pipeline: Pipeline) -> None:
    """Answer one throwaway question so that what loads on first use is loaded before staff ask."""
    pipeline.chain.ask(WARM_UP_QUESTION)
