"""Pilot flows of the live meeting: every section kind, asserted on the database."""

from __future__ import annotations

from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.store import Store
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.screens.ended import EndedScreen
from campmeeting.tui.screens.help import HelpScreen
from campmeeting.tui.screens.home import HomeScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.item_list import ItemList
from tests.tui_support import (
    HOSTILE,
    capture,
    choose,
    file_store,
    make_app,
    seed_team,
    settle,
    wait_for_screen,
    wait_until,
)


def items(store: Store, kind: str) -> list[dict]:
    return store.rows("select * from items where kind = ? order by id", [kind])


def position(store: Store) -> int:
    return store.scalar("select current_position from meetings where status = 'live'")


async def test_whole_meeting_through_every_section(tmp_path, source: FakeTime, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # minutes exported from the screen land in the current folder
    store = file_store(tmp_path)
    team = seed_team(store, source)
    seed_team(store, source, "Ops")
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert position(store) == 0

        # check-in: a headline, stored literally
        await capture(pilot, f"Closed Acme {HOSTILE}")
        assert items(store, "headline")[0]["text"] == f"Closed Acme {HOSTILE}"
        await pilot.press("escape", "n")
        assert position(store) == 1  # accountability

        # accountability: nothing due in a first meeting; a new commitment can be taken here
        await pilot.press("n")
        assert position(store) == 2  # priorities
        await capture(pilot, "Launch v2 @ana")
        priority = items(store, "priority")[0]
        assert priority["status"] == "on_track"
        await pilot.press("escape")
        # mark it off track through the item dialog; a blocker is offered and raised
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        choose(app.screen, lambda action: action.status == "off_track")
        await wait_until(pilot, lambda: items(store, "priority")[0]["status"] == "off_track")
        assert items(store, "priority")[0]["status"] == "off_track"
        await pilot.press("enter")  # accept the offered blocker text
        await settle(pilot)
        blockers = items(store, "blocker")
        assert [b["text"] for b in blockers] == ["Off track: Launch v2"]

        await pilot.press("n")  # blockers
        assert position(store) == 3
        await capture(pilot, "Vendor contract stuck @bo")
        await capture(pilot, "Ops must approve spend #Ops")
        await pilot.press("escape")
        blockers = items(store, "blocker")
        assert [b["status"] for b in blockers] == ["open", "open", "handed_off", "open"]
        assert blockers[3]["origin_item_id"] == blockers[2]["id"]  # now Ops's blocker

        await pilot.press("n")  # act: work the vendor blocker
        assert position(store) == 4
        item_list = screen.query_one(ItemList)
        vendor = next(b for b in items(store, "blocker") if b["text"].startswith("Vendor"))
        item_list.highlighted = [o.id for o in item_list.options].index(str(vendor["id"]))
        await pilot.press("f")
        assert store.scalar("select focus_item_id from meetings") == vendor["id"]
        await capture(pilot, "Escalate to legal")
        await capture(pilot, "Call legal @bo due:fri")
        await pilot.press("escape")
        decision = items(store, "decision")[0]
        commitment = items(store, "commitment")[0]
        assert decision["blocker_id"] == vendor["id"]
        assert commitment["blocker_id"] == vendor["id"]
        assert commitment["due_date"] == "2026-11-27"  # the Friday after Tue 24 Nov

        await pilot.press("n", "n")  # commitments, then cascade
        assert position(store) == 6
        await capture(pilot, "Spend freeze until December #Ops")
        await pilot.press("escape")
        message = items(store, "message")[0]
        assert message["target_team_id"] == store.team_by_name("Ops").id

        await pilot.press("n")  # close: rate
        assert position(store) == 7
        await pilot.press("8", "9", "x")
        ratings = store.rows("select present, rating from attendance order by person_id")
        assert ratings == [
            {"present": 1, "rating": 8},
            {"present": 1, "rating": 9},
            {"present": 0, "rating": None},
        ]
        await pilot.press("n")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # go back: still live
        assert store.scalar("select status from meetings") == "live"
        await pilot.press("n", "enter")
        await wait_for_screen(pilot, EndedScreen)
        assert store.scalar("select status from meetings") == "ended"

        # the minutes, in a format of choice, from the screen after the meeting
        await pilot.press("e")
        assert isinstance(app.screen, ChoiceScreen)
        choose(app.screen, lambda fmt: fmt == "md")
        ended = await wait_for_screen(pilot, EndedScreen)
        await wait_until(
            pilot, lambda: "Minutes written to" in str(ended.query_one("#ended-status").render())
        )
        assert list(tmp_path.glob("*-leadership-m1.md"))


async def test_clock_runs_over_pauses_and_goes_back(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        source.advance(minutes=6)  # check-in is 5 minutes: one over
        screen.tick()
        await settle(pilot)
        clock = screen.query_one("#clock")
        assert clock.has_class("-over")
        assert str(screen.query_one("#clock-digits").value) == "+01:00"
        await pilot.press("space")
        assert store.scalar("select paused from meetings") == 1
        source.advance(minutes=10)  # paused: not counted
        screen.tick()
        await pilot.press("space", "n")
        source.advance(minutes=2)
        await pilot.press("p")  # back to check-in; accountability keeps its 2 minutes
        runs = store.rows("select actual_seconds from section_runs order by position limit 2")
        assert [r["actual_seconds"] for r in runs] == [360.0, 120.0]
        source.advance(seconds=30)
        screen.tick()
        assert store.scalar("select actual_seconds from section_runs where position = 0") == 390


async def test_killed_app_resumes_without_loss(tmp_path, source: FakeTime) -> None:
    """The first app is never shut down (no ctrl+q, no unmount): as if the process died."""
    path = tmp_path / "campmeeting.db"
    store = file_store(tmp_path)
    team = seed_team(store, source)
    first = make_app(store, source, team=team)
    pilot_context = first.run_test(size=(120, 40))
    pilot = await pilot_context.__aenter__()
    await pilot.press("n", "n")
    await capture(pilot, "Launch v2 @ana")
    source.advance(minutes=3)
    first.screen.tick()  # the clock showed 03:00 in priorities
    shown = first.screen.query_one(ItemList).options[0].prompt.plain

    # a second process opens the same file while the first is still "running"
    again = Store.open(path)
    live = LiveMeeting.resume(again, source, again.team_by_name("Leadership"))
    assert live is not None and live.position == 2
    assert live.section_elapsed() == 180
    second = make_app(again, source, team=again.team_by_name("Leadership"))
    async with second.run_test(size=(120, 40)):
        screen = second.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.live.position == 2
        assert screen.query_one(ItemList).options[0].prompt.plain == shown
    await pilot_context.__aexit__(None, None, None)


async def test_bad_capture_changes_nothing_and_says_why(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n", "n", "n", "n")  # commitments
        await capture(pilot, "Ship it due:fryday")
        status = str(app.screen.query_one("#status-line").render())
        assert "Not saved" in status and "fryday" in status
        assert items(store, "commitment") == []
        await capture(pilot, "Write it up @zed")
        await wait_for_screen(pilot, ConfirmScreen)  # offered to add @zed
        await pilot.press("escape")
        assert items(store, "commitment") == []
        assert store.person_by_handle("zed") is None


async def test_long_and_hostile_text_is_shown_literally(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    long_line = "x" * 10_000
    async with app.run_test(size=(120, 40)) as pilot:
        await capture(pilot, HOSTILE)
        await capture(pilot, long_line)
        stored = [r["text"] for r in items(store, "headline")]
        assert stored == [HOSTILE, long_line]
        prompts = [o.prompt.plain for o in app.screen.query_one(ItemList).options]
        assert "[bold]x[/] [link=http://a]click[/link] ␛[31mred 🎉" in prompts[0]
        assert "(+9,700 more characters)" in prompts[1]


async def test_help_lists_the_keys_of_the_meeting(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = dict((desc, key) for key, desc in app.screen.keys)
        for description in (
            "Capture an item",
            "Next section",
            "Previous section",
            "Pause the clock",
            "Quit",
            "Help",
        ):
            assert description in described
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_home_creates_a_team_and_starts_its_meeting(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    app = make_app(store, source)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("t")
        form = app.screen
        form.query_one("#team-name").value = "Leadership"
        form.query_one("#team-members").value = "@ana=Ana Lopez, @bo"
        form.query_one("#team-cadence").value = "every tuesday 9:00"
        form.query_one("#team-cadence").focus()
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)
        team = store.team_by_name("Leadership")
        assert team is not None
        assert [p.handle for p in store.members(team.id)] == ["ana", "bo"]
        assert team.cadence == "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0"
        assert team.next_meeting_at == "2026-12-01T09:00"  # Tue 24 Nov 09:00 is now: next week
        await pilot.press("enter")  # start: one question first
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        assert store.live_meeting(team.id) is not None
        assert store.scalar("select count(*) from attendance where present = 1") == 2


async def test_items_added_elsewhere_appear_on_the_next_tick(tmp_path, source: FakeTime) -> None:
    from campmeeting.meeting import add_between_meetings
    from campmeeting.model import ItemKind

    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n", "n")  # blockers
        screen = app.screen
        screen.tick()
        other = Store.open(tmp_path / "campmeeting.db")  # `campmeeting add` in a 2nd terminal
        add_between_meetings(other, source, other.team(team.id), ItemKind.BLOCKER, "Printer")
        assert screen.query_one(ItemList).option_count == 0
        screen.tick()
        await wait_until(pilot, lambda: screen.query_one(ItemList).option_count == 1)
        assert screen.query_one(ItemList).option_count == 1
        other.close()


async def test_capture_box_completes_owner_handles(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        box = app.screen.query_one(CaptureBox)
        assert await box.suggester.get_suggestion("Ship it @a") == "Ship it @ana"
        assert await box.suggester.get_suggestion("Ship it @x") is None
        await pilot.press("a")
        assert box.has_focus


async def test_rescope_to_a_new_due_date_only_keeps_the_text(tmp_path, source: FakeTime) -> None:
    """The everyday re-scope: push the date. A refusal keeps the dialog and the typing."""
    from campmeeting.tui.dialogs.prompt import PromptScreen

    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"nnnnn")  # commitments
        await capture(pilot, "Draft the plan @ana due:fri")
        await pilot.press("escape", "enter")
        choose(app.screen, lambda action: action.verb == "rescope")
        dialog = await wait_for_screen(pilot, PromptScreen)
        field = dialog.query_one("Input")
        assert field.value == "Draft the plan" and field.cursor_position == len(field.value)
        field.value = "due:fryday"
        await pilot.press("enter")
        assert app.screen is dialog  # refused: still open, text as typed
        assert "fryday" in str(dialog.query_one("#prompt-error").render())
        field.value = "due:+1w"
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        row = items(store, "commitment")[0]
        assert (row["text"], row["due_date"]) == ("Draft the plan", "2026-12-01")
        assert store.scalar("select count(*) from events where type = 'rescoped'") == 1


async def test_a_strange_rating_is_refused_without_crashing(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"nnnnnnn")  # close
        await pilot.press("enter")
        app.screen.query_one("Input").value = "²"
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        assert "not a rating" in str(app.screen.query_one("#status-line").render())
        assert store.scalar("select count(*) from attendance where rating is not null") == 0


async def test_escape_keeps_an_unsaved_draft(tmp_path, source: FakeTime) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        box = app.screen.query_one(CaptureBox)
        box.value = "Half a thought"
        await pilot.press("escape")
        assert not box.display
        await pilot.press("a")
        assert box.display and box.value == "Half a thought"


async def test_the_clock_write_does_not_wait_for_another_writer(tmp_path, source: FakeTime) -> None:
    """Another terminal holds the write lock: the tick skips its write at once (no 5 s
    freeze, no error on screen) and the next tick saves the time."""
    store = file_store(tmp_path)
    team = seed_team(store, source)
    other = Store.open(tmp_path / "campmeeting.db")
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        other.db.execute("BEGIN IMMEDIATE")  # the other terminal is writing
        source.advance(seconds=42)
        screen.tick()  # waiting would end in "database is locked" after the busy timeout
        assert store.scalar("select actual_seconds from section_runs where position = 0") == 0
        assert "Could not" not in str(screen.query_one("#status-line").render())
        assert str(screen.query_one("#clock-digits").value) == "04:18"  # the clock still moves
        other.db.execute("ROLLBACK")
        screen.tick()
        assert store.scalar("select actual_seconds from section_runs where position = 0") == 42
    other.close()
