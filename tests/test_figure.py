"""Figures for reports (`python -m routes figure`): what a reader of the PNG, SVG or PDF would see."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from conftest import GEODATA
from PIL import Image
from pyproj import Geod, Transformer

from routes.asof import YearView, year_view
from routes.cli import main
from routes.figure import DPI, draw_figure, layout, render_figure
from routes.geodata import geodesic_length_km, load_network
from routes.graph import piece_line
from routes.model import Network
from routes.planned import Shown, load_drawings, shown_in
from routes.planner import Route, plan, resolve
from routes.plotting import CORNERS, PROJECT_LABELS, STATUS_LABELS, scale_bar
from routes.timeline import load_planned, load_timeline

SVG = "{http://www.w3.org/2000/svg}"
BTC = ("btc-azerbaijan", "btc-georgia", "btc-turkey")
CREDITS = (
    "Natural Earth",
    "© OpenStreetMap contributors (ODbL)",
    "scgraph-data (MIT)",
    "Global Energy Monitor (CC BY 4.0)",
)
# view name -> (segments drawn, trip from / to or None, the year shown or None for no year)
VIEWS: dict[str, tuple[tuple[str, ...] | None, tuple[str, str] | None, int | None]] = {
    "all": (None, None, None),
    "btc": (BTC, None, None),
    "route": (None, ("Xian", "Istanbul"), None),
    "2016": (None, None, 2016),
    "2024": (None, None, 2024),
    "route-2018": (None, ("Aktau", "Poti"), 2018),
}
# Views of a year only looked at in SVG (the years above are drawn in every format too).
YEARS = {f"{year}": (None, None, year) for year in (1990, 2005, 2010)}
DISRUPTED = "#5b2c6f"  # routes.mapview.STATUS_STYLES: the map's colour for a disrupted line
TEAL = "#00897b"  # routes.plannedmap.PLANNED_STYLE: the projects' colour


@cache
def network() -> Network:
    return load_network(GEODATA)


@cache
def year_of(year: int | None) -> YearView | None:
    return None if year is None else year_view(load_timeline(GEODATA), year, dt.date.today().year)


def projects_of(year: int | None) -> list[Shown]:
    if year is None:
        return []
    return shown_in(load_planned(GEODATA), load_drawings(GEODATA, network()), year)


def best_route(trip: tuple[str, str] | None, year: int | None = None) -> Route | None:
    if trip is None:
        return None
    net, view = network(), year_of(year)
    closed = view.closed if view else frozenset()
    return plan(net, resolve(net, trip[0]), resolve(net, trip[1]), closed=closed)[0]


def view_args(view: str) -> tuple[tuple[str, ...] | None, dict]:
    segments, trip, year = {**VIEWS, **YEARS}[view]
    return segments, {"route": best_route(trip, year), "year": year_of(year), "planned": projects_of(year)}


@cache
def rendered(view: str, fmt: str) -> bytes:
    segments, kwargs = view_args(view)
    return render_figure(network(), GEODATA, segments, fmt=fmt, **kwargs)


def svg_texts(view: str) -> list[str]:
    root = ET.fromstring(rendered(view, "svg"))
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def svg_ids(view: str, prefix: str) -> set[str]:
    root = ET.fromstring(rendered(view, "svg"))
    return {e.get("id", "") for e in root.iter() if e.get("id", "").startswith(prefix)}


def svg_style(view: str, gid: str) -> dict[str, str]:
    """The drawing style of the line (or ring) with this id in the main map, as a reader's viewer sees it."""
    root = ET.fromstring(rendered(view, "svg"))
    group = next(e for e in root.iter() if e.get("id") == gid)
    shape = next(e for e in group.iter() if e.tag == f"{SVG}path")
    pairs = (item.split(":", 1) for item in shape.get("style", "").split(";") if ":" in item)
    return {key.strip(): value.strip() for key, value in pairs}


@pytest.mark.parametrize("view", list(VIEWS))
def test_png_is_300_dpi_at_the_figure_s_size(view: str) -> None:
    segments, kwargs = view_args(view)
    width_in, height_in = layout(network(), segments, **kwargs).size_in
    image = Image.open(io.BytesIO(rendered(view, "png")))
    assert image.format == "PNG"
    assert image.size == (round(width_in * DPI), round(height_in * DPI))
    assert image.size[0] == 3000  # 10 inches wide: a page's width
    assert [round(d) for d in image.info["dpi"]] == [300, 300]


@pytest.mark.parametrize(
    ("view", "present", "absent"),
    [
        ("all", ["Baku", "Tbilisi", "Kars", "Aktau", "Poti", "Lianyungang", "Caspian Sea"], []),
        ("btc", ["Sangachal", "Ceyhan"], ["Lianyungang", "Aktau", "Rail (TITR)"]),
        ("route", ["Xi'an", "Istanbul", "Aktau", "Kars"], []),
    ],
)
def test_svg_keeps_labels_as_searchable_text(view: str, present: list[str], absent: list[str]) -> None:
    texts = svg_texts(view)
    assert all(name in texts for name in present), set(present) - set(texts)
    assert not set(absent) & set(texts)


@pytest.mark.parametrize(
    ("view", "title", "legend"),
    [
        ("all", "Trans-Caspian corridor and BTC pipeline", "Ferry / sea leg (TITR)"),
        ("btc", "Trans-Caspian corridor and BTC pipeline", "Oil pipeline (BTC)"),
        ("route", "Xi'an → Istanbul (Marmaray, Sirkeci)", "Route via Alashankou, Aktau, Alat"),
        ("2024", "Trans-Caspian corridor and BTC pipeline at the end of 2024", "Disrupted (dotted)"),
        ("route-2018", "Port of Aktau → Port of Poti, on the network at the end of 2018", "Route via Alat"),
    ],
)
def test_svg_has_title_legend_scale_bar_and_credits(view: str, title: str, legend: str) -> None:
    texts = svg_texts(view)
    assert texts.count(title) == 1
    assert any(t.startswith(legend) for t in texts)
    scale = [t for t in texts if t.endswith(" km") and t.split()[0].replace(",", "").isdigit()]
    assert scale, "no scale bar label"
    credits = next(t for t in texts if t.startswith("Base map:"))
    segments, _trip, _year = VIEWS[view]
    expected = CREDITS if segments is None else ("Natural Earth", "Global Energy Monitor (CC BY 4.0)")
    assert all(c in credits for c in expected)
    assert any("Equidistant conic projection" in t for t in texts)


def test_the_route_s_km_are_in_the_legend() -> None:
    route = best_route(VIEWS["route"][1])
    assert route is not None
    texts = svg_texts("route")
    assert any(f"{route.km_total:,.0f} km" in t and route.name in t for t in texts)


@pytest.mark.parametrize("view", list(VIEWS))
def test_pdf_is_a_pdf(view: str) -> None:
    data = rendered(view, "pdf")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(("view", "drawn"), [("btc", set(BTC)), ("all", None), ("2024", None)])
def test_segments_limit_what_is_drawn(view: str, drawn: set[str] | None) -> None:
    expected = drawn or {s.id for s in network().segments}
    assert {i.removeprefix("seg-") for i in svg_ids(view, "seg-")} == expected


def test_the_route_is_highlighted_from_end_to_end_and_every_segment_still_drawn() -> None:
    route = best_route(VIEWS["route"][1])
    assert route is not None
    pieces = {tuple(i.removeprefix("route-").split("--")) for i in svg_ids("route", "route-")}
    assert pieces == set(itertools.pairwise(route.nodes))
    assert len(svg_ids("route", "seg-")) == len(network().segments)


@pytest.mark.parametrize(("start", "end"), [("Xian", "Istanbul"), ("Kuryk", "Batumi"), ("Aktau", "Mostyska")])
def test_the_highlighted_pieces_measure_the_route_s_km(start: str, end: str) -> None:
    route = best_route((start, end))
    assert route is not None
    km = sum(geodesic_length_km(piece_line(network(), a, b)) for a, b in itertools.pairwise(route.nodes))
    assert km == pytest.approx(route.km_total, rel=1e-6)


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_the_same_figure_gives_the_same_bytes(fmt: str) -> None:
    again = render_figure(network(), GEODATA, BTC, fmt=fmt)
    assert again == rendered("btc", fmt)


@pytest.mark.parametrize("view", list(VIEWS))
def test_labels_do_not_overlap(view: str) -> None:
    segments, kwargs = view_args(view)
    fig = draw_figure(network(), GEODATA, segments, **kwargs)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for ax in fig.axes:
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        clashes = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
        assert not clashes


@pytest.mark.parametrize("corner", CORNERS)
@pytest.mark.parametrize("segments", [None, BTC, ("ua-chornomorsk-mostyska",), ("cn-lianyungang-urumqi",)])
def test_scale_bar_measures_true_km_where_it_is_drawn(segments, corner: str) -> None:
    lay = layout(network(), segments)
    bar = scale_bar(lay.crs, lay.extent, corner=corner)
    (lon0, lon1), (lat0, lat1) = Transformer.from_crs(lay.crs, "EPSG:4326", always_xy=True).transform(
        [bar.x0, bar.x1], [bar.y, bar.y]
    )
    true_km = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000
    assert true_km == pytest.approx(bar.km, rel=0.005)
    xmin, ymin, xmax, ymax = lay.extent
    assert xmin < bar.x0 < bar.x1 < xmax and ymin < bar.y < ymax
    assert 0.08 < (bar.x1 - bar.x0) / (xmax - xmin) <= 0.25
    assert bar.label == f"{bar.km:,.0f} km"


# --- the command ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "magic"), [("map.png", b"\x89PNG\r\n\x1a\n"), ("map.svg", b"<?xml"), ("map.pdf", b"%PDF")]
)
def test_command_writes_the_format_its_suffix_names(tmp_path: Path, capsys, name: str, magic: bytes) -> None:
    out = tmp_path / "figures" / name
    assert main(["figure", "--out", str(out), "--segments", "btc-georgia"]) == 0
    assert out.read_bytes().startswith(magic)
    assert f"wrote {out}" in capsys.readouterr().out
    assert [p.name for p in out.parent.iterdir()] == [name]  # no temporary file left


def test_command_draws_the_planned_route(tmp_path: Path, capsys) -> None:
    out = tmp_path / "trip.svg"
    assert main(["figure", "--out", str(out), "--from", "Aktau", "--to", "Poti", "--via", "Tbilisi"]) == 0
    texts = ["".join(t.itertext()) for t in ET.parse(out).getroot().iter(f"{SVG}text")]
    assert "Port of Aktau → Port of Poti" in texts
    assert "route via" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--segments", "btc-georgia", "no-such-line"], "unknown segment id(s) no-such-line"),
        (["--from", "Narnia", "--to", "Poti"], "unknown place 'Narnia'"),
        (["--from", "Aktau"], "--from and --to go together"),
        (["--via", "Tbilisi"], "--from and --to go together"),
        (["--from", "Aktau", "--to", "Poti", "--via", "Atlantis"], "unknown place 'Atlantis'"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys, args: list[str], message: str) -> None:
    out = tmp_path / "map.png"
    assert main(["figure", "--out", str(out), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
    assert not out.exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("map.jpg", "unknown figure format; name the file .png, .svg or .pdf"),
        ("map", "unknown figure format"),
        ("folder", "is a folder, not a file"),
        ("file.txt/map.png", "is not a folder"),
    ],
)
def test_unusable_paths_exit_2_with_one_line(tmp_path: Path, capsys, out: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    assert main(["figure", "--out", str(tmp_path / out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "folder"]


def test_a_geodata_folder_without_natural_earth_is_one_line(tmp_path: Path, capsys) -> None:
    geodata = tmp_path / "geodata"
    geodata.mkdir()
    for name in ("segments.geojson", "nodes.geojson"):
        (geodata / name).write_bytes((GEODATA / name).read_bytes())
    out = tmp_path / "map.png"
    assert main(["figure", "--out", str(out), "--geodata", str(geodata), "--segments", "btc-georgia"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    missing = geodata / "naturalearth" / "countries.geojson"
    assert err == [f"error: {missing}: not found (the figure's base map)"]
    assert not out.exists()


# --- a year: the corridor as it stood then ----------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "absent", "dashed", "dotted", "projects"),
    [
        # Before the BTC was built (2006) and the BTK railway (2017): neither is drawn.
        ("1990", ["btc-georgia", "btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars"], [], [], []),
        # The BTC being built: dashed; the BTK not begun.
        ("2005", ["btk-tbilisi-akhalkalaki"], ["btc-azerbaijan", "btc-georgia", "btc-turkey"], [], []),
        ("2010", ["caspian-kuryk-alat"], ["btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars"], [], []),
        # The BTK still being built; Anaklia port planned, drawn as a schematic ring.
        ("2016", [], ["btk-tbilisi-akhalkalaki"], [], ["ge-anaklia-port"]),
        # The Ukrainian ports since February 2022: dotted purple; Halkalı – Kapıkule a schematic line.
        ("2024", [], [], ["ua-chornomorsk-mostyska", "blacksea-poti-chornomorsk"],
         ["tr-halkali-kapikule-hsr", "cku-railway", "ge-anaklia-port"]),
    ],
)  # fmt: skip
def test_a_year_s_figure_draws_the_network_as_it_stood(view, absent, dashed, dotted, projects) -> None:
    drawn = {i.removeprefix("seg-") for i in svg_ids(view, "seg-")}
    assert not drawn & set(absent)
    assert (
        year_of(int(view)) is not None
        and drawn == {s.id for s in network().segments} - year_of(int(view)).hidden
    )
    for seg in dashed:  # dashed as the map dashes a line planned or being built, not as its mode
        today = svg_style("all", f"seg-{seg}").get("stroke-dasharray")
        assert svg_style(view, f"seg-{seg}").get("stroke-dasharray") not in (None, today), seg
    for seg in dotted:
        style = svg_style(view, f"seg-{seg}")
        assert style["stroke"] == DISRUPTED and "stroke-dasharray" in style, seg
    assert {i.removeprefix("planned-") for i in svg_ids(view, "planned-")} == set(projects) | {
        p.project.id for p in projects_of(int(view))
    }
    for project in projects:
        style = svg_style(view, f"planned-{project}")
        assert style["stroke"] == TEAL and "stroke-dasharray" in style, project
    title = f"Trans-Caspian corridor and BTC pipeline at the end of {view}"
    assert svg_texts(view).count(title) == 1


@pytest.mark.parametrize(
    ("view", "listed"),
    [
        ("1990", {"No source for that year (faint)"}),
        ("2005", {"Planned or being built (dashed, its mode's colour)", "No source for that year (faint)"}),
        ("2016", {"Planned or being built (dashed, its mode's colour)", "Project planned (port)"}),
        ("2024", {"Disrupted (dotted)", "Project being built", "Project planned (port)",
                  "Project being built (port)"}),
        ("all", set()),
    ],
)  # fmt: skip
def test_the_legend_lists_only_the_year_s_styles_that_are_drawn(view: str, listed: set[str]) -> None:
    texts = set(svg_texts(view))
    possible = set(STATUS_LABELS.values()) | {
        f"{label}{kind}" for label in PROJECT_LABELS.values() for kind in ("", " (port)")
    }
    assert possible & texts == listed


@pytest.mark.parametrize(
    ("view", "note"),
    [
        ("2016", "Anaklia deep-sea port (planned, schematic)"),
        ("2024", "Halkalı – Kapıkule high-speed railway (under construction, schematic)"),
        ("2024", "Dostyk – Moiynty second track (under construction, along segment)"),
        ("2024", "Schematic: no alignment is published; drawn through the places the sources name."),
    ],
)
def test_the_projects_drawn_are_named_and_schematic_ones_say_so(view: str, note: str) -> None:
    assert note in " ".join(svg_texts(view))


def test_the_figures_of_several_years_keep_one_frame() -> None:
    frames = {
        layout(network(), None, year=year_of(y), planned=projects_of(y)).extent for y in (1990, 2010, 2024)
    }
    assert frames == {layout(network()).extent}


def test_the_route_of_a_year_uses_only_lines_open_then() -> None:
    route = best_route(VIEWS["route-2018"][1], 2018)
    view = year_of(2018)
    assert route is not None and view is not None and not set(route.segments) & view.closed
    pieces = {tuple(i.removeprefix("route-").split("--")) for i in svg_ids("route-2018", "route-")}
    assert pieces == set(itertools.pairwise(route.nodes))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--year", "2024", "--segments", "btc-georgia"], 0, "as of the end of 2024"),
        (["--year", "2018", "--from", "Aktau", "--to", "Poti"], 0, "route via Alat"),
        # The BTK railway opened in 2017: in 2016 no line joins Xi'an to Istanbul, as in the app.
        (["--year", "2016", "--from", "Xian", "--to", "Istanbul"], 1, "no freight line joins Xi'an"),
        (["--year", "1800"], 2, "year 1800 is outside the timeline (1872–"),
        (["--year", "soon"], 2, "'soon' is not a year"),
        (
            ["--year", "1990", "--segments", "btc-georgia"],
            2,
            "nothing to draw at the end of 1990: btc-georgia",
        ),
    ],
)
def test_command_with_a_year(tmp_path: Path, capsys, args: list[str], code: int, message: str) -> None:
    out = tmp_path / "map.svg"
    assert main(["figure", "--out", str(out), *args]) == code
    captured = capsys.readouterr()
    if code:
        err = captured.err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
        assert not out.exists()
    else:
        assert message in captured.out
        year = args[1]
        texts = ["".join(t.itertext()) for t in ET.parse(out).getroot().iter(f"{SVG}text")]
        assert any(t.endswith(f"at the end of {year}") for t in texts)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_a_year_s_figure_gives_the_same_bytes(fmt: str) -> None:
    segments, kwargs = view_args("2024")
    assert render_figure(network(), GEODATA, segments, fmt=fmt, **kwargs) == rendered("2024", fmt)


@pytest.mark.parametrize(
    ("view", "subtitle", "mode_keys"),
    [
        # The BTC being built is dashed, not dotted as the pipeline: its mode's key is not listed.
        ("2005", "Rail, sea legs and the oil pipeline: 20 of 29 segments, 9 not yet open",
         {"Rail (TITR)", "Ferry / sea leg (TITR)"}),
        ("2010", "Rail, sea legs and the oil pipeline: 23 of 29 segments, 6 not yet open",
         {"Rail (TITR)", "Ferry / sea leg (TITR)", "Oil pipeline (BTC)"}),
    ],
)  # fmt: skip
def test_a_year_s_subtitle_counts_what_was_not_yet_open(
    view: str, subtitle: str, mode_keys: set[str]
) -> None:
    texts = svg_texts(view)
    assert subtitle in texts
    assert {"Rail (TITR)", "Ferry / sea leg (TITR)", "Oil pipeline (BTC)"} & set(texts) == mode_keys
