"""Linking measured on the hand-labelled sentences: the figures must not fall, the scoring is right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GEODATA

from routes.errors import DataError
from routes.evaluate import LABELLED_DIR, LANGUAGES, Evaluation, evaluate, load_labelled
from routes.linking import Linker
from routes.model import Network

# Minimum precision, recall, top-ranked-right rate and clean-negatives rate per language: what the
# linker achieved when this table was written. Raise a row when linking gets better; a change that
# makes a figure fall below its row fails here.
# Non-English rows are near zero until the multilingual aliases (issue 12, item 3) are merged:
# raise them then. Their clean-negatives rate is 100 % today only because nothing links, so its
# floor is set lower, where a linker that knows the names should still be.
THRESHOLDS = {
    #      precision recall  top    clean   (floors just under the figures measured on 2026-11-30)
    "en": (0.32,     0.97,   0.86,  0.77),
    "ru": (0.35,     0.84,   0.80,  0.77),
    # kk and ka: measured with Georgian declined by rule and Kazakh's Russian spellings, on the set
    # with 11 and 12 more sentences; kk precision is lower only because the new sentences name
    # ports and junctions whose other lines count against it (the first 27 still measure 38 %)
    "kk": (0.35,     0.97,   0.86,  0.77),
    "tr": (0.40,     0.91,   0.85,  0.85),
    "az": (0.31,     0.97,   0.78,  0.75),
    "ka": (0.42,     0.78,   0.69,  0.84),
    "zh": (0.38,     0.99,   0.80,  0.71),
}  # fmt: skip
MIN_PER_LANGUAGE, MIN_TOTAL, MIN_NEGATIVES = 25, 175, 5


@pytest.fixture(scope="module")
def real_linker(real_network: Network) -> Linker:
    return Linker.from_geodata(real_network, GEODATA)


@pytest.fixture(scope="module")
def result(real_linker: Linker) -> Evaluation:
    items = load_labelled(LABELLED_DIR, real_linker.network, real_linker.countries)
    return evaluate(real_linker, items)


def test_the_set_is_large_enough_and_every_language_is_there(result: Evaluation) -> None:
    assert list(result.per_language) == list(LANGUAGES) == list(THRESHOLDS)
    assert result.total.sentences >= MIN_TOTAL


@pytest.mark.parametrize("language", list(THRESHOLDS))
def test_figures_do_not_fall_below_the_table(result: Evaluation, language: str) -> None:
    score = result.per_language[language]
    assert score.sentences >= MIN_PER_LANGUAGE
    assert score.negatives >= MIN_NEGATIVES  # hard negatives: places, seas, other pipelines
    measured = (score.precision or 0.0, score.recall or 0.0, score.top_rate or 0.0, score.clean_rate or 0.0)
    for name, value, floor in zip(("precision", "recall", "top", "clean"), measured, THRESHOLDS[language],
                                  strict=True):  # fmt: skip
        assert value >= floor, f"{language} {name} fell to {value:.3f} (table: {floor})"


@pytest.mark.parametrize("path", sorted(LABELLED_DIR.glob("*.jsonl")), ids=lambda p: p.name)
def test_each_file_holds_its_own_language_only(path: Path) -> None:
    languages = {json.loads(line)["language"] for line in path.read_text(encoding="utf-8").splitlines()}
    assert languages == {path.stem}


def _write(folder: Path, *records: dict[str, object]) -> Path:
    folder.mkdir(exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (folder / "en.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_scores_count_right_wrong_and_missed_links(real_linker: Linker, tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "set",
        # links the Kuryk ferry first, and at node level the other lines at Kuryk and Alat
        {"text": "Ferries between Kuryk and Alyat carry wagons.", "language": "en",
         "segments": ["caspian-kuryk-alat"]},
        # the sea without transport: nothing
        {"text": "The Caspian Sea is the largest lake on Earth.", "language": "en", "segments": []},
        # the whole corridor: its links are neither right nor wrong
        {"text": "The Middle Corridor links China with Europe.", "language": "en", "segments": [],
         "broad": ["TITR"]},
        # a place it should find but cannot: a miss
        {"text": "Freight moves through Rustavi.", "language": "en", "segments": ["ge-gardabani-tbilisi"]},
    )  # fmt: skip
    result = evaluate(real_linker, load_labelled(folder, real_linker.network, real_linker.countries))
    score = result.per_language["en"]
    kuryk, alat = {"kz-mangyshlak-kuryk"}, {"caspian-aktau-alat", "caspian-turkmenbashi-alat", "az-alat-baku",
                                            "az-alat-boyukkasik"}  # fmt: skip
    assert set(result.outcomes[0].false_pos) == kuryk | alat
    assert result.outcomes[0].top == {"caspian-kuryk-alat"}
    assert (score.true_pos, score.false_pos, score.false_neg) == (1, 5, 1)
    assert (score.positives, score.top_right, score.negatives, score.clean) == (2, 1, 2, 2)
    assert score.precision == pytest.approx(1 / 6)
    assert score.recall == pytest.approx(1 / 2)
    assert score.top_rate == pytest.approx(1 / 2)
    assert score.clean_rate == 1.0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "en.jsonl: line 2: not valid JSON"),
        ('{"text": "x", "language": "en", "segments": ["no-such-segment"]}',
         "en.jsonl: line 2: unknown segments id(s): no-such-segment"),
        ('{"text": "x", "language": "en", "nodes": ["atlantis"]}',
         "en.jsonl: line 2: unknown nodes id(s): atlantis"),
        ('{"text": "x", "language": "en", "broad": ["XYZ"]}', "en.jsonl: line 2: unknown broad id(s): XYZ"),
        ('{"text": "", "language": "en"}', "en.jsonl: line 2: missing or empty 'text'"),
        ('{"text": "x", "language": "fr"}', "en.jsonl: line 2: 'language' must be one of"),
        ('{"text": "x", "language": "en", "segment": []}', "en.jsonl: line 2: unknown field(s): segment"),
        ('{"text": "x", "language": "en", "segments": "btc-georgia"}',
         "en.jsonl: line 2: 'segments' must be a list of strings"),
    ],
)  # fmt: skip
def test_a_bad_line_is_named_with_its_file_and_line(
    real_linker: Linker, tmp_path: Path, line: str, message: str
) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    good = '{"text": "Trains reach Kars.", "language": "en", "segments": ["tr-kars-ankara"]}'
    (folder / "en.jsonl").write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_labelled(folder, real_linker.network, real_linker.countries)
    assert any(str(p).startswith(message) for p in caught.value.problems), caught.value.problems


def test_a_folder_without_labelled_files_is_an_error(real_linker: Linker, tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no labelled sentences"):
        load_labelled(tmp_path, real_linker.network, real_linker.countries)
