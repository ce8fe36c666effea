"""Default locations of the bundled data and of the user's own articles, shared by CLI and app."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ARTICLES_ENV = "ROUTES_ARTICLES"
GEODATA_ENV = "ROUTES_GEODATA"
USER_DATA_ENV = "ROUTES_USER_DATA"  # tests point it at a temporary folder
CACHE_ENV = "ROUTES_CACHE"  # likewise
APP_NAME = "transcaspian-routes"

# Resolved from the package, not the working directory, so `python -m routes` works from anywhere.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def bundled_geodata() -> Path:
    """The project's bundled geodata/ folder."""
    return PROJECT_ROOT / "geodata"


def default_geodata() -> Path:
    """The geodata folder: $ROUTES_GEODATA if set and non-empty, else the bundled one."""
    override = os.environ.get(GEODATA_ENV, "").strip()
    return Path(override).expanduser() if override else bundled_geodata()


def default_articles() -> Path:
    """The articles folder: $ROUTES_ARTICLES if set and non-empty, else geodata/articles."""
    override = os.environ.get(ARTICLES_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return bundled_geodata() / "articles"


def vocabulary_dir(geodata_dir: Path) -> Path:
    """A user's geodata folder may hold only segments and nodes: then use the bundled vocabulary
    (corridors.json, countries.json and the language files in aliases/)."""
    if any((geodata_dir / name).exists() for name in ("corridors.json", "countries.json", "aliases")):
        return geodata_dir
    return bundled_geodata()


def user_data_dir() -> Path:
    """The per-user data folder: $ROUTES_USER_DATA if set and non-empty, else the platform's
    (~/.local/share/transcaspian-routes on Linux)."""
    override = os.environ.get(USER_DATA_ENV, "").strip()
    return Path(override).expanduser() if override else platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_cache_dir() -> Path:
    """Where rebuildable files live (the unpacked language model): $ROUTES_CACHE if set and
    non-empty, else the platform's (~/.cache/transcaspian-routes on Linux). Deleting it is safe."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def user_articles() -> Path:
    """Where the user's uploaded articles live when no articles folder was chosen."""
    return user_data_dir() / "articles"


def is_bundled(folder: Path) -> bool:
    """True for the bundled geodata/ folder and anything inside it (read-only data)."""
    bundled = bundled_geodata().resolve()
    resolved = folder.expanduser().resolve()
    return resolved == bundled or bundled in resolved.parents


@dataclass(frozen=True)
class CorpusFolders:
    """The folders the app reads articles from, in order, and the one uploads go to."""

    read: tuple[Path, ...]
    uploads: Path


def corpus_folders(articles: Path | None = None) -> CorpusFolders:
    """--articles DIR (or $ROUTES_ARTICLES): read DIR and upload into it. Otherwise read the
    bundled corpus and the user's own folder, and upload into the user's folder: nothing is ever
    written into the bundled geodata/, even when it is chosen explicitly."""
    override = os.environ.get(ARTICLES_ENV, "").strip()
    chosen = articles if articles is not None else (Path(override) if override else None)
    if chosen is not None:
        chosen = chosen.expanduser().resolve()
        if not is_bundled(chosen):
            return CorpusFolders((chosen,), chosen)
        return CorpusFolders((chosen, user_articles()), user_articles())
    return CorpusFolders((bundled_geodata() / "articles", user_articles()), user_articles())
