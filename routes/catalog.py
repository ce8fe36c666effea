"""Everything the app and the exporter show, built once per change of the data: network + excerpts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, overload

from routes.alternatives import ALTERNATIVES_FILE, Alternatives, load_alternatives
from routes.articles import Corpus, article_entries, load_corpus
from routes.errors import DataError, Problem
from routes.geodata import read_network
from routes.language import preload as preload_language_model
from routes.linking import Link, Linker, gc_paused, rank_links
from routes.model import Network
from routes.paths import vocabulary_dir
from routes.planned import Drawings, load_drawings
from routes.timeline import (
    PLANNED_FILE,
    TIMELINE_FILE,
    VOLUMES_FILE,
    Project,
    Timeline,
    VolumeRow,
    load_planned,
    load_timeline,
    load_volumes,
)
from routes.views import ExcerptView

if TYPE_CHECKING:
    from routes.search import SearchIndex
UNKNOWN_LANGUAGE = "und"  # ISO 639-2 "undetermined": the text was too short to tell


@dataclass(frozen=True)
class Catalog:
    network: Network
    excerpts: Mapping[str, tuple[ExcerptView, ...]]  # by segment id, best first
    data_problems: tuple[Problem, ...] = ()  # geodata/: bad features left out
    article_warnings: tuple[Problem, ...] = ()  # articles skipped
    article_count: int = 0
    dates: tuple[dt.date, ...] = field(default=())  # distinct article dates, sorted
    country_names: Mapping[str, str] = field(default_factory=dict)  # ISO alpha-3 -> name
    alternatives: Alternatives = field(default_factory=lambda: Alternatives(()))  # context routes
    timeline: Timeline | None = None  # dates and statuses, when the folder has them
    volumes: tuple[VolumeRow, ...] = ()  # sourced yearly traffic figures
    projects: tuple[Project, ...] = ()  # planned and building projects, with sources
    drawings: Drawings = field(default_factory=lambda: Drawings({}, {}))  # how the map draws them
    languages: tuple[str, ...] = ()  # languages of the articles with excerpts (codes; "und": unknown)

    def all_excerpts(self) -> list[ExcerptView]:
        return [e for seg in self.network.segments for e in self.excerpts.get(seg.id, ())]

    @cached_property
    def search_index(self) -> SearchIndex:
        """The full-text index of the excerpts, built on the first search and kept with the catalog.

        Two sessions searching a fresh catalog at once may each build one; the last one stays.
        """
        from routes.search import SearchIndex  # search builds on this module's excerpt views

        return SearchIndex.from_catalog(self)


def fingerprint(geodata_dir: Path, articles_dir: Path, *more_articles: Path) -> str:
    """A digest of the names, sizes and mtimes of the data and corpus files: the cache key of a
    catalog. One short string: Streamlit hashes a key's parts one by one on every run (half a
    second for the tuples of 2,000 articles)."""
    data = [p for ext in ("geojson", "json", "csv") for p in sorted(geodata_dir.glob(f"*.{ext}"))]
    out = []
    for path in data:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for folder in (articles_dir, *more_articles):
        for _, entry in article_entries(folder):
            try:
                stat = entry.stat()
            except OSError:
                continue
            out.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(out).encode("utf-8", "surrogateescape")).hexdigest()


def build_catalog(geodata_dir: Path, articles_dir: Path, *more_articles: Path) -> Catalog:
    """Load the network (keeping good features), read the corpus and link every excerpt.

    `more_articles` are further folders (the user's own articles) read when they exist.
    """
    preload_language_model()  # the excerpts' languages are asked for below
    network, problems = read_network(geodata_dir)
    found: list[Problem] = list(problems)
    alternatives = _optional(geodata_dir, ALTERNATIVES_FILE, load_alternatives, found) or Alternatives(())
    timeline = _optional(geodata_dir, TIMELINE_FILE, load_timeline, found)
    volumes = _optional(geodata_dir, VOLUMES_FILE, load_volumes, found) or ()
    projects = _optional(geodata_dir, PLANNED_FILE, load_planned, found) or ()
    drawings = _optional(geodata_dir, PLANNED_FILE, lambda f: load_drawings(f, network), found)
    problems = tuple(found)
    with gc_paused():
        corpus = load_corpus(articles_dir)
        for folder in more_articles:
            if folder.is_dir():
                extra = load_corpus(folder)
                corpus = Corpus((*corpus.articles, *extra.articles), (*corpus.warnings, *extra.warnings))
    try:
        linker = Linker.from_geodata(network, vocabulary_dir(geodata_dir))
    except DataError as exc:
        return Catalog(network, {}, (*problems, *exc.problems), corpus.warnings, len(corpus.articles))
    by_segment: dict[str, list[Link]] = {}
    with gc_paused():  # the ranking too: it makes a key per link and frees nothing (half its time)
        links: list[Link] = linker.link_corpus(corpus.articles)
        for link in rank_links(links):
            by_segment.setdefault(link.segment_id, []).append(link)
    dates = tuple(sorted({a.date for a in corpus.articles if a.date}))
    # Detecting a language costs ~0.1 ms: only for the articles that have excerpts to filter.
    linked = {id(link.article): link.article for link in links}
    languages = tuple(sorted({article.language or UNKNOWN_LANGUAGE for article in linked.values()}))
    return Catalog(
        country_names={code: vocab.name for code, vocab in linker.countries.items()},
        network=network,
        excerpts={k: ExcerptList(v) for k, v in by_segment.items()},
        data_problems=problems,
        article_warnings=corpus.warnings,
        article_count=len(corpus.articles),
        dates=dates,
        alternatives=alternatives,
        timeline=timeline,
        volumes=volumes,
        projects=projects,
        drawings=drawings or Drawings({}, {}),
        languages=languages,
    )


T = TypeVar("T")


def _optional(folder: Path, name: str, load: Callable[[Path], T], problems: list[Problem]) -> T | None:
    """A data file the app can do without: absent is fine, broken is reported and left out."""
    if not (folder / name).exists():
        return None
    try:
        return load(folder)
    except DataError as exc:
        problems.extend(exc.problems)
        return None


class ExcerptList(Sequence[ExcerptView]):
    """A segment's ranked excerpts, turned into views only when read.

    A big corpus links hundreds of thousands of sentences while a screen shows a few dozen, so
    building every view up front would cost more than the linking itself.
    """

    def __init__(self, links: list[Link]) -> None:
        self._links = links
        self._views: dict[int, ExcerptView] = {}
        self._months: dict[str, int] | None = None

    def month_counts(self) -> dict[str, int]:
        """Excerpts per article month, counted once from the links (no views built)."""
        if self._months is None:
            self._months = _count_months(link.article.date for link in self._links)
        return self._months

    def __len__(self) -> int:
        return len(self._links)

    @property
    def links(self) -> list[Link]:
        """The ranked links behind the views (the search index reads them without building views)."""
        return self._links

    @overload
    def __getitem__(self, index: int) -> ExcerptView: ...
    @overload
    def __getitem__(self, index: slice) -> list[ExcerptView]: ...
    def __getitem__(self, index: int | slice) -> ExcerptView | list[ExcerptView]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._links)))]
        if index < 0:
            index += len(self._links)
        view = self._views.get(index)
        if view is None:
            view = self._views[index] = ExcerptView.from_link(self._links[index])
        return view


def month_counts(excerpts: Sequence[ExcerptView]) -> dict[str, int]:
    """How many excerpts each article month ("YYYY-MM", in order) has; undated ones are left out."""
    if isinstance(excerpts, ExcerptList):
        return dict(excerpts.month_counts())
    return _count_months(e.date for e in excerpts)


def _count_months(dates: Iterable[dt.date | None]) -> dict[str, int]:
    counts = Counter((d.year, d.month) for d in dates if d)
    return {f"{year:04d}-{month:02d}": n for (year, month), n in sorted(counts.items())}


def filter_excerpts(
    excerpts: Iterable[ExcerptView],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    languages: Collection[str] | None = None,
) -> list[ExcerptView]:
    """Narrow by article date (undated ones stay) and by language (codes; "und" for articles whose
    language was not detected; None keeps every language). routes.search finds them by their words."""
    out = []
    for e in excerpts:
        if e.date and ((start and e.date < start) or (end and e.date > end)):
            continue
        if languages is not None and (e.language or UNKNOWN_LANGUAGE) not in languages:
            continue
        out.append(e)
    return out


def filtered_catalog_excerpts(
    catalog: Catalog,
    start: dt.date | None,
    end: dt.date | None,
    languages: Collection[str] | None = None,
) -> dict[str, Sequence[ExcerptView]]:
    """The catalog's excerpts by segment after the date and language filters (as is when they
    keep every date and language)."""
    dates = catalog.dates
    every_date = not dates or ((start is None or start <= dates[0]) and (end is None or end >= dates[-1]))
    if languages is not None and set(catalog.languages) <= set(languages):
        languages = None
    if every_date and languages is None:
        return dict(catalog.excerpts)
    return {
        k: filter_excerpts(v, start=start, end=end, languages=languages) for k, v in catalog.excerpts.items()
    }
