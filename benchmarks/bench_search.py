"""Benchmark: build the search index of a linked corpus and time queries on it.

Run: .venv/bin/python benchmarks/bench_search.py [--articles 2000] [--repeat 25]
Prints a Markdown table for the README: index build time and the median latency of each query,
on the bundled articles and on a synthetic corpus (bench_linking's, plus a multilingual slice).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_linking import write_corpus

from routes.catalog import Catalog, build_catalog
from routes.geodata import load_network
from routes.paths import bundled_geodata, default_geodata
from routes.search import SearchIndex
from routes.vocabulary import load_vocabulary

# Sentences in the region's languages. Each carries a Latin-script name the English linker knows
# ({alias}), so it becomes an excerpt whatever aliases the other languages have.
MULTILINGUAL = [
    "Паром из Курыка в Алят ({alias}) перевёз {n} вагонов за месяц.",
    "В порту Курыке ({alias}) открыли новый контейнерный терминал на {n} тысяч TEU.",
    "Bakü-Tiflis-Kars demiryolu ({alias}) üzerinden {n} bin ton yük taşındı.",
    "Bakı limanından ({alias}) Gürcüstana {n} min ton yük daşınıb.",
    "Ақтау портынан ({alias}) {n} мың тонна жүк тасымалданды.",
    "ბაქო-თბილისი-ყარსის რკინიგზით ({alias}) {n} ათასი ტონა ტვირთი გადაიზიდა.",
    "中欧班列经里海 ({alias}) 运往阿塞拜疆巴库港，运量增长{n}%。",
    "跨里海国际运输路线 ({alias}) 今年集装箱运量达到{n}万标箱。",
]
QUERIES = [
    "Caspian",
    "cargo volumes",
    '"Middle Corridor"',
    "Kaz*",
    "Baku OR Tbilisi",
    "Caspian -trains",
    "Курык*",
    "Bakü",
    "里海",
    "跨里海",
]


def write_multilingual(folder: Path, count: int, aliases: list[str], seed: int = 11) -> int:
    """`count` short articles, each a few sentences in one of the region's languages."""
    rng = random.Random(seed)
    (folder / "multilingual").mkdir(exist_ok=True)
    total = 0
    for i in range(count):
        body = " ".join(
            rng.choice(MULTILINGUAL).format(alias=rng.choice(aliases), n=rng.randint(2, 99))
            for _ in range(rng.randint(4, 8))
        )
        head = f"title: Multilingual {i}\noutlet: Example Wire\ndate: 2024-0{i % 9 + 1}-15"
        text = f"---\n{head}\n---\n{body}\n"
        data = text.encode("utf-8")
        (folder / "multilingual" / f"m{i:05d}.md").write_bytes(data)
        total += len(data)
    return total


def _time_build(catalog: Catalog) -> tuple[float, float, SearchIndex]:
    """Wall and CPU seconds (CPU is what the machine's other work does not inflate)."""
    wall, cpu = time.perf_counter(), time.process_time()
    index = SearchIndex.from_catalog(catalog)
    return time.perf_counter() - wall, time.process_time() - cpu, index


def _median_ms(index: SearchIndex, query: str, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds of one query (best 50 returned, as in the app), and its hits."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        found = index.search(query)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, found.total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="synthetic corpus size (default 2000)")
    parser.add_argument("--repeat", type=int, default=25, help="runs of each query (default 25)")
    args = parser.parse_args(argv)

    geodata = default_geodata()
    rows: list[tuple[str, str]] = []
    bundled = build_catalog(geodata, bundled_geodata() / "articles")
    build_s, _, index = _time_build(bundled)
    medians = [_median_ms(index, q, args.repeat)[0] for q in QUERIES]
    rows += [
        (f"bundled corpus: {bundled.article_count} articles, {len(index)} excerpt sentences",
         f"index built in {build_s * 1000:.1f} ms; query median {statistics.median(medians):.2f} ms"),
    ]  # fmt: skip

    network = load_network(geodata)
    corridors = load_vocabulary(geodata / "corridors.json")
    seg = [a for s in network.segments for a in s.aliases]
    node = [a for n in network.nodes for a in n.aliases]
    corr = [a for v in corridors.values() for a in v.aliases]
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = Path(tmp)
        english = write_corpus(folder, args.articles, (seg, node, corr))
        slice_count = max(1, args.articles // 10)
        other = write_multilingual(folder, slice_count, seg)
        start = time.perf_counter()
        catalog = build_catalog(geodata, folder)
        link_s = time.perf_counter() - start
    build_s, build_cpu, index = _time_build(catalog)
    rows += [
        ("synthetic corpus",
         f"{catalog.article_count:,} articles ({args.articles:,} English, {slice_count:,} multilingual), "
         f"{(english + other) / 1e6:.1f} MB; read + linked in {link_s:.1f} s (not part of the index)"),
        ("excerpt sentences indexed", f"{len(index):,}"),
        ("index build (words + trigram tables)", f"**{build_s:.2f} s** ({build_cpu:.2f} s CPU)"),
    ]  # fmt: skip
    walls, cpus = [], []
    for query in QUERIES:
        wall, cpu, total = _median_ms(index, query, args.repeat)
        walls.append(wall)
        cpus.append(cpu)
        rows.append((f"query `{query}`", f"{wall:.1f} ms ({cpu:.1f} ms CPU; {total:,} hits)"))
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    rows.append(("median over the queries", f"**{wall:.1f} ms** ({cpu:.1f} ms CPU)"))

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, one process; "
        f"{os.cpu_count()} CPUs, load average {load} at the end; median of {args.repeat} runs per query.\n"
    )
    print("| measure | result |\n| --- | --- |")
    for key, value in rows:
        cell = key.replace("|", "\\|")  # a bare pipe would split the Markdown cell
        print(f"| {cell} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
