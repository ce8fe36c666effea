"""Leaflet comes from bundled copies: served by the app, inlined in exports."""

from __future__ import annotations

from pathlib import Path

import folium
import pytest

from routes.assets import AssetError, inline_assets, use_cdn_names, use_static_urls, write_static
from routes.basemap import display_file_name, display_text
from routes.mapview import base_map

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def test_inlining_replaces_every_link_with_the_file() -> None:
    html = inline_assets(use_cdn_names(folium.Map(tiles=None)).get_root().render())
    assert "<script src=" not in html and 'rel="stylesheet"' not in html
    assert "leaflet-container" in html  # Leaflet's CSS
    assert "jquery" not in html.casefold()  # nothing of ours calls it


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdn.example.org/evil.js"></script>',
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"/>',
        '<script defer src="//cdn.example.org/x.js"></script>',
    ],
)
def test_a_link_that_is_not_bundled_is_refused(tag: str) -> None:
    with pytest.raises(AssetError, match="not bundled"):
        inline_assets(f"<html><head>{tag}</head></html>")


def test_static_urls_point_at_the_app(tmp_path: Path) -> None:
    fmap = use_static_urls(folium.Map(tiles=None))
    assert [url for _, url in fmap.default_js] == ["/app/static/leaflet.js"]
    files = write_static(tmp_path / "static")
    assert sorted(p.name for p in files) == [display_file_name(GEODATA), "leaflet.css", "leaflet.js"]
    before = files[0].stat().st_mtime_ns
    write_static(tmp_path / "static")  # unchanged files are not rewritten
    assert files[0].stat().st_mtime_ns == before


def test_a_damaged_static_folder_is_repaired(tmp_path: Path) -> None:
    files = write_static(tmp_path / "static")
    files[0].write_text("broken", encoding="utf-8")
    (tmp_path / "static" / ".assets-version").write_text("0.0", encoding="utf-8")  # another release
    write_static(tmp_path / "static")
    assert "Leaflet" in files[0].read_text(encoding="utf-8")


def test_the_app_fetches_the_base_map_from_the_static_folder(tmp_path: Path) -> None:
    """Each run sends Streamlit the map's script: in the app it names the base map's file (which the
    browser caches) instead of carrying its half megabyte; an export still carries it inline."""
    inline = base_map(GEODATA).get_root().render()
    html = use_static_urls(base_map(GEODATA)).get_root().render()
    name = display_file_name(GEODATA)
    assert f'fetch("/app/static/{name}")' in html and '"type":"FeatureCollection"' not in html
    assert "fetch(" not in inline and display_text(GEODATA) in inline
    assert len(html) < len(inline) - 400_000
    written = {p.name: p for p in write_static(tmp_path / "static")}
    assert written[name].read_text(encoding="utf-8") == display_text(GEODATA)


def test_a_changed_base_map_replaces_the_old_file(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "basemap-0000000000000000.json").write_text("{}", encoding="utf-8")
    write_static(static)
    assert sorted(p.name for p in static.glob("basemap-*.json")) == [display_file_name(GEODATA)]
