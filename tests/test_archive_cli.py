"""`campmeeting meetings`, `campmeeting search`, `campmeeting check`: the archive and the
file from the shell, text or JSON (valid against `--schema`), the same reads as review."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest

from campmeeting import history
from campmeeting.clock import FakeTime
from campmeeting.demo.scale import build_scale
from campmeeting.meeting import add_between_meetings
from campmeeting.model import ItemKind
from campmeeting.store import Store
from tests.cli_support import assert_one_line_error, run_main

TODAY = date(2026, 11, 25)
HOSTILE = "Printer \x1b[31mred\x1b[0m and a bell\x07 zebrafish"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    build_scale(path, 3, 6, seed=2, today=TODAY)
    store = Store.open(path)
    team = store.teams()[0]
    add_between_meetings(
        store, FakeTime(datetime(2026, 11, 25, 8, 0)), team, ItemKind.BLOCKER, HOSTILE
    )
    store.close()
    return path


@pytest.fixture
def cm(built: Path, capsys):
    def run(*args: str):
        return run_main(capsys, ["--db", str(built), *args])

    return run


@pytest.fixture
def reader(built: Path):
    store = Store.open_readonly(built)
    yield store
    store.close()


def schema_of(cm, command: str) -> dict:
    result = cm(command, "--schema")
    assert result.code == 0, result.err
    return json.loads(result.out)


# --------------------------------------------------------------------------- meetings


def test_meetings_lists_the_archive_newest_first_with_the_review_numbers(cm, reader) -> None:
    result = cm("meetings", "--limit", "7")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    summaries = history.meeting_summaries(reader, limit=7)
    assert len(lines) == 7 == len(summaries)
    for line, summary in zip(lines, summaries, strict=True):
        assert line.startswith(summary.date)
        assert f"#{summary.meeting_id}" in line and summary.team_name in line
        assert f"open blockers {summary.open_blockers}" in line
    dates = [line[:10] for line in lines]
    assert dates == sorted(dates, reverse=True)


def test_meetings_as_json_validate_and_say_what_review_says(cm, reader) -> None:
    team = reader.teams()[1]
    result = cm("meetings", "--team", team.name, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    jsonschema.validate(document, schema_of(cm, "meetings"))
    assert document["team"] == team.name
    summaries = history.meeting_summaries(reader, team.id, limit=50)
    assert [m["meeting_id"] for m in document["meetings"]] == [s.meeting_id for s in summaries]
    for entry, summary in zip(document["meetings"], summaries, strict=True):
        assert entry["team"] == team.name
        assert entry["commitments_done"] == summary.rate.done
        assert entry["commitments_reviewed"] == summary.rate.total
        assert entry["open_blockers"] == summary.open_blockers
        assert entry["decisions"] == summary.decisions


def test_meetings_refuses_bad_input_with_one_line(cm) -> None:
    assert_one_line_error(cm("meetings", "--team", "Nobody"), "no team named 'Nobody'")
    assert_one_line_error(cm("meetings", "--limit", "0"), "--limit", "0")
    assert_one_line_error(cm("meetings", "--limit", "501"), "--limit", "501")
    assert_one_line_error(cm("meetings", "--format", "xml"), "--format", "xml")


# --------------------------------------------------------------------------- search


def test_search_finds_newest_first_as_review_does(cm, reader) -> None:
    result = cm("search", "the", "--format", "json", "--limit", "20")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    jsonschema.validate(document, schema_of(cm, "search"))
    hits = history.search(reader, "the", limit=20)
    assert [h["item_id"] for h in document["hits"]] == [h.item.id for h in hits]
    ids = [h["item_id"] for h in document["hits"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 20
    assert document["order"] == "newest first"


def test_search_of_one_team_and_in_text(cm, reader) -> None:
    team = reader.teams()[2]
    result = cm("search", "the", "--team", team.name, "--format", "json")
    document = json.loads(result.out)
    assert document["hits"] and {h["team"] for h in document["hits"]} == {team.name}
    text = cm("search", "the", "--team", team.name, "--limit", "3")
    assert text.code == 0 and text.out.count(team.name) == 3


def test_search_prints_user_text_safely(cm) -> None:
    result = cm("search", "zebrafish")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "␛[31mred␛[0m" in result.out
    document = json.loads(cm("search", "zebrafish", "--format", "json").out)
    assert document["hits"][0]["text"] == HOSTILE  # JSON keeps it exactly, escaped


def test_search_refuses_bad_input_with_one_line(cm) -> None:
    assert_one_line_error(cm("search"), "nothing to search for")
    assert_one_line_error(cm("search", "   "), "nothing to search for")
    assert_one_line_error(cm("search", "x", "--team", "Nobody"), "no team named 'Nobody'")
    assert_one_line_error(cm("search", "x", "--limit", "201"), "--limit", "201")
    result = cm("search", "qwertyuiopnothing")
    assert result.code == 0 and "Nothing found" in result.out


# --------------------------------------------------------------------------- check


def test_check_says_ok_or_names_the_damage_and_changes_nothing(
    built: Path, tmp_path: Path, capsys
) -> None:
    result = run_main(capsys, ["--db", str(built), "check"])
    assert result.code == 0, result.err
    assert "ok" in result.out and str(built) in result.out
    damaged = tmp_path / "damaged.db"
    data = bytearray(built.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 8 * 4096] = bytes(range(256)) * 128
    damaged.write_bytes(bytes(data))
    before = damaged.read_bytes()
    result = run_main(capsys, ["--db", str(damaged), "check"])
    assert_one_line_error(result, str(damaged), "damaged")
    assert damaged.read_bytes() == before
    assert_one_line_error(
        run_main(capsys, ["--db", str(tmp_path / "missing.db"), "check"]), "no such database"
    )


def test_a_read_that_meets_a_damaged_page_is_one_line(built: Path, tmp_path: Path, capsys):
    damaged = tmp_path / "damaged.db"
    data = bytearray(built.read_bytes())
    for page in range(len(data) // 4096 // 2, len(data) // 4096 - 1):  # the second half
        data[page * 4096 : (page + 1) * 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    result = run_main(capsys, ["--db", str(damaged), "search", "customer", "--limit", "200"])
    assert_one_line_error(result, "damaged", "campmeeting check")


# --------------------------------------------------------------------------- start-up


def test_help_lists_the_commands_and_loads_no_heavy_library() -> None:
    """`campmeeting --help` imports click and the command modules only: pydantic,
    sqlite-utils and textual wait until a command needs them."""
    code = (
        "import sys\n"
        "from campmeeting.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pydantic', 'sqlite_utils', 'textual', 'dateutil', 'platformdirs', 'sqlite3'})\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for command in ("meetings", "search", "check", "export", "demo"):
        assert command in result.stdout
    assert "HEAVY []" in result.stdout
