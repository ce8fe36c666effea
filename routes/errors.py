"""The project's one error family: every problem found, each naming its file and place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: which file, where in it, and what."""

    source: str
    message: str
    where: str | None = None

    def __str__(self) -> str:
        place = f"{self.source}: {self.where}" if self.where else self.source
        return f"{place}: {self.message}"


class RoutesError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(RoutesError):
    """Input data is wrong; carries every problem found in one pass, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__("\n".join([head, *(f"- {p}" for p in self.problems)]))


class PlaceError(RoutesError):
    """A place the planner does not know; the message names it and the closest known names."""


class NoRouteError(RoutesError):
    """Both places are known but no freight line joins them."""


class UploadError(RoutesError):
    """An uploaded article was refused; the message says why and names the file."""


class QueryError(RoutesError):
    """A search query with nothing to search for; the message says what to type instead."""
