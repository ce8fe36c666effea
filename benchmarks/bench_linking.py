"""Benchmark: ingest + link a synthetic corpus; compare with one regex per alias per sentence.

Run: .venv/bin/python benchmarks/bench_linking.py [--articles 10000] [--naive-sample 300]
Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routes.articles import Article, load_corpus
from routes.geodata import load_network
from routes.language import detect_language
from routes.linking import Linker
from routes.paths import default_geodata
from routes.sentences import split_sentences
from routes.vocabulary import load_vocabulary

PARTS = 10  # the corpus is written as PARTS sub-folders so one part is the N/10 scaling run

FILLER = [
    "The sides discussed cooperation in the fields of {a} and {b}.",
    "{person} noted that bilateral trade grew by {n} percent over the past year.",
    "The meeting was attended by deputy ministers and heads of several agencies.",
    "Both parties stressed the importance of further developing economic ties.",
    "According to the statistics committee, turnover reached ${n}.{m} million in {year}.",
    "Experts believe that the new agreements will open up broad prospects for investors.",
    "{person} expressed confidence that the visit will contribute to closer relations.",
    "The delegation also visited an industrial park and a research centre.",
    "The parties exchanged views on regional and international issues of mutual interest.",
    "A memorandum on cooperation in {a} was signed at the end of the talks.",
    "Dr. {person} said the U.S. and EU observers welcomed the decision, officials said.",
    "\u201cWe are interested in expanding our partnership,\u201d {person} said.",
]
LINKED = [
    "Cargo volumes on the {seg} rose by {n} percent in {year}.",
    "{c1} and {c2} agreed to expand transit along the {corr}.",
    "Container trains from {c1} now reach the port of {node} in {n} days.",
    "The {corr} connects {c1} with {c2} via the Caspian Sea.",
    "Investment in the {seg} is expected to reach ${n}.{m} billion.",
    "Officials met in {node} to discuss logistics and tariffs on the {seg}.",
    "Oil exports via the Baku\u2013Tbilisi\u2013Ceyhan pipeline totalled {n} million tonnes.",
    "The UNESCO committee held its session in {node} this year.",
]
# The multilingual slice: every third article is in one of the six languages of
# geodata/aliases, with sentences that name places and routes by that language's aliases, in the
# forms the linker must recognise (case endings, Chinese without spaces).
FOREIGN_FILLER = {
    "ru": [
        "Стороны обсудили сотрудничество в области энергетики и сельского хозяйства.",
        "По словам {person}, товарооборот за прошлый год вырос на {n} процентов.",
        "Во встрече приняли участие заместители министров и руководители ведомств.",
        "Эксперты считают, что новые соглашения откроют широкие перспективы для инвесторов.",
    ],
    "kk": [
        "Тараптар энергетика және ауыл шаруашылығы саласындағы ынтымақтастықты талқылады.",
        "{person} өткен жылы тауар айналымы {n} пайызға өскенін атап өтті.",
        "Кездесуге министрлердің орынбасарлары мен ведомство басшылары қатысты.",
        "Сарапшылар жаңа келісімдер инвесторларға кең мүмкіндік ашады деп санайды.",
    ],
    "tr": [
        "Taraflar enerji ve tarım alanlarında işbirliğini görüştü.",
        "{person}, geçen yıl ticaret hacminin yüzde {n} arttığını belirtti.",
        "Toplantıya bakan yardımcıları ve kurum başkanları katıldı.",
        "Uzmanlar yeni anlaşmaların yatırımcılar için geniş fırsatlar sunacağını düşünüyor.",
    ],
    "az": [
        "Tərəflər enerji və kənd təsərrüfatı sahəsində əməkdaşlığı müzakirə ediblər.",
        "{person} bildirib ki, ötən il ticarət dövriyyəsi {n} faiz artıb.",
        "Görüşdə nazir müavinləri və qurumların rəhbərləri iştirak ediblər.",
        "Ekspertlər hesab edir ki, yeni sazişlər investorlar üçün geniş imkanlar açacaq.",
    ],
    "ka": [
        "მხარეებმა ენერგეტიკისა და სოფლის მეურნეობის სფეროში თანამშრომლობა განიხილეს.",
        "{person}-ის თქმით, გასულ წელს სავაჭრო ბრუნვა {n} პროცენტით გაიზარდა.",
        "შეხვედრას მინისტრების მოადგილეები და უწყებების ხელმძღვანელები ესწრებოდნენ.",
        "ექსპერტების აზრით, ახალი შეთანხმებები ინვესტორებს ფართო შესაძლებლობებს გაუხსნის.",
    ],
    "zh": [
        "双方讨论了能源和农业领域的合作。",
        "{person}指出，去年双边贸易额增长了百分之{n}。",
        "各部门副部长和负责人出席了会议。",
        "专家认为，新协议将为投资者带来广阔前景。",
    ],
}
FOREIGN_LINKED = {
    "ru": ["Грузоперевозки: {seg} — рост на {n} процентов в {year} году.",
           "Контейнерный поезд прибыл в {node} за {n} дней по маршруту {corr}.",
           "{corr}: объём транзита вырос на {n} процентов."],
    "kk": ["{seg} арқылы жүк тасымалы {n} пайызға өсті.", "Контейнер пойызы {node} бекетіне {n} күнде жетті.",
           "{corr} бойынша транзит көлемі артты."],
    "tr": ["{seg} üzerinden taşınan yük yüzde {n} arttı.",
           "Konteyner treni {n} günde {node} istasyonuna ulaştı.", "{corr} üzerinden transit hacmi arttı."],
    "az": ["{seg} üzrə yükdaşıma {n} faiz artıb.", "Konteyner qatarı {n} gündə {node} stansiyasına çatıb.",
           "{corr} üzrə tranzit həcmi artıb."],
    "ka": ["{seg} ტვირთის მოცულობა {n} პროცენტით გაიზარდა.",
           "საკონტეინერო მატარებელი {node} {n} დღეში მივიდა.", "{corr} სატრანზიტო მოცულობა გაიზარდა."],
    "zh": ["{seg}货运量增长了百分之{n}。", "集装箱班列{n}天抵达{node}。", "{corr}过境运量持续增长。"],
}  # fmt: skip
FOREIGN_EVERY = 3  # one article in three is in another language
TOPICS = ["energy", "agriculture", "culture", "education", "tourism", "digital services"]
PEOPLE = ["Mammadov", "Abdykarimov", "Tokayev", "Aliyev", "Kobakhidze", "Bayraktar"]
COUNTRIES = ["China", "Kazakhstan", "Azerbaijan", "Georgia", "Turkey", "Ukraine", "Romania"]


def _sentence(rng: random.Random, template: str, seg: list[str], node: list[str], corr: list[str]):
    return template.format(
        a=rng.choice(TOPICS),
        b=rng.choice(TOPICS),
        person=rng.choice(PEOPLE),
        n=rng.randint(2, 99),
        m=rng.randint(10, 99),
        year=rng.randint(2015, 2024),
        seg=rng.choice(seg),
        node=rng.choice(node),
        corr=rng.choice(corr),
        c1=rng.choice(COUNTRIES),
        c2=rng.choice(COUNTRIES),
    )


def write_corpus(folder: Path, count: int, linker_aliases, seed: int = 7, foreign=None) -> int:
    """Write `count` articles (~4 KB each, half .txt as published, half .md); return total bytes.

    `foreign` maps a language code to its (segment, node, corridor) aliases: every
    FOREIGN_EVERY-th article is then written in one of those languages, in turn.
    """
    rng = random.Random(seed)
    total = 0
    languages = sorted(foreign or {})
    for i in range(count):
        seg, node, corr = linker_aliases
        filler, linked_templates, joiner = FILLER, LINKED, " "
        if languages and i % FOREIGN_EVERY == 1:
            code = languages[(i // FOREIGN_EVERY) % len(languages)]
            seg, node, corr = foreign[code]
            filler, linked_templates = FOREIGN_FILLER[code], FOREIGN_LINKED[code]
            joiner = "" if code == "zh" else " "
        paragraphs = []
        for _ in range(rng.randint(7, 11)):
            sentences = []
            for _ in range(rng.randint(4, 6)):
                linked = rng.random() < 0.15  # ~1 sentence in 7 names a place or route
                template = rng.choice(linked_templates if linked else filler)
                sentences.append(_sentence(rng, template, seg, node, corr))
            paragraphs.append(joiner.join(sentences))
        body = "\n\n".join(paragraphs)
        year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
        if i % 2:
            name = f"a{i:06d}.md"
            text = (
                f"---\ntitle: Article {i}\noutlet: Example News\nauthor: {rng.choice(PEOPLE)}\n"
                f"date: {year}-{month:02d}-{day:02d}\n---\n{body}\n"
            )
        else:
            name = f"a{i:06d}.txt"
            text = (
                f" date {year}-{month:02d}-{day:02d} By Leman Mammadova\n\n{body}\n\n---\n\n"
                "Leman Mammadova is AzerNews\u2019 staff journalist, follow her on Twitter: @x\n\n"
                "Follow us on Twitter @AzerNewsAz\n"
            )
        data = text.encode("utf-8")
        part = folder / f"part{i % PARTS}"
        part.mkdir(exist_ok=True)
        (part / name).write_bytes(data)
        total += len(data)
    return total


def naive_link(articles: list[Article], patterns: list[re.Pattern[str]]) -> int:
    """The method this replaces: split every sentence, then one re.search per alias."""
    hits = 0
    for article in articles:
        for paragraph in article.paragraphs:
            for start, end in split_sentences(paragraph):
                sentence = paragraph[start:end]
                for pattern in patterns:
                    if pattern.search(sentence):
                        hits += 1
    return hits


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest_and_link(
    folder: Path, linker: Linker, pause_gc: bool = True
) -> tuple[float, int, int, list[Article], float]:
    # A batch run allocates ~50 links per article and frees none, so the cyclic GC only rescans
    # live objects; the CLI pauses it the same way (routes.cli). Measured both ways below.
    gc.collect()
    if pause_gc:
        gc.disable()
    try:
        start, cpu = time.perf_counter(), time.process_time()
        corpus = load_corpus(folder)
        links = linker.link_corpus(corpus.articles)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        gc.enable()
    return elapsed, len(corpus.articles), len(links), list(corpus.articles), cpu


def _first_pass(folder: Path) -> None:
    """In a new process: build the linker, ingest + link the folder once, print wall and CPU s.

    What the CLI and the app do with a corpus: nothing cached yet, memory not yet used.
    """
    geodata = default_geodata()
    linker = Linker.from_geodata(load_network(geodata), geodata)
    wall, _, _, _, cpu = _ingest_and_link(folder, linker)
    print(f"{wall} {cpu}")


def _fresh_first_passes(folder: Path, runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) of the first pass in `runs` new processes, one after another."""
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "--first-pass", str(folder)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        wall, cpu = map(float, done.stdout.split())
        out.append((wall, cpu))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first-pass", type=Path, help=argparse.SUPPRESS)  # run by the benchmark
    parser.add_argument(
        "--fresh-runs", type=int, default=5,
        help="new processes timed on their first pass (default 5; the best and the median are printed)",
    )  # fmt: skip
    parser.add_argument("--articles", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--naive-sample", type=int, default=300, help="articles timed with the naive method")
    parser.add_argument(
        "--english-only", action="store_true",
        help="the corpus without its multilingual slice (as before issue 12); every language still loaded",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.first_pass:
        _first_pass(args.first_pass)
        return 0
    count = max(PARTS, args.articles)

    geodata = default_geodata()
    network = load_network(geodata)
    corridors = load_vocabulary(geodata / "corridors.json")
    countries = load_vocabulary(geodata / "countries.json")
    t0 = time.perf_counter()
    linker = Linker.from_geodata(network, geodata)  # with every language of geodata/aliases
    build_s = time.perf_counter() - t0
    foreign = {
        lang.code: tuple(
            [name for names in lang.names.get(kind, {}).values() for name in names]
            for kind in ("segments", "nodes", "corridors")
        )
        for lang in linker.languages
    }
    seg_aliases = [a for s in network.segments for a in s.aliases] or ["Middle Corridor"]
    node_aliases = [a for n in network.nodes for a in n.aliases] or ["Aktau"]
    corr_aliases = [a for v in corridors.values() for a in v.aliases]
    all_aliases = sorted(
        {
            *seg_aliases,
            *node_aliases,
            *corr_aliases,
            *(a for v in countries.values() for a in v.aliases),
            *(s.name for s in network.segments),
            *(n.name for n in network.nodes),
        }
    )

    with tempfile.TemporaryDirectory(prefix="bench-linking-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        slice_ = None if args.english_only else foreign
        total_bytes = write_corpus(folder, count, (seg_aliases, node_aliases, corr_aliases), foreign=slice_)
        gen_s = time.perf_counter() - t0
        part_bytes = sum(p.stat().st_size for p in (folder / "part0").iterdir())
        rss_before = _rss_mb()

        # Scaling: one part (N/10 articles), then the whole corpus, same code path.
        small_s, small_n, _, _, _ = _ingest_and_link(folder / "part0", linker)
        full_s, full_n, full_links, articles, full_cpu = _ingest_and_link(folder, linker)
        rss_peak = _rss_mb()
        del articles
        # On a shared machine the wall time waits for a core; the process's CPU time does not.
        cpu_runs, wall_runs = [full_cpu], [full_s]
        for _ in range(2):
            again = _ingest_and_link(folder, linker)
            wall_runs.append(again[0])
            cpu_runs.append(again[4])
        gc_on_s, _, _, articles, _ = _ingest_and_link(folder, linker, pause_gc=False)
        fresh = _fresh_first_passes(folder, max(1, args.fresh_runs))
        # Languages are detected when first asked for (the app asks for the linked articles'):
        # timed apart, on every article.
        t0 = time.perf_counter()
        detect_language("The model loads the first time a language is asked for.")
        model_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        detected = Counter(article.language for article in articles)
        language_s = time.perf_counter() - t0

        sample = articles[: min(args.naive_sample, len(articles))]
        sample_bytes = sum(len(a.text.encode("utf-8")) for a in sample)
        patterns = [re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)", re.IGNORECASE) for alias in all_aliases]
        t0 = time.perf_counter()
        naive_link(sample, patterns)
        naive_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        linker.link_corpus(sample)
        fast_s = time.perf_counter() - t0

    mb = total_bytes / 1e6
    naive_full_s = naive_s * (total_bytes / sample_bytes)
    rows = [
        (
            "articles (half .txt, half .md"
            + ("; English only)" if args.english_only else f"; one in {FOREIGN_EVERY} in another language)"),
            f"{full_n:,}",
        ),
        ("corpus size", f"{mb:.1f} MB"),
        ("languages of aliases loaded", f"{len(foreign) + 1} (English and {', '.join(sorted(foreign))})"),
        ("names in the automaton (all forms, with and without accents)", f"{linker.name_count:,}"),
        ("linker build (load the language files, generate the forms)", f"{build_s:.2f} s"),
        ("links found", f"{full_links:,}"),
        (
            f"ingest + link, the first pass in a new process (new linker, as the CLI and the app), "
            f"one core, GC paused, wall time: best of {len(fresh)}; median",
            f"{min(w for w, _ in fresh):.2f} s = **{mb / min(w for w, _ in fresh):.1f} MB/s**; "
            f"{statistics.median(w for w, _ in fresh):.2f} s = "
            f"{mb / statistics.median(w for w, _ in fresh):.1f} MB/s",
        ),
        (
            "same, CPU time of the process: best; median",
            f"{min(c for _, c in fresh):.2f} s = {mb / min(c for _, c in fresh):.1f} MB/s; "
            f"{mb / statistics.median(c for _, c in fresh):.1f} MB/s",
        ),
        (
            "ingest + link in this process, after a run over a tenth of the corpus, wall time: "
            "its first run; best of 3",
            f"{full_s:.2f} s = {mb / full_s:.1f} MB/s; "
            f"{min(wall_runs):.2f} s = {mb / min(wall_runs):.1f} MB/s",
        ),
        (
            "same, CPU time (best of 3 runs)",
            f"{min(cpu_runs):.2f} s = {mb / min(cpu_runs):.1f} MB/s",
        ),
        ("same with the cyclic GC running", f"{gc_on_s:.2f} s = {mb / gc_on_s:.1f} MB/s"),
        (
            "language of every article (py3langid, apart: detected when first shown)",
            f"{language_s:.2f} s = {mb / language_s:.1f} MB/s, after {model_s:.1f} s loading the model; "
            + ", ".join(f"{code or 'none'} {n:,}" for code, n in detected.most_common()),
        ),
        (
            f"scaling: {small_n:,} vs {full_n:,} articles",
            f"{small_s:.2f} s vs {full_s:.2f} s, ratio **{full_s / small_s:.1f}** "
            f"(size ratio {total_bytes / part_bytes:.1f})",
        ),
        (
            f"naive (re.search per alias per sentence), {len(sample)}-article sample",
            f"{naive_s:.2f} s vs {fast_s:.3f} s linking the same sample: "
            f"**{naive_s / fast_s:.0f}x** faster; naive on the whole corpus "
            f"≈ {naive_full_s:.0f} s (extrapolated)",
        ),
        ("peak RSS (whole process)", f"**{rss_peak:.0f} MB** ({rss_before:.0f} MB before ingest)"),
        ("corpus generation (not timed above)", f"{gen_s:.1f} s"),
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}, one process, files in the OS cache; "
        f"{os.cpu_count()} CPUs, load average {load} at the end.\n"
    )
    print("| measure | result |\n| --- | --- |")
    for key, value in rows:
        print(f"| {key} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
