"""Team and person names are one line of text: control characters are refused, in the
core and from the command line, with one line, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from campmeeting.clock import FakeTime
from campmeeting.meeting import MeetingError, add_member, create_team
from campmeeting.store import Store
from tests.cli_support import assert_one_line_error, run_main

FAKE_EVENT = "Evil\r\nBEGIN:VEVENT\r\nSUMMARY:pwned"
BAD_NAMES = {
    "crlf-fake-vevent": (FAKE_EVENT, "U+000D"),
    "lf": ("Bo\nBEGIN:VEVENT", "U+000A"),
    "escape": ("Ana \x1b[2J", "U+001B"),
    "osc52": ("Ana \x1b]52;c;SGVsbG8=\x07", "U+001B"),
    "bell": ("Ana\x07", "U+0007"),
    "nul": ("Ana\x00", "U+0000"),
    "c1-csi": ("Ana \x9b31m", "U+009B"),
    "nel": ("Ana\x85Bo", "U+0085"),
    "line-separator": ("Ana\u2028Bo", "U+2028"),
    "paragraph-separator": ("Ana\u2029", "U+2029"),
    "bidi-override": ("Ana \u202eoB", "U+202E"),
    "tab": ("Ana\tBo", "U+0009"),
}
GOOD_NAMES = [
    "R&D [labs]",
    "Li <b>Wei</b>",
    "Ben *Star* Okafor",
    "Zoë Ørsted-Łukasz",
    "資料 チーム",
    "👩‍👩‍👧 family",  # zero-width joiners are part of the emoji, not controls
    "x" * 100,
]


def dump(store: Store) -> list[str]:
    return list(store.db.conn.iterdump())


@pytest.mark.parametrize(("name", "code"), BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_a_team_name_with_a_control_character_is_refused(
    store: Store, source: FakeTime, name: str, code: str
) -> None:
    before = dump(store)
    with pytest.raises(MeetingError) as info:
        create_team(store, source, name)
    message = str(info.value)
    assert "team name" in message and code in message, message
    assert "\n" not in message and "\r" not in message and "\x1b" not in message
    assert dump(store) == before


@pytest.mark.parametrize(("name", "code"), BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_a_person_name_with_a_control_character_is_refused(
    store: Store, source: FakeTime, name: str, code: str
) -> None:
    team = create_team(store, source, "Core")
    before = dump(store)
    with pytest.raises(MeetingError) as info:
        add_member(store, source, team, "bo", name)
    message = str(info.value)
    assert "name" in message and code in message, message
    assert "\n" not in message and "\x1b" not in message
    assert dump(store) == before


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_names_of_any_script_and_symbols_are_kept_exactly(
    store: Store, source: FakeTime, name: str
) -> None:
    team = create_team(store, source, name)
    assert store.team(team.id).name == name
    person = add_member(store, source, team, "p1", name)
    assert store.person(person.id).name == name


def test_the_cli_refuses_a_fake_calendar_event_in_a_team_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "camp.db")
    result = run_main(capsys, ["--db", db, "teams", "add", FAKE_EVENT])
    assert_one_line_error(result, "U+000D")
    assert "BEGIN:VEVENT" in result.err  # named, on the one line: visible, not a line break
    assert run_main(capsys, ["--db", db, "teams", "list"]).out.startswith("No teams yet")


def test_the_cli_refuses_a_member_name_with_a_line_break(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "camp.db")
    assert run_main(capsys, ["--db", db, "teams", "add", "Core"]).code == 0
    result = run_main(capsys, ["--db", db, "teams", "members", "Core", "@bo=Bo\nBEGIN:VEVENT"])
    assert_one_line_error(result, "U+000A")
    listed = run_main(capsys, ["--db", db, "teams", "members", "Core"])
    assert listed.code == 0 and listed.out == ""
