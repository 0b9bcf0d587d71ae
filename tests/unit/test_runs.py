"""eval/runs.toml, the evaluation conditions `make test` runs: every file it names exists, every module
is a runnable evaluation, and an unknown key is refused rather than ignored."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eval.runs import main, read_runs

ROOT = Path(__file__).resolve().parents[2]


def test_every_run_names_files_and_modules_that_exist():
    runs = read_runs(ROOT / "eval" / "runs.toml")
    assert len({r.name for r in runs}) == len(runs)
    for run in runs:
        assert importlib.util.find_spec(run.module) is not None, run.name
        named = [
            v
            for k, v in zip(run.args, run.args[1:])
            if k in {"--questions", "--dialogues", "--thresholds", "--corpus", "--labels"}
        ]
        for value in named:
            assert (ROOT / value).exists(), f"{run.name}: {value}"
        report = dict(zip(run.args, run.args[1:])).get("--report")
        assert report is None or report.startswith("eval/reports/"), run.name


def test_an_unknown_key_or_name_is_refused(tmp_path):
    bad = tmp_path / "runs.toml"
    bad.write_text('[[run]]\nname = "x"\nmodule = "eval"\nthreshold = "t.json"\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="threshold"):
        read_runs(bad)
    with pytest.raises(SystemExit, match="unknown run"):
        main(["no-such-run", "--list"])
