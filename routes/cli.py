"""Command line: `python -m routes SUBCOMMAND`; one small function per subcommand."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from routes.articles import load_corpus
from routes.errors import DataError, NoRouteError, PlaceError, QueryError
from routes.files import PathError, WriteError, check_input_folder, check_output_path, write_text_atomic
from routes.language import preload as preload_language_model
from routes.linking import Linker, gc_paused, rank_links
from routes.paths import ARTICLES_ENV, default_articles, default_geodata, vocabulary_dir
from routes.views import ExcerptView

if TYPE_CHECKING:
    from routes.asof import YearView
    from routes.model import Network
    from routes.planned import Shown

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _errors(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _inputs(args: argparse.Namespace) -> None:
    """The folders a command reads must exist: a missing one is an error, not an empty corpus."""
    check_input_folder(args.geodata, "geodata folder")
    if getattr(args, "articles", None) is not None:
        check_input_folder(args.articles, "articles folder")


def _describe(excerpt: ExcerptView) -> str:
    return "\n".join(
        [
            f"{excerpt.segment_id}  [{excerpt.specificity}: {excerpt.specificity_label}]  {excerpt.citation}",
            f"    {excerpt.sentence}",
            f"    matched: {', '.join(excerpt.matched)}",
        ]
    )


def cmd_excerpts(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Print the article sentences linked to segments, best first."""
    # Imported here so the subcommands that need no geodata stay importable on their own.
    from routes.geodata import load_network

    _inputs(args)
    preload_language_model()  # every excerpt printed names its language
    geodata: Path = args.geodata
    try:
        network = load_network(geodata)
        linker = Linker.from_geodata(network, vocabulary_dir(geodata))
    except DataError as exc:
        _errors([f"error: {p}" for p in exc.problems])
        return EXIT_DATA
    if args.segment is not None:
        valid = sorted(s.id for s in network.segments)
        if args.segment not in valid:
            parser.error(f"unknown segment id {args.segment!r}; valid ids: {', '.join(valid)}")
    with gc_paused():
        corpora = [load_corpus(folder) for folder in args.article_folders]
        links = linker.link_corpus(a for corpus in corpora for a in corpus.articles)
    _errors([f"warning: {p}" for corpus in corpora for p in corpus.warnings])
    if args.segment is not None:
        links = [link for link in links if link.segment_id == args.segment]
    if args.language:
        wanted = {code.lower() for code in args.language}
        links = [link for link in links if (link.article.language or "und") in wanted]
    excerpts = [ExcerptView.from_link(link) for link in rank_links(links)]
    if args.json:
        json.dump([e.to_dict() for e in excerpts], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif excerpts:
        print("\n\n".join(_describe(e) for e in excerpts))
    else:
        print("no excerpts found")
    return EXIT_OK


def _add_excerpts(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("excerpts", help="print article sentences linked to map segments")
    p.add_argument(
        "--articles",
        type=Path,
        default=None,
        help=f"folder of .txt/.md articles (default: ${ARTICLES_ENV} or geodata/articles)",
    )
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.add_argument("--segment", metavar="ID", help="only excerpts linked to this segment id")
    p.add_argument(
        "--language",
        metavar="CODE",
        action="append",
        help="only excerpts of articles in this language (ISO 639-1: ru, kk, tr, az, ka, zh, en; "
        "'und' for not detected); repeatable",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array instead of text")
    p.set_defaults(handler=cmd_excerpts)


def cmd_validate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Check geodata (and articles) as the app loads them; one line per problem."""
    from routes.checks import validate

    _inputs(args)
    problems = validate(args.geodata, args.article_folders[0])
    problems += [p for folder in args.article_folders[1:] for p in load_corpus(folder).warnings]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_DATA
    print("ok: no problems found")
    return EXIT_OK


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="report every problem in the geodata and articles")
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.add_argument(
        "--articles", type=Path, default=None, help=f"articles folder (default: ${ARTICLES_ENV} or bundled)"
    )
    p.set_defaults(handler=cmd_validate)


def _year_view(text: str, geodata: Path) -> YearView:
    """The network at the end of the year typed (YearError for a bad year, DataError for bad data)."""
    from routes.asof import YearError, year_view
    from routes.timeline import load_timeline

    if not text.strip().isdigit():
        raise YearError(f"{text!r} is not a year")
    return year_view(load_timeline(geodata), int(text), dt.date.today().year)


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Write the standalone HTML map (and optionally GeoJSON) of the chosen segments."""
    from routes.asof import YearError
    from routes.catalog import build_catalog
    from routes.export import export_geojson, export_html, geojson_text
    from routes.paths import bundled_geodata
    from routes.planned import shown_in

    _inputs(args)
    check_output_path(args.out)
    if args.geojson is not None:
        check_output_path(args.geojson)
        if args.geojson.resolve() == args.out.resolve():
            raise PathError(args.geojson, "is the --out file too; give the GeoJSON its own name")
    catalog = build_catalog(args.geodata, *args.article_folders)
    _errors([f"warning: {p}" for p in (*catalog.data_problems, *catalog.article_warnings)])
    ids = [s.id for s in catalog.network.segments]
    unknown = sorted(set(args.segments or ()) - set(ids))
    if unknown:
        parser.error(f"unknown segment id(s) {', '.join(unknown)}; valid ids: {', '.join(ids)}")
    visible = args.segments or ids
    year = None
    if args.year is not None:
        try:
            year = _year_view(args.year, args.geodata)
        except YearError as exc:
            _errors([f"error: {exc}"])
            return EXIT_USAGE
        except DataError as exc:
            _errors([f"error: {p}" for p in exc.problems])
            return EXIT_DATA
    # The map of a year shows the projects planned or being built then, as the app does.
    planned = shown_in(catalog.projects, catalog.drawings, year.year) if year else []
    html = export_html(
        catalog.network, bundled_geodata(), visible, catalog.excerpts, year=year, planned=planned
    )
    geojson = ""
    if args.geojson:
        geojson = geojson_text(
            export_geojson(catalog.network, visible, catalog.excerpts, year=year, planned=planned)
        )
    write_text_atomic(args.out, html)
    shown = [i for i in visible if year is None or i not in year.hidden]
    as_of = f" as of the end of {year.year}" if year else ""
    drawn = f", {len(planned)} planned or building project(s)" if planned else ""
    print(f"wrote {args.out} ({len(html.encode()) / 1e6:.2f} MB, {len(shown)} segments{drawn}{as_of})")
    if args.geojson:
        write_text_atomic(args.geojson, geojson)
        print(f"wrote {args.geojson}")
    return EXIT_OK


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a standalone offline HTML map (and GeoJSON)")
    p.add_argument("--out", type=Path, required=True, help="HTML file to write")
    p.add_argument("--geojson", type=Path, default=None, help="also write the segments as GeoJSON")
    p.add_argument("--segments", nargs="+", metavar="ID", help="segment ids to show (default: all)")
    p.add_argument(
        "--year", default=None,
        help="the network as it stood at the end of this year, with the projects planned or being built then",
    )  # fmt: skip
    p.add_argument("--articles", type=Path, default=None, help="articles folder")
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.set_defaults(handler=cmd_export)


def cmd_assets(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Write Leaflet and the base map into the app's static folder (served at /app/static/)."""
    from routes.assets import write_static

    for path in write_static(args.static):
        print(f"ok {path}")
    return EXIT_OK


def _add_assets(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("assets", help="write Leaflet and the base map for the app's static serving")
    p.add_argument("--static", type=Path, default=Path("static"), help="folder to write (default: static)")
    p.set_defaults(handler=cmd_assets)


def cmd_basemap(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Prepare the simplified base map layers the app draws."""
    from routes.basemap import write_display_layers

    _inputs(args)
    try:
        written = write_display_layers(args.geodata)
    except OSError as exc:  # a Natural Earth file missing or unreadable
        raise PathError(exc.filename or args.geodata, f"cannot read: {exc.strerror or exc}") from exc
    print(f"wrote {written}")
    return EXIT_OK


def _add_basemap(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("basemap", help="prepare the drawn base map from the Natural Earth files")
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.set_defaults(handler=cmd_basemap)


def cmd_build_geodata(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Rebuild segments.geojson and nodes.geojson from geodata/sources (offline, deterministic)."""
    from routes.build import OUTPUT_FILES, write_geodata

    _inputs(args)
    for name in OUTPUT_FILES:  # all refused before the build, so nothing is half written
        check_output_path(args.out / name)
    try:
        written = write_geodata(args.geodata, args.out)
    except DataError as exc:
        _errors([f"error: {p}" for p in exc.problems])
        return EXIT_DATA
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _add_build_geodata(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build-geodata", help="rebuild segments and nodes from geodata/sources")
    p.add_argument("--out", type=Path, required=True, help="folder to write segments/nodes.geojson into")
    p.add_argument(
        "--geodata", type=Path, default=None, help="geodata folder holding sources/ (default: bundled)"
    )
    p.set_defaults(handler=cmd_build_geodata)


def cmd_route(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Plan a trip on the corridor: the best route and the alternatives that differ."""
    from routes.alternatives import context_for
    from routes.geodata import load_network
    from routes.planner import plan_trip

    _inputs(args)
    try:
        network = load_network(args.geodata)
    except DataError as exc:
        _errors([f"error: {p}" for p in exc.problems])
        return EXIT_DATA
    trip = plan_trip(network, args.start, args.end, args.via)  # an unknown place or no route: see main()
    via = trip.via
    context = () if via else context_for(args.geodata, trip.start.node.id, trip.end.node.id)
    doc = {
        "from": trip.start.to_dict(), "to": trip.end.to_dict(), **({"via": via.to_dict()} if via else {}),
        "routes": [r.to_dict() for r in trip.routes], "alternatives": [a.to_dict() for a in context],
    }  # fmt: skip
    if args.json:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_route_text(doc))
    return EXIT_OK


def _route_text(doc: dict) -> str:
    lines = [f"{doc['from']['name']} → {doc['to']['name']}"]
    for number, route in enumerate(doc["routes"], 1):
        modes = ", ".join(f"{mode} {km:,.0f} km" for mode, km in route["km_by_mode"].items())
        lines += [
            "",
            f"{number}. {route['name']}: {route['km_total']:,.0f} km ({modes})",
            f"   countries: {' – '.join(route['countries'])}",
            f"   borders: {', '.join(b['name'] for b in route['border_crossings']) or 'none'}",
            f"   breaks of gauge: {_stops(route['gauge_breaks'], 'gauges')}",
            f"   changes of mode: {_stops(route['transshipments'], 'modes')}",
        ]
        for stated in route["days_stated"]:
            lines.append(f"   stated: {stated['name']}: {stated['label']} ({stated['sources'][0]['title']})")
    if doc["alternatives"]:
        lines += ["", "Alternatives (context, between the same ends):"]
    for alternative in doc["alternatives"]:
        days = alternative["days_stated"]
        stated = f"{days['min']}–{days['max']} days stated" if days else "no transit time stated"
        ends = f", ends at {alternative['ends_at']}" if alternative["ends_at"] else ""
        lines.append(f"   {alternative['name']}: {alternative['km']:,.0f} km{ends}; {stated}")
        lines += [f"      {s['title']} <{s['url']}>" for s in alternative["sources"]]
    return "\n".join(lines)


def _stops(stops: list[dict], detail: str) -> str:
    return ", ".join(f"{s['name']} ({s[detail]})" for s in stops) or "none"


def _add_route(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("route", help="plan a trip: best route and alternatives between two places")
    p.add_argument("start", metavar="FROM", help="node id, name or alias (Xian, Khorgos) or lon,lat")
    p.add_argument("end", metavar="TO", help="node id, name or alias, or lon,lat")
    p.add_argument("--via", metavar="PLACE", help="a place the route must pass")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.set_defaults(handler=cmd_route)
def cmd_build_alternatives(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Compute the context routes (rail via Russia, sea via Suez, round the Cape) into DIR."""
    from routes.alternatives_build import OUTPUT_FILES, MissingPackages, node_ids, write_alternatives

    _inputs(args)
    for name in OUTPUT_FILES:
        check_output_path(args.out / name)
    pairs = [tuple(p) for p in args.pair] if args.pair else None
    if pairs:
        known = set(node_ids(args.geodata))
        unknown = sorted({i for p in pairs for i in p} - known)
        if unknown:
            nodes = args.geodata / "nodes.geojson"
            parser.error(f"unknown node id(s) {', '.join(unknown)}; the ids are those in {nodes}")
    try:
        written = write_alternatives(args.geodata, args.out, pairs)
    except MissingPackages as exc:
        _errors([f"error: {exc}"])
        return EXIT_USAGE
    except DataError as exc:
        _errors([f"error: {p}" for p in exc.problems])
        return EXIT_DATA
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _add_build_alternatives(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build-alternatives", help="compute rail-via-Russia and sea routes for corridor trips")
    p.add_argument("--out", type=Path, required=True, help="folder to write alternatives.geojson into")
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.add_argument("--pair", nargs=2, action="append", metavar=("FROM", "TO"),
                   help="node ids of a trip (repeatable; default: the recipe's pairs)")  # fmt: skip
    p.set_defaults(handler=cmd_build_alternatives)
def cmd_volumes(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Print the yearly traffic figures (volumes.csv), each with its unit, definition and source."""
    from routes.timeline import VOLUMES_FILE, load_volumes, series_names, volumes_table

    _inputs(args)
    try:
        rows = load_volumes(args.geodata)
    except DataError as exc:  # one line: the first problem; `validate` lists them all
        first, more = exc.problems[0], len(exc.problems) - 1
        where = f" ({first.where})" if first.where else ""
        tail = f" (and {more} more; `python -m routes validate` lists every one)" if more else ""
        _errors([f"error: {args.geodata / VOLUMES_FILE}: {first.message}{where}{tail}"])
        return EXIT_USAGE
    if args.series is not None and args.series not in series_names(rows):
        _errors([f"error: unknown series {args.series!r}; known: {', '.join(series_names(rows))}"])
        return EXIT_USAGE
    table = volumes_table(rows, args.series)
    if args.json:
        json.dump(table, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        # Columns as wide as their longest entry (series names and units vary), then two spaces.
        sw = max((len(r["series"]) for r in table), default=6) + 2
        uw = max((len(r["unit"]) for r in table), default=4) + 2
        print(f"{'year':<6}{'series':<{sw}}{'value':>14}  {'unit':<{uw}}source")
        for r in table:
            print(f"{r['year']:<6}{r['series']:<{sw}}{r['value']:>14,}  {r['unit']:<{uw}}{r['source_title']}")
    return EXIT_OK


def _add_volumes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("volumes", help="print the yearly traffic figures with their sources")
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.add_argument("--series", metavar="NAME", help="only this series, e.g. titr_cargo")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of text")
    p.set_defaults(handler=cmd_volumes)


def cmd_figure(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Draw the map as a figure for a report: PNG (300 dpi), SVG or PDF, from the --out suffix."""
    from routes.asof import YearError
    from routes.figure import figure_format, render_figure, write_figure
    from routes.geodata import load_network
    from routes.planner import plan_trip

    _inputs(args)
    check_output_path(args.out)
    fmt = figure_format(args.out)
    if (args.start is None) != (args.end is None) or (args.via and args.start is None):
        _errors(["error: --from and --to go together (and --via needs both)"])
        return EXIT_USAGE
    try:
        network = load_network(args.geodata)
        ids = [s.id for s in network.segments]
        unknown = sorted(set(args.segments or ()) - set(ids))
        if unknown:
            _errors([f"error: unknown segment id(s) {', '.join(unknown)}; valid ids: {', '.join(ids)}"])
            return EXIT_USAGE
        year = _year_view(args.year, args.geodata) if args.year is not None else None
        planned = _projects_in(args.geodata, network, year.year) if year else []
    except YearError as exc:
        _errors([f"error: {exc}"])
        return EXIT_USAGE
    except DataError as exc:
        _errors([f"error: {p}" for p in exc.problems])
        return EXIT_DATA
    visible = args.segments or ids
    if year is not None and args.start is None and set(visible) <= year.hidden:
        _errors([f"error: nothing to draw at the end of {year.year}: {', '.join(visible)} not yet open"])
        return EXIT_USAGE
    # As in the app: in a year, the route runs only on the lines open then (not disrupted ones).
    closed = year.closed if year else frozenset()
    trip = plan_trip(network, args.start, args.end, args.via, closed) if args.start is not None else None
    route = trip.routes[0] if trip else None
    data = render_figure(network, args.geodata, visible, route=route, fmt=fmt, year=year, planned=planned)
    write_figure(args.out, data)
    shown = f", route {route.name}" if route else ""
    as_of = f", as of the end of {year.year}" if year else ""
    drawn = f", {len(planned)} planned or building project(s)" if planned else ""
    print(f"wrote {args.out} ({len(data) / 1e6:.2f} MB, {fmt.upper()}{shown}{as_of}{drawn})")
    return EXIT_OK


def _projects_in(geodata: Path, network: Network, year: int) -> list[Shown]:
    """The projects planned or being built in a year, as drawn (none if the folder has no planned.json)."""
    from routes.planned import load_drawings, shown_in
    from routes.timeline import PLANNED_FILE, load_planned

    if not (geodata / PLANNED_FILE).is_file():
        return []
    return shown_in(load_planned(geodata), load_drawings(geodata, network), year)


def _add_figure(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("figure", help="draw the map as a figure for reports (PNG, SVG or PDF)")
    p.add_argument("--out", type=Path, required=True, help="file to write: .png (300 dpi), .svg or .pdf")
    p.add_argument("--segments", nargs="+", metavar="ID", help="segment ids to draw (default: all)")
    p.add_argument("--from", dest="start", metavar="PLACE", help="plan a route from here (needs --to)")
    p.add_argument("--to", dest="end", metavar="PLACE", help="to here: the best route is highlighted")
    p.add_argument("--via", metavar="PLACE", help="a place the route must pass")
    p.add_argument(
        "--year", default=None,
        help="the network as it stood at the end of this year (lines not yet open left out, planned or "
        "being built dashed, disrupted dotted), with the projects planned or being built then; "
        "the route uses only the lines open then",
    )  # fmt: skip
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.set_defaults(handler=cmd_figure)


def cmd_fetch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Download pages (or a feed's items) into the user's articles folder as Markdown."""
    from routes.fetch import FeedItem, Fetcher, FetchError, Known, check_url, feed_items, fetch_page
    from routes.paths import corpus_folders

    if not args.urls and not args.feeds:
        parser.error("give at least one URL or --feed URL")
    try:
        for url in (*args.urls, *args.feeds):
            check_url(url)
    except FetchError as exc:
        parser.error(str(exc))
    if args.timeout <= 0 or args.delay < 0:
        parser.error("--timeout must be above 0 and --delay not below 0")
    folders = corpus_folders(args.articles_dir)
    if folders.uploads.exists() and not folders.uploads.is_dir():
        raise PathError(folders.uploads, "not a folder (articles folder expected)")
    known = Known.of(folders.read)
    fetcher = Fetcher(timeout=args.timeout, delay=args.delay)
    jobs: list[tuple[str, FeedItem | None]] = [(url, None) for url in args.urls]
    failed = saved = skipped = 0
    for feed in args.feeds:
        try:
            jobs += [(item.url, item) for item in feed_items(fetcher.get(feed))]
        except FetchError as exc:
            _errors([f"error: {exc}"])
            failed += 1
    for url, item in jobs:
        try:
            outcome = fetch_page(fetcher, url, folders.uploads, known, item)
        except FetchError as exc:
            _errors([f"error: {exc}"])
            failed += 1
            continue
        except WriteError as exc:
            _errors([f"error: {url}: {exc}"])
            failed += 1
            continue
        if outcome.status == "saved":
            saved += 1
            print(f"saved {outcome.detail} ({url})")
        else:
            skipped += 1
            print(f"skipped {url}: {outcome.detail}")
    print(f"{saved} saved, {skipped} skipped, {failed} failed; folder {folders.uploads}")
    return EXIT_DATA if failed else EXIT_OK


def _add_fetch(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fetch", help="download web pages or a feed's items into your articles folder")
    p.add_argument("urls", nargs="*", metavar="URL", help="http(s) page to save as an article")
    p.add_argument("--feed", dest="feeds", action="append", default=[], metavar="URL",
                   help="RSS or Atom feed whose items are saved (repeatable)")  # fmt: skip
    p.add_argument("--articles", dest="articles_dir", metavar="DIR", type=Path, default=None,
                   help=f"folder to save into (default: ${ARTICLES_ENV} or your own folder)")  # fmt: skip
    p.add_argument("--timeout", metavar="S", type=float, default=20.0,
                   help="seconds a request may take (default: 20)")  # fmt: skip
    p.add_argument("--delay", metavar="S", type=float, default=1.0,
                   help="seconds between two requests to the same host (default: 1)")  # fmt: skip
    p.set_defaults(handler=cmd_fetch)


def cmd_evaluate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Precision, recall and top-rank rate of the linker on the hand-labelled sentences."""
    from routes.evaluate import LABELLED_DIR, evaluate, format_table, load_labelled
    from routes.geodata import load_network

    _inputs(args)
    folder: Path = args.labelled or LABELLED_DIR
    check_input_folder(folder, "labelled folder")
    try:
        network = load_network(args.geodata)
        linker = Linker.from_geodata(network, vocabulary_dir(args.geodata))
        items = load_labelled(folder, network, linker.countries)
    except DataError as exc:
        _errors([f"error: {p}" for p in exc.problems])
        return EXIT_DATA
    result = evaluate(linker, items)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    print(format_table(result))
    if args.mistakes:
        for outcome in result.outcomes:
            wrong, missed = sorted(outcome.false_pos), sorted(outcome.missed)
            if wrong or missed:
                print(f"\n{outcome.item.where}  {outcome.item.text}")
                print(f"    wrongly linked: {', '.join(wrong) or '-'}; missed: {', '.join(missed) or '-'}")
    return EXIT_OK


def _add_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="measure linking on the hand-labelled sentences, per language")
    p.add_argument("--labelled", type=Path, default=None, metavar="DIR",
                   help="folder of labelled *.jsonl files (default: tests/data/labelled)")  # fmt: skip
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--mistakes", action="store_true", help="also list each sentence linked wrongly")
    p.set_defaults(handler=cmd_evaluate)


def cmd_search(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Search the linked excerpts, best first (bm25), each with the segments it speaks of."""
    from routes.catalog import build_catalog
    from routes.search import parse_query, segments_label

    _inputs(args)
    if args.limit < 1:
        parser.error("--limit must be 1 or more")
    query = " ".join(args.query)
    parse_query(query)  # a query with nothing to find exits 2 before the corpus is read (see main)
    catalog = build_catalog(args.geodata, *args.article_folders)
    _errors([f"warning: {p}" for p in (*catalog.data_problems, *catalog.article_warnings)])
    found = catalog.search_index.search(query, start=args.since, end=args.until, limit=args.limit)
    if args.json:
        doc = {"query": query, "total": found.total, "hits": [hit.to_dict() for hit in found.hits]}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    names = {s.id: s.name for s in catalog.network.segments}
    for number, hit in enumerate(found.hits, 1):
        e = hit.excerpt
        print(f"{number}. {segments_label(hit.segments, names)}  [{', '.join(hit.segments)}]")
        print(f"   {e.citation}")
        print(f"   {e.sentence}\n")
    shown = f", the best {len(found.hits)} shown (--limit)" if found.total > len(found.hits) else ""
    print(f"{found.total} excerpt(s) match {query!r}{shown}")
    return EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _add_search(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search", help="search the excerpts in any language, best first",
        description='Every word must appear (sentence, title or outlet); "a phrase"; Kuryk* for a '
        "prefix; a OR b; -word leaves out. Case and accents do not matter.",
    )  # fmt: skip
    p.add_argument("query", nargs="+", metavar="QUERY", help="words to find (quote phrases for the shell)")
    p.add_argument("--articles", type=Path, default=None, help=f"articles folder (default: ${ARTICLES_ENV})")
    p.add_argument("--geodata", type=Path, default=None, help="geodata folder (default: bundled)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="show the best N (default: 20)")
    p.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                   help="only articles dated on or after (undated ones stay)")  # fmt: skip
    p.add_argument("--until", type=_date, metavar="YYYY-MM-DD",
                   help="only articles dated on or before (undated ones stay)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON: query, total and hits")
    p.set_defaults(handler=cmd_search)


Handler = Callable[[argparse.Namespace, argparse.ArgumentParser], int]


def _unrecognized(
    parser: argparse.ArgumentParser, subparsers: dict[str, argparse.ArgumentParser],
    args: argparse.Namespace, extra: list[str],
) -> None:  # fmt: skip
    """argparse's own error, with a hint where `search` took a -word for an option."""
    message = f"unrecognized arguments: {' '.join(extra)}"
    if args.command == "search":
        subparsers["search"].error(
            f"{message} (a word to leave out goes inside the quoted query: "
            f"python -m routes search \"Caspian {extra[0]}\")"
        )
    parser.error(message)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser and each subcommand's parser (for subcommand usage errors)."""
    parser = argparse.ArgumentParser(
        prog="python -m routes", description="TITR / BTC map data and article excerpts"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_excerpts(sub)
    _add_validate(sub)
    _add_export(sub)
    _add_assets(sub)
    _add_basemap(sub)
    _add_build_geodata(sub)
    _add_route(sub)
    _add_build_alternatives(sub)
    _add_volumes(sub)
    _add_figure(sub)
    _add_fetch(sub)
    _add_evaluate(sub)
    _add_search(sub)
    return parser, dict(sub.choices)


def _with_user_articles(articles: Path) -> tuple[Path, ...]:
    """The default corpus (or $ROUTES_ARTICLES) and, beside the bundled one, the user's own folder
    when it exists: uploads and fetched pages show in the CLI as in the app."""
    from routes.paths import corpus_folders

    read = corpus_folders(None).read
    if read[0] != articles.expanduser().resolve():  # $ROUTES_ARTICLES: that folder alone
        return (articles,)
    return (articles, *(folder for folder in read[1:] if folder.is_dir()))


def main(argv: list[str] | None = None) -> int:
    parser, subparsers = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            _unrecognized(parser, subparsers, args, extra)
        # Defaults resolved at run time so ROUTES_ARTICLES set after import still counts.
        if getattr(args, "geodata", "absent") is None:
            args.geodata = default_geodata()
        if getattr(args, "articles", "absent") is None:
            args.articles = default_articles()
            # Read what the app reads: the bundled corpus and the articles the user has added.
            args.article_folders = _with_user_articles(args.articles)
        elif hasattr(args, "articles"):
            args.article_folders = (args.articles,)
        handler: Handler = args.handler
        return handler(args, subparsers[args.command])
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except WriteError as exc:  # the system refused the write (full disk, no permission, ...)
        _errors([f"error: {exc}"])
        return EXIT_DATA
    except (PathError, PlaceError, QueryError) as exc:  # a path, a place or a query that cannot be used
        _errors([f"error: {exc}"])
        return EXIT_USAGE
    except NoRouteError as exc:  # both places known, no line joins them
        _errors([f"error: {exc}"])
        return EXIT_DATA
    except BrokenPipeError:
        # `… | head` closed the pipe: not an error; silence the flush at interpreter exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
