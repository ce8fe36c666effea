"""A summary of the visible route: length by mode, countries, border crossings, transit times."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from routes.model import MODES, Network, Node
from routes.views import transit_label


@dataclass(frozen=True)
class RouteSummary:
    km_by_mode: dict[str, float]
    countries: tuple[str, ...]
    border_crossings: tuple[Node, ...]
    gauge_breaks: tuple[Node, ...]
    transit_days: tuple[tuple[str, str], ...]  # segment name, stated transit time


def summarise(network: Network, visible: Iterable[str]) -> RouteSummary:
    wanted = set(visible)
    shown = [s for s in network.segments if s.id in wanted]
    km = {mode: sum(s.length_km for s in shown if s.mode == mode) for mode in MODES}
    countries = sorted({c for s in shown for c in s.countries})
    on_route = network.nodes_on(wanted)
    return RouteSummary(
        km_by_mode={m: v for m, v in km.items() if v > 0},
        countries=tuple(countries),
        border_crossings=tuple(n for n in on_route if n.kind == "border"),
        gauge_breaks=tuple(n for n in on_route if n.gauge_break),
        transit_days=tuple(
            (s.name, transit_label(s.facts["transit_days"])) for s in shown if "transit_days" in s.facts
        ),
    )
