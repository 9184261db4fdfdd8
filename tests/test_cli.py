"""The `campmeeting` command: exit codes 0/2/1, one-line errors, teams, add, agendas."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from campmeeting import __version__
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.store import Store
from tests.cli_support import Result, assert_one_line_error, run_main

ROOT = Path(__file__).resolve().parents[1]
AGENDA_FILES = sorted(str(p) for p in (ROOT / "src" / "campmeeting" / "agendas").glob("*.toml"))
EXE = Path(sys.executable).with_name("campmeeting")


@pytest.fixture
def cm(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    """Run `campmeeting --db <tmp>/camp.db ARGS...` in-process; returns a Result."""
    db = tmp_path / "camp.db"

    def run(*args: str, db_path: Path | None = db, debug: bool = False) -> Result:
        argv = (["--db", str(db_path)] if db_path is not None else []) + (
            ["--debug"] if debug else []
        )
        argv += list(args)
        return run_main(capsys, argv)

    run.db = db
    return run


# --------------------------------------------------------------------------- basics


def test_version(cm) -> None:
    result = cm("--version", db_path=None)
    assert result.code == 0
    assert result.out.strip() == f"campmeeting, version {__version__}"


def test_help_lists_the_commands(cm) -> None:
    result = cm("--help", db_path=None)
    assert result.code == 0
    for command in ("run", "review", "add", "export", "agendas", "teams", "demo"):
        assert command in result.out


def test_unknown_command_is_bad_input(cm) -> None:
    assert_one_line_error(cm("frobnicate"), "frobnicate", "--help")
    assert_one_line_error(cm("add", "--team", "Core"), "Missing argument", "blocker")


# --------------------------------------------------------------------------- agendas


def test_agendas_check_bundled_files(cm) -> None:
    assert len(AGENDA_FILES) >= 3
    result = cm("agendas", "check", *AGENDA_FILES)
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.count(": ok (") == len(AGENDA_FILES)
    assert "camp.toml: ok (Weekly Camp Meeting, 60 min)" in result.out


def test_agendas_check_bad_file_names_file_and_field(cm, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "Bad"\n[[sections]]\ntitle = "Check-in"\nkind = "checkin"\nminutes = 0\n'
    )
    result = cm("agendas", "check", str(bad))
    assert_one_line_error(result, str(bad), "sections[1].minutes")


def test_agendas_check_reports_every_bad_file_and_still_checks_good_ones(
    cm, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Bad"\n[[sections]]\ntitle = "X"\nkind = "gossip"\nminutes = 5\n')
    missing = tmp_path / "missing.toml"
    result = cm("agendas", "check", str(bad), AGENDA_FILES[0], str(missing))
    assert result.code == 2
    assert "Traceback" not in result.err
    assert len(result.err_lines) == 2
    assert str(bad) in result.err_lines[0] and "sections[1].kind" in result.err_lines[0]
    assert str(missing) in result.err_lines[1]
    assert ": ok (" in result.out


def test_agendas_show_and_unknown_name(cm) -> None:
    result = cm("agendas", "show", "camp")
    assert result.code == 0
    assert "Weekly Camp Meeting" in result.out and "60 min" in result.out
    assert_one_line_error(cm("agendas", "show", "no-such-agenda"), "no-such-agenda")


# --------------------------------------------------------------------------- teams


def test_teams_add_list_and_members(cm) -> None:
    assert cm("teams", "list").out.startswith("No teams yet")
    result = cm("teams", "add", "Core", "--cadence", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9")
    assert result.code == 0, result.err
    assert "Added team Core" in result.out
    assert cm("teams", "add", "Ops").code == 0

    result = cm("teams", "members", "core", "@ana=Ana Alves", "bo")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["@ana              Ana Alves", "@bo               bo"]

    listing = cm("teams", "list")
    assert listing.code == 0
    lines = listing.out.splitlines()
    assert [line.split()[0] for line in lines] == ["Core", "Ops"]
    assert "@ana @bo" in lines[0] and "next: Mon" in lines[0] and "09:00" in lines[0]
    assert "after the first meeting" in lines[1] and "(no members)" in lines[1]
    # columns: each as wide as its widest cell, so the rhythms and members line up
    assert lines[0].index("every") == lines[1].index("no cadence")
    assert lines[0].index("@ana") == lines[1].index("(no members)")

    result = cm("teams", "members", "Core", "@bo", "--remove")
    assert result.out.splitlines() == ["@ana              Ana Alves"]

    db = Store.open_readonly(cm.db)
    try:
        assert [t.name for t in db.teams()] == ["Core", "Ops"]
        assert db.team_by_name("Core").cadence == "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"
    finally:
        db.close()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("teams", "add", "Core"), ["exists already"]),
        (("teams", "add", "Ops", "--cadence", "FREQ=HOURLY"), ["HOURLY"]),
        (("teams", "add", "Ops", "--agenda", "nope"), ["nope"]),
        (("teams", "members", "Nobody", "@ana"), ["no team named 'Nobody'", "Core"]),
        (("teams", "members", "Core", "@bad handle!"), ["handle"]),
    ],
)
def test_teams_bad_input(cm, args: tuple[str, ...], words: list[str]) -> None:
    assert cm("teams", "add", "Core").code == 0
    assert_one_line_error(cm(*args), *words)
    db = Store.open_readonly(cm.db)
    try:
        assert [t.name for t in db.teams()] == ["Core"]
    finally:
        db.close()


# --------------------------------------------------------------------------- add


def test_add_items_for_the_next_meeting(cm) -> None:
    cm("teams", "add", "Core")
    cm("teams", "members", "Core", "@ana")
    result = cm("add", "--team", "core", "blocker", "Staging", "is", "down", "@ana")
    assert result.code == 0, result.err
    assert result.out.strip() == "Added blocker #1 to the next meeting of Core: Staging is down"
    result = cm("add", "--team", "Core", "headline", "[bold]We won[/] 🏆")
    assert result.code == 0
    assert "[bold]We won[/] 🏆" in result.out
    db = Store.open_readonly(cm.db)
    try:
        blocker = db.item(1)
        assert (blocker.kind, blocker.status, blocker.text) == (
            "blocker",
            "open",
            "Staging is down",
        )
        assert blocker.owner_id == db.person_by_handle("ana").id
        assert blocker.created_meeting_id is None
        assert db.item(2).text == "[bold]We won[/] 🏆"
    finally:
        db.close()


def test_add_into_a_live_meeting(cm) -> None:
    cm("teams", "add", "Core")
    db = Store.open(cm.db, now=datetime(2026, 11, 24, 9, 0))
    live = LiveMeeting.start(
        db,
        FakeTime(datetime(2026, 11, 24, 9, 0)),
        db.team_by_name("Core"),
        load_agenda(resolve_agenda("camp")),
        "camp",
    )
    result = cm("add", "--team", "Core", "blocker", "Late", "breaking")
    assert result.code == 0, result.err
    assert "to the live meeting of Core" in result.out
    assert db.item(1).created_meeting_id == live.meeting_id
    db.close()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "--team", "Nope", "blocker", "x"), ["no team named 'Nope'", "Core"]),
        (("add", "--team", "Core", "commitment", "Do it"), ["needs one owner"]),
        (("add", "--team", "Core", "blocker", "Ask", "@zed"), ["@zed"]),
        (("add", "--team", "Core", "blocker", "x", "due:someday"), ["due:someday"]),
        (("add", "--team", "Core", "decision", "x"), ["decision"]),
    ],
)
def test_add_bad_input(cm, args: tuple[str, ...], words: list[str]) -> None:
    cm("teams", "add", "Core")
    result = cm(*args)
    assert_one_line_error(result, *words)
    db = Store.open_readonly(cm.db)
    try:
        assert db.scalar("select count(*) from items") == 0
    finally:
        db.close()


def test_db_from_the_environment(cm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("CAMPMEETING_DB", str(path))
    assert cm("teams", "add", "Env", db_path=None).code == 0
    db = Store.open_readonly(path)
    try:
        assert [t.name for t in db.teams()] == ["Env"]
    finally:
        db.close()


# --------------------------------------------------------------------------- refusals, faults


@pytest.mark.parametrize(
    "content",
    [b"just some text\n", b"SQLite format 3\x00" + b"\x13" * 5000],
)
def test_foreign_file_is_refused_and_unchanged(cm, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "foreign.db"
    path.write_bytes(content)
    mtime = path.stat().st_mtime_ns
    for args in (("teams", "list"), ("add", "--team", "Core", "blocker", "x")):
        assert_one_line_error(cm(*args, db_path=path), str(path))
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foreign.db"]


def test_other_apps_database_is_refused(cm, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table invoices (id integer primary key)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert_one_line_error(cm("teams", "list", db_path=path), "not a campmeeting database")
    assert path.read_bytes() == before


def test_unexpected_fault_is_short_without_traceback(cm, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self):
        raise RuntimeError("the disk fell off")

    monkeypatch.setattr(Store, "teams", boom)
    result = cm("teams", "list")
    assert result.code == 1
    assert "Traceback" not in result.err
    (line,) = result.err_lines
    assert line.startswith("campmeeting: unexpected error: RuntimeError: the disk fell off")
    assert "--debug" in line
    assert len(line) < 120

    debug = cm("teams", "list", debug=True)
    assert debug.code == 1
    assert "Traceback (most recent call last)" in debug.err
    assert "RuntimeError: the disk fell off" in debug.err
    assert "def boom" not in debug.out


# --------------------------------------------------------------------------- end to end


def _exe(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "Europe/Berlin", "CAMPMEETING_DB": str(tmp_path / "e2e.db")}
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


@pytest.mark.skipif(not EXE.exists(), reason="the campmeeting script is not installed")
def test_end_to_end_console_script(tmp_path: Path) -> None:
    version = _exe(tmp_path, "--version")
    assert (version.returncode, version.stdout.strip()) == (
        0,
        f"campmeeting, version {__version__}",
    )

    assert _exe(tmp_path, "teams", "add", "Core").returncode == 0
    assert _exe(tmp_path, "teams", "members", "Core", "@ana").returncode == 0
    added = _exe(tmp_path, "add", "--team", "Core", "commitment", "Ship @ana due:+3d")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Added commitment #1 to the next meeting of Core: Ship")

    unknown = _exe(tmp_path, "add", "--team", "Nope", "blocker", "x")
    assert unknown.returncode == 2
    assert unknown.stderr.count("\n") == 1 and "Traceback" not in unknown.stderr

    foreign = tmp_path / "foreign.db"
    foreign.write_text("not a database")
    refused = _exe(tmp_path, "--db", str(foreign), "teams", "list")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and str(foreign) in refused.stderr
    assert foreign.read_text() == "not a database"
