"""Each bundled agenda run end to end through the live screen (issue 10): a line captured
in every section, and what each line became in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.meeting import create_team
from campmeeting.store import Store
from campmeeting.tui.dialogs.confirm import ConfirmScreen
from campmeeting.tui.screens.ended import EndedScreen
from campmeeting.tui.screens.meeting import MeetingScreen
from tests.tui_support import capture, file_store, make_app, seed_team, settle, wait_for_screen

# (line typed, the kind of item it becomes, its owner) per section kind; act and close
# take more than one line (below)
LINES = {
    "checkin": ("Closed the Acme deal", "headline", None),
    "notes": ("Revenue 92k against 100k", "note", None),
    "priorities": ("Launch v2 in EMEA @ana", "priority", "ana"),
    "accountability": ("Call the bank @bo", "commitment", "bo"),
    "blockers": ("Printer on floor 2 is down @cy", "blocker", "cy"),
    "commitments": ("Publish the hiring plan @ana due:fri", "commitment", "ana"),
    "cascade": ("Spend freeze until January #Ops", "message", None),
    "decisions": ("We ship on Thursdays", "decision", None),
}


def last_item(store: Store, meeting_id: int) -> dict:
    row = store.row(
        "select i.*, p.handle from items i left join people p on p.id = i.owner_id "
        "where created_meeting_id = ? order by i.id desc limit 1",
        [meeting_id],
    )
    assert row is not None
    return row


@pytest.mark.parametrize("agenda_name", ["camp", "level10", "scaling-up"])
async def test_every_section_of_a_bundled_agenda(tmp_path, source, agenda_name: str) -> None:
    store = file_store(tmp_path)
    team = seed_team(store, source)
    create_team(store, source, "Ops")
    agenda = load_agenda(resolve_agenda(agenda_name))
    days = agenda.commitment_due_days()
    app = make_app(store, source, team=team, agenda_name=agenda_name)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, MeetingScreen)
        meeting_id = screen.live.meeting_id
        seen: list[tuple[str, str]] = []
        for section in screen.live.sections:
            assert screen.live.position == section.position
            kind = section.kind
            if kind in LINES:
                line, made, owner = LINES[kind]
                await capture(pilot, line)
                item = last_item(store, meeting_id)
                assert (item["kind"], item["handle"]) == (made, owner), (section.title, item)
                if made == "commitment" and "due:" not in line:
                    # due at the next meeting, or the agenda's "+7d" (a date that stays)
                    assert bool(item["due_next"]) == (days is None)
                    if days:
                        due = source.now().date() + timedelta(days=days)
                        assert item["due_date"] == due.isoformat()
                seen.append((section.title, made))
            elif kind == "scorecard":  # a measurable (a), then this week's value typed
                await capture(pilot, "Revenue >= 100000 @ana $")
                await pilot.press("escape", "9", "2", "k", "enter")
                await settle(pilot)
                found = store.row(
                    "select m.goal, m.unit, v.value, v.meeting_id from measurables m "
                    "join measurable_values v on v.measurable_id = m.id where m.title = ?",
                    ["Revenue"],
                )
                assert found == {
                    "goal": ">= 100000",
                    "unit": "$",
                    "value": 92000.0,
                    "meeting_id": meeting_id,
                }
                seen.append((section.title, "measurable, value"))
            elif kind == "act":
                await capture(pilot, "Badge readers fail at the door")  # nothing worked
                issue = last_item(store, meeting_id)
                assert (issue["kind"], issue["status"]) == ("blocker", "open")
                await pilot.press("escape", "f")
                await settle(pilot)
                focus = screen.live.meeting.focus_item_id
                assert focus is not None
                await capture(pilot, "Use the old readers until March")
                decision = last_item(store, meeting_id)
                assert (decision["kind"], decision["blocker_id"]) == ("decision", focus)
                await capture(pilot, "Order new readers @cy")
                todo = last_item(store, meeting_id)
                assert (todo["kind"], todo["blocker_id"], todo["handle"]) == (
                    "commitment",
                    focus,
                    "cy",
                )
                if days:  # the agenda's to-do is due in `days` days
                    due = source.now().date() + timedelta(days=days)
                    assert todo["due_date"] == due.isoformat()
                seen.append((section.title, "blocker, decision, commitment"))
            elif kind == "close":
                await capture(pilot, "A good meeting")
                assert last_item(store, meeting_id)["kind"] == "note"
                await capture(pilot, "New prices from 1 January #Ops")
                message = last_item(store, meeting_id)
                assert message["kind"] == "message"
                assert message["target_team_id"] == store.team_by_name("Ops").id
                seen.append((section.title, "note, message"))
            await pilot.press("escape", "n")
            await settle(pilot)
        await wait_for_screen(pilot, ConfirmScreen)  # n on the last section: end it?
        await pilot.press("enter")
        await wait_for_screen(pilot, EndedScreen)
        assert [title for title, _ in seen] == [s.title for s in screen.live.sections]
    assert store.meeting(meeting_id).status == "ended"
