"""No vocabulary motivated by an evaluation question alone: every word of the synonym file and of the phrase
lists (text/lexicon.py) stands in a real document, unless it is a closed-class question word listed in
eval/question-words.txt. A figure measured with a word only a test question motivates measures the test."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from assistant.text.normalize import search_form

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u3400-\u9fff]{2,}")
DOCUMENT_FOLDERS = (
    ROOT / "corpus",
    ROOT / "eval" / "corpus-dev",
    ROOT / "eval" / "corpus-dev2",
    ROOT / "eval" / "corpus-dev3",
    ROOT / "eval" / "corpus-dev4",
    ROOT / "eval" / "corpus-dev5",
    ROOT / "eval" / "corpus-dev6",
    ROOT / "eval" / "corpus-dev7",
    ROOT / "eval" / "corpus-dev8",
    ROOT / "eval" / "corpus-dev9",
    ROOT / "eval" / "corpus-dev10",
    ROOT / "eval" / "corpus-dev11",
    ROOT / "eval" / "corpus-dev12",
    ROOT / "eval" / "corpus-dev13",
    ROOT / "eval" / "corpus-dev14",
    ROOT / "eval" / "corpus-dev15",
    ROOT / "eval" / "corpus-dev16",
    ROOT / "eval" / "corpus-dev17",
    ROOT.parent / "shared" / "seeds",
)


def _documents() -> str:
    texts = [
        p.read_text(encoding="utf-8", errors="ignore")
        for folder in DOCUMENT_FOLDERS
        if folder.is_dir()
        for p in folder.glob("*")
        if p.suffix in (".txt", ".md", ".html") and p.name != "synonyms.tsv"
    ]
    joined = "\n".join(texts)
    return joined + "\n" + search_form(joined)


def _questions() -> str:
    out = []
    for path in (ROOT / "eval").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            out.append(str(item.get("question", "")))
            out += [t.get("question", "") if isinstance(t, dict) else str(t) for t in item.get("turns", [])]
    return "\n".join(out)


def _vocabulary() -> dict[str, str]:
    words: dict[str, str] = {}
    for line in (ROOT / "corpus" / "synonyms.tsv").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            for word in HAN.findall(line):
                words.setdefault(word, "corpus/synonyms.tsv")
    tree = ast.parse((ROOT / "assistant" / "text" / "lexicon.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 400:
            for word in HAN.findall(node.value):
                words.setdefault(word, "assistant/text/lexicon.py")
    return words


def test_no_vocabulary_only_an_evaluation_question_motivates():
    allowed = set((ROOT / "eval" / "question-words.txt").read_text(encoding="utf-8").split())
    documents, questions = _documents(), _questions()
    suspicious = sorted(
        f"{where}: {word}"
        for word, where in _vocabulary().items()
        if word not in allowed and word not in documents and search_form(word) not in documents and word in questions
    )
    assert not suspicious, "\n".join(suspicious)
