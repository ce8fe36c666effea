"""Ranked full-text search over the linked excerpts, in every language (SQLite FTS5, BM25).

One row per (article, sentence), whichever segments the sentence is linked to. Two in-memory FTS5
tables: `words` (unicode61, diacritics removed) answers word, phrase and prefix queries in every
script that puts spaces between words; `grams` (trigram) holds only the rows written partly in a
script without spaces (Chinese, Japanese, Thai...), where a word is any substring of a run of
characters. The user's text never reaches FTS5 as syntax: each term is quoted here.

Query language: every word must appear (in the sentence, the title or the outlet); "a phrase";
Kuryk* for words starting so; a OR b; -word leaves out the rows that have it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from routes.catalog import UNKNOWN_LANGUAGE, Catalog, ExcerptList
from routes.errors import QueryError
from routes.linking import Link, gc_paused, rank_key
from routes.normalise import KAZAKH_LOOKALIKES
from routes.views import ExcerptView

# bm25 weight of each column: a word in the sentence counts five times one in the title or the
# outlet, so a sentence that says it ranks above its neighbours that only share the article title.
WEIGHTS = (1.0, 0.2, 0.2)
DEFAULT_LIMIT = 50

# Folded one character for one before indexing and in queries, so offsets in the indexed text are
# offsets in the sentence (highlights). unicode61 folds case and Latin diacritics, but not the
# Turkish/Azerbaijani dotless ı or Russian ё, which people type as i and е; the trigram tokenizer
# of SQLite 3.40 folds case only. Kazakh letters are folded to the Russian look-alikes a Russian
# keyboard types for them (as routes/normalise.py does for linking). The highlight markers \x02 \x03
# must not occur in the text.
_KAZAKH = {**KAZAKH_LOOKALIKES, **{c.upper(): r.upper() for c, r in KAZAKH_LOOKALIKES.items()}}
_FOLD = str.maketrans({"ı": "i", "İ": "I", "ё": "е", "Ё": "Е", **_KAZAKH, "\x02": " ", "\x03": " "})
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"
_FOLDED_CHARS = re.compile("[ıİёЁ" + "".join(_KAZAKH) + "\x02\x03]")


def fold(text: str) -> str:
    """The text as indexed (and a query as searched): same length, same offsets."""
    return text.translate(_FOLD) if _FOLDED_CHARS.search(text) else text  # most text has none


# Scripts written without spaces between words: unicode61 would make a whole clause one token.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003134f]"
)
_OPEN_QUOTES, _CLOSE_QUOTES = '"“„«', '"”“»'
TRIGRAM = 3  # the trigram tokenizer matches substrings of at least three characters

Kind = Literal["words", "grams", "scan"]


class Term(NamedTuple):
    """One word or phrase of a query, folded as the index is."""

    text: str
    prefix: bool = False
    exclude: bool = False

    @property
    def kind(self) -> Kind:
        """Which table answers it: words; trigrams for unspaced scripts; a scan for short ones."""
        if not _UNSPACED.search(self.text):
            return "words"
        # Two-character Chinese words are common (里海 Caspian, 铁路 railway, 港口 port) and the
        # trigram index cannot find anything shorter than three characters, so these are looked
        # up with instr() over the rows of the trigram table only: the rows written in such a
        # script, a small part of the corpus, so the linear scan stays cheap.
        return "grams" if len(self.text) >= TRIGRAM else "scan"

    def fts(self) -> str:
        """The term as an FTS5 string: always quoted, so no character of it is FTS5 syntax."""
        star = "*" if self.prefix and self.kind == "words" else ""
        return '"' + self.text.replace('"', '""') + '"' + star


Group = tuple[Term, ...]  # a hit has every term of one group; groups are joined by OR


def parse_query(query: str) -> tuple[Group, ...]:
    """The groups of terms of a query; QueryError (a sentence for the user) when nothing is left."""
    # Control characters and lone surrogates (undecodable bytes in a command line) cannot be bound.
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in query)
    groups: list[list[Term]] = [[]]
    for word in _words(fold(cleaned)):
        if word == "OR":
            groups.append([])
        elif _searchable(word.text):
            groups[-1].append(word)
    groups_left = [tuple(g) for g in groups if g]
    if not groups_left:
        raise QueryError(
            f'nothing to search for in {query.strip()!r}: type words, "a phrase" '
            "or the start of a word with * (Kuryk*)"
        )
    for group in groups_left:
        if all(t.exclude for t in group):
            left_out = " ".join("-" + t.text for t in group)
            raise QueryError(
                f"{left_out!r} only says what to leave out: add a word to find as well, e.g. Caspian -ferry"
            )
    return tuple(groups_left)


def _words(text: str) -> Iterable[Term | Literal["OR"]]:
    """Split on spaces, keeping quoted phrases whole; an unclosed quote runs to the end."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        exclude = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        i += exclude
        if text[i] in _OPEN_QUOTES:
            end = next((j for j in range(i + 1, n) if text[j] in _CLOSE_QUOTES), n)
            phrase, i = text[i + 1 : end], end + 1
            prefix = i < n and text[i] == "*"
            i += prefix
            yield Term(phrase, prefix, exclude)
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] not in _OPEN_QUOTES:
            end += 1
        word, i = text[i:end], end
        if word == "OR" and not exclude:
            yield "OR"
            continue
        yield Term(word.rstrip("*"), word.endswith("*"), exclude)


def _searchable(text: str) -> bool:
    """Whether the text has a character the tokenizers index (letters, digits), not only punctuation."""
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co" for ch in text)


# --- the index -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One sentence found, under its most specific segment, with every segment it speaks of."""

    excerpt: ExcerptView  # its spans mark the searched words, or the linked names when only the title matched
    segments: tuple[str, ...]  # segment ids, best first; excerpt.segment_id is the first
    score: float  # lower is better: bm25 as SQLite gives it (or minus the count, for a scan)
    marked: tuple[tuple[int, int], ...] = ()  # where the searched words are in the sentence

    @property
    def segment_id(self) -> str:
        return self.excerpt.segment_id

    def to_dict(self) -> dict[str, object]:
        """The excerpt's record (as every output gives it), with what the search adds: every
        segment the sentence speaks of, the score, and spans marking the searched words."""
        return {
            **self.excerpt.to_dict(),
            "segments": list(self.segments),
            "score": round(self.score, 6),
            "spans": [list(s) for s in self.marked],
        }


@dataclass(frozen=True)
class Results:
    hits: tuple[Hit, ...]  # the best `limit` of them
    total: int  # how many rows matched in all


class _Row(NamedTuple):
    sentence: str
    title: str
    outlet: str
    day: int | None  # date ordinal, None when undated
    language: str  # the article's language code, UNKNOWN_LANGUAGE when not detected
    segments: tuple[str, ...]
    source: Link | ExcerptView  # what the hit's view is made of, built only when shown


class SearchIndex:
    """The excerpts of a catalog in SQLite FTS5 tables, in memory; built once, then read-only."""

    def __init__(self, rows: Sequence[_Row]) -> None:
        """Rows in linking-rank order (best first): the position breaks ties between equal scores."""
        self._rows = rows
        self._lock = threading.Lock()  # one connection shared by the app's sessions (threads)
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE words USING fts5(sentence, title, outlet, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        self._db.execute(
            "CREATE VIRTUAL TABLE grams USING fts5(sentence, title, outlet, folded UNINDEXED, "
            "tokenize='trigram')"
        )
        # Date and language live beside the text, read only when a filter narrows the search: an
        # extra column in the FTS tables would slow every bm25 query by a quarter.
        self._db.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, day INTEGER, language TEXT)")
        self._db.executemany(
            "INSERT INTO meta VALUES (?, ?, ?)", ((i, r.day, r.language) for i, r in enumerate(rows))
        )
        dated = [r.day for r in rows if r.day is not None]
        self._span = (min(dated), max(dated)) if dated else None
        self._languages = frozenset(r.language for r in rows)
        folded = [(i, fold(r.sentence), fold(r.title), fold(r.outlet)) for i, r in enumerate(rows)]
        unspaced = [f for f in folded if _UNSPACED.search("".join(f[1:]))]
        self._db.executemany(
            "INSERT INTO grams(rowid, sentence, title, outlet, folded) VALUES (?, ?, ?, ?, ?)",
            ((*f, "\n".join(f[1:]).lower()) for f in unspaced),
        )
        # In the words table those rows keep only their spaced words: each unspaced character
        # becomes a space (same offsets), so "TITR运输" still has the word TITR. Their own words are
        # the trigram table's job.
        blanked = {f[0]: (f[0], *(_UNSPACED.sub(" ", text) for text in f[1:])) for f in unspaced}
        self._db.executemany(
            "INSERT INTO words(rowid, sentence, title, outlet) VALUES (?, ?, ?, ?)",
            (blanked.get(f[0], f) for f in folded),
        )
        for table in ("words", "grams"):  # one b-tree per table: faster queries
            self._db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    def __len__(self) -> int:
        return len(self._rows)

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> SearchIndex:
        lists = list(catalog.excerpts.values())
        # Building frees nothing: the cyclic GC would only rescan the catalog's live links.
        with gc_paused():
            if all(isinstance(x, ExcerptList) for x in lists):
                return cls.from_links(link for x in lists for link in x.links)
            return cls.from_excerpts(e for x in lists for e in x)

    @classmethod
    def from_links(cls, links: Iterable[Link]) -> SearchIndex:
        """Each sentence of each article once, under all the segments it is linked to."""
        # A corpus has ~7 links per linked sentence: group on cheap integers first, then read each
        # sentence's text once (the same sentence twice in an article is one row too).
        at: dict[tuple[int, int, int], list[Link]] = {}
        for link in links:
            at.setdefault((id(link.article), link.paragraph_index, link.sentence_start), []).append(link)
        groups: dict[tuple[int, str], list[Link]] = {}
        for group in at.values():
            groups.setdefault((id(group[0].article), group[0].sentence), []).extend(group)
        ranked = []
        for group in groups.values():
            # Within one article the linking rank is specificity, then place, then segment id.
            group.sort(key=lambda x: (-x.specificity, x.paragraph_index, x.sentence_start, x.segment_id))
            ranked.append((rank_key(group[0]), group))
        ranked.sort(key=lambda item: item[0])
        rows = []
        for _, group in ranked:
            best, art = group[0], group[0].article
            segments = tuple(dict.fromkeys(link.segment_id for link in group))
            day = art.date.toordinal() if art.date else None
            language = art.language or UNKNOWN_LANGUAGE
            rows.append(_Row(best.sentence, art.title or "", art.outlet or "", day, language, segments, best))
        return cls(rows)

    @classmethod
    def from_excerpts(cls, excerpts: Iterable[ExcerptView]) -> SearchIndex:
        """The same from excerpt views (ranked as the linker ranks: specificity, newest, file)."""
        groups: dict[tuple[str, str], list[tuple[tuple, ExcerptView]]] = {}
        for i, e in enumerate(excerpts):
            date_key = (0, -e.date.toordinal()) if e.date else (1, 0)
            key = (-e.specificity, *date_key, e.article, i)
            groups.setdefault((e.article, e.sentence), []).append((key, e))
        rows = []
        for group in sorted(groups.values(), key=min):
            group.sort()
            best = group[0][1]
            segments = tuple(dict.fromkeys(e.segment_id for _, e in group))
            day = best.date.toordinal() if best.date else None
            language = best.language or UNKNOWN_LANGUAGE
            rows.append(
                _Row(best.sentence, best.title or "", best.outlet or "", day, language, segments, best)
            )
        return cls(rows)

    # --- querying --------------------------------------------------------------------------------

    def search(
        self, query: str, *, start: dt.date | None = None, end: dt.date | None = None,
        limit: int | None = DEFAULT_LIMIT, languages: Collection[str] | None = None,
    ) -> Results:  # fmt: skip
        """Rows matching the query, best first (bm25, then linking rank); undated rows always kept.

        languages: the article languages kept (codes, "und" for undetected); None keeps every one.
        """
        groups = parse_query(query)
        narrow = self._narrowing(start, end, languages)
        if all(t.kind == "words" for g in groups for t in g):  # one MATCH, the common case
            selects = [_words_only_sql(groups, narrow)]
        else:
            selects = [_group_sql(group, narrow) for group in groups]
        # SQLite sorts and counts; only the best `limit` rows come back to Python.
        if len(selects) == 1:
            sql, params = selects[0].scored()
            sql += " ORDER BY score, rowid LIMIT ?"
            count_sql, count_params = selects[0].rowids()
        else:  # OR: a row matching several groups keeps its best score
            scored = [x.scored() for x in selects]
            # MATERIALIZED keeps each bm25() inside its own SELECT: flattened into the grouping,
            # SQLite refuses it ("unable to use function bm25 in the requested context").
            sql = (f"WITH found AS MATERIALIZED ({' UNION ALL '.join(q for q, _ in scored)}) "
                   "SELECT rowid, min(score) AS best FROM found GROUP BY rowid "
                   "ORDER BY best, rowid LIMIT ?")  # fmt: skip
            params = [p for _, ps in scored for p in ps]
            counted = [x.rowids() for x in selects]
            count_sql = " UNION ".join(q for q, _ in counted)
            count_params = [p for _, ps in counted for p in ps]
        with self._lock:
            shown = self._db.execute(sql, (*params, -1 if limit is None else limit)).fetchall()
            (total,) = self._db.execute(f"SELECT count(*) FROM ({count_sql})", count_params).fetchone()
            wanted = [t for g in groups for t in g if not t.exclude]
            spans = self._spans([rowid for rowid, _ in shown], wanted)
        hits = tuple(self._hit(rowid, score, spans.get(rowid)) for rowid, score in shown)
        return Results(hits, total)

    def _narrowing(
        self, start: dt.date | None, end: dt.date | None, languages: Collection[str] | None
    ) -> _Narrow:
        """The filters that leave something out (None for one that would keep every row)."""
        first = last = None
        if self._span is not None:
            first = start.toordinal() if start and start.toordinal() > self._span[0] else None
            last = end.toordinal() if end and end.toordinal() < self._span[1] else None
        kept = None if languages is None or self._languages <= set(languages) else tuple(sorted(languages))
        return _Narrow(first, last, kept)

    def _hit(self, rowid: int, score: float, spans: list[tuple[int, int]] | None) -> Hit:
        row = self._rows[rowid]
        view = ExcerptView.from_link(row.source) if isinstance(row.source, Link) else row.source
        marked = tuple(sorted(set(spans or ())))
        if marked:
            view = dataclasses.replace(view, spans=marked)
        return Hit(view, row.segments, score, marked)

    def _spans(self, rowids: list[int], terms: list[Term]) -> dict[int, list[tuple[int, int]]]:
        """Where the searched terms are in each shown sentence, from FTS5's own highlight()."""
        found: dict[int, list[tuple[int, int]]] = {}
        if not rowids:
            return found
        marks = (_MARK_OPEN, _MARK_CLOSE)
        for table in ("words", "grams"):
            match = " OR ".join(t.fts() for t in terms if t.kind == table)
            if not match:
                continue
            for chunk in range(0, len(rowids), 500):
                ids = rowids[chunk : chunk + 500]
                sql = (f"SELECT rowid, highlight({table}, 0, ?, ?) FROM {table} WHERE {table} MATCH ? "
                       f"AND rowid IN ({','.join('?' * len(ids))})")  # fmt: skip
                for rowid, marked in self._db.execute(sql, (*marks, match, *ids)):
                    found.setdefault(rowid, []).extend(_marked_spans(marked))
        scans = [t.text.lower() for t in terms if t.kind == "scan"]
        for rowid in rowids if scans else ():
            text = fold(self._rows[rowid].sentence).lower()
            for needle in scans:
                found.setdefault(rowid, []).extend(
                    (m.start(), m.end()) for m in re.finditer(re.escape(needle), text)
                )
        return found


class _Select(NamedTuple):
    """One group of terms as SQL: rows with every positive term and none of the excluded."""

    table: str
    score: str  # an SQL expression, lower is better
    score_params: list[object]
    where: str
    where_params: list[object]

    def scored(self) -> tuple[str, list[object]]:
        sql = f"SELECT rowid, {self.score} AS score FROM {self.table} WHERE {self.where}"
        return sql, [*self.score_params, *self.where_params]

    def rowids(self) -> tuple[str, list[object]]:
        return f"SELECT rowid FROM {self.table} WHERE {self.where}", self.where_params


class _Narrow(NamedTuple):
    """Date and language filters: day ordinals (None: open) and language codes (None: all)."""

    first: int | None
    last: int | None
    languages: tuple[str, ...] | None


def _group_sql(group: Group, narrow: _Narrow) -> _Select:
    """The group's SELECT, narrowed by date (undated rows pass) and language."""
    wanted = [t for t in group if not t.exclude]
    words = [t for t in wanted if t.kind == "words"]
    grams = [t for t in wanted if t.kind == "grams"]
    scans = [t for t in wanted if t.kind == "scan"]
    score_params: list[object] = []
    params: list[object] = []
    where: list[str] = []
    excluded = [t for t in group if t.exclude]
    if words:
        table, score = "words", f"bm25(words, {', '.join(map(str, WEIGHTS))})"
        where.append("words MATCH ?")
        params.append(_match(words, [t for t in excluded if t.kind == "words"]))
        excluded = [t for t in excluded if t.kind != "words"]
    elif grams:
        table, score = "grams", f"bm25(grams, {', '.join(map(str, WEIGHTS))})"
    else:
        # Only short unspaced terms: no bm25 here, so more occurrences rank first.
        table, score = "grams", "-(length(folded) - length(replace(folded, ?, ''))) / length(?)"
        score_params = [scans[0].text.lower()] * 2
    # "+rowid": a filter on the rows the MATCH finds. A bare rowid IN (...) would make FTS5 look
    # up every listed row one by one instead (seconds, not milliseconds, on a big corpus).
    if grams:
        where.append("+rowid IN (SELECT rowid FROM grams WHERE grams MATCH ?)" if table != "grams"
                     else "grams MATCH ?")  # fmt: skip
        params.append(" ".join(t.fts() for t in grams))
    for term in scans:
        where.append("+rowid IN (SELECT rowid FROM grams WHERE instr(folded, ?) > 0)" if table != "grams"
                     else "instr(folded, ?) > 0")  # fmt: skip
        params.append(term.text.lower())
    for term in excluded:
        if term.kind == "scan":
            where.append("+rowid NOT IN (SELECT rowid FROM grams WHERE instr(folded, ?) > 0)")
            params.append(term.text.lower())
        else:
            where.append(f"+rowid NOT IN (SELECT rowid FROM {term.kind} WHERE {term.kind} MATCH ?)")
            params.append(term.fts())
    return _Select(table, score, score_params, *_narrowed(table, where, params, narrow))


def _words_only_sql(groups: tuple[Group, ...], narrow: _Narrow) -> _Select:
    """Groups of words only as one FTS5 expression: (a b) OR (c NOT d), scored by one bm25."""
    expr = " OR ".join(_match([t for t in g if not t.exclude], [t for t in g if t.exclude]) for g in groups)
    score = f"bm25(words, {', '.join(map(str, WEIGHTS))})"
    return _Select("words", score, [], *_narrowed("words", ["words MATCH ?"], [expr], narrow))


def _match(wanted: list[Term], excluded: list[Term]) -> str:
    """Every wanted term (implicit AND), none of the excluded, each quoted."""
    expr = "(" + " ".join(t.fts() for t in wanted) + ")"
    return expr + (" NOT (" + " OR ".join(t.fts() for t in excluded) + ")" if excluded else "")


def _narrowed(
    table: str, where: list[str], params: list[object], narrow: _Narrow
) -> tuple[str, list[object]]:
    """The conditions with the filters added: each row found looks up its day and language."""
    first, last, languages = narrow
    if first is not None or last is not None:  # undated rows pass
        where = [*where, f"coalesce((SELECT day FROM meta WHERE id = {table}.rowid) BETWEEN ? AND ?, 1)"]
        params = [*params, -math.inf if first is None else first, math.inf if last is None else last]
    if languages is not None:
        marks = ", ".join("?" * len(languages))
        where = [*where, f"(SELECT language FROM meta WHERE id = {table}.rowid) IN ({marks})"]
        params = [*params, *languages]
    return " AND ".join(where), params


def _marked_spans(marked: str) -> list[tuple[int, int]]:
    """(start, end) of each highlighted stretch, as offsets in the text without the markers."""
    spans, pos, start = [], 0, 0
    for ch in marked:
        if ch == _MARK_OPEN:
            start = pos
        elif ch == _MARK_CLOSE:
            spans.append((start, pos))
        else:
            pos += 1
    return spans


def segments_label(segments: Sequence[str], names: Mapping[str, str], most: int = 3) -> str:
    """The segments a hit speaks of by name, best first: "A; also B, C and 2 more"."""
    named = [names.get(s, s) for s in segments]
    if len(named) == 1:
        return named[0]
    others = named[1 : 1 + most]
    more = len(named) - 1 - len(others)
    tail = f" and {more} more" if more else ""
    return f"{named[0]}; also {', '.join(others)}{tail}"
