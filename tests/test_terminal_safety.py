"""No user text sends a control sequence to a terminal: not from any command's output or
error line, not from any screen, dialog or input box. User text is stored exactly and
shown with its control characters made visible (text.visible)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot

from campmeeting.clock import FakeTime
from campmeeting.meeting import add_member, create_team
from campmeeting.meeting.views import Verb
from campmeeting.store import Store
from campmeeting.tui.app import CampApp
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.dialogs.prompt import PromptScreen
from campmeeting.tui.screens.ended import EndedScreen
from campmeeting.tui.screens.home import HomeScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.screens.minutes_view import MinutesScreen
from campmeeting.tui.screens.review import ReviewScreen
from campmeeting.tui.widgets.capture_box import CaptureBox
from tests.cli_support import run_main
from tests.hostile import HOSTILE, HOSTILE_NAMES, cli_leaks, screen_leaks, screen_output
from tests.test_history import capture, goto, start
from tests.tui_support import make_app, settle, wait_for_screen, wait_until

TEAM, PERSON = HOSTILE_NAMES
DRAFT = "draft \x9b31m \x1b]52;c;SGVsbG8=\x07 \x1b[2J \x07 \x85 \x00 end"


@dataclass
class World:
    db: Path
    team_id: int
    meeting_id: int


def rename(store: Store, table: str, row_id: int, name: str) -> None:
    """A name as an older campmeeting let it in (names are refused now)."""
    with store.transaction():
        store.update(table, row_id, {"name": name})


@pytest.fixture
def world(tmp_path: Path, source: FakeTime) -> World:
    """A team and a member with hostile names; an ended meeting with a hostile item in
    every section; a live meeting of the same team carrying them."""
    db = tmp_path / "camp.db"
    store = Store.open(db)
    team = create_team(store, source, "Core", cadence="FREQ=WEEKLY;BYDAY=TU;BYHOUR=9")
    ana = add_member(store, source, team, "ana", "Ana")
    add_member(store, source, team, "bo", "Bo")
    rename(store, "teams", team.id, TEAM)
    rename(store, "people", ana.id, PERSON)
    live = start(store, source, team.id)
    for kind, line in zip(
        ["checkin", "priorities", "blockers", "act", "commitments", "close"],
        HOSTILE,
        strict=False,
    ):
        goto(live, kind)
        capture(live, line + (" @ana" if kind == "commitments" else ""))
    goto(live, "notes" if any(s.kind == "notes" for s in live.sections) else "close")
    for line in HOSTILE[6:]:
        capture(live, line)
    source.advance(minutes=30)
    meeting = live.end()
    source.advance(days=7)
    start(store, source, team.id)
    store.close()
    return World(db, team.id, meeting.id)


# --------------------------------------------------------------------------- commands


def cm(capsys: pytest.CaptureFixture[str], world: World, *args: str):
    return run_main(capsys, ["--db", str(world.db), *args])


def test_every_command_output_is_free_of_control_characters(
    capsys: pytest.CaptureFixture[str], world: World
) -> None:
    results = {
        "teams list": cm(capsys, world, "teams", "list"),
        "teams members": cm(capsys, world, "teams", "members", TEAM),
        "export md": cm(capsys, world, "export", "--meeting", str(world.meeting_id)),
        "export html": cm(
            capsys, world, "export", "--meeting", str(world.meeting_id), "--format", "html"
        ),
        "export json": cm(
            capsys, world, "export", "--meeting", str(world.meeting_id), "--format", "json"
        ),
    }
    for line in HOSTILE:
        results[f"add {line[:12]!r}"] = cm(capsys, world, "add", "--team", TEAM, "blocker", line)
    for what, result in results.items():
        assert result.code == 0, (what, result.err)
        assert cli_leaks(result.out) == [], what
        assert cli_leaks(result.err) == [], what
        assert result.out.count("\n") >= 1, what
    for what in [w for w in results if w.startswith("add ")]:
        assert results[what].out.count("\n") == 1, what  # one line, whatever the text
    assert len(results["teams list"].out.splitlines()) == 1  # one team: one line
    assert len(results["teams members"].out.splitlines()) == 2  # two members
    shown = json.loads(results["export json"].out)
    texts = json.dumps(shown, ensure_ascii=False)
    for line in HOSTILE[:6]:  # the JSON keeps every character (escaped, not raw)
        assert json.dumps(line, ensure_ascii=False)[1:-1] in texts, line


def test_the_calendar_export_has_one_event_whatever_the_text(
    capsys: pytest.CaptureFixture[str], world: World
) -> None:
    from icalendar import Calendar

    result = cm(capsys, world, "export", "--meeting", str(world.meeting_id), "--format", "ics")
    assert result.code == 0, result.err
    assert cli_leaks(result.out, crlf=True) == []
    lines = result.out.replace("\r\n", "\n").split("\n")
    assert [line for line in lines if line.startswith("BEGIN:VEVENT")] == ["BEGIN:VEVENT"]
    assert "\r" not in result.out.replace("\r\n", "")
    assert len(Calendar.from_ical(result.out).walk("VEVENT")) == 1


def test_error_lines_are_one_line_without_control_characters(
    capsys: pytest.CaptureFixture[str], world: World, tmp_path: Path
) -> None:
    bad = tmp_path / "agenda \x1b]52;c;SGVsbG8=\x07.toml"
    bad.write_text('name = "x"\n', encoding="utf-8")
    errors = [
        cm(capsys, world, "add", "--team", "No\x1b[2J\x9bteam", "blocker", "x"),
        cm(capsys, world, "add", "--team", TEAM, "commitment", "\x1b[2J no owner"),
        cm(capsys, world, "teams", "add", "Evil\x1b]52;c;SGVsbG8=\x07"),
        cm(capsys, world, "teams", "members", TEAM, "@x\x1b[2J"),
        cm(capsys, world, "agendas", "check", str(bad)),
        cm(capsys, world, "agendas", "show", "\x1b[2J\x9b"),
        cm(capsys, world, "export", "--team", "\x07nobody", "--last"),
    ]
    for result in errors:
        assert result.code == 2, result
        assert len(result.err_lines) == 1, result.err
        assert cli_leaks(result.err) == [], result.err
        assert cli_leaks(result.out) == [], result.out


def test_agendas_list_and_show_are_free_of_control_characters(
    capsys: pytest.CaptureFixture[str], world: World, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from campmeeting.agenda import user_agenda_dir

    folder = user_agenda_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        'name = "Mine"\ndescription = "two\\nlines"\n[[sections]]\ntitle = "A"\n'
        'kind = "notes"\nminutes = 5\nprompt = """\nfirst\\tline\nsecond line\n"""\n',
        encoding="utf-8",
    )
    (folder / "evil\x1b[2J.toml").write_text('name = "x\\u001b[2J"\n', encoding="utf-8")
    listed = cm(capsys, world, "agendas", "list")
    shown = cm(capsys, world, "agendas", "show", "mine")
    assert listed.code == 0 and shown.code == 0, (listed, shown)
    for result in (listed, shown):
        assert cli_leaks(result.out.replace("\t", " ")) == [] and cli_leaks(result.err) == []
    assert "evil␛[2J" in listed.out
    assert "    first\tline\n    second line\n" in shown.out  # a prompt's lines, indented


# --------------------------------------------------------------------------- screens


async def clean(pilot: Pilot, where: str) -> None:
    await settle(pilot)
    assert screen_leaks(screen_output(pilot.app)) == [], where


async def test_the_live_meeting_its_dialogs_and_the_draft_show_no_control_sequence(
    world: World, source: FakeTime
) -> None:
    store = Store.open(world.db)
    app = make_app(store, source, team=store.team(world.team_id))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        for position in range(len(screen.live.sections)):
            await clean(pilot, f"section {position + 1}")
            await pilot.press("n")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("escape")
        screen = await wait_for_screen(pilot, MeetingScreen)
        screen.live.go_to(2)  # priorities: a hostile one carried from last week
        screen.refresh_view()
        await pilot.press("a")
        box = screen.query_one(CaptureBox)
        box.value = DRAFT
        box.cursor_position = len(DRAFT)
        await clean(pilot, "the capture box with a draft")
        box.value = "Hire @newcomer"  # an unknown handle: "Add @newcomer to TEAM?"
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmScreen)
        await clean(pilot, "the confirmation naming the team")
        await pilot.press("escape")
        await wait_for_screen(pilot, MeetingScreen)
        await pilot.press("escape", "enter")
        dialog = await wait_for_screen(pilot, ChoiceScreen)
        await clean(pilot, "the item dialog")
        dialog.dismiss(next(c.value for c in dialog.choices if c.value.verb == Verb.EDIT))
        prompt = await wait_for_screen(pilot, PromptScreen)
        await clean(pilot, "the edit prompt, prefilled with the text")
        prompt.query_one("Input").value = "x #NoSuchTeam \x1b[2J"
        await pilot.press("enter")
        await clean(pilot, "the prompt, saved or refused")
        if isinstance(app.screen, PromptScreen):
            await pilot.press("escape")
        screen = await wait_for_screen(pilot, MeetingScreen)
        screen.live.go_to(len(screen.live.sections) - 1)
        screen.refresh_view()
        await pilot.press("n")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, EndedScreen)
        await clean(pilot, "the ended meeting, naming the team")
    store.close()


async def test_home_review_and_minutes_show_no_control_sequence(
    world: World, source: FakeTime
) -> None:
    store = Store.open(world.db)
    async with CampApp(store, source, tick_seconds=None).run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await clean(pilot, "home")
    store.close()
    reader = Store.open_readonly(world.db)
    app = CampApp(reader, source=source, tick_seconds=None, mode="review")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, ReviewScreen)
        await clean(pilot, "review")
        await pilot.press("enter")
        await wait_for_screen(pilot, MinutesScreen)
        await wait_until(pilot, lambda: pilot.app.screen.is_mounted, "the minutes")
        await clean(pilot, "the minutes")
    reader.close()


def test_every_input_box_shows_its_text_literally() -> None:
    """Inputs show drafts and prefilled user text: each one is a LiteralInput."""
    import re

    root = Path(__file__).resolve().parents[1] / "src" / "campmeeting" / "tui"
    plain = re.compile(r"(?<![A-Za-z_])Input\(")
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if plain.search(line) and "class " not in line
    ]
    assert found == []
