"""The `python -m routes` command line: excerpts as text and JSON, exit codes, warnings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLE_001, GEODATA, PROJECT

from routes.cli import main
from routes.paths import default_articles, default_geodata


@pytest.fixture
def needs_geodata() -> None:
    if not (GEODATA / "segments.geojson").exists():
        pytest.skip("geodata/segments.geojson not built yet")


def test_json_lists_linked_excerpts_with_their_source(needs_geodata, articles_dir, capsys) -> None:
    code = main(["excerpts", "--articles", str(articles_dir), "--segment", "btc-georgia", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert len(out) == 1
    item = out[0]
    assert item["segment"] == "btc-georgia"
    assert item["article"] == ARTICLE_001
    assert "Baku-Tbilisi-Ceyhan" in item["text"]
    assert item["matched"] == ["Baku-Tbilisi-Ceyhan oil pipeline"]
    assert (item["outlet"], item["author"], item["date"]) == (
        "AzerNews",
        "Leman Mammadova",
        "2019-07-03",
    )
    assert item["specificity"] == 2


def test_text_output_shows_segment_file_source_and_sentence(needs_geodata, articles_dir, capsys) -> None:
    assert main(["excerpts", "--articles", str(articles_dir), "--segment", "btc-turkey"]) == 0
    out = capsys.readouterr().out
    assert "btc-turkey" in out and ARTICLE_001 in out
    assert "AzerNews · Leman Mammadova · 2019-07-03" in out
    assert "The accession of Kazakhstan to the Baku-Tbilisi-Ceyhan oil pipeline" in out


def test_json_is_ranked_best_first(needs_geodata, articles_dir, capsys) -> None:
    main(["excerpts", "--articles", str(articles_dir), "--json"])
    specs = [item["specificity"] for item in json.loads(capsys.readouterr().out)]
    assert specs and specs == sorted(specs, reverse=True)


def test_nothing_matching_is_an_empty_list_and_exit_0(needs_geodata, tmp_path, capsys) -> None:
    (tmp_path / "a.txt").write_text("Nothing about transport here.\n", encoding="utf-8")
    assert main(["excerpts", "--articles", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_unknown_segment_is_a_usage_error_listing_valid_ids(needs_geodata, capsys) -> None:
    assert main(["excerpts", "--segment", "no-such-segment"]) == 2
    err = capsys.readouterr().err
    assert "no-such-segment" in err and "btc-georgia" in err


@pytest.mark.parametrize("argv", [[], ["nonsense"], ["excerpts", "--bogus"]])
def test_bad_usage_exits_2(argv: list[str]) -> None:
    assert main(argv) == 2


def test_skipped_articles_warn_on_stderr_one_line_each(needs_geodata, articles_dir, capsys) -> None:
    (articles_dir / "empty.txt").write_bytes(b"")
    (articles_dir / "junk.md").write_bytes(b"\x00\x01\x02binary")
    assert main(["excerpts", "--articles", str(articles_dir), "--json"]) == 0
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2
    assert any("empty.txt" in x for x in lines) and any("junk.md" in x for x in lines)
    assert json.loads(captured.out)  # the good articles still link


def test_broken_geodata_exits_1_with_the_problems(tmp_path, capsys) -> None:
    assert main(["excerpts", "--geodata", str(tmp_path)]) == 1
    assert "segments.geojson" in capsys.readouterr().err


def test_articles_default_follows_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ROUTES_ARTICLES", str(tmp_path))
    assert default_articles() == tmp_path
    monkeypatch.delenv("ROUTES_ARTICLES")
    assert default_articles() == default_geodata() / "articles"
    assert default_geodata() == PROJECT / "geodata"


def test_env_var_chooses_the_corpus(needs_geodata, monkeypatch, tmp_path, capsys) -> None:
    shutil.copyfile(PROJECT / "geodata" / "articles" / ARTICLE_001, tmp_path / "only.txt")
    monkeypatch.setenv("ROUTES_ARTICLES", str(tmp_path))
    main(["excerpts", "--json"])
    assert {item["article"] for item in json.loads(capsys.readouterr().out)} == {"only.txt"}


def test_module_runs_from_any_directory(needs_geodata, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "routes", "excerpts", "--json", "--segment", "btc-azerbaijan"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(PROJECT), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["segment"] == "btc-azerbaijan"


# --- validate -------------------------------------------------------------------------------------


def test_validate_bundled_data_is_clean(articles_dir, capsys) -> None:
    assert main(["validate", "--articles", str(articles_dir)]) == 0
    assert "no problems" in capsys.readouterr().out


@pytest.fixture
def edited_geodata(tmp_path: Path) -> Path:
    """A hand-edited copy of the geodata, as a user would make it."""
    folder = tmp_path / "geodata"
    folder.mkdir()
    for name in ("segments.geojson", "nodes.geojson"):
        shutil.copy(GEODATA / name, folder / name)
    return folder


def edit_segments(folder: Path, change) -> None:
    path = folder / "segments.geojson"
    doc = json.loads(path.read_text("utf-8"))
    change(doc["features"])
    path.write_text(json.dumps(doc), "utf-8")


def _swap_coordinates(features: list[dict]) -> None:
    features[1]["geometry"]["coordinates"] = [
        [lat, lon] for lon, lat in features[1]["geometry"]["coordinates"]
    ]


def _wrong_length(features: list[dict]) -> None:
    by_id = {f["properties"]["id"]: f for f in features}
    by_id["cn-urumqi-alashankou"]["properties"]["length_km_stated"] = 600


def _duplicate(features: list[dict]) -> None:
    features.append(json.loads(json.dumps(features[0])))


def _stranded(features: list[dict]) -> None:
    by_id = {f["properties"]["id"]: f for f in features}
    by_id["ge-tbilisi-poti"]["geometry"]["coordinates"] = [[60.0, 50.0], [61.0, 50.5]]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_swap_coordinates, "feature 1 (id=cn-urumqi-alashankou): position"),
        (_wrong_length, "id=cn-urumqi-alashankou: stated length 600 km"),
        (_duplicate, "duplicate id"),
        (_stranded, "id=ge-tbilisi-poti: its endpoints meet no other segment"),
    ],
)
def test_validate_names_each_problem_and_exits_1(edited_geodata, change, expected, capsys) -> None:
    edit_segments(edited_geodata, change)
    assert main(["validate", "--geodata", str(edited_geodata)]) == 1
    out = capsys.readouterr().out
    assert expected in out


def test_validate_reports_bad_articles_too(edited_geodata, tmp_path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", "utf-8")
    assert main(["validate", "--geodata", str(edited_geodata), "--articles", str(corpus)]) == 1
    assert "empty.txt" in capsys.readouterr().out


def test_validate_missing_folder_is_a_usage_error(tmp_path) -> None:
    assert main(["validate", "--geodata", str(tmp_path / "nope")]) == 2


# --- export ---------------------------------------------------------------------------------------


def test_export_writes_standalone_html_and_geojson(articles_dir, tmp_path, capsys) -> None:
    out, geo = tmp_path / "map.html", tmp_path / "out.geojson"
    argv = ["export", "--out", str(out), "--geojson", str(geo), "--articles", str(articles_dir)]
    assert main([*argv, "--segments", "caspian-aktau-alat", "btc-georgia"]) == 0
    html = out.read_text("utf-8")
    assert "seg-caspian-aktau-alat" in html and "seg-tr-marmaray" not in html
    assert "<script src=" not in html
    features = json.loads(geo.read_text("utf-8"))["features"]
    assert {f["properties"]["id"] for f in features} == {"caspian-aktau-alat", "btc-georgia"}
    caspian = next(f for f in features if f["properties"]["id"] == "caspian-aktau-alat")
    assert any("traffic artery" in e["text"] for e in caspian["properties"]["excerpts"])


def test_export_unknown_segment_is_a_usage_error(tmp_path) -> None:
    assert main(["export", "--out", str(tmp_path / "m.html"), "--segments", "atlantis"]) == 2
    assert not (tmp_path / "m.html").exists()


# --- paths ----------------------------------------------------------------------------------------

# Every path a command cannot use is one line on stderr naming it, never a traceback. "{tmp}" is a
# folder holding only notes.txt; exit 2 when the path itself is wrong, 1 when the system refuses.
PATH_ERRORS = [
    (["export", "--out", "."], 2, ".: names a folder, not a file"),
    (["export", "--out", "{tmp}"], 2, "{tmp}: is a folder, not a file"),
    (["export", "--out", "{tmp}/notes.txt/map.html"], 2, "{tmp}/notes.txt is not a folder"),
    (["export", "--out", "/proc/map.html"], 1, "/proc/map.html: cannot create a file in /proc"),
    (["export", "--out", "{tmp}/map.html", "--geojson", "{tmp}"], 2, "{tmp}: is a folder, not a file"),
    (["export", "--out", "{tmp}/map.html", "--geojson", "{tmp}/map.html"], 2, "is the --out file too"),
    (["export", "--out", "{tmp}/m.html", "--geojson", "/proc/m.geojson"], 1, "/proc/m.geojson: cannot"),
    (["export", "--out", "{tmp}/map.html", "--articles", "{tmp}/gone"], 2, "articles folder not found"),
    (["excerpts", "--articles", "{tmp}/gone"], 2, "{tmp}/gone: articles folder not found"),
    (["excerpts", "--articles", "{tmp}/notes.txt"], 2, "{tmp}/notes.txt: not a folder"),
    (["excerpts", "--geodata", "{tmp}/gone"], 2, "{tmp}/gone: geodata folder not found"),
    (["validate", "--articles", "{tmp}/gone"], 2, "{tmp}/gone: articles folder not found"),
    (["validate", "--geodata", "{tmp}/gone"], 2, "{tmp}/gone: geodata folder not found"),
    (["assets", "--static", "{tmp}/notes.txt"], 2, "{tmp}/notes.txt is not a folder"),
    (["assets", "--static", "/proc/static"], 1, "cannot make folder /proc/static"),
    (["basemap", "--geodata", "{tmp}/gone"], 2, "{tmp}/gone: geodata folder not found"),
    (["basemap", "--geodata", "{tmp}"], 2, "naturalearth/lakes.geojson: cannot read"),
]


@pytest.mark.parametrize(("argv", "code", "message"), PATH_ERRORS, ids=[" ".join(a) for a, *_ in PATH_ERRORS])
def test_a_path_error_is_one_line_naming_the_path(
    tmp_path: Path, argv: list[str], code: int, message: str, capsys
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a folder", "utf-8")
    assert main([a.format(tmp=folder) for a in argv]) == code
    out, err = capsys.readouterr()
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert message.format(tmp=folder) in err
    # No temporary left, and nothing written but what the command said it wrote.
    written = {p.name for p in folder.iterdir()} - {"notes.txt"}
    assert all(f"wrote {folder / name} " in out for name in written)


def test_the_real_command_reports_a_folder_given_as_out_without_a_traceback(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "routes", "export", "--out", str(maps)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stderr) == (2, f"error: {maps}: is a folder, not a file\n")
    assert [p.name for p in tmp_path.iterdir()] == ["maps"] and not list(maps.iterdir())


def test_a_missing_corpus_from_the_environment_is_an_error_too(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("ROUTES_ARTICLES", str(tmp_path / "gone"))
    assert main(["excerpts"]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'gone'}: articles folder not found\n"


def test_the_console_script_is_installed_beside_python() -> None:
    script = Path(sys.executable).parent / "routes"
    if not script.exists():
        pytest.skip("package not installed with pip (no console script)")
    run = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and "excerpts" in run.stdout and "export" in run.stdout


def test_evaluate_prints_a_row_per_language_and_all(needs_geodata, capsys) -> None:
    assert main(["evaluate"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split("|")[1].strip() for line in lines[2:]]
    assert rows == ["English", "Russian", "Kazakh", "Turkish", "Azerbaijani", "Georgian", "Chinese", "all"]
    assert lines[0].startswith("| language | sentences | precision | recall | top right")


def test_evaluate_json_gives_the_figures_per_language(needs_geodata, capsys) -> None:
    assert main(["evaluate", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    english = data["languages"]["en"]
    assert english["sentences"] >= 25 and 0 < english["precision"] <= 1 and english["recall"] > 0
    assert data["all"]["sentences"] == sum(s["sentences"] for s in data["languages"].values())


def test_evaluate_mistakes_name_the_file_line_and_segments(needs_geodata, tmp_path, capsys) -> None:
    line = '{"text": "Ferries cross the Caspian Sea to Alat.", "language": "en", "segments": []}\n'
    (tmp_path / "en.jsonl").write_text(line, encoding="utf-8")
    assert main(["evaluate", "--labelled", str(tmp_path), "--mistakes"]) == 0
    out = capsys.readouterr().out
    assert "en.jsonl:1  Ferries cross the Caspian Sea to Alat." in out
    assert "wrongly linked: az-alat-baku, az-alat-boyukkasik, caspian-aktau-alat" in out


def test_evaluate_bad_labels_exit_1_naming_the_line(needs_geodata, tmp_path, capsys) -> None:
    line = '{"text": "x", "language": "ru", "segments": ["nope"]}\n'
    (tmp_path / "ru.jsonl").write_text(line, encoding="utf-8")
    assert main(["evaluate", "--labelled", str(tmp_path)]) == 1
    assert "ru.jsonl: line 1: unknown segments id(s): nope" in capsys.readouterr().err


def test_evaluate_missing_folder_is_a_usage_error(needs_geodata, tmp_path, capsys) -> None:
    assert main(["evaluate", "--labelled", str(tmp_path / "absent")]) == 2
    assert "absent" in capsys.readouterr().err
# --- search --------------------------------------------------------------------------------------

RUSSIAN = "Паром\n\nПаром из Курыка в Алят (Kuryk ferry) перевёз рекордный объём грузов в апреле.\n"


def test_search_prints_the_best_hits_with_their_segments(needs_geodata, articles_dir, capsys) -> None:
    (articles_dir / "ru.txt").write_text(RUSSIAN, "utf-8")
    assert main(["search", "Курык*", "--articles", str(articles_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1. Kuryk – Alat (Baku) ferry")  # first; Alyat is a junction: its lines follow
    assert "ru.txt" in out[1] and "перевёз" in out[2]
    assert out[-1] == "1 excerpt(s) match 'Курык*'"


def test_search_json_has_the_total_the_segments_and_the_marked_words(
    needs_geodata, articles_dir, capsys
) -> None:
    assert main(["search", "traffic", "artery", "--articles", str(articles_dir), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["query"] == "traffic artery" and doc["total"] == 1
    hit = doc["hits"][0]
    assert hit["article"] == ARTICLE_001 and hit["segment"] == hit["segments"][0]
    assert "caspian-kuryk-alat" in hit["segments"]
    assert [hit["text"][a:b] for a, b in hit["spans"]] == ["traffic", "artery"]
    # The excerpt's one record, as `excerpts --json` gives it: the same citation, the same fields.
    assert hit["citation"] == f"AzerNews · Leman Mammadova · 2019-07-03 · {ARTICLE_001}"
    main(["excerpts", "--articles", str(articles_dir), "--segment", hit["segment"], "--json"])
    [record] = [r for r in json.loads(capsys.readouterr().out) if r["text"] == hit["text"]]
    assert {k: v for k, v in hit.items() if k not in ("segments", "score", "spans")} == {
        k: v for k, v in record.items() if k != "spans"
    }


@pytest.mark.parametrize(
    ("argv", "total", "shown"),
    [
        (["Kazakh*", "--limit", "2"], 5, 2),
        (["Kazakh*", "--since", "2019-01-01"], 5, 5),  # the undated article stays
        (["Kazakh*", "--until", "2019-01-01"], 2, 2),  # the 2019-07-03 article goes
        (['"AND (* NEAR'], 0, 0),  # FTS5 syntax is searched as text
        (["Caspian -ferry"], 3, 3),
    ],
)
def test_search_limits_and_dates(needs_geodata, articles_dir, capsys, argv, total: int, shown: int) -> None:
    assert main(["search", *argv, "--articles", str(articles_dir), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["total"], len(doc["hits"])) == (total, shown)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["((*"], "error: nothing to search for in '((*'"),
        (["-ferry pipeline"], None),  # a quoted query may start with a word left out
        (["Caspian", "-ferry"], 'goes inside the quoted query: python -m routes search "Caspian -ferry"'),
        (["Caspian", "--limit", "0"], "--limit must be 1 or more"),
        (["Caspian", "--since", "2019-13-01"], "not a date (YYYY-MM-DD): '2019-13-01'"),
    ],
)
def test_a_bad_search_is_one_error_line_and_exit_2(
    needs_geodata, articles_dir, capsys, argv: list[str], message: str | None
) -> None:
    code = main(["search", *argv, "--articles", str(articles_dir)])
    err = capsys.readouterr().err
    if message is None:
        assert code == 0 and not err
        return
    assert code == 2 and "Traceback" not in err
    assert message in err.strip().splitlines()[-1]


# --- the user's own articles, read as the app reads them ------------------------------------------

ADDED = "Added\n\nThe Kuryk ferry to Alyat carried a record 40 wagons of grain this week.\n"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["excerpts", "--segment", "caspian-kuryk-alat"], "record 40 wagons of grain"),
        (["search", "grain"], "record 40 wagons of grain"),
        (["validate"], "ok: no problems found"),
    ],
)
def test_commands_read_the_users_own_articles_beside_the_bundled_ones(
    needs_geodata, monkeypatch, tmp_path, capsys, command: list[str], expected: str
) -> None:
    from routes.paths import user_articles

    monkeypatch.setenv("ROUTES_USER_DATA", str(tmp_path / "user"))  # this test's own user folder
    monkeypatch.delenv("ROUTES_ARTICLES", raising=False)
    folder = user_articles()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "added.txt").write_text(ADDED, "utf-8")
    assert main(command) == 0
    assert expected in capsys.readouterr().out


def test_validate_names_a_broken_file_in_the_users_folder(
    needs_geodata, monkeypatch, tmp_path, capsys
) -> None:
    from routes.paths import user_articles

    monkeypatch.setenv("ROUTES_USER_DATA", str(tmp_path / "user"))  # this test's own user folder
    monkeypatch.delenv("ROUTES_ARTICLES", raising=False)
    folder = user_articles()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 binary")
    assert main(["validate"]) == 1
    assert "broken.txt" in capsys.readouterr().out


def test_an_articles_folder_given_is_read_alone(
    needs_geodata, articles_dir, monkeypatch, tmp_path, capsys
) -> None:
    from routes.paths import user_articles

    monkeypatch.setenv("ROUTES_USER_DATA", str(tmp_path / "user"))  # this test's own user folder
    folder = user_articles()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "added.txt").write_text(ADDED, "utf-8")
    assert main(["search", "grain", "--articles", str(articles_dir)]) == 0
    assert "record 40 wagons" not in capsys.readouterr().out
