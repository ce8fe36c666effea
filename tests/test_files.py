"""Atomic writes: the file appears whole, in a folder made for it, with no temporary left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT

from routes.files import PathError, WriteError, check_input_folder, check_output_path, write_text_atomic


def test_write_makes_the_folder_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "map.html"
    assert write_text_atomic(target, "Baku–Tbilisi–Ceyhan") == target
    assert target.read_text(encoding="utf-8") == "Baku–Tbilisi–Ceyhan"
    assert sorted(p.name for p in target.parent.iterdir()) == ["map.html"]


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old and longer content", encoding="utf-8")
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "map.html", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "map.html").stat().st_mode & 0o777 == 0o644  # readable by others, as `>` makes


def _fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "fifo")
    return tmp_path / "fifo"


def _file(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("a file, not a folder", "utf-8")
    return tmp_path / "notes.txt"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (lambda tmp: Path("."), "names a folder, not a file"),
        (lambda tmp: tmp / "..", "names a folder, not a file"),
        (lambda tmp: tmp, "is a folder, not a file"),
        (_fifo, "is not a regular file"),
        (lambda tmp: _file(tmp) / "deeper" / "map.html", "notes.txt is not a folder"),
    ],
)
def test_a_path_that_cannot_be_a_file_is_refused_by_name(tmp_path: Path, target, reason: str) -> None:
    path = target(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(PathError) as caught:
        write_text_atomic(path, "never written")
    assert str(caught.value).startswith(f"{path}: ") and str(caught.value).endswith(reason)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing made, nothing left


def test_a_folder_the_system_refuses_is_a_write_error_naming_the_file() -> None:
    with pytest.raises(WriteError, match=r"^/proc/map\.html: cannot create a file in /proc: "):
        write_text_atomic(Path("/proc/map.html"), "never written")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing", "articles folder not found"),
        (_file, "not a folder (articles folder expected)"),
    ],
)
def test_a_missing_input_folder_is_named(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(PathError) as caught:
        check_input_folder(path, "articles folder")
    assert str(caught.value) == f"{path}: {message}"


def test_a_plain_new_file_path_passes_the_check(tmp_path: Path) -> None:
    check_output_path(tmp_path / "new" / "folder" / "map.html")  # no error: the folders get made


# A write that fails half-way, for real: the process may only write files of up to 1,000 bytes.
_FILE_TOO_BIG = """
import resource, signal, sys
from pathlib import Path
from routes.files import WriteError, write_text_atomic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
try:
    write_text_atomic(Path(sys.argv[1]), "new " * 10_000)
except WriteError as exc:
    sys.exit(f"WriteError: {exc}")
"""


def test_a_write_failing_half_way_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("the old map", "utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _FILE_TOO_BIG, str(target)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr.startswith(f"WriteError: {target}: cannot write: File too large")
    assert target.read_text("utf-8") == "the old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


# Each writer waits for the start signal, then rewrites the same file many times with its own text.
_WRITER = """
import sys, time
from pathlib import Path
from routes.files import write_text_atomic
target, go, me = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
while not go.exists():
    time.sleep(0.001)
for _ in range(200):
    write_text_atomic(target, me * 50_000)
"""


def test_processes_writing_the_same_file_at_once_all_succeed(tmp_path: Path) -> None:
    target, go = tmp_path / "out" / "map.html", tmp_path / "go"
    names = ["A", "B", "C"]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target), str(go), name],
            cwd=PROJECT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    go.touch()
    whole = {name * 50_000 for name in names}
    seen = set()
    deadline = time.monotonic() + 60
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        if target.exists():
            text = target.read_text("utf-8")
            assert text in whole, "a reader saw a partly written file"
            seen.add(text[0])
    results = [(w.wait(timeout=60), w.stderr.read()) for w in writers]
    assert results == [(0, "")] * len(names)
    assert target.read_text("utf-8") in whole
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]  # no temporary left
    assert seen  # the reader did look while they wrote
