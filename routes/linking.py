"""Link article sentences to map segments by the names they use, in one pass per article."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import compress, count, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs
from shapely.geometry import LineString, MultiLineString, Point

from routes.aliases import Language, is_cjk, load_languages
from routes.articles import Article
from routes.errors import DataError, Problem
from routes.model import Network
from routes.near import NEAR_KM, NearIndex, distance_km
from routes.normalise import IDENTITY, alias_keys, normalise, normalise_alias, normalise_paragraphs
from routes.sentences import sentence_at
from routes.vocabulary import Vocabulary, load_vocabulary

# What a name says about where it points; a link's specificity is the best of its matches.
# SEGMENT: the segment's own name, or both its ends. SHARED: a name several segments use, such as
# "Caspian Sea" for the three ferries or "BTK railway" for both BTK parts: it names each of them
# less than its own name does.
SEGMENT, SHARED, NODE, CORRIDOR, COUNTRY = 5, 4, 3, 2, 1
KIND_NAMES = {SEGMENT: "segment", SHARED: "shared name", NODE: "node", CORRIDOR: "corridor",
              COUNTRY: "country"}  # fmt: skip

# Place names (cities, countries) are also where meetings are held and who signs treaties, so a
# node or country name alone links only when the sentence is about transport: it names a corridor
# or segment, or uses one of these words (English; other languages' words are in geodata/aliases).
# They are looked for only in the sentences that need them, with an automaton of their own.
TRANSPORT_WORDS: tuple[str, ...] = (
    "rail", "rails", "railway", "railways", "railroad", "railroads", "train", "trains", "port",
    "ports", "seaport", "seaports", "harbour", "harbours", "harbor", "harbors", "ferry", "ferries",
    "ship", "ships", "shipping", "vessel", "vessels", "tanker", "tankers", "cargo", "cargoes",
    "freight", "container", "containers", "transit", "transport", "transportation", "transported",
    "transporting", "logistic", "logistics", "pipeline", "pipelines", "oil", "crude", "gas",
    "terminal", "terminals", "route", "routes", "corridor", "corridors", "wagon", "wagons", "TEU",
    "tonnes", "tons", "station", "stations", "border crossing", "border crossings", "checkpoint",
    "checkpoints", "shipment", "shipments",
)  # fmt: skip


class Match(NamedTuple):
    """One name found in a text: offsets into that text and the words verbatim."""

    start: int
    end: int
    text: str
    specificity: int

    @property
    def kind(self) -> str:
        return KIND_NAMES[self.specificity]


class Link(NamedTuple):
    """A sentence of an article that speaks of a segment, with the words that said so."""

    segment_id: str
    article: Article
    paragraph_index: int
    sentence_start: int
    sentence_end: int
    matches: tuple[Match, ...]  # offsets relative to the sentence
    specificity: int

    @property
    def paragraph(self) -> str:
        return self.article.paragraphs[self.paragraph_index]

    @property
    def sentence(self) -> str:
        return self.paragraph[self.sentence_start : self.sentence_end]

    @property
    def matched(self) -> tuple[str, ...]:
        """The matched words verbatim, each once, in reading order."""
        return tuple(dict.fromkeys(m.text for m in self.matches))

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each match in the sentence, for highlighting."""
        return tuple((m.start, m.end) for m in self.matches)


# --- the linker ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    specificity: int
    segments: tuple[str, ...]
    is_place: bool  # node or country: needs transport context, follows the named corridor
    ends: tuple[tuple[str, int], ...] = ()  # (segment id, 0 or 1): the segment ends a node is at


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, cheap as a key
class _Meaning:
    """What a name points at. Names that point at the same things share one (Aktau, Актау,
    Aqtau, 阿克套 …): sentences are linked once per sequence of meanings, not of spellings."""

    targets: tuple[_Target, ...]  # () for a name that only hides the names inside it
    is_anchor: bool  # names a segment or corridor, not only a place
    corridors: frozenset[str]  # corridors of the segments it names as an anchor
    starts: frozenset[str] = frozenset()  # the segments whose first end its nodes are at
    finishes: frozenset[str] = frozenset()  # the segments whose last end its nodes are at


@dataclass(frozen=True, slots=True)
class _Payload:
    """One normalised name in the automaton: how it must sit in a word, and what it means."""

    meaning: _Meaning
    left: bool = True  # a word boundary must precede it (not for Chinese, written without spaces)
    open_right: bool = False  # nor follow it (ends with a Chinese character)
    plain: bool = True  # a word boundary must follow it: no ending, not open, not a word prefix
    endings: frozenset[str] = frozenset()  # what may follow it in the same word ("Ақтау" + "ға")


_NONE: frozenset[str] = frozenset()
_SPECIFICITY = attrgetter("specificity")
_SPECIFICITY_FIRST = itemgetter(0)
_MEANING = itemgetter(2)
_CORRIDORS = attrgetter("corridors")
_TOP = attrgetter("top")
_IS_ANCHOR = attrgetter("is_anchor")
_STARTS = attrgetter("starts")
_FINISHES = attrgetter("finishes")


class _Key:
    """Everything registered under one normalised name, from every language, before freezing."""

    __slots__ = ("endings", "targets")

    def __init__(self) -> None:
        self.targets: list[_Target] = []
        self.endings: set[str] = set()


class _Word(NamedTuple):
    """A transport word as its automaton stores it."""

    left: bool  # a word boundary must precede it
    open_end: bool  # anything may follow it: a word prefix ("паром*") or Chinese


# From this many links a group, links are built by map() over zip() (C loops; zip reuses its
# tuple): slower to set up, faster per link than the plain loop.
_BUILT_IN_C_FROM = 12


class _Group(NamedTuple):
    """Links a sentence makes through one set of its names."""

    pick: tuple[int, ...] | None  # which matches (indexes into the sentence's), None for all
    pairs: tuple[tuple[str, int], ...]  # (segment id, specificity)
    sids: tuple[str, ...] | None  # the same apart, when the links are built in C (a fan-out)
    specs: tuple[int, ...] | None


class _Recipe(NamedTuple):
    """What linking a sentence takes, given the names it holds in reading order."""

    needs_context: bool  # only place names: links only if the sentence speaks of transport
    tops: tuple[int, ...]  # specificity of each match
    groups: tuple[_Group, ...]  # one per set of names


@dataclass(frozen=True, slots=True)
class _Allowed:
    """The segments one name links to in one sentence context, in the shapes the linker uses."""

    top: int  # the best specificity
    ids: frozenset[str]
    chunks: tuple[tuple[int, dict[str, int]], ...]  # (specificity, {segment id: it}), lowest first
    alone: tuple[_Group, ...]  # how a sentence naming only this name links


class Linker:
    """All aliases of a network in one Aho-Corasick automaton; links sentences to segments."""

    def __init__(
        self,
        network: Network,
        corridors: Mapping[str, Vocabulary],
        countries: Mapping[str, Vocabulary],
        node_radius_km: float = NEAR_KM,
        *,
        languages: Sequence[Language] = (),
    ) -> None:
        self.network = network
        self.countries = dict(countries)
        self.corridors = dict(corridors)
        self.languages = tuple(languages)
        self._corridor_of = {seg.id: seg.corridor for seg in network.segments}
        keys: dict[str, _Key] = {}

        def add(alias: str, target: _Target, endings: frozenset[str] = _NONE) -> None:
            if not target.segments:
                return
            for key in alias_keys(alias):
                entry = keys.get(key) or keys.setdefault(key, _Key())
                if target not in entry.targets:
                    entry.targets.append(target)
                entry.endings |= endings

        lines = NearIndex([seg.geometry for seg in network.segments])
        near = {
            node.id: tuple(network.segments[i].id for i in lines.within(node.point, node_radius_km))
            for node in network.nodes
        }
        # The segment ends each node is at: a sentence naming both ends of a segment names it.
        ends = {
            node.id: tuple(
                (sid, end)
                for sid in near[node.id]
                for end, tip in enumerate(_tips(network.segment(sid).geometry))
                if distance_km(node.point, tip) <= node_radius_km
            )
            for node in network.nodes
        }
        by_kind: dict[str, dict[str, _Target]] = {
            "segments": {seg.id: _Target(SEGMENT, (seg.id,), False) for seg in network.segments},
            "nodes": {node.id: _Target(NODE, near[node.id], True, ends[node.id]) for node in network.nodes},
            "corridors": {
                key: _Target(CORRIDOR, tuple(s.id for s in network.segments if s.corridor == key), False)
                for key in corridors
            },
            "countries": {
                iso3: _Target(COUNTRY, tuple(s.id for s in network.segments if iso3 in s.countries), True)
                for iso3 in countries
            },
        }
        for seg in network.segments:
            for alias in (seg.name, *seg.aliases):
                add(alias, by_kind["segments"][seg.id])
        for node in network.nodes:
            for alias in (node.name, *node.aliases):
                add(alias, by_kind["nodes"][node.id])
        for key, vocab in corridors.items():
            for alias in (vocab.name, *vocab.aliases):
                add(alias, by_kind["corridors"][key])
        for iso3, vocab in countries.items():
            for alias in (vocab.name, *vocab.aliases):
                add(alias, by_kind["countries"][iso3])
        for lang in self.languages:
            self._add_language(lang, by_kind, add)

        names: list[str] = []
        payloads: list[_Payload] = []
        meanings: dict[tuple, _Meaning] = {}
        for key, entry in keys.items():
            open_right = is_cjk(key[-1])
            found = tuple(_shared_names_demoted(entry.targets))
            # A shared name ("Caspian Sea") is, like a place, no sign that the sentence is about
            # transport: "the Caspian Sea is the largest lake" links nothing.
            fields = (
                found,
                any(not t.is_place and t.specificity != SHARED for t in found),
                frozenset(self._corridor_of[sid] for t in found if not t.is_place for sid in t.segments),
                frozenset(sid for t in found for sid, end in t.ends if end == 0),
                frozenset(sid for t in found for sid, end in t.ends if end == 1),
            )
            meaning = meanings.get(fields) or meanings.setdefault(fields, _Meaning(*fields))
            # Chinese is written without spaces: a name that starts (ends) with a Chinese
            # character needs no word boundary before (after) it.
            endings = frozenset(entry.endings)
            names.append(key)
            payloads.append(_Payload(
                meaning, left=not is_cjk(key[0]), open_right=open_right,
                plain=not endings and not open_right, endings=endings,
            ))  # fmt: skip
        # Names that contain a known name but mean something else hide it (卡尔斯鲁厄, Karlsruhe,
        # holds 卡尔斯, Kars); a name of the map never hides itself.
        blockers = {
            key
            for lang in self.languages
            for name in lang.not_names
            for key in alias_keys(name)
            if key not in keys
        }
        hidden = _Meaning((), False, frozenset())
        for key in sorted(blockers):
            open_right = is_cjk(key[-1])
            names.append(key)
            payloads.append(_Payload(hidden, left=not is_cjk(key[0]), open_right=open_right,
                                     plain=not open_right))  # fmt: skip
        self._hidden = hidden  # what a blocker means: nothing
        # ahocorasick-rs (Rust) finds every match of every name, overlapping ones too, in one call
        # that returns them all by end: 3x faster than pyahocorasick's iterator on the benchmark.
        # Its DFA takes 0.4x the instructions of the default NFA per byte searched (7 % of ingest
        # + link), for 0.06 s more to build and ~40 MB more memory.
        self._payloads = payloads
        # The order of meanings as the automaton first holds them: a sentence's links follow it.
        self._rank = {m: i for i, m in enumerate(dict.fromkeys(p.meaning for p in payloads))}
        dfa = ahocorasick_rs.Implementation.DFA
        self._matcher = ahocorasick_rs.AhoCorasick(names, implementation=dfa) if names else None
        words: dict[str, _Word] = {}
        for word, prefix in _context_words(self.languages):
            for key in alias_keys(word):
                old = words.get(key)
                open_end = prefix or is_cjk(key[-1]) or bool(old and old.open_end)
                words[key] = _Word(not is_cjk(key[0]), open_end)
        self._words = ahocorasick_rs.AhoCorasick(list(words))
        self._word_kinds = list(words.values())
        self._allowed: dict[tuple[_Meaning, frozenset[str]], _Allowed] = {}
        self._recipes: dict[tuple[_Meaning, ...], _Recipe] = {}

    @property
    def name_count(self) -> int:
        """How many normalised names (every form, with and without accents) the automaton holds."""
        return len(self._payloads)

    @staticmethod
    def _add_language(lang: Language, by_kind: Mapping[str, Mapping[str, _Target]], add) -> None:
        """Register one language's names: each case form, or the stem and the endings it takes.

        Ids the network does not have are skipped here (validate reports them).
        """
        for kind, table in lang.names.items():
            targets = by_kind[kind]
            for key, names in table.items():
                target = targets.get(key)
                if target is None:
                    continue
                for name in names:
                    for form in lang.forms(name):
                        rule = lang.ending_rule(form)
                        if rule is None:
                            add(form, target)
                            continue
                        stem, endings = rule
                        add(stem, target, _ending_keys(endings))

    @classmethod
    def from_geodata(cls, network: Network, folder: Path) -> Linker:
        """Build from a network and the folder holding corridors.json, countries.json and the
        language files (aliases/*.json)."""
        problems: list[Problem] = []
        vocab: list[dict[str, Vocabulary]] = []
        for name in ("corridors.json", "countries.json"):
            try:
                vocab.append(load_vocabulary(folder / name))
            except DataError as exc:
                problems.extend(exc.problems)
        languages: tuple[Language, ...] = ()
        try:
            languages = load_languages(folder)
        except DataError as exc:
            problems.extend(exc.problems)
        if problems:
            raise DataError(problems)
        return cls(network, vocab[0], vocab[1], languages=languages)

    def _scan(self, norm: str) -> list[tuple[int, int, _Meaning]]:
        """Whole-word matches in normalised text, by start, dropping names inside a longer name."""
        if self._matcher is None:
            return []
        n = len(norm)
        payloads = self._payloads
        found: list[tuple[int, int, _Meaning]] = []
        for index, start, end in self._matcher.find_matches_as_indexes(norm, overlapping=True):
            payload = payloads[index]
            if start > 0 and norm[start - 1].isalnum() and payload.left:
                continue
            if end < n and norm[end].isalnum():
                if payload.plain:  # most names: a word must end where they end
                    continue
                if payload.endings:  # is the rest of the word one of the name's endings?
                    rest = _WORD_REST.match(norm, end).end()  # type: ignore[union-attr]
                    if norm[end:rest] in payload.endings:
                        end = rest
                    elif not payload.open_right:
                        continue
                elif not payload.open_right:
                    continue
            # "Baku-Tbilisi-Ceyhan" speaks of the pipeline, not of the city of Baku in it. Matches
            # arrive by end, so `found` holds the names not inside another seen so far, by start
            # (and end): only the last can hold this one, and those that start after it are in it.
            if found and found[-1][1] == end and found[-1][0] <= start:
                continue
            while found and found[-1][0] >= start:
                found.pop()
            found.append((start, end, payload.meaning))
        if self._hidden in map(_MEANING, found):  # (a C loop; most texts hold no blocker)
            return [f for f in found if f[2] is not self._hidden]
        return found

    def speaks_of_transport(self, text: str) -> bool:
        """Whether a sentence uses a transport word of any language (rail, паром, liman, 铁路)."""
        return self._has_transport_word(normalise(text)[0])

    def _has_transport_word(self, norm: str) -> bool:
        """speaks_of_transport, given the sentence normalised."""
        n = len(norm)
        kinds = self._word_kinds
        for index, start, end in self._words.find_matches_as_indexes(norm, overlapping=True):
            word = kinds[index]
            if start > 0 and word.left and norm[start - 1].isalnum():
                continue
            if end < n and not word.open_end and norm[end].isalnum():
                continue
            return True
        return False

    def find_matches(self, text: str) -> list[Match]:
        """Every name found in a text (offsets into `text`), best specificity of each name."""
        norm, to_orig = normalise(text)
        out = []
        for s, e, meaning in self._scan(norm):
            a, b = to_orig(s), to_orig(e - 1) + 1
            out.append(Match(a, b, text[a:b], max(t.specificity for t in meaning.targets)))
        return out

    def link_article(self, article: Article) -> list[Link]:
        """Links of one article: one per (sentence, segment) it speaks of."""
        paragraphs = article.paragraphs
        # Paragraphs joined by a NUL, which never occurs in a loaded article, so no name can
        # match across two paragraphs.
        norm, to_orig = normalise_paragraphs(paragraphs)
        found = self._scan(norm)
        if not found:
            return []
        shifted = to_orig is not IDENTITY  # most texts have no space runs: offsets are as found
        # Unshifted, a sentence's normalised text is a slice of the article's: lowering and the
        # folds go character by character (a capital sigma's context ends at the space or full
        # stop around a sentence), so it need not be normalised again to look for transport words.
        same_offsets = None if shifted else norm
        links: list[Link] = []
        # Matches come sorted by start, so paragraphs and sentences are walked forward, and the
        # matches of one sentence are consecutive. A sentence is found around its first match
        # rather than by splitting the paragraph: most paragraphs name nothing.
        pi, base = 0, 0
        paragraph = paragraphs[0]
        s0 = s1 = -1
        spans: list[tuple[int, int]] = []
        names: list[_Meaning] = []
        for s, e, meaning in found:
            if shifted:
                a, b = to_orig(s) - base, to_orig(e - 1) + 1 - base
            else:
                a, b = s - base, e - base
            if not s0 <= a < s1:  # a new sentence, perhaps in a later paragraph
                if spans:
                    self._link_sentence(
                        links, article, pi, paragraph, s0, s1, spans, names, same_offsets, base
                    )
                    spans, names = [], []
                after = s1  # a sentence of this paragraph ends there (-1: none yet)
                while a > len(paragraph):  # past this paragraph and the NUL after it
                    step = len(paragraph) + 1
                    base, a, b = base + step, a - step, b - step
                    pi += 1
                    paragraph = paragraphs[pi]
                    after = -1
                s0, s1 = sentence_at(paragraph, a, b, after)
            spans.append((a, b))
            names.append(meaning)
        self._link_sentence(links, article, pi, paragraph, s0, s1, spans, names, same_offsets, base)
        return links

    def _allowed_for(self, meaning: _Meaning, corridors: frozenset[str]) -> _Allowed:
        """The segments a name links to, given the corridors its sentence names; cached."""
        key = (meaning, corridors)
        allowed = self._allowed.get(key)
        if allowed is not None:
            return allowed
        best: dict[str, int] = {}
        for t in sorted(meaning.targets, key=_SPECIFICITY):
            # A junction on none of the named corridors' lines is a second subject ("… the
            # BTC, while wagons change gauge at Akhalkalaki"): it keeps the lines meeting there.
            junction = t.specificity == NODE and len(t.segments) > 1 and corridors.isdisjoint(
                self._corridor_of[sid] for sid in t.segments
            )
            for sid in t.segments:
                # "Kazakhstan … Baku-Tbilisi-Ceyhan": the BTC, not Kazakh rail
                if junction or not (t.is_place and corridors and self._corridor_of[sid] not in corridors):
                    best[sid] = t.specificity
        by_spec: dict[int, dict[str, int]] = {}
        for sid, spec in best.items():
            by_spec.setdefault(spec, {})[sid] = spec
        chunks = tuple(sorted(by_spec.items()))
        alone = _best_of(chunks, meaning.starts & meaning.finishes)  # a sentence naming it alone
        groups = (_group(None, tuple(alone), alone),) if alone else ()
        allowed = self._allowed[key] = _Allowed(
            top=max(best.values(), default=0), ids=frozenset(best), chunks=chunks, alone=groups
        )
        return allowed

    def _link_sentence(
        self,
        links: list[Link],
        article: Article,
        pi: int,
        paragraph: str,
        s0: int,
        s1: int,
        spans: list[tuple[int, int]],
        names: list[_Meaning],
        norm: str | None,
        base: int,
    ) -> None:
        """Append the links of one sentence, given its matches (offsets in paragraph `pi`, which
        starts at `base` in the article's normalised text `norm`; None when offsets moved)."""
        # Sentences repeat the same few names in the same order: everything that depends only
        # on what the names mean, in which order, is worked out once per such sequence.
        key = tuple(names)
        recipe = self._recipes.get(key)
        if recipe is None:
            recipe = self._recipes[key] = self._recipe_for(key)
        needs_context, tops, groups = recipe
        if needs_context:
            sentence = normalise(paragraph[s0:s1])[0] if norm is None else norm[base + s0 : base + s1]
            if not self._has_transport_word(sentence):
                return
        # Plain loops and tuple.__new__ (Match(...) and Link(...) go through a Python-level
        # __new__): the ~50 links per article are the bulk of what linking builds.
        new = tuple.__new__
        append = links.append
        matches = []
        for (a, b), top in zip(spans, tops, strict=True):
            if b > s1:  # a name running past the sentence's end is cut there
                b = s1
            matches.append(new(Match, (a - s0, b - s0, paragraph[a:b], top)))
        for pick, pairs, sids, specs in groups:
            shared = tuple(matches) if pick is None else tuple([matches[i] for i in pick])
            if sids is None:
                for sid, spec in pairs:
                    append(new(Link, (sid, article, pi, s0, s1, shared, spec)))
            else:  # a corridor's name fans out to each of its segments: the links built in C
                links.extend(map(new, repeat(Link), zip(
                    sids, repeat(article), repeat(pi), repeat(s0), repeat(s1), repeat(shared), specs
                )))  # fmt: skip

    def _recipe_for(self, meanings: tuple[_Meaning, ...]) -> _Recipe:
        """How a sentence whose names mean `meanings` (in reading order) turns into links.

        Runs once per sequence of meanings (1,600 times for the benchmark's 20,000 linked
        sentences); a name alone, and two names that share no segment, take a shorter way.
        """
        distinct = set(meanings)  # meanings hash by identity
        if len(distinct) == 1:
            first = meanings[0]
            allowed = self._allowed_for(first, first.corridors)
            return _Recipe(not first.is_anchor, (allowed.top,) * len(meanings), allowed.alone)
        if len(distinct) == 2:
            recipe = self._recipe_apart(meanings, *distinct)
            if recipe is not None:
                return recipe
        return self._recipe_general(meanings, distinct)

    def _recipe_general(self, meanings: tuple[_Meaning, ...], distinct: set[_Meaning]) -> _Recipe:
        """_recipe_for any sentence."""
        corridors = frozenset().union(*map(_CORRIDORS, distinct))
        # Which segments link does not depend on the names' order or repeats. The links of a
        # sentence come in the automaton's order of meanings (ordered by id, they followed memory
        # addresses and changed with unrelated code).
        unique = sorted(distinct, key=self._rank.__getitem__)
        cached = self._allowed.get
        allowed_each = [cached((p, corridors)) or self._allowed_for(p, corridors) for p in unique]
        # The names' chunks by specificity; a stable sort keeps the names' order within a level.
        chunks = [chunk for allowed in allowed_each for chunk in allowed.chunks]
        chunks.sort(key=_SPECIFICITY_FIRST)
        both = frozenset().union(*map(_STARTS, unique)) & frozenset().union(*map(_FINISHES, unique))
        best = _best_of(chunks, both)
        # Which names name each segment: refine blocks of segments name by name, with a bit per
        # name (the first name the highest), so the blocks come out sets of earlier names first.
        bit = 1 << len(unique)
        blocks: list[tuple[int, frozenset[str]]] = [(0, frozenset(best))]
        bit_of = {}
        for meaning, allowed in zip(unique, allowed_each, strict=True):
            bit >>= 1
            bit_of[meaning] = bit
            refined = []
            for mask, block in blocks:
                inside = block & allowed.ids
                if inside:
                    refined.append((mask | bit, inside))
                    if len(inside) < len(block):
                        refined.append((mask, block - inside))
                else:
                    refined.append((mask, block))
            blocks = refined
        every = (1 << len(unique)) - 1
        item_bits = list(map(bit_of.__getitem__, meanings))
        positions = range(len(meanings))
        order = dict(zip(best, count())).__getitem__ if len(blocks) > 1 else None
        groups = []
        for mask, block in blocks:
            if block:
                # (compress and map: no list comprehension, which is a call of its own)
                pick = None if mask == every else tuple(compress(positions, map(mask.__and__, item_bits)))
                ids = tuple(best) if order is None else tuple(sorted(block, key=order))
                groups.append(_group(pick, ids, best))
        tops = dict(zip(unique, map(_TOP, allowed_each), strict=True))
        return _Recipe(
            not any(map(_IS_ANCHOR, unique)), tuple(map(tops.__getitem__, meanings)), tuple(groups)
        )

    def _recipe_apart(self, meanings: tuple[_Meaning, ...], one: _Meaning, other: _Meaning) -> _Recipe | None:
        """_recipe_for a sentence with two names that share no segment, None if they do.

        Half the sequences in the benchmark (a place and a line, two lines): each name links as
        it would alone, its links after those of the name the automaton holds first.
        """
        corridors = one.corridors | other.corridors
        cached = self._allowed.get
        first = cached((one, corridors)) or self._allowed_for(one, corridors)
        second = cached((other, corridors)) or self._allowed_for(other, corridors)
        if not first.ids.isdisjoint(second.ids):
            return None
        # A segment both of whose ends are named links as by its own name (see _recipe_general);
        # alone, each name upgrades only the segments it allows itself by its own two ends.
        both = (one.starts | other.starts) & (one.finishes | other.finishes)
        if both and not (
            both & first.ids <= one.starts & one.finishes
            and both & second.ids <= other.starts & other.finishes
        ):
            return None
        if self._rank[one] > self._rank[other]:
            one, other, first, second = other, one, second, first
        if len(meanings) == 2:
            picks = ((0,), (1,)) if meanings[0] is one else ((1,), (0,))
            tops = (first.top, second.top) if meanings[0] is one else (second.top, first.top)
        else:
            picks = (
                tuple([i for i, p in enumerate(meanings) if p is one]),
                tuple([i for i, p in enumerate(meanings) if p is other]),
            )
            tops = tuple([first.top if p is one else second.top for p in meanings])
        new = tuple.__new__
        groups = [
            new(_Group, (pick, *group[1:]))
            for pick, allowed in zip(picks, (first, second), strict=True)
            for group in allowed.alone
        ]
        return _Recipe(not (one.is_anchor or other.is_anchor), tops, tuple(groups))

    def link_corpus(self, articles: Iterable[Article]) -> list[Link]:
        links: list[Link] = []
        for article in articles:
            links.extend(self.link_article(article))
        return links


def _tips(line: LineString | MultiLineString) -> tuple[Point, Point]:
    """A segment's two ends: where its first part starts and its last part ends."""
    parts = line.geoms if isinstance(line, MultiLineString) else (line,)
    return Point(parts[0].coords[0]), Point(parts[-1].coords[-1])


def _best_of(chunks: Iterable[tuple[int, dict[str, int]]], both_ends: frozenset[str]) -> dict[str, int]:
    """Best specificity per segment, in the order of each segment's lowest: `chunks` come lowest
    level first, so higher ones overwrite them. A segment whose two ends are both named
    ("ferries between Kuryk and Alyat", `both_ends`) links as by its own name."""
    best: dict[str, int] = {}
    for _spec, chunk in chunks:
        best.update(chunk)
    if both_ends:
        for sid in both_ends & best.keys():
            best[sid] = SEGMENT
    return best


def _group(pick: tuple[int, ...] | None, ids: tuple[str, ...], best: dict[str, int]) -> _Group:
    """The links of some segments (in order), through the names `pick` (None: all)."""
    specs = tuple(map(best.__getitem__, ids))
    pairs = tuple(zip(ids, specs, strict=True))
    if len(pairs) >= _BUILT_IN_C_FROM:
        return _Group(pick, pairs, ids, specs)
    return _Group(pick, pairs, None, None)


def _shared_names_demoted(found: list[_Target]) -> list[_Target]:
    """The targets of one name, its SEGMENT targets merged into one SHARED target when the name
    is used by more than one segment (a sea, a line made of several segments)."""
    own = [t for t in found if t.specificity == SEGMENT]
    ids = tuple(dict.fromkeys(sid for t in own for sid in t.segments))
    if len(ids) < 2:
        return found
    return [*(t for t in found if t.specificity != SEGMENT), _Target(SHARED, ids, False)]


def _context_words(languages: Sequence[Language]) -> list[tuple[str, bool]]:
    """Every language's transport words as (word, whether any ending may follow): "паром*" is any
    word starting "паром", "boru hatt*" any ending of its last word. Russian words are declined
    like names."""
    out: list[tuple[str, bool]] = [(word, False) for word in TRANSPORT_WORDS]
    for lang in languages:
        for word in lang.context:
            if word.endswith("*"):
                out.append((word[:-1], True))
            else:
                out.extend((form, False) for form in lang.forms(word))
    return out


@cache  # one language's endings, asked for each of its names
def _ending_keys(endings: frozenset[str]) -> frozenset[str]:
    """Endings as the text holds them once normalised, with and without accents."""
    return frozenset(k for e in endings for k in alias_keys(e) | {normalise_alias(e)} if k)


_WORD_REST = re.compile(r"[^\W_]*")


# --- ranking ------------------------------------------------------------------------------------


def rank_key(link: Link) -> tuple[int, int, int, str, int, int, str]:
    """Specificity desc, then newest article first (undated last), then file name."""
    date = link.article.date
    return (
        -link.specificity,
        0 if date else 1,
        -date.toordinal() if date else 0,
        link.article.file_name,
        link.paragraph_index,
        link.sentence_start,
        link.segment_id,
    )


def rank_links(links: Iterable[Link]) -> list[Link]:
    return sorted(links, key=rank_key)


def group_by_segment(links: Iterable[Link]) -> dict[str, list[Link]]:
    """Links per segment id, each list ranked."""
    groups: dict[str, list[Link]] = {}
    for link in links:
        groups.setdefault(link.segment_id, []).append(link)
    return {sid: rank_links(group) for sid, group in groups.items()}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC around a batch of ingest + linking.

    The batch frees nothing, so collections would only rescan the growing list of live links
    (about 40% of the time on a large corpus). Process-wide, and restored even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
