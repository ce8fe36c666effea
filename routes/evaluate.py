"""How well the linker finds the segments a sentence speaks of, on a hand-labelled set.

The set (tests/data/labelled/*.jsonl) holds one sentence per line with the segments a reader
would want it listed under. Each sentence goes through the real Linker as a one-sentence article;
what it links is compared with the labels, per language.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from routes.articles import Article
from routes.errors import DataError, Problem
from routes.linking import Linker, rank_links
from routes.model import Network
from routes.paths import PROJECT_ROOT

LABELLED_DIR = PROJECT_ROOT / "tests" / "data" / "labelled"
# The languages of the set, in the order the table shows them.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Russian",
    "kk": "Kazakh",
    "tr": "Turkish",
    "az": "Azerbaijani",
    "ka": "Georgian",
    "zh": "Chinese",
}
_FIELDS = {"text", "language", "segments", "nodes", "broad", "note"}


@dataclass(frozen=True)
class Labelled:
    """One hand-labelled sentence."""

    text: str
    language: str
    segments: frozenset[str]  # the segments it speaks of
    broad: tuple[str, ...]  # corridors (TITR, BTC) or countries (ISO3) it speaks of as a whole
    nodes: tuple[str, ...]  # the places it names, for the reader of the file
    note: str
    where: str  # file:line


@dataclass
class Score:
    """Counts for one language (or all); the rates derive from them."""

    sentences: int = 0
    negatives: int = 0  # sentences that speak of no segment
    clean: int = 0  # negatives that linked nothing they should not
    positives: int = 0  # sentences that speak of at least one segment
    top_right: int = 0  # positives whose best-ranked links are all right
    true_pos: int = 0  # (sentence, segment) links that are right
    false_pos: int = 0
    false_neg: int = 0

    @property
    def precision(self) -> float | None:
        linked = self.true_pos + self.false_pos
        return self.true_pos / linked if linked else None

    @property
    def recall(self) -> float | None:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else None

    @property
    def top_rate(self) -> float | None:
        return self.top_right / self.positives if self.positives else None

    @property
    def clean_rate(self) -> float | None:
        return self.clean / self.negatives if self.negatives else None

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, object]:
        counts = {name: getattr(self, name) for name in self.__dataclass_fields__}
        rates = {"precision": self.precision, "recall": self.recall, "top_rate": self.top_rate,
                 "clean_rate": self.clean_rate}  # fmt: skip
        return {**counts, **{k: None if v is None else round(v, 4) for k, v in rates.items()}}


@dataclass(frozen=True)
class Outcome:
    """What the linker made of one labelled sentence."""

    item: Labelled
    linked: tuple[str, ...]  # segment ids, best-ranked first
    top: frozenset[str]  # the segments sharing the best specificity
    ignored: frozenset[str] = field(default=frozenset())  # broad mentions: neither right nor wrong

    @property
    def false_pos(self) -> frozenset[str]:
        return frozenset(self.linked) - self.item.segments - self.ignored

    @property
    def missed(self) -> frozenset[str]:
        return self.item.segments - frozenset(self.linked)


@dataclass(frozen=True)
class Evaluation:
    per_language: dict[str, Score]
    total: Score
    outcomes: tuple[Outcome, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "languages": {lang: score.to_dict() for lang, score in self.per_language.items()},
            "all": self.total.to_dict(),
        }


# --- the labelled set ---------------------------------------------------------------------------


def load_labelled(folder: Path, network: Network, countries: Iterable[str]) -> list[Labelled]:
    """Every sentence of the *.jsonl files in `folder`; DataError lists each bad line."""
    segment_ids = {s.id for s in network.segments}
    node_ids = {n.id for n in network.nodes}
    broad_keys = {s.corridor for s in network.segments} | set(countries)
    problems: list[Problem] = []
    items: list[Labelled] = []
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not files:
        raise DataError([Problem(str(folder), "no labelled sentences (*.jsonl) found")])
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, f"cannot read: {exc}"))
            continue
        for number, line in enumerate(lines, 1):
            if line.strip():
                item = _parse(line, f"{path.name}:{number}", problems, segment_ids, node_ids, broad_keys)
                if item is not None:
                    items.append(item)
    if problems:
        raise DataError(problems)
    return items


def _parse(
    line: str,
    where: str,
    problems: list[Problem],
    segment_ids: set[str],
    node_ids: set[str],
    broad_keys: set[str],
) -> Labelled | None:
    source, _, number = where.rpartition(":")
    place = f"line {number}"
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        problems.append(Problem(source, f"not valid JSON: {exc.msg}", place))
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(source, "expected an object", place))
        return None
    found = len(problems)
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        problems.append(Problem(source, f"unknown field(s): {', '.join(unknown)}", place))
    text, language, note = raw.get("text"), raw.get("language"), raw.get("note", "")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(source, "missing or empty 'text'", place))
    if language not in LANGUAGES:
        problems.append(Problem(source, f"'language' must be one of {', '.join(LANGUAGES)}", place))
    if not isinstance(note, str):
        problems.append(Problem(source, "'note' must be a string", place))
    lists: dict[str, tuple[str, ...]] = {}
    for name, known in (("segments", segment_ids), ("nodes", node_ids), ("broad", broad_keys)):
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(source, f"'{name}' must be a list of strings", place))
            continue
        strange = sorted(set(value) - known)
        if strange:
            problems.append(Problem(source, f"unknown {name} id(s): {', '.join(strange)}", place))
        lists[name] = tuple(value)
    if len(problems) > found:
        return None
    return Labelled(
        text=str(text),
        language=str(language),
        segments=frozenset(lists["segments"]),
        broad=lists["broad"],
        nodes=lists["nodes"],
        note=str(note),
        where=where,
    )


# --- scoring ------------------------------------------------------------------------------------


def _broad_segments(network: Network, keys: Sequence[str]) -> frozenset[str]:
    """Segments of the corridors or countries a sentence speaks of as a whole."""
    return frozenset(s.id for s in network.segments for k in keys if k in (s.corridor, *s.countries))


def link_one(linker: Linker, item: Labelled) -> Outcome:
    """Link one labelled sentence as an article of one paragraph, as the app links a corpus."""
    article = Article(file_name=item.where, location=item.where, paragraphs=(item.text,))
    ranked = rank_links(linker.link_article(article))
    linked = tuple(dict.fromkeys(link.segment_id for link in ranked))
    best = ranked[0].specificity if ranked else 0
    top = frozenset(link.segment_id for link in ranked if link.specificity == best)
    ignored = _broad_segments(linker.network, item.broad) - item.segments
    return Outcome(item, linked, top, ignored)


def score(outcome: Outcome) -> Score:
    item = outcome.item
    s = Score(sentences=1)
    s.true_pos = len(item.segments & frozenset(outcome.linked))
    s.false_pos = len(outcome.false_pos)
    s.false_neg = len(outcome.missed)
    if item.segments:
        s.positives = 1
        allowed = item.segments | outcome.ignored
        s.top_right = int(bool(outcome.top & item.segments) and outcome.top <= allowed)
    else:
        s.negatives = 1
        s.clean = int(not outcome.false_pos)
    return s


def evaluate(linker: Linker, items: Iterable[Labelled]) -> Evaluation:
    """Scores per language (in LANGUAGES order) and over all sentences."""
    per_language = {lang: Score() for lang in LANGUAGES}
    total = Score()
    outcomes = []
    for item in items:
        outcome = link_one(linker, item)
        outcomes.append(outcome)
        one = score(outcome)
        per_language[item.language].add(one)
        total.add(one)
    per_language = {lang: s for lang, s in per_language.items() if s.sentences}
    return Evaluation(per_language, total, tuple(outcomes))


# --- the table ----------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def format_table(evaluation: Evaluation, names: Mapping[str, str] = LANGUAGES) -> str:
    """A Markdown table: one row per language, then all."""
    head = ("language", "sentences", "precision", "recall", "top right", "negatives clean")
    rows = [head, ("---", "---:", "---:", "---:", "---:", "---:")]
    scored = [*((names.get(k, k), s) for k, s in evaluation.per_language.items()), ("all", evaluation.total)]
    for name, s in scored:
        rows.append(
            (
                name,
                str(s.sentences),
                f"{_pct(s.precision)} ({s.true_pos}/{s.true_pos + s.false_pos})",
                f"{_pct(s.recall)} ({s.true_pos}/{s.true_pos + s.false_neg})",
                f"{_pct(s.top_rate)} ({s.top_right}/{s.positives})",
                f"{_pct(s.clean_rate)} ({s.clean}/{s.negatives})",
            )
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)
