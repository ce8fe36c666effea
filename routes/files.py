"""Writing files so that a reader never sees half of one, and paths that cannot be used."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from routes.errors import RoutesError

_TEMP_TRIES = 100
_NAME_KEEP = 50  # characters of the target's name in the temporary's, which must stay < 255 bytes


class PathError(RoutesError):
    """A path given to the program cannot be used; the message names it and says why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path}: {reason}")


class WriteError(PathError):
    """Writing a file failed; the target is as it was and no temporary file is left."""


def check_output_path(path: Path) -> None:
    """Refuse, before any work, a path that can never be written as a file (raises PathError)."""
    if path.name in ("", ".", ".."):
        raise PathError(path, "names a folder, not a file")
    if path.is_dir():
        raise PathError(path, "is a folder, not a file")
    if path.exists() and not path.is_file():
        raise PathError(path, "is not a regular file")
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if ancestor.exists() and not ancestor.is_dir():
        raise PathError(path, f"{ancestor} is not a folder")


def check_input_folder(path: Path, what: str = "folder") -> None:
    """A folder the program reads from must exist (raises PathError)."""
    if not path.exists():
        raise PathError(path, f"{what} not found")
    if not path.is_dir():
        raise PathError(path, f"not a folder ({what} expected)")


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 text through a uniquely named hidden file in the same folder, then rename it.

    Readers see the old file or the new one, never a part; writers running at once each succeed
    (the last rename wins). Any failure removes the temporary file and raises WriteError.
    """
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write bytes the way write_text_atomic writes text (a figure, an image)."""
    check_output_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(path, f"cannot make folder {path.parent}: {_reason(exc)}") from exc
    fd, tmp = _create_temporary(path)
    try:
        with open(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise WriteError(path, f"cannot write: {_reason(exc)}") from exc
    except BaseException:
        _discard(tmp)
        raise
    return path


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new file beside `path`, created exclusively (mode from the umask, like any new file)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    for _ in range(_TEMP_TRIES):
        tmp = path.with_name(f".{path.name[:_NAME_KEEP]}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteError(path, f"cannot create a file in {path.parent}: {_reason(exc)}") from exc
    raise WriteError(path, f"no free temporary name in {path.parent}")


def _discard(tmp: Path) -> None:
    # The write's own error is the one to report.
    with contextlib.suppress(OSError):
        tmp.unlink()


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
