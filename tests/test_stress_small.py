"""A small version of each `make stress` run (tests/stress/), in `make test`: the real
TUI in a pty killed with SIGKILL, concurrent `campmeeting add` writers and readers
during a live meeting, hostile strings through capture, add and every export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("ptyprocess")
pytest.importorskip("pyte")

from tests.hostile import HOSTILE  # noqa: E402
from tests.stress.hostile import run_hostile  # noqa: E402
from tests.stress.kills import TEAM, prepare, read_draft, run_kills  # noqa: E402
from tests.stress.terminal import PtyApp, campmeeting, environment  # noqa: E402
from tests.stress.writers import run_writers  # noqa: E402


def test_kill9_at_random_moments_loses_nothing_shown_and_resumes(tmp_path: Path) -> None:
    report = run_kills(tmp_path, kills=3, seed=15, budget=240, actions=(1, 3))
    assert report.failures == []
    assert report.kills == 3 and report.lost == set()
    assert report.resumes == report.restarts == 2
    assert report.shown, "nothing was shown: the script did not run"


def test_a_draft_kept_while_typed_is_back_in_its_box_after_kill9(tmp_path: Path) -> None:
    db = prepare(tmp_path)
    env = environment(db, tmp_path)
    line = "zq00001 half a thought about the vendor @ana"
    app = PtyApp.spawn(campmeeting("run", "--team", TEAM), env)
    try:
        app.pump(lambda a: a.section() is not None, "the meeting screen")
        app.keys("a")
        app.pump(lambda a: a.capture_open(), "the capture box")
        app.keys(line)  # no Enter: a draft
        app.pump(lambda a: read_draft(db, 0) == line, "the draft kept in the file")
    finally:
        app.kill9()
    app = PtyApp.spawn(campmeeting("run", "--team", TEAM), env)
    try:
        app.pump(lambda a: a.capture_open() and line in a.text(), "the draft back in its box")
        app.pump(lambda a: "Your draft is back" in a.text(), "the status line telling of it")
        app.keys("\r")
        app.pump(lambda a: "zq00001" in a.item_markers(), "the draft saved with Enter")
    finally:
        app.kill9()
    assert read_draft(db, 0) == ""


def test_the_kill9_check_finds_an_item_that_was_shown_but_not_stored(tmp_path: Path) -> None:
    def forget_the_items(db: Path) -> None:  # as if the app had shown them unsaved
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("delete from events where item_id in (select id from items)")
            conn.execute("delete from items")
        conn.close()

    report = run_kills(
        tmp_path, kills=1, seed=1, budget=120, actions=(2, 2), capture_share=1.0,
        tamper=forget_the_items,
    )  # fmt: skip
    assert report.shown, report.failures
    assert report.lost == report.shown and not report.ok


def test_concurrent_writers_and_readers_during_a_live_meeting(tmp_path: Path) -> None:
    report = run_writers(tmp_path, seconds=3)
    assert (report.lock_errors, report.errors, report.lost) == (0, [], [])
    assert report.adds > 0 and report.reads > 0 and report.tui_items > 0


def test_hostile_strings_through_capture_add_and_every_export(tmp_path: Path) -> None:
    # ESC[2J (shown through add), BEL and C1 (pasted: a draft), calendar lines, 10,000
    # characters; `make stress` runs them all (tests/hostile.py)
    report = run_hostile(tmp_path, [HOSTILE[n] for n in (1, 5, 10, 13)])
    assert report.failures == [] and report.leaks == [], "\n".join(report.failures[:1])
    assert report.captured_exact == report.strings - report.pasted_for_leaks
    assert report.added_exact == report.added > 0
    assert report.exports_clean == ["md", "json", "html", "ics"]
