"""`campmeeting todo @handle`: the list across teams, and reports with their refusals
(one line, exit 2, nothing written)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import SystemTime
from campmeeting.meeting import LiveMeeting
from campmeeting.store import Store
from tests.cli_support import Result, assert_one_line_error, run_main
from tests.tui_support import HOSTILE


@pytest.fixture
def cm(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    db = tmp_path / "camp.db"

    def run(*args: str) -> Result:
        return run_main(capsys, ["--db", str(db), *args])

    run.db = db
    for args in (
        ("teams", "add", "Leadership"),
        ("teams", "add", "Ops"),
        ("teams", "members", "Leadership", "@ana=Ana Lopez", "@bo=Bo Chen"),
        ("teams", "members", "Ops", "@ana=Ana Lopez"),
        ("add", "--team", "Leadership", "commitment", "Ship the beta @ana due:+3d"),  # 1
        ("add", "--team", "Ops", "commitment", f"Audit {HOSTILE} @ana due:+10d"),  # 2
        ("add", "--team", "Leadership", "commitment", "Fix billing @bo due:+3d"),  # 3
        ("add", "--team", "Leadership", "blocker", "Printer down"),  # 4
    ):
        assert run(*args).code == 0
    return run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_list_across_teams(cm) -> None:
    result = cm("todo", "@ana")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Open commitments of @ana (Ana Lopez): 2"
    assert lines[1].split()[:4] == ["#1", "Ship", "the", "beta"]
    assert "Leadership" in lines[1] and "due " in lines[1]
    assert lines[2].startswith("  #2") and lines[2].rstrip().endswith("Ops")
    assert "\x1b" not in result.out  # an item's text never drives the terminal
    only_ops = cm("todo", "@ana", "--team", "Ops")
    assert len(only_ops.out.splitlines()) == 2 and "#2" in only_ops.out
    assert cm("todo", "@bo", "--team", "Ops").out.strip() == (
        "@bo (Bo Chen) has no open commitments in Ops."
    )


def test_reports_are_recorded_and_listed(cm) -> None:
    done = cm("todo", "@ana", "done", "1")
    assert done.code == 0, done.err
    assert done.out.startswith("#1 'Ship the beta': reported done by @ana ")
    assert "next accountability review of Leadership confirms it" in done.out
    rescope = cm("todo", "@ana", "rescope", "#2", "Audit the racks due:+20d")
    assert rescope.code == 0, rescope.err
    assert "reported re-scope by @ana" in rescope.out and "Audit the racks" in rescope.out
    abandon = cm("todo", "@bo", "abandon", "3", "--reason", "vendor fixed it")
    assert abandon.code == 0 and "vendor fixed it" in abandon.out
    listed = cm("todo", "@ana").out
    assert "reported done by @ana" in listed and "(for the next review)" in listed


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("todo", "@ana", "done", "3"), ["#3 is @bo's commitment", "nothing was recorded"]),
        (("todo", "@ana", "done", "99"), ["no commitment #99"]),
        (("todo", "@ana", "done", "4"), ["#4 is a blocker"]),
        (("todo", "@ana", "done", "x1"), ["'x1' is not a commitment id"]),
        (("todo", "@ana", "done"), ["which commitment?"]),
        (("todo", "@ana", "finish", "1"), ["'finish'", "done, abandon or rescope"]),
        (("todo", "@ana", "rescope", "1"), ['"new text due:WHEN"']),
        (("todo", "@ana", "rescope", "1", "Later due:someday"), ["due:someday"]),
        (("todo", "@ana", "rescope", "1", "due:2020-01-01"), ["in the past"]),
        (("todo", "@ana", "done", "1", "--reason", "x"), ["--reason goes with abandon"]),
        (("todo", "@ana", "done", "1", "extra"), ["unexpected 'extra'"]),
        (("todo", "@zed"), ["no one has the handle @zed"]),
        (("todo", "@zed", "done", "1"), ["no one has the handle @zed"]),
        (("todo", "@ana", "--team", "Nope"), ["no team named 'Nope'"]),
    ],
)
def test_refusals_are_one_line_and_write_nothing(cm, args, words) -> None:
    before = digest(cm.db)
    assert_one_line_error(cm(*args), *words)
    assert digest(cm.db) == before


def test_a_closed_commitment_cannot_be_reported_on(cm) -> None:
    store = Store.open(cm.db)
    team = store.team_by_name("Leadership")
    live = LiveMeeting.start(store, SystemTime(), team, load_agenda(resolve_agenda("camp")), "camp")
    live.review(1, "done")
    live.end()
    store.close()
    assert_one_line_error(cm("todo", "@ana", "done", "1"), "#1 is done already")
