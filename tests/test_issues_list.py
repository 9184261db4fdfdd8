"""The issues list and IDS (issue 10), through the live screen: ranks that are stored and
carried, act that identifies new issues and works them in rank order, `i` that drops any
item down to the list, the slipping to-do, and a close that sends messages and hears a
low rating. Each step is checked in the database."""

from __future__ import annotations

from datetime import date, datetime

from textual.widgets import Static

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting, create_team
from campmeeting.minutes import build_minutes, render
from campmeeting.model import SectionKind
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.dialogs.prompt import PromptScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from campmeeting.tui.widgets.attendance_list import AttendanceList
from campmeeting.tui.widgets.capture_box import CaptureBox
from campmeeting.tui.widgets.item_list import ItemList
from tests.tui_support import (
    capture,
    choose,
    file_store,
    make_app,
    seed_team,
    settle,
    wait_for_screen,
    wait_until,
)

LAST_WEEK = datetime(2026, 11, 17, 9, 0)
THIS_WEEK = datetime(2026, 11, 24, 9, 0)


def position(live: LiveMeeting, kind: str) -> int:
    return next(s.position for s in live.sections if s.kind == kind)


def status(screen: MeetingScreen) -> str:
    return str(screen.query_one("#status-line", Static).render())


def items(store: Store, kind: str) -> list[dict]:
    return store.rows("select * from items where kind = ? order by id", [kind])


async def open_at(pilot, kind: str) -> MeetingScreen:
    screen = await wait_for_screen(pilot, MeetingScreen)
    screen.goto_section(position(screen.live, kind))
    await wait_until(pilot, lambda: screen.live.section_kind == kind)
    await settle(pilot)
    return screen


def with_three_blockers(store: Store, source: FakeTime) -> Team:
    """Leadership met last week and left three blockers open, in the order A, B, C."""
    source.set(LAST_WEEK)
    team = seed_team(store, source)
    create_team(store, source, "Ops")
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("camp")), "camp")
    live.go_to(position(live, "blockers"))
    for line in ("A: vendor contract @bo", "B: printer", "C: laptops"):
        live.capture(line)
    live.end()
    source.set(THIS_WEEK)
    return store.team(team.id)


# ------------------------------------------------------------------------------- rank


async def test_ranks_are_shown_reordered_stored_and_carried(tmp_path, source) -> None:
    store = file_store(tmp_path)
    team = with_three_blockers(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, "blockers")
        assert [(v.rank, v.item.text) for v in screen.views] == [
            (1, "A: vendor contract"),
            (2, "B: printer"),
            (3, "C: laptops"),
        ]
        assert all(v.top_issue for v in screen.views)
        listed = screen.query_one(ItemList)
        listed.highlighted = 2  # C to the top: shift+up twice
        await pilot.press("shift+up", "shift+up")
        await wait_until(pilot, lambda: screen.views[0].item.text == "C: laptops")
        assert listed.highlighted_item_id == screen.views[0].id  # the moved one stays selected
        order = [
            r["text"]
            for r in store.rows(
                "select text from items where kind = 'blocker' and status = 'open' order by rank"
            )
        ]
        assert order == ["C: laptops", "A: vendor contract", "B: printer"]
        screen.live.end()
    # the minutes keep the ranks as the meeting ended; next week starts in that order
    minutes = build_minutes(store, screen.live.meeting_id)
    assert [(b.rank, b.text) for b in minutes.blockers] == [
        (1, "C: laptops"),
        (2, "A: vendor contract"),
        (3, "B: printer"),
    ]
    assert "**\\#1** C: laptops" in render(store, screen.live.meeting_id, "md")
    source.set(datetime(2026, 12, 1, 9, 0))
    nxt = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("camp")), "camp")
    nxt.go_to(position(nxt, "blockers"))
    assert [v.item.text for v in nxt.items()] == ["C: laptops", "A: vendor contract", "B: printer"]


# ------------------------------------------------------------------------------- act


async def test_act_identifies_issues_and_works_them_in_rank_order(tmp_path, source) -> None:
    store = file_store(tmp_path)
    team = with_three_blockers(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, "act")
        box = screen.query_one(CaptureBox)
        assert box.placeholder.startswith("New issue")
        await capture(pilot, "D: badge readers fail @cy")  # nothing worked: a new issue
        (new,) = [r for r in items(store, "blocker") if r["text"] == "D: badge readers fail"]
        assert new["status"] == "open" and new["created_meeting_id"] == screen.live.meeting_id
        await pilot.press("escape")
        screen.query_one(ItemList).highlighted = 3  # on D, the new one
        screen.query_one(ItemList).highlighted = None  # nothing selected: f takes the top
        await pilot.press("f")
        await wait_until(pilot, lambda: screen.live.meeting.focus_item_id is not None)
        top = screen.views[0]
        assert screen.live.meeting.focus_item_id == top.id and top.rank == 1
        assert box.placeholder == "Decision or @owner commitment for: A: vendor contract"
        await capture(pilot, "Switch to vendor B")
        await capture(pilot, "Sign with vendor B @bo due:fri")
        decision, commitment = items(store, "decision")[-1], items(store, "commitment")[-1]
        assert decision["blocker_id"] == top.id and commitment["blocker_id"] == top.id
        await pilot.press("escape")
        # resolved: the next in rank is offered
        screen.query_one(ItemList).highlighted = 0
        await pilot.press("enter")
        dialog = await wait_for_screen(pilot, ChoiceScreen)
        choose(dialog, lambda a: a.label == "Resolved")
        await wait_for_screen(pilot, MeetingScreen)
        await wait_until(pilot, lambda: "Next: #1 'B: printer' · f works it" in status(screen))
        assert screen.query_one(ItemList).highlighted_item_id == screen.top_issue().id
        assert store.item(top.id).status == "resolved"
        assert screen.live.meeting.focus_item_id is None
    minutes = render(store, screen.live.meeting_id, "md")
    assert "### Issues worked, in rank order" in minutes
    assert "**\\#1** A: vendor contract *(resolved)*" in minutes
    assert "- **Decision:** Switch to vendor B" in minutes


# ---------------------------------------------------------------------- drop down (i)


async def test_any_item_drops_down_to_the_issues_list(tmp_path, source) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        await capture(pilot, "Acme asked for a discount")
        await pilot.press("escape", "i")
        prompt = await wait_for_screen(pilot, PromptScreen)
        field = prompt.query_one("Input")
        assert field.value == "Acme asked for a discount"  # its text, for a quick edit
        field.value = "Decide Acme's discount @bo"
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        (headline,) = items(store, "headline")
        (issue,) = items(store, "blocker")
        assert (issue["text"], issue["status"], issue["source_item_id"]) == (
            "Decide Acme's discount",
            "open",
            headline["id"],
        )
        assert issue["owner_id"] == store.person_by_handle("bo").id
        # the status names the issue by its rank, the '#N' of the issues list
        await wait_until(pilot, lambda: "Issue #1 on the list" in status(screen))
        (view,) = screen.views
        assert view.issue_id == issue["id"]  # the source shows "→ issue: 'its text'"
        assert view.issue_text == issue["text"]
        screen.goto_section(position(screen.live, "blockers"))
        await wait_until(pilot, lambda: screen.live.section_kind == SectionKind.BLOCKERS)
        (blocker_view,) = screen.views
        assert blocker_view.source is not None and blocker_view.source.kind == "headline"
        # a blocker is on the list already; a decision is a record
        await pilot.press("i")
        await wait_until(pilot, lambda: "on the issues list already" in status(screen))
    history_events = [e.type for e in store.events(headline["id"])]
    assert history_events == ["created", "dropped_down"]
    md = render(store, screen.live.meeting_id, "md")
    assert f"Acme asked for a discount *→ issue:* {issue['text']}" in md
    assert "*(from headline:* Acme asked for a discount*)*" in md


async def test_a_to_do_that_slipped_twice_is_marked_and_drops_down(tmp_path, source) -> None:
    store = file_store(tmp_path)
    source.set(datetime(2026, 11, 10, 9, 0))
    team = seed_team(store, source)
    camp = load_agenda(resolve_agenda("camp"))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.go_to(position(live, "commitments"))
    (todo,) = live.capture("Send the deck @ana due:2026-11-16").item_ids
    live.end()
    source.set(datetime(2026, 11, 17, 9, 0))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.go_to(position(live, "accountability"))
    live.review(todo, "open")  # slipped once
    live.end()
    source.set(THIS_WEEK)
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, "accountability")
        (view,) = screen.views
        assert view.slipped and view.times_slipped == 2  # open last week, still to review
        await pilot.press("i")
        prompt = await wait_for_screen(pilot, PromptScreen)
        assert prompt.query_one("Input").value == "Send the deck"
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        await wait_until(pilot, lambda: len(items(store, "blocker")) == 1)
        assert items(store, "blocker")[0]["source_item_id"] == todo


async def test_an_agenda_sets_the_seven_day_to_do(tmp_path, source) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    level10 = load_agenda(resolve_agenda("level10"))
    assert level10.commitment_due == "+7d"
    live = LiveMeeting.start(store, source, team, level10, "level10")
    live.go_to(position(live, "accountability"))
    (todo,) = live.capture("Call the bank @ana").item_ids
    today = source.now().date()
    assert store.item(todo).due_date == date.fromordinal(today.toordinal() + 7).isoformat()
    assert not store.item(todo).due_next


# ------------------------------------------------------------------------------ close


async def test_the_close_sends_messages_and_hears_a_low_rating(tmp_path, source) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    create_team(store, source, "Ops")
    create_team(store, source, "Sales")
    app = make_app(store, source, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, "close")
        await capture(pilot, "Spend freeze until January #Ops")
        await capture(pilot, "Offsite in March #all")
        await capture(pilot, "Our #1 meeting so far")
        await pilot.press("escape")
        sent = [(r["text"], r["target_team_id"]) for r in items(store, "message")]
        ops, sales = store.team_by_name("Ops").id, store.team_by_name("Sales").id
        assert sent == [
            ("Spend freeze until January", ops),
            ("Offsite in March", ops),
            ("Offsite in March", sales),
        ]
        assert [r["text"] for r in items(store, "note")] == ["Our #1 meeting so far"]
        attendance = screen.query_one(AttendanceList)
        attendance.focus()
        await pilot.press("6")  # Ana rates 6: why?
        why = await wait_for_screen(pilot, PromptScreen)
        why.query_one("Input").value = "too long on status updates"
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        (ana,) = [r for r in screen.live.attendance() if r.person.handle == "ana"]
        assert (ana.rating, ana.reason) == (6, "too long on status updates")
        await pilot.press("9")  # Bo: 8 or more asks nothing
        await settle(pilot)
        assert isinstance(pilot.app.screen, MeetingScreen)
        attendance.highlighted = 0  # back on Ana: her reason becomes an issue
        await pilot.press("i")
        prompt = await wait_for_screen(pilot, PromptScreen)
        assert prompt.query_one("Input").value == (
            "Meeting rated 6 by Ana Lopez: too long on status updates"
        )
        await pilot.press("enter")
        await wait_for_screen(pilot, MeetingScreen)
        await wait_until(pilot, lambda: len(items(store, "blocker")) == 1)
    md = render(store, screen.live.meeting_id, "md")
    assert "Ana Lopez (@ana): 6/10; why: too long on status updates" in md
