"""The package is a staged pipeline: no module imports a later stage."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"
# Stages in pipeline order; a module may import its own stage and earlier ones.
STAGES = [
    "documents",
    "errors",
    "atomic",
    "database",
    "text",
    "ingest",
    "indicators",
    "settings",
    "index",
    "retrieval",
    "answer",
    "conversation",
    "access",
    "serve",
]
ENTRY_POINTS = {"__init__", "__main__"}  # the package's own entry points run the CLI (the last stage)


def _stage(module: str) -> str:
    return module.split(".")[1]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [name for name in found if name.startswith("assistant.")]


def test_every_module_belongs_to_a_stage():
    for path in PACKAGE.rglob("*.py"):
        top = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        assert top in STAGES or top in ENTRY_POINTS, f"{path} is in no pipeline stage"


def test_no_module_imports_a_later_stage():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        top = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if top in ENTRY_POINTS:
            continue
        for name in _imports(path):
            if STAGES.index(_stage(name)) > STAGES.index(top):
                problems.append(f"{path.relative_to(PACKAGE)} ({top}) imports {name} ({_stage(name)})")
    assert not problems, "\n".join(problems)


def test_no_relative_imports():
    # Absolute imports keep the stage of every import visible to the test above.
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level], path


def test_langchain_only_in_the_answer_chain_and_the_embedder_interface():
    allowed = {PACKAGE / "answer" / "chain.py", PACKAGE / "index" / "embedders" / "base.py"}
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "langchain" in source and path not in allowed:
            raise AssertionError(f"{path} uses LangChain")


def _top_level_names(tree: ast.Module) -> list[str]:
    """Names a module binds at its top level (assignments, functions, classes), once per binding."""
    names = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
    return names


def test_no_module_binds_a_name_twice():
    # A word list defined twice under one name silently loses the first list (every user reads the last).
    problems = []
    for path in PACKAGE.rglob("*.py"):
        names = _top_level_names(ast.parse(path.read_text(encoding="utf-8")))
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            problems.append(f"{path.relative_to(PACKAGE)}: {', '.join(twice)}")
    assert not problems, "\n".join(problems)
