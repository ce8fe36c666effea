"""Which language an article is written in: py3langid on the start of its text.

py3langid (langid.py's naive Bayes over byte n-grams) was measured against lingua on 35 short
sentences in the corridor's languages: both right on all once py3langid is kept to the languages
below (unrestricted, it took three Chinese sentences for Wu Chinese); py3langid ~0.1 ms per
article on a 200-character sample and 4.5 MB installed, lingua ~0.2 ms on 300 characters and
96 MB. Its packaged model takes about a second to unpack: it is loaded when an article first needs
it, and unpacked only once, into the user's cache folder (see _read_cached_model).
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import io
import re
import threading
import zipfile
from pathlib import Path

import numpy

from routes.errors import RoutesError
from routes.files import write_bytes_atomic
from routes.paths import user_cache_dir

# What an article here may be written in: the corridor's languages and its neighbours', and the
# languages of the European and Asian press that reports on it. Kept short, as fewer candidates
# are both faster and fewer confusions on short texts.
LANGUAGES: dict[str, str] = {
    "en": "English", "ru": "Russian", "kk": "Kazakh", "tr": "Turkish", "az": "Azerbaijani",
    "ka": "Georgian", "zh": "Chinese", "uk": "Ukrainian", "be": "Belarusian", "ky": "Kyrgyz",
    "uz": "Uzbek", "tk": "Turkmen", "tg": "Tajik", "ug": "Uyghur", "mn": "Mongolian", "hy": "Armenian",
    "fa": "Persian", "ar": "Arabic", "ro": "Romanian", "bg": "Bulgarian", "pl": "Polish", "de": "German",
    "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch", "pt": "Portuguese", "el": "Greek",
    "sr": "Serbian", "ja": "Japanese", "ko": "Korean",
}  # fmt: skip
SAMPLE_CHARS = 200  # enough for these languages; the cost grows with the sample
_MIN_LETTERS = 12  # below this, any answer is a guess: say nothing


_model = None
_lock = threading.Lock()


def _identifier():  # type: ignore[no-untyped-def]
    """The model, loaded once per process, when an article first needs it (or by preload())."""
    global _model
    if _model is None:
        with _lock:  # a preload under way: wait for it rather than load a second copy
            if _model is None:
                _model = _load_model()
    return _model


def _load_model():  # type: ignore[no-untyped-def]
    cached = _read_cached_model()
    if cached is not None:
        return cached
    identifier = _load_packaged_model()
    _write_cached_model(identifier)
    return identifier


def _load_packaged_model():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    # The model keeps its table as float16, which numpy multiplies several times slower than
    # float32; kept to these languages the float32 copy is 13 MB.
    identifier.nb_ptc = numpy.ascontiguousarray(identifier.nb_ptc, dtype=numpy.float32)
    return identifier


# The packaged model is LZMA-compressed: ~0.75 s to unpack, most of the app's cold start when the
# corpus is small. Unpacked and kept to LANGUAGES it loads in well under 0.1 s, so the first load
# writes it to the user's cache folder (~53 MB, arrays only: no pickle is ever read back).
_CACHE_FORMAT = 1


def _cache_file() -> Path:
    from importlib.metadata import version

    key = hashlib.sha256(f"{_CACHE_FORMAT} {version('py3langid')} {sorted(LANGUAGES)}".encode()).hexdigest()
    return user_cache_dir() / f"langid-{key[:16]}.npz"


def _read_cached_model():  # type: ignore[no-untyped-def]
    from py3langid.langid import LanguageIdentifier

    path = _cache_file()
    try:
        with numpy.load(path, allow_pickle=False) as data:
            classes = [str(c) for c in data["classes"]]
            ptc, pc = data["ptc"], data["pc"]
            nextmove = _as_array("I", data["nextmove"], numpy.uint32)
            row = _as_array("H", data["row"], numpy.uint16)
            output = data["output"].tolist()
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):
        return None  # none yet, or a damaged or foreign file: unpacked again and (re)written
    consistent = (
        set(LANGUAGES) <= set(classes)
        and ptc.ndim == 2
        and ptc.shape == (max(output) + 1, len(classes))
        and pc.shape == (len(classes),)
    )
    if not consistent:
        return None
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, tk_row=row)


def _as_array(typecode: str, values: numpy.ndarray, dtype: type) -> array.array:
    # py3langid walks its automaton one byte at a time in Python: array.array indexes several
    # times faster than a numpy array there, as in the packaged model.
    out = array.array(typecode)
    out.frombytes(numpy.ascontiguousarray(values, dtype=dtype).view(numpy.uint8).data)
    return out


def _write_cached_model(identifier) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    numpy.savez(
        buffer,
        classes=numpy.array(identifier.nb_classes),
        ptc=identifier.nb_ptc,
        pc=identifier.nb_pc,
        nextmove=numpy.frombuffer(identifier.tk_nextmove, dtype=numpy.uint32),
        row=numpy.frombuffer(identifier.tk_row, dtype=numpy.uint16),
        output=numpy.array(identifier.tk_output, dtype=numpy.int64),
    )
    # A cache that cannot be written (read-only home, full disk) only costs the next start time.
    with contextlib.suppress(RoutesError):
        write_bytes_atomic(_cache_file(), buffer.getvalue())


def preload() -> None:
    """Start loading the model in a background thread: most of its second is LZMA decompression,
    which releases the GIL, so it runs beside reading the data and the articles."""
    if _model is None:
        threading.Thread(target=_identifier, name="language-model", daemon=True).start()


_GEORGIAN = re.compile(r"[\u10d0-\u10ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LETTER = re.compile(r"[^\W\d_]")


def _script_language(sample: str) -> str | None:
    """Georgian and Chinese are the only languages here written in their scripts: no model."""
    if sample.isascii():
        return None
    if len(_GEORGIAN.findall(sample)) * 2 > len(sample):
        return "ka"
    han = len(_HAN.findall(sample))
    if han >= 4 and han * 2 > len(sample) and not _KANA.search(sample):
        return "zh"
    return None


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language of `text` (judged on its start), or None when there
    are too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    by_script = _script_language(sample)
    if by_script:
        return by_script
    if len(sample) < 4 * _MIN_LETTERS and len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return None
    code, _score = _identifier().classify(sample)
    return code


def language_name(code: str | None) -> str:
    """The English name of a language code, for display ("not detected" for None)."""
    if code is None:
        return "not detected"
    return LANGUAGES.get(code, code)
