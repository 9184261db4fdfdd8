"""Owners' reports between meetings (DOMAIN.md): `campmeeting todo`, the review that
confirms them with one key, carry-over of a reported-done commitment not yet due, and
the minutes that show the report beside the review outcome."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from campmeeting.agenda import Agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import (
    LiveMeeting,
    MeetingError,
    add_between_meetings,
    add_member,
    create_team,
)
from campmeeting.meeting.reports import pending_reports, report, todo_list
from campmeeting.minutes import build_minutes, render
from campmeeting.model import ItemKind
from campmeeting.records import Team
from campmeeting.store import Store
from tests.conftest import START

COMMITMENTS = 5  # the camp agenda's commitments section
ACCOUNTABILITY = 1


def first_meeting(store: Store, source: FakeTime, team: Team, camp: Agenda) -> dict[str, int]:
    """Tuesday's meeting takes three commitments; it is Thursday afterwards."""
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.go_to(COMMITMENTS)
    ids = {}
    for line in (
        "Ship the beta @ana due:fri",  # due before the next meeting
        "Hire a designer @ana due:+14d",  # not due at the next meeting
        "Fix billing @bo due:fri",
    ):
        ids[line.split(" @")[0]] = live.capture(line).item_ids[0]
    live.end()
    source.advance(days=2)
    return ids


def snapshot(store: Store) -> tuple[list[dict], list[dict]]:
    return (
        store.rows("select * from items order by id"),
        store.rows("select * from reviews order by id"),
    )


def events(store: Store, type_: str = "reported") -> list[dict]:
    return store.rows("select * from events where type = ? order by id", [type_])


def test_a_report_is_one_event_and_nothing_else(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    before = snapshot(store)
    found = report(store, source, "@ana", ids["Ship the beta"], "done")
    assert snapshot(store) == before  # the item keeps its status, text and due date
    [event] = events(store)
    assert event["item_id"] == ids["Ship the beta"]
    assert event["meeting_id"] is None and event["to_status"] is None
    detail = json.loads(event["detail"])
    assert detail["outcome"] == "done" and detail["by_handle"] == "ana"
    assert found.label(source.now().date()) == "reported done by @ana Thu 09:00"
    assert pending_reports(store, [ids["Ship the beta"]])[ids["Ship the beta"]] == found


def test_rescope_and_abandon_reports_carry_what_they_propose(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    rescoped = report(
        store, source, "ana", ids["Ship the beta"], "rescoped", line="Ship to 3 pilots due:+1w"
    )
    assert rescoped.text == "Ship to 3 pilots"
    assert rescoped.due == (START + timedelta(days=9)).date()
    assert "reported re-scope by @ana" in rescoped.label()
    only_due = report(store, source, "ana", ids["Hire a designer"], "rescoped", line="due:+3w")
    assert only_due.text is None and only_due.due is not None
    abandoned = report(store, source, "ana", ids["Ship the beta"], "abandoned", reason="no budget")
    # a later report replaces the earlier one
    assert pending_reports(store, [ids["Ship the beta"]])[ids["Ship the beta"]] == abandoned
    assert abandoned.label().endswith(": no budget")


@pytest.mark.parametrize(
    ("handle", "which", "outcome", "kwargs", "words"),
    [
        ("ana", "Fix billing", "done", {}, ["@bo's commitment", "not @ana's"]),
        ("ana", None, "done", {}, ["no commitment #999"]),
        ("zed", "Ship the beta", "done", {}, ["no one has the handle @zed"]),
        ("ana", "Ship the beta", "rescoped", {"line": "Later due:blah"}, ["due:blah"]),
        ("ana", "Ship the beta", "rescoped", {"line": "due:2020-01-01"}, ["in the past"]),
        ("ana", "Ship the beta", "rescoped", {"line": "Ship the beta"}, ["needs new text"]),
        ("ana", "Ship the beta", "rescoped", {"line": "Later @bo"}, ["not an @owner"]),
        ("ana", "Ship the beta", "done", {"reason": "why"}, ["--reason goes with abandon"]),
        ("ana", "Ship the beta", "done", {"line": "text"}, ["takes no new text"]),
        ("ana", "Ship the beta", "open", {}, ["done, rescope or abandon"]),
    ],
)
def test_refusals_write_nothing(
    store, source, team, camp, handle, which, outcome, kwargs, words
) -> None:
    ids = first_meeting(store, source, team, camp)
    before = store.scalar("select count(*) from events")
    item_id = ids[which] if which else 999
    with pytest.raises(MeetingError) as refused:
        report(store, source, handle, item_id, outcome, **kwargs)
    for word in words:
        assert word in str(refused.value)
    assert store.scalar("select count(*) from events") == before


def test_only_an_open_commitment_can_be_reported_on(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.set_status(ids["Ship the beta"], "done")
    headline = live.capture("Good news").item_ids[0]  # check-in: a headline
    with pytest.raises(MeetingError, match="done already"):
        report(store, source, "ana", ids["Ship the beta"], "done")
    with pytest.raises(MeetingError, match="not a commitment"):
        report(store, source, "ana", headline, "done")


def test_the_list_is_the_owners_open_commitments_across_teams(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    ops = create_team(store, source, "Ops")
    add_member(store, source, ops, "ana", "Ana")
    add_between_meetings(store, source, ops, ItemKind.COMMITMENT, "Audit the racks @ana due:+20d")
    report(store, source, "ana", ids["Hire a designer"], "done")
    todos = todo_list(store, "@ana")
    assert [(t.item.text, t.team_name) for t in todos] == [  # soonest due first
        ("Ship the beta", "Core"),
        ("Hire a designer", "Core"),
        ("Audit the racks", "Ops"),
    ]
    assert todos[0].report is None
    assert todos[1].report is not None and todos[1].report.outcome == "done"
    assert [t.item.text for t in todo_list(store, "ana", "ops")] == ["Audit the racks"]
    assert [t.item.text for t in todo_list(store, "bo")] == ["Fix billing"]
    with pytest.raises(MeetingError, match="no team named"):
        todo_list(store, "ana", "Nope")


def test_the_next_review_shows_and_confirms_reports(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    report(store, source, "ana", ids["Ship the beta"], "rescoped", line="Ship to 3 pilots")
    report(store, source, "ana", ids["Hire a designer"], "done")  # early: not due yet
    report(store, source, "bo", ids["Fix billing"], "abandoned", reason="vendor fixed it")
    source.set(START + timedelta(days=7))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.go_to(ACCOUNTABILITY)
    views = {v.id: v for v in live.items()}
    # the reported-done commitment not yet due is reviewed too, after those due
    reviewed = [r["item_id"] for r in store.rows("select item_id from reviews order by id")]
    assert reviewed == [ids["Ship the beta"], ids["Fix billing"], ids["Hire a designer"]]
    assert all(views[i].report is not None and views[i].due_in_review for i in reviewed)
    for item_id in reviewed:
        live.accept_report(item_id)
    items = {r["id"]: r for r in store.rows("select * from items where kind = 'commitment'")}
    assert items[ids["Ship the beta"]]["status"] == "open"
    assert items[ids["Ship the beta"]]["text"] == "Ship to 3 pilots"
    assert items[ids["Hire a designer"]]["status"] == "done"
    assert items[ids["Fix billing"]]["status"] == "abandoned"
    assert items[ids["Fix billing"]]["reason"] == "vendor fixed it"
    outcomes = {r["item_id"]: r["outcome"] for r in store.rows("select * from reviews")}
    assert outcomes == {
        ids["Ship the beta"]: "rescoped",
        ids["Hire a designer"]: "done",
        ids["Fix billing"]: "abandoned",
    }
    assert pending_reports(store, list(ids.values())) == {}  # settled: no longer pending
    assert all(v.report is None for v in live.items())
    with pytest.raises(MeetingError, match="no report"):
        live.accept_report(ids["Ship the beta"])


def test_a_report_the_meeting_declines_is_settled_too(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    report(store, source, "ana", ids["Ship the beta"], "done")
    source.set(START + timedelta(days=7))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.review(ids["Ship the beta"], "open")  # the team says: not done yet
    assert pending_reports(store, [ids["Ship the beta"]]) == {}
    assert store.item(ids["Ship the beta"]).status == "open"


def test_a_report_made_during_the_meeting_counts_when_accepted(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    source.set(START + timedelta(days=7))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    source.advance(minutes=3)
    report(store, source, "ana", ids["Hire a designer"], "done")  # not due, not in the set
    live.sync()
    live.go_to(ACCOUNTABILITY)
    view = next(v for v in live.items() if v.id == ids["Hire a designer"])
    assert view.report is not None and not view.due_in_review
    live.accept_report(view.id)
    outcome = store.scalar(
        "select outcome from reviews where meeting_id = ? and item_id = ?",
        [live.meeting_id, view.id],
    )
    assert outcome == "done"  # early work counts (DOMAIN.md)


def test_a_rescope_or_abandon_report_not_due_is_not_pulled_into_review(
    store, source, team, camp
) -> None:
    ids = first_meeting(store, source, team, camp)
    report(store, source, "ana", ids["Hire a designer"], "abandoned")
    source.set(START + timedelta(days=7))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    reviewed = {r["item_id"] for r in store.rows("select item_id from reviews")}
    assert ids["Hire a designer"] not in reviewed
    live.go_to(ACCOUNTABILITY)
    view = next(v for v in live.items() if v.id == ids["Hire a designer"])
    assert view.report is not None  # shown, and can still be accepted
    live.accept_report(view.id)
    assert store.item(view.id).status == "abandoned"


def test_minutes_show_the_report_beside_the_outcome(store, source, team, camp) -> None:
    ids = first_meeting(store, source, team, camp)
    report(store, source, "ana", ids["Ship the beta"], "done")
    report(store, source, "bo", ids["Fix billing"], "done")
    source.set(START + timedelta(days=7))
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.accept_report(ids["Ship the beta"])
    live.review(ids["Fix billing"], "open")  # declined: the minutes still say what bo said
    live.end()
    minutes = build_minutes(store, live.meeting_id)
    records = {r.id: r for r in minutes.accountability.records}
    ship, billing = records[ids["Ship the beta"]], records[ids["Fix billing"]]
    assert ship.outcome == "done" and ship.report is not None
    assert ship.report.label == "reported done by @ana Thu 26 Nov 2026 09:00"
    assert billing.outcome == "open" and billing.report is not None
    assert billing.report.by == "bo"
    markdown = render(store, live.meeting_id, "md")
    assert "(reported done by @ana Thu 26 Nov 2026 09:00)" in markdown
    # a later report does not change what an ended meeting's review saw
    report(store, source, "bo", ids["Fix billing"], "abandoned")
    again = build_minutes(store, live.meeting_id)
    assert {r.id: r for r in again.accountability.records}[
        ids["Fix billing"]
    ].report == billing.report


def test_an_items_history_says_what_was_reported(store, source, team, camp) -> None:
    from campmeeting.history import item_history

    ids = first_meeting(store, source, team, camp)
    report(store, source, "ana", ids["Ship the beta"], "rescoped", line="Ship to 3 pilots due:+1w")
    history = item_history(store, ids["Ship the beta"])
    assert history is not None
    [event] = [e for e in history.events if e.label == "reported"]
    assert event.detail == "re-scope by @ana; new text: Ship to 3 pilots; due 2026-12-03"
