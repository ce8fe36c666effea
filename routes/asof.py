"""The corridor as it stood at the end of a year: what is hidden, what is only planned or being
built, what was disrupted, and so which lines a route may use (data in, plain sets out)."""

from __future__ import annotations

from dataclasses import dataclass, field

from routes.timeline import Timeline, earliest_opening, network_as_of

NOT_USABLE = ("planned", "under construction", "disrupted")  # drawn, but no route runs on them


class YearError(ValueError):
    """A year outside the timeline; the message says which years there are."""


@dataclass(frozen=True)
class YearView:
    year: int
    hidden: frozenset[str]  # not yet open at the end of the year
    statuses: dict[str, str] = field(hash=False, compare=False)  # id -> status, for the non-open ones

    @property
    def closed(self) -> frozenset[str]:
        """Segments a route may not use that year: hidden, planned, being built, or disrupted."""
        return self.hidden | {i for i, s in self.statuses.items() if s in NOT_USABLE}


def year_range(timeline: Timeline, this_year: int) -> tuple[int, int]:
    """From the earliest opening on record to this year."""
    first = earliest_opening(timeline)
    return (first[0] if first else this_year), this_year


def year_view(timeline: Timeline, year: int, this_year: int) -> YearView:
    """The network at the end of `year` (raises YearError outside the timeline's years)."""
    first, last = year_range(timeline, this_year)
    if not first <= year <= last:
        raise YearError(f"year {year} is outside the timeline ({first}–{last})")
    state = network_as_of(timeline, year)
    statuses = {i: status for status in NOT_USABLE for i in state.ids(status)}
    statuses.update({i: "status unknown" for i in state.unknown})
    return YearView(year, frozenset(state.not_yet_open), statuses)
