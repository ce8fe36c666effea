"""The user's own articles: store an upload (validated, safely named, never overwriting), list
what was added, remove one. The caller picks the folder (routes.paths.corpus_folders)."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from routes.articles import ARTICLE_SUFFIXES, DOC_STEMS, MAX_FILE_BYTES, is_article_name, parse_article
from routes.errors import DataError, UploadError
from routes.paths import is_bundled

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PDF_UPLOAD_BYTES = MAX_FILE_BYTES  # PDFs carry fonts and images: the loader's own limit
ACCEPTED = ", ".join(ARTICLE_SUFFIXES[:-1]) + f" and {ARTICLE_SUFFIXES[-1]}"
MAX_STEM_CHARS = 100
MAX_NAME_TRIES = 10_000
_UNSAFE = re.compile(r"[^\w.-]+")


def safe_name(filename: str) -> str:
    """Basename of an uploaded name with only letters, digits, '_', '-' and '.'; '' if nothing left.

    Browsers may send a full client path (Windows or POSIX); only its last part is kept, so
    "../../etc/passwd.txt" becomes "passwd.txt" inside the articles folder.
    """
    base = PurePosixPath(filename.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("-", stem).strip(".-_ ")
    stem = re.sub(r"-{2,}", "-", stem)[:MAX_STEM_CHARS].rstrip(".-")
    suffix = _UNSAFE.sub("", suffix).lower()
    if not stem:
        return ""
    if stem.lower() in DOC_STEMS:
        stem = f"{stem}-article"  # README.md etc. are skipped by the loader as folder docs
    return f"{stem}.{suffix}" if suffix else stem


def _candidates(name: str):
    stem, _, suffix = name.rpartition(".")
    yield name
    for n in range(2, MAX_NAME_TRIES + 1):
        yield f"{stem}-{n}.{suffix}"


def _claim(tmp: str, folder: Path, name: str, shown: str) -> Path:
    """Give the written temp file its final name, the first free one; safe against races."""
    for candidate in _candidates(name):
        target = folder / candidate
        try:
            # link() fails if the name exists, so two sessions can never take the same name.
            os.link(tmp, target)
            return target
        except FileExistsError:
            continue
        except OSError:
            pass  # the file system has no hard links: reserve the name, then move over it
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        os.replace(tmp, target)
        return target
    raise UploadError(f"{shown}: no free file name after {MAX_NAME_TRIES} tries")


def upload_limit(name: str) -> int:
    """Bytes an upload of this name may have: 2 MB, 5 MB for a PDF."""
    return MAX_PDF_UPLOAD_BYTES if name.lower().endswith(".pdf") else MAX_UPLOAD_BYTES


def save_upload(folder: Path, filename: str, data: bytes) -> Path:
    """Validate and store an uploaded article; return its path; UploadError if refused.

    The bundled geodata/ is read-only: a folder inside it is refused before anything is read.
    """
    shown = filename or "(no name)"
    if is_bundled(folder):
        raise UploadError(f"{shown}: the bundled corpus is read-only; uploads go to your own folder")
    name = safe_name(filename)
    if not name:
        raise UploadError(f"{shown}: no usable file name")
    suffix = "." + name.rpartition(".")[2] if "." in name else ""
    if suffix not in ARTICLE_SUFFIXES:
        raise UploadError(f"{shown}: only {ACCEPTED} files are accepted")
    limit = upload_limit(name)
    if len(data) > limit:
        raise UploadError(
            f"{shown}: {len(data) / 1_048_576:.1f} MB is over the {limit // 1_048_576} MB upload limit"
        )
    try:
        parse_article(name, data)
    except DataError as exc:
        raise UploadError(f"{shown}: {'; '.join(p.message for p in exc.problems)}") from None

    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Hidden temp name: the loader ignores dot files, so a half-written upload is never read.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        return _claim(tmp, folder, name, shown)
    except OSError as exc:
        raise UploadError(f"{shown}: could not be stored: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def list_uploads(folder: Path) -> list[str]:
    """Names of the articles directly in an upload folder, sorted; [] when it does not exist."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(e.name for e in entries if is_article_name(e.name) and e.is_file(follow_symlinks=False))


def remove_upload(folder: Path, name: str) -> None:
    """Delete one of the listed articles; UploadError if it is not one of them or cannot go."""
    if is_bundled(folder):
        raise UploadError(f"{name}: the bundled corpus is read-only")
    # Only a name list_uploads gives: never a path, a hidden file or a folder doc.
    if name not in list_uploads(folder):
        raise UploadError(f"{name}: not one of your articles")
    try:
        os.unlink(folder / name)
    except FileNotFoundError:
        return  # removed meanwhile (another session): what was asked is done
    except OSError as exc:
        raise UploadError(f"{name}: could not be removed: {exc.strerror or exc}") from None
