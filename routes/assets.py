"""Leaflet from local copies, so maps work with no internet.

The files come from the folium-offline package, which bundles folium's CDN resources keyed by
their URL. The app serves them through Streamlit's static folder; an export inlines them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.metadata import version
from pathlib import Path

import folium

from routes.basemap import display_file_name, display_text
from routes.errors import RoutesError
from routes.files import write_text_atomic
from routes.layers import BaseLayers
from routes.paths import bundled_geodata

# Only what our maps use: Leaflet itself. Not jQuery, which folium adds: only folium's own popups
# call it, and ours are bound by routes.elements.BindContent (one script less to load per map).
JS = {"leaflet.js": "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"}
CSS = {"leaflet.css": "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"}
STATIC_URL = "/app/static/"


class AssetError(RoutesError):
    """A map would need a file from the internet that is not bundled."""


@cache
def _offline_resources() -> dict[str, str]:
    # Imported on first use: the package is a 7 MB module that takes ~0.4 s to import, which the
    # app need not pay at start when its static folder is already written.
    from offlinefolium.elements import _res

    return _res


def asset_text(filename: str) -> str:
    """Content of one bundled asset, by its local file name."""
    url = {**JS, **CSS}[filename]
    return _offline_resources()[url]


def use_cdn_names(fmap: folium.Map) -> folium.Map:
    """Limit a map's resources to the bundled ones (under their CDN URLs, to be inlined later)."""
    fmap.default_js = list(JS.items())
    fmap.default_css = list(CSS.items())
    return fmap


def use_static_urls(fmap: folium.Map, base_url: str = STATIC_URL) -> folium.Map:
    """Point a map's resources at the app's static folder (for streamlit-folium's iframe): Leaflet
    and the base map's document (written there by write_static)."""
    fmap.default_js = [(name, base_url + name) for name in JS]
    fmap.default_css = [(name, base_url + name) for name in CSS]
    for element in fmap._children.values():
        if isinstance(element, BaseLayers):
            element.url = base_url + element.file_name
    return fmap


STAMP = ".assets-version"  # which folium-offline release wrote the static folder


def write_static(folder: Path, geodata_dir: Path | None = None) -> list[Path]:
    """Write the bundled files into Streamlit's static folder (only when they changed), and the
    base map's document of geodata_dir (by default the bundled one, which the app draws)."""
    basemap = write_basemap(folder, geodata_dir or bundled_geodata())
    targets = [folder / name for name in [*JS, *CSS]]
    stamp, release = folder / STAMP, version("folium-offline")
    if all(t.is_file() for t in targets) and stamp.is_file() and stamp.read_text("utf-8") == release:
        return [*targets, basemap]  # already written by this release: skip reading the package at all
    for target in targets:  # write_text_atomic makes the folder, or raises a PathError naming it
        text = asset_text(target.name)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_text_atomic(target, text)
    write_text_atomic(stamp, release)
    return [*targets, basemap]


def write_basemap(folder: Path, geodata_dir: Path) -> Path:
    """The base map's document under its content-named file; older ones are removed."""
    name = display_file_name(geodata_dir)
    target = folder / name
    if not target.is_file():
        write_text_atomic(target, display_text(geodata_dir))
    for old in folder.glob("basemap-*.json"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return target


_SCRIPT_LINK = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>')
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>')
_ANY_LINK = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="(?P<url>[^"]+)"')


def inline_assets(html: str) -> str:
    """Replace script and stylesheet links by the bundled files; refuse any other external link."""
    resources = _offline_resources()
    by_url = {url: resources[url] for url in [*JS.values(), *CSS.values()]}
    # Checked before inlining: the bundled code itself contains strings that look like tags.
    for match in _ANY_LINK.finditer(html):
        if match["url"] not in by_url:
            raise AssetError(f"map needs a file that is not bundled: {match['url']}")

    def script(match: re.Match[str]) -> str:
        url = match["url"]
        if url not in by_url:
            raise AssetError(f"map needs a script that is not bundled: {url}")
        # A literal "</script" inside the code would end the element early.
        return "<script>" + by_url[url].replace("</script", "<\\/script") + "</script>"

    def stylesheet(match: re.Match[str]) -> str:
        url = match["url"]
        if url not in by_url:
            raise AssetError(f"map needs a stylesheet that is not bundled: {url}")
        return "<style>" + by_url[url] + "</style>"

    return _CSS_LINK.sub(stylesheet, _SCRIPT_LINK.sub(script, html))
