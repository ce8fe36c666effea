"""Default locations of the bundled data, shared by the CLI and the app."""

from __future__ import annotations

import os
from pathlib import Path

ARTICLES_ENV = "ROUTES_ARTICLES"
GEODATA_ENV = "ROUTES_GEODATA"

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
    """A user's geodata folder may hold only segments and nodes: then use the bundled vocabulary."""
    if (geodata_dir / "corridors.json").exists() or (geodata_dir / "countries.json").exists():
        return geodata_dir
    return bundled_geodata()
