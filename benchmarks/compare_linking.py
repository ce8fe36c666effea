"""Time two source trees of this project on the same corpus, alternating: ingest + link.

On a shared machine the same code measures half as fast from one day to the next (the benchmark
of 234eedf gave 22.0 MB/s on 2026-11-25 and 10.1 MB/s on 2026-12-01, same code, same corpus), so
an absolute figure says as much about the machine as about the code. Two versions timed in turn,
on the same files and at the same moments, are compared under the same conditions:

    git worktree add /tmp/before 234eedf   # any commit with load_corpus and Linker.from_geodata
    .venv/bin/python benchmarks/compare_linking.py /tmp/before . --articles 10000 --english-only

Each run starts a new process per tree and measure (nothing cached, memory not yet used):
- **first pass**: the linker built, then the whole corpus read and linked once (the CLI, the app);
- **after a tenth**: a tenth of the corpus first, then the whole, timed (what bench_linking.py
  measured when issue 12 set its target).

The corpus is count_linking.py's (bench_linking.py's generator, fixed seed), written once into
/tmp. Prints a Markdown table: best and median MB/s of each tree, and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from count_linking import corpus_folder

# Run in a new process with a tree's own `routes` first on the path; prints wall seconds.
_TIMED = """
import gc, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from routes.articles import load_corpus
from routes.geodata import load_network
from routes.linking import Linker
from routes.paths import default_geodata
geodata = default_geodata()
linker = Linker.from_geodata(load_network(geodata), geodata)
folder = Path(sys.argv[2])
if sys.argv[3] == "after-a-tenth":
    linker.link_corpus(load_corpus(folder / "part0").articles)
gc.collect()
gc.disable()
start = time.perf_counter()
linker.link_corpus(load_corpus(folder).articles)
print(time.perf_counter() - start)
"""
MEASURES = ("first-pass", "after-a-tenth")


def _time(tree: Path, folder: Path, measure: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _TIMED, str(tree.resolve()), str(folder), measure],
        capture_output=True, text=True, check=True, cwd=tree,
    )  # fmt: skip
    return float(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="a source tree of this project (e.g. a git worktree)")
    parser.add_argument("after", type=Path, help="another one (e.g. .)")
    parser.add_argument("--articles", type=int, default=3000, help="corpus size (default 3000)")
    parser.add_argument(
        "--english-only", action="store_true", help="the corpus without its multilingual slice"
    )
    parser.add_argument("--runs", type=int, default=7, help="new processes per tree and measure (default 7)")
    args = parser.parse_args(argv)
    folder = corpus_folder(args.articles, args.english_only)
    mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
    trees = (args.before, args.after)
    seconds: dict[tuple[Path, str], list[float]] = {(t, m): [] for t in trees for m in MEASURES}
    for _ in range(max(1, args.runs)):
        for measure in MEASURES:
            for tree in trees:
                seconds[tree, measure].append(_time(tree, folder, measure))
    kind = "English only" if args.english_only else "one article in three in another language"
    print(f"{args.articles:,} articles ({kind}), {mb:.1f} MB; {args.runs} runs, alternating\n")
    print(f"| measure | {args.before} | {args.after} | ratio |\n| --- | --- | --- | --- |")
    for measure in MEASURES:
        cells = []
        for tree in trees:
            runs = seconds[tree, measure]
            cells.append(f"best {mb / min(runs):.1f}, median {mb / statistics.median(runs):.1f} MB/s")
        before, after = (statistics.median(seconds[t, measure]) for t in trees)
        print(f"| {measure} | {cells[0]} | {cells[1]} | {before / after:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
