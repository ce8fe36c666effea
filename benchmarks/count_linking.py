"""Ingest + link a fixed corpus for instruction counts (cachegrind), or dump every link.

On a shared machine timings move by 2x between runs; instruction counts do not (±0.3 %
with a fixed hash seed). Count a pass as the difference of two runs, which cancels start-up and the
linker build:

    export OPENBLAS_NUM_THREADS=1  # numpy's idle BLAS threads spin while shapely loads: noise
    export PYTHONHASHSEED=0  # dict layouts follow the hash seed and move the counts by ~1 %
    for p in 0 1 2; do valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/count_linking.py run 600 $p; done
    # "I refs": the first pass (a new linker) = 1 pass - 0; a later pass = 2 passes - 1

    .venv/bin/python benchmarks/count_linking.py dump 2000 > links.txt  # compare before/after

The corpus is bench_linking.py's (same seed, one article in three in another language), written
once into /tmp/count-linking-N. `dump` prints every article's parsed fields, then every link
(segment, file, paragraph, sentence span, matches, specificity) in the linker's order.
"""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_linking import write_corpus  # the benchmark's own generator

from routes.aliases import load_languages
from routes.articles import load_corpus
from routes.geodata import load_network
from routes.linking import Linker
from routes.paths import default_geodata
from routes.vocabulary import load_vocabulary


def corpus_folder(count: int, english_only: bool = False) -> Path:
    """The benchmark's corpus of `count` articles in /tmp (written once; the same seed every time):
    /tmp/count-linking-N, or /tmp/count-linking-en-N without the multilingual slice."""
    folder = Path(f"/tmp/count-linking-{'en-' if english_only else ''}{count}")
    if folder.exists():
        return folder
    geodata = default_geodata()
    network = load_network(geodata)
    foreign = None
    if not english_only:
        languages = load_languages(geodata)
        foreign = {
            lang.code: tuple(
                [name for names in lang.names.get(kind, {}).values() for name in names]
                for kind in ("segments", "nodes", "corridors")
            )
            for lang in languages
        }
    corridors = load_vocabulary(geodata / "corridors.json")
    own = (
        [a for s in network.segments for a in s.aliases],
        [a for n in network.nodes for a in n.aliases],
        [a for v in corridors.values() for a in v.aliases],
    )
    # Written beside, then renamed: a run stopped half way leaves no partial corpus behind.
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    write_corpus(partial, count, own, foreign=foreign)
    partial.rename(folder)
    return folder


def main(mode: str, count: int, passes: int = 1) -> None:
    geodata = default_geodata()
    network = load_network(geodata)
    linker = Linker.from_geodata(network, geodata)
    folder = corpus_folder(count)
    gc.disable()  # as the CLI and the benchmark run it
    for _ in range(passes):
        corpus = load_corpus(folder)
        links = linker.link_corpus(corpus.articles)
    if mode == "dump":
        out = sys.stdout
        for a in corpus.articles:
            fields = (a.file_name, a.paragraphs, a.title, a.outlet, a.author, a.date, a.date_text, a.url,
                      a.credited, a.encoding, a.warnings, a.declared_language)  # fmt: skip
            out.write(f"{fields!r}\n")
        for link in links:
            matches = tuple(tuple(m) for m in link.matches)
            row = (link.segment_id, link.article.file_name, link.paragraph_index, link.sentence_start,
                   link.sentence_end, matches, link.specificity)  # fmt: skip
            out.write(f"{row!r}\n")
    elif passes:
        print(f"{len(corpus.articles)} articles, {len(links)} links")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)
