"""Dataclasses shared by every stage: documents, chunks, search hits and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PATH_SEPARATOR = " › "
Span = tuple[int, int]  # [start, end) character offsets


@dataclass(frozen=True)
class DocumentMeta:
    """What is known about a document besides its text."""

    doc_id: str
    source: str  # file name inside the corpus folder
    title: str
    region: str | None  # short simplified name, e.g. 乌海
    region_code: str | None  # administrative division code of the region
    script: str  # "simplified" or "traditional"
    issuer: str | None = None
    written_date: str | None = None  # 成文日期
    published_date: str | None = None  # 发布日期 / 发布时间
    doc_number: str | None = None  # 文号
    index_number: str | None = None  # 索引号
    repealed: str | None = None  # 已废止 / 失效: the page marks the document no longer in force
    cover_date: str | None = None  # a plan cover's year and month, as written (二〇二二年十二月)

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))  # every field is a plain value (asdict's deep copy costs 0.2 s at 5,000 documents)


@dataclass(frozen=True)
class Line:
    """A line of body text: its span in the original text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """A loaded document: original text, the body lines kept after cleaning, metadata."""

    meta: DocumentMeta
    text: str  # the original decoded text; every offset refers to it
    lines: tuple[Line, ...]  # body lines, in order, without page chrome or repeats
    removed: dict[str, int] = field(default_factory=dict)  # what cleaning dropped, by reason
    meta_lines: tuple[Line, ...] = ()  # the metadata table (索引号, 文号 …), chunked as 文件信息


@dataclass(frozen=True)
class Chunk:
    """A clause (or part of one) with its heading path and exact span in the original text."""

    chunk_id: str
    doc_id: str
    title: str
    region: str | None
    path: tuple[str, ...]
    number: str  # clause number along the path, e.g. "二.(一).3"
    part: int | None  # part index when a long clause was split, else None
    start: int
    end: int
    text: str  # original text, == document.text[start:end]
    search_text: str  # normalised form used for matching
    tokens: int
    page: int | None = None  # 1-based page of a PDF the clause starts on; None for other formats

    @property
    def path_text(self) -> str:
        return PATH_SEPARATOR.join(self.path)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = list(self.path)
        data["path_text"] = self.path_text
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        fields = {k: v for k, v in data.items() if k != "path_text"}
        fields["path"] = tuple(fields["path"])
        return cls(**fields)


@dataclass(frozen=True)
class Period:
    """The time a figure applies to: one year (start == end) or a span, as the document words it."""

    start: int
    end: int
    label: str  # as stated or derived, e.g. "2025年", "“十四五”期间", "2023—2025年"
    source: str  # "sentence", "heading", "paragraph" (stated before an 一是 item) or "plan" (the plan's own period)

    def covers(self, year: int) -> bool:
        """Whether `year` falls in the period."""
        return self.start <= year <= self.end


@dataclass(frozen=True)
class Indicator:
    """A stated target or figure of a clause: what it measures, the value as written, when, where."""

    indicator_id: str
    chunk_id: str
    doc_id: str
    region: str | None
    name: str  # the indicator's noun phrase (search form), e.g. 县级城市黑臭水体消除比例
    value: str  # as written, e.g. "3.78"
    unit: str  # as written (search form), e.g. "%", "万亩"; "" when none
    qualifier: str  # 以上 / 以下 / 以内 / 左右 … following the value, or ""
    comparator: str  # 达到 / 不低于 / 控制在 / 下降 … before the value, or ""
    baseline: str  # the comparison base of a change (较2020年 -> "2020年"), or ""
    period: Period | None
    start: int  # span of the statement (name … figure) in the document text
    end: int
    figure_start: int  # span of the figure (value, unit, qualifier) in the document text
    figure_end: int

    @property
    def figure(self) -> str:
        """The figure as the document states it (85.84%以上)."""
        return f"{self.value}{self.unit}{self.qualifier}"

    @classmethod
    def in_chunk(cls, chunk: Chunk, k: int, **fields: Any) -> Indicator:
        """The `k`-th indicator stated in `chunk`: its id, clause, document and region are the chunk's."""
        return cls(
            indicator_id=f"{chunk.chunk_id}:{k}",
            chunk_id=chunk.chunk_id,
            doc_id=chunk.doc_id,
            region=chunk.region,
            **fields,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Indicator:
        fields = dict(data)
        fields["period"] = Period(**fields["period"]) if fields.get("period") else None
        return cls(**fields)


@dataclass(frozen=True)
class ScoredChunk:
    """A search hit with the fused score and why it ranked where it did."""

    chunk: Chunk
    score: float
    dense_rank: int | None
    lexical_rank: int | None
    reason: str


@dataclass(frozen=True)
class Citation:
    """One numbered clause an answer stands on."""

    n: int
    doc_id: str
    title: str
    region: str | None
    heading: str  # the clause's heading path (never "path": gradio_client downloads any dict with that key)
    text: str
    start: int
    end: int
    score: float
    quotes: list[Span] = field(default_factory=list)  # spans of `text` the answer quotes (extractive answers)
    chunk_id: str = ""  # the clause's id in the index (a follow-up about "this" clause is answered from it)
    page: int | None = None  # 1-based page of a PDF the clause starts on
    base: str = ""  # the knowledge base the clause belongs to (its index holds `chunk_id`)


@dataclass
class Answer:
    """The answer object: the contract the CLI, UI and evaluation use."""

    question: str
    answer: str
    found: bool
    grounded: bool
    generator: str
    citations: list[Citation]
    timings_ms: dict[str, float]
    notes: list[str] = field(default_factory=list)
    standalone: str = ""  # the self-contained question answered (a follow-up's resolved form), else ""
    interpretation: str = ""  # how a follow-up was understood (按“…”理解), shown with the answer
    user: str = ""  # who asked, when signed in

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """The answer a to_dict() record describes (a kept conversation's turn is drawn again from it);
        keys this version does not know are ignored, so records of a later version still load."""
        known = set(cls.__dataclass_fields__)
        cite_known = set(Citation.__dataclass_fields__)
        citations = [
            Citation(
                **(
                    {k: v for k, v in c.items() if k in cite_known}
                    | {"quotes": [tuple(q) for q in c.get("quotes", [])]}
                )
            )
            for c in data.get("citations", [])
        ]
        return cls(**({k: v for k, v in data.items() if k in known} | {"citations": citations}))
