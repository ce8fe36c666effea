"""corridors.json and countries.json: the names texts use for a corridor or a country."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from routes.errors import DataError, Problem


@dataclass(frozen=True)
class Vocabulary:
    """A corridor's or country's display name and the names texts use for it."""

    name: str
    aliases: tuple[str, ...]


# Match and Link are NamedTuples, immutable like the frozen dataclasses elsewhere: a corpus makes
# ~10 links per KB of text and a tuple is built 4x faster than a frozen dataclass.


def load_vocabulary(path: Path) -> dict[str, Vocabulary]:
    """Read corridors.json or countries.json ({KEY: {name, aliases}}); DataError lists faults."""
    source = path.name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError([Problem(source, f"cannot read: {exc.strerror or exc}")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(source, f"not valid JSON: {exc}")]) from None
    if not isinstance(raw, dict):
        raise DataError([Problem(source, "expected an object of {KEY: {name, aliases}}")])
    problems: list[Problem] = []
    out: dict[str, Vocabulary] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict):
            problems.append(Problem(source, "expected an object with name and aliases", key))
            continue
        name, aliases = entry.get("name"), entry.get("aliases", [])
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(source, "missing or empty 'name'", key))
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(source, "'aliases' must be a list of strings", key))
            continue
        if isinstance(name, str):
            out[key] = Vocabulary(name, tuple(aliases))
    if problems:
        raise DataError(problems)
    return out
