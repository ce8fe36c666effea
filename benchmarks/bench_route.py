"""Benchmark: route queries on the corridor graph (target: under 200 ms each).

Run: .venv/bin/python benchmarks/bench_route.py [--repeat 20]
Prints a Markdown table for the README: the graph's build (once per network) and each query,
place resolution included, as the CLI and the app run them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routes.geodata import load_network
from routes.graph import build_graph
from routes.paths import bundled_geodata
from routes.planner import plan, resolve

TRIPS = [
    ("Xi'an", "Istanbul", None),
    ("Lianyungang", "Constanța", None),
    ("Khorgos", "Poti", None),
    ("Urumqi", "Mostyska", None),
    ("Xian", "Kapikule", "Poti"),
]


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    network = load_network(bundled_geodata())
    build = timed(lambda: build_graph(network), args.repeat)
    print("| query | routes | median ms | max ms | target (median) |")
    print("|---|---|---|---|---|")
    median, worst = statistics.median(build), max(build)
    print(f"| build the graph (once per network) | — | {median:.1f} | {worst:.1f} | — |")
    plan(network, resolve(network, "Xian"), resolve(network, "Poti"))  # the cached graph, as the app has it
    for start, end, via in TRIPS:

        def query(start: str = start, end: str = end, via: str | None = via) -> list:
            places = resolve(network, start), resolve(network, end)
            return plan(network, *places, resolve(network, via) if via else None)

        found = len(query())
        times = timed(query, args.repeat)
        name = f"{start} → {end}" + (f" via {via}" if via else "")
        ok = "✅" if statistics.median(times) < 200 else "❌"  # max swings with the machine's load
        print(f"| {name} | {found} | {statistics.median(times):.1f} | {max(times):.1f} | < 200 ms {ok} |")


if __name__ == "__main__":
    main()
