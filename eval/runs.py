"""The evaluation runs as data: `python -m eval.runs [NAME ...] [--list] [--runs eval/runs.toml]`.

Each run of eval/runs.toml (question set, corpus, backend, bounds, report) is one command in its own
process, as `make test` has always run them; every run is reported, and the exit status is 1 when
any run failed. Names select runs (`python -m eval.runs fresh conversations`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Run:
    name: str
    module: str
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)

    def command(self) -> list[str]:
        return [sys.executable, "-m", self.module, *self.args]


def read_runs(path: Path) -> list[Run]:
    """The runs a conditions file lists, in order; an unknown key is an error, not ignored."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for entry in data["run"]:
        unknown = set(entry) - {"name", "module", "args", "env"}
        if unknown:
            raise SystemExit(f"{path}: run {entry.get('name')!r} has unknown key(s) {', '.join(sorted(unknown))}")
    return [Run(r["name"], r["module"], tuple(r.get("args", ())), dict(r.get("env", {}))) for r in data["run"]]


def _selected(runs: list[Run], names: list[str]) -> list[Run]:
    unknown = sorted(set(names) - {r.name for r in runs})
    if unknown:
        raise SystemExit(f"unknown run(s): {', '.join(unknown)} (known: {', '.join(r.name for r in runs)})")
    return [r for r in runs if not names or r.name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.runs")
    parser.add_argument("names", nargs="*", help="runs to do (default: all)")
    parser.add_argument("--runs", type=Path, default=HERE / "runs.toml")
    parser.add_argument("--list", action="store_true", help="print the commands and exit")
    args = parser.parse_args(argv)
    runs = _selected(read_runs(args.runs), args.names)
    if args.list:
        for run in runs:
            env = " ".join(f"{k}={v}" for k, v in run.env.items())
            print(f"{run.name}: {env + ' ' if env else ''}python -m {run.module} {' '.join(run.args)}")
        return 0
    results = []
    for run in runs:
        print(f"\n=== {run.name}: python -m {run.module} {' '.join(run.args)}", flush=True)
        start = time.monotonic()
        code = subprocess.run(run.command(), env=os.environ | run.env, cwd=HERE.parent).returncode
        results.append((run.name, code, time.monotonic() - start))
    print("\n| run | result | seconds |\n|---|---|---|")
    for name, code, seconds in results:
        print(f"| {name} | {'ok' if code == 0 else f'FAILED ({code})'} | {seconds:.0f} |")
    return 1 if any(code for _, code, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
