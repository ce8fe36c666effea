"""The route summary of what is visible."""

from __future__ import annotations

from pathlib import Path

import pytest

from routes.geodata import load_network
from routes.model import Network
from routes.summary import summarise

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


def test_lengths_by_mode_add_up_the_visible_segments(network: Network) -> None:
    ids = ["kz-beineu-aktau", "caspian-aktau-alat", "btc-georgia"]
    summary = summarise(network, ids)
    assert summary.km_by_mode["rail"] == pytest.approx(network.segment("kz-beineu-aktau").length_km)
    assert summary.km_by_mode["sea"] == pytest.approx(network.segment("caspian-aktau-alat").length_km)
    assert summary.km_by_mode["pipeline"] == pytest.approx(network.segment("btc-georgia").length_km)
    assert summary.countries == ("AZE", "GEO", "KAZ")


@pytest.mark.parametrize(
    ("segment_ids", "gauge_break_expected"),
    [
        (["cn-urumqi-alashankou", "kz-dostyk-mointy"], True),  # 1,435 mm China, 1,520 mm Kazakhstan
        (["btk-akhalkalaki-kars"], True),  # gauge changed at Akhalkalaki
        (["caspian-aktau-alat"], False),
    ],
)
def test_breaks_of_gauge_are_listed(
    network: Network, segment_ids: list[str], gauge_break_expected: bool
) -> None:
    summary = summarise(network, segment_ids)
    assert bool(summary.gauge_breaks) is gauge_break_expected
    assert all(n.gauge_break for n in summary.gauge_breaks)


def test_nothing_visible_gives_an_empty_summary(network: Network) -> None:
    summary = summarise(network, [])
    assert summary.km_by_mode == {} and summary.countries == () and summary.border_crossings == ()


def test_the_kuryk_ferry_states_its_voyage_in_hours(network: Network) -> None:
    assert ("Kuryk – Alat (Baku) ferry", "18 hours") in summarise(
        network, ["caspian-kuryk-alat"]
    ).transit_days
