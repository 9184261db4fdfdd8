"""`campmeeting scorecard list | add | record | archive`: what a user types, what the file
holds after it; every refusal is one line naming the field or value, exit 2, and
nothing changed."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from campmeeting import scorecard
from campmeeting.clock import SystemTime, local_today
from campmeeting.store import Store
from tests.cli_support import Result, assert_one_line_error, run_main


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "camp.db"
    for argv in (
        ["teams", "add", "Leadership", "--cadence", "every tuesday 9:00"],
        ["teams", "members", "Leadership", "@ana=Ana Lopez", "@bo=Bo Chen"],
        ["teams", "add", "Ops"],
    ):
        assert run_main(capsys, ["--db", str(path), *argv]).code == 0
    return path


def cm(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> Result:
    return run_main(capsys, ["--db", str(db), "scorecard", *argv])


def dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            name: conn.execute(f"select * from {name} order by 1, 2").fetchall()
            for name in ("measurables", "measurable_values", "measurable_events", "items")
        }
    finally:
        conn.close()


def values(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "select m.title, v.week, v.value, v.recorded_by is not null from measurable_values v "
            "join measurables m on m.id = v.measurable_id order by m.title, v.week"
        ).fetchall()
    finally:
        conn.close()


def test_five_measurables_two_values_and_the_list(capsys, db: Path) -> None:
    added = []
    for argv in (
        ["Revenue", "--goal", ">= 100k", "--owner", "@ana", "--unit", "$"],
        ["Churn", "--goal", "<= 2%", "--owner", "bo"],
        ["New customers", "--goal", ">= 5"],
        ["Defects escaped", "--goal", "= 0"],
        ["NPS", "--goal", "40..60", "--owner", "@ana"],
    ):
        result = cm(capsys, db, "add", "--team", "leadership", *argv)
        assert result.code == 0, result.err
        added.append(result.out.strip())
    assert added[0] == "Added Revenue to the scorecard of Leadership: goal >= $100,000, owner @ana"
    assert added[1] == "Added Churn to the scorecard of Leadership: goal <= 2%, owner @bo"
    week = scorecard.iso_week(date(2026, 11, 24))
    first = cm(capsys, db, "record", "--team", "Leadership", "revenue", "92,000", "--week", week)
    assert first.code == 0, first.err
    assert first.out.startswith("Recorded Revenue = $92,000 for 2026-W48 (week of Mon 23 Nov")
    assert "off track, goal >= $100,000" in first.out
    second = cm(
        capsys,
        db,
        "record",
        "--team",
        "Leadership",
        "Churn",
        "1.5%",
        "--week",
        "2026-11-26",
        "--by",
        "@bo",
    )
    assert second.code == 0 and "on track, goal <= 2%" in second.out
    assert values(db) == [("Churn", week, 1.5, 1), ("Revenue", week, 92000.0, 0)]
    again = cm(capsys, db, "record", "--team", "Leadership", "Revenue", "92k", "--week", week)
    assert again.code == 0 and "unchanged" in again.out
    changed = cm(capsys, db, "record", "--team", "Leadership", "Revenue", "95k", "--week", week)
    assert "(was $92,000)" in changed.out
    listed = cm(capsys, db, "list", "--team", "Leadership", "--week", week)
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert lines[0].startswith("Leadership · scorecard for 2026-W48 (week of Mon 23 Nov")
    assert "5 measurables, 1 off track, 3 missing" in lines[0]
    assert lines[1].split() == [
        "Measurable",
        "Owner",
        "Goal",
        "W48",
        "W47",
        "W46",
        "W45",
        "W44",
        "Trend",
        "(13",
        "weeks)",
    ]
    revenue = next(line for line in lines if line.startswith("Revenue"))
    assert "@ana" in revenue and ">= $100,000" in revenue and "✗ $95,000" in revenue
    churn = next(line for line in lines if line.startswith("Churn"))
    assert "1.5%" in churn and "✗" not in churn


def test_a_negative_value_and_the_week_of_the_next_meeting(capsys, db: Path) -> None:
    assert cm(capsys, db, "add", "--team", "Leadership", "Cash flow", "--goal", ">= 0").code == 0
    result = cm(capsys, db, "record", "--team", "Leadership", "Cash flow", "-3")
    assert result.code == 0, result.err
    store = Store.open(db)
    try:
        from campmeeting.meeting.scorecard import default_week

        team = store.team_by_name("Leadership")
        assert team is not None
        expected = default_week(store, SystemTime(), team)
    finally:
        store.close()
    assert values(db) == [("Cash flow", expected, -3.0, 0)]
    assert "off track" in result.out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["add", "--team", "Nope", "X", "--goal", ">= 1"], ["'Nope'"]),
        (["add", "--team", "Leadership", "X", "--goal", "> 1"], ["goal '> 1'"]),
        (["add", "--team", "Leadership", "X", "--goal", "110..90"], ["goal '110..90'"]),
        (["add", "--team", "Leadership", "X", "--goal", ">= 1", "--owner", "@zed"], ["'@zed'"]),
        (["add", "--team", "Leadership", "X", "--goal", ">= 1", "--unit", "a b"], ["'a b'"]),
        (["add", "--team", "Leadership", "REVENUE", "--goal", ">= 1"], ["'Revenue' already"]),
        (["add", "--team", "Leadership", "X"], ["--goal"]),
        (["record", "--team", "Leadership", "Revenue", "12,5"], ["'12,5'", "Revenue"]),
        (["record", "--team", "Leadership", "Revenue", "lots"], ["'lots'"]),
        (["record", "--team", "Leadership", "Revenue", "95%"], ["'95%'", "$"]),
        (["record", "--team", "Leadership", "Revenue", "1e6"], ["'1e6'"]),
        (["record", "--team", "Leadership", "Revnue", "5"], ["'Revnue'", "Revenue"]),
        (["record", "--team", "Ops", "Revenue", "5"], ["'Revenue'", "Ops"]),
        (["record", "--team", "Leadership", "Revenue", "5", "--week", "2026-W54"], ["2026-W54"]),
        (["record", "--team", "Leadership", "Revenue", "5", "--week", "soon"], ["'soon'"]),
        (["record", "--team", "Leadership", "Revenue", "5", "--by", "@zed"], ["'@zed'"]),
        (["record", "--team", "Leadership", "Revenue", "\x1b[2J5"], ["␛[2J5"]),
        (["record", "--team", "Leadership", "Revenue"], ["VALUE"]),
        (["archive", "--team", "Leadership", "Nope"], ["'Nope'"]),
        (["archive", "--team", "Leadership", "Revenue", "--restore"], ["not archived"]),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    capsys, db: Path, argv: list[str], words: list[str]
) -> None:
    assert (
        cm(
            capsys, db, "add", "--team", "Leadership", "Revenue", "--goal", ">= 1", "--unit", "$"
        ).code
        == 0
    )
    before = dump(db)
    result = cm(capsys, db, *argv)
    assert_one_line_error(result, *words)
    assert "\x1b" not in result.err
    assert dump(db) == before


def test_archive_keeps_the_history_and_restore_brings_it_back(capsys, db: Path) -> None:
    assert cm(capsys, db, "add", "--team", "Leadership", "Churn", "--goal", "<= 2%").code == 0
    assert cm(capsys, db, "record", "--team", "Leadership", "Churn", "3%").code == 0
    archived = cm(capsys, db, "archive", "--team", "Leadership", "churn")
    assert archived.code == 0 and "its history stays" in archived.out
    listed = cm(capsys, db, "list", "--team", "Leadership", "--archived")
    assert "0 measurables" in listed.out and "Archived: Churn" in listed.out
    refused = cm(capsys, db, "record", "--team", "Leadership", "Churn", "1%")
    assert_one_line_error(refused, "archived")
    assert len(values(db)) == 1
    assert cm(capsys, db, "archive", "--team", "Leadership", "Churn", "--restore").code == 0
    assert "1 measurable," in cm(capsys, db, "list", "--team", "Leadership").out


def test_hostile_titles_print_literally(capsys, db: Path) -> None:
    title = "R\x1b[31m[b]x[/]|<b>"
    assert cm(capsys, db, "add", "--team", "Leadership", title, "--goal", ">= 1").code == 0
    listed = cm(capsys, db, "list", "--team", "Leadership")
    assert "\x1b" not in listed.out and "R␛[31m[b]x[/]|<b>" in listed.out


def test_record_into_a_live_meeting_says_so(capsys, db: Path) -> None:
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.meeting import LiveMeeting

    assert cm(capsys, db, "add", "--team", "Leadership", "Revenue", "--goal", ">= 1").code == 0
    store = Store.open(db)
    try:
        team = store.team_by_name("Leadership")
        assert team is not None
        live = LiveMeeting.start(
            store, SystemTime(), team, load_agenda(resolve_agenda("level10")), "level10"
        )
        week = live.week
    finally:
        store.close()
    result = cm(capsys, db, "record", "--team", "Leadership", "Revenue", "7")
    assert result.code == 0 and "shown in the live meeting" in result.out
    assert values(db) == [("Revenue", week, 7.0, 0)]
    assert week == scorecard.iso_week(local_today(SystemTime()))
