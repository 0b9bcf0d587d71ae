"""The installed package: every subpackage ships, and the installed commands run outside the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def test_every_subpackage_is_declared():
    declared = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "assistant").rglob("__init__.py")}
    assert found <= declared, sorted(found - declared)


def _run(*args: object, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, **kwargs)


def test_the_wheel_installs_and_its_commands_run(pipeline, tmp_path):
    # Built from a copy, so setuptools' build folders never land in the working tree.
    source = tmp_path / "source"
    for name in ("assistant", "prompts"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "requirements.txt"):
        shutil.copyfile(ROOT / name, source / name)
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        tmp_path / "wheel",
        source,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((tmp_path / "wheel").glob("policy_assistant-*.whl"))
    site = tmp_path / "site"
    installed = _run(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, wheel)
    assert installed.returncode == 0, installed.stderr[-3000:]
    # Outside the source tree, only the installed copy can be imported.
    env = os.environ | {"PYTHONPATH": str(site)}
    asked = _run(
        site / "bin" / "policy-assistant",
        "ask",
        "2025年乌海森林覆盖率目标",
        "--corpus",
        CORPUS,
        "--index",
        pipeline.settings.index_dir,
        cwd=tmp_path,
        env=env,
    )
    assert asked.returncode == 0 and "3.78%" in asked.stdout, asked.stderr[-3000:]
    web = _run(site / "bin" / "policy-assistant-web", "--help", cwd=tmp_path, env=env)
    assert web.returncode == 0 and "--host" in web.stdout, web.stderr[-3000:]
