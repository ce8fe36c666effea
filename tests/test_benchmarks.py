"""The benchmark tools still run against the current code (their figures are in the READMEs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_compare_linking_times_two_trees_on_the_same_corpus() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/compare_linking.py", ".", ".", "--articles", "20", "--runs", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| first-pass") or
            line.startswith("| after-a-tenth")]  # fmt: skip
    assert len(rows) == 2
    for row in rows:
        assert row.count("MB/s") == 2 and row.rstrip(" |").endswith("×")
