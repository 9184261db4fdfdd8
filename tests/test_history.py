"""history.py: meeting summaries, search, a person's commitments, an item's history.

`seed()` builds three weeks of a team's meetings with the meeting core; test_review.py
uses it too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from campmeeting import history
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting, add_between_meetings, add_member, create_team
from campmeeting.model import ItemKind
from campmeeting.store import Store, StoreError

WEEK1 = datetime(2026, 11, 24, 9, 0)  # a Tuesday, local wall-clock
WEEK2 = datetime(2026, 12, 1, 9, 0)
WEEK3 = datetime(2026, 12, 8, 9, 0)
OPS_DAY = datetime(2026, 12, 2, 14, 0)
HOSTILE = "[bold]x[/] [link=http://a]y[/link] <script>alert(1)</script> \x1b[31mred 🚀"


@dataclass
class Seeded:
    core: int
    ops: int
    m1: int
    m2: int
    m3: int
    ops_meeting: int
    legal: int  # blocker raised in week 1, resolved in week 2
    flaky: int  # blocker raised in week 1, handed to Ops in week 3
    handed: int  # the Ops blocker made by the hand-off
    decision: int  # taken on the legal blocker
    k_ana: int  # done in week 2
    k_bo: int  # re-scoped in week 2, abandoned in week 3
    k_cy: int  # left open in week 3
    hostile: int  # an Ops blocker with markup, HTML and an escape sequence
    ana: int
    bo: int
    cy: int


def goto(live: LiveMeeting, kind: str) -> None:
    live.go_to(next(s.position for s in live.sections if s.kind == kind))


def start(store: Store, source: FakeTime, team_id: int) -> LiveMeeting:
    return LiveMeeting.start(
        store, source, store.team(team_id), load_agenda(resolve_agenda("camp")), "camp"
    )


def capture(live: LiveMeeting, line: str) -> int:
    result = live.capture(line)
    assert result.saved, result.problems
    return result.item_ids[-1]


def finish(live: LiveMeeting, source: FakeTime, ratings: dict[int, int]) -> None:
    goto(live, "close")
    for person_id, rating in ratings.items():
        live.rate(person_id, rating)
    source.advance(minutes=3)
    live.end()


def seed(store: Store, source: FakeTime) -> Seeded:
    """Core meets three Tuesdays in a row; Ops meets once, on the Wednesday between."""
    source.set(WEEK1)
    core = create_team(store, source, "Core")
    ana = add_member(store, source, core, "ana", "Ana").id
    bo = add_member(store, source, core, "bo", "Bo").id
    cy = add_member(store, source, core, "cy", "Cy").id
    ops = create_team(store, source, "Ops")
    add_member(store, source, ops, "dee", "Dee")

    live = start(store, source, core.id)
    m1 = live.meeting_id
    goto(live, "blockers")
    source.advance(minutes=15)
    legal = capture(live, "Legal review blocks the beta launch")
    flaky = capture(live, "Flaky CI slows every merge")
    goto(live, "act")
    live.focus(legal)
    source.advance(minutes=20)
    decision = capture(live, "Ship the beta without the legal sign-off")
    goto(live, "commitments")
    k_ana = capture(live, "Ship the beta to the pilots @ana due:+5d")
    k_bo = capture(live, "Write the FAQ @bo due:+5d")
    source.advance(minutes=10)
    finish(live, source, {ana: 8, bo: 6})

    source.set(WEEK2)
    live = start(store, source, core.id)
    m2 = live.meeting_id
    goto(live, "accountability")
    live.review(k_ana, "done")
    live.review(k_bo, "rescoped", due=date(2026, 12, 5))
    goto(live, "act")
    live.set_status(legal, "resolved")
    goto(live, "commitments")
    k_cy = capture(live, "Fix the CI cache @cy due:+7d")
    source.advance(minutes=40)
    finish(live, source, {ana: 9})

    source.set(OPS_DAY)
    live = start(store, source, ops.id)
    ops_meeting = live.meeting_id
    goto(live, "blockers")
    hostile = capture(live, HOSTILE)
    finish(live, source, {})

    source.set(WEEK3)
    live = start(store, source, core.id)
    m3 = live.meeting_id
    goto(live, "accountability")
    live.review(k_bo, "abandoned", reason="nobody reads FAQs")
    goto(live, "act")  # k_cy is left unreviewed: its record closes as 'open'
    handed = live.hand_off(flaky, "Ops")
    source.advance(minutes=30)
    finish(live, source, {cy: 4})
    return Seeded(
        core=core.id,
        ops=ops.id,
        m1=m1,
        m2=m2,
        m3=m3,
        ops_meeting=ops_meeting,
        legal=legal,
        flaky=flaky,
        handed=handed,
        decision=decision,
        k_ana=k_ana,
        k_bo=k_bo,
        k_cy=k_cy,
        hostile=hostile,
        ana=ana,
        bo=bo,
        cy=cy,
    )


def seed_file(path: Path, source: FakeTime) -> Seeded:
    """The seeded history in a database file, closed again."""
    writer = Store.open(path, now=WEEK1)
    try:
        return seed(writer, source)
    finally:
        writer.close()


@pytest.fixture
def seeded(store: Store, source: FakeTime) -> Seeded:
    return seed(store, source)


# --------------------------------------------------------------------------- meetings


def test_summaries_are_newest_first_per_team(store: Store, seeded: Seeded) -> None:
    core = history.meeting_summaries(store, seeded.core)
    assert [s.meeting_id for s in core] == [seeded.m3, seeded.m2, seeded.m1]
    assert {s.team_name for s in core} == {"Core"}
    everyone = history.meeting_summaries(store)
    assert [s.meeting_id for s in everyone] == [seeded.m3, seeded.ops_meeting, seeded.m2, seeded.m1]
    assert history.team_meeting_counts(store) == {seeded.core: 3, seeded.ops: 1}


def test_summary_numbers(store: Store, seeded: Seeded) -> None:
    by_id = {s.meeting_id: s for s in history.meeting_summaries(store)}
    m1, m2, m3 = by_id[seeded.m1], by_id[seeded.m2], by_id[seeded.m3]
    assert (m1.decisions, m1.new_commitments, m1.open_blockers) == (1, 2, 2)
    assert m1.rate.label() == "n/a"  # nothing was due yet
    assert m1.rating == 7.0
    assert m1.planned_seconds == 60 * 60
    assert m1.actual_seconds == pytest.approx(48 * 60)
    assert m1.time_ratio == pytest.approx(0.8)
    assert m1.status == "ended" and not m1.is_live
    # week 2: ana done, bo re-scoped; the legal blocker resolved, the flaky one still open
    assert (m2.rate.done, m2.rate.total) == (1, 2)
    assert (m2.decisions, m2.new_commitments, m2.open_blockers) == (0, 1, 1)
    assert m2.rating == 9.0
    # week 3: bo abandoned, cy left open; the flaky blocker went to Ops
    assert (m3.rate.done, m3.rate.total) == (0, 2)
    assert m3.open_blockers == 0
    assert by_id[seeded.ops_meeting].rating is None


def test_open_blockers_are_counted_as_they_were_then(store: Store, seeded: Seeded) -> None:
    """Week 1 still shows two open blockers although both are closed today."""
    assert store.item(seeded.legal).status == "resolved"
    assert store.item(seeded.flaky).status == "handed_off"
    summary = history.meeting_summary(store, seeded.m1)
    assert summary is not None and summary.open_blockers == 2
    assert history.meeting_summary(store, 9999) is None


def test_live_meeting_is_listed(store: Store, source: FakeTime, seeded: Seeded) -> None:
    source.set(datetime(2026, 12, 15, 9, 0))
    live = start(store, source, seeded.core)
    newest = history.meeting_summaries(store, seeded.core, limit=1)
    assert [s.meeting_id for s in newest] == [live.meeting_id]
    assert newest[0].is_live
    assert newest[0].open_blockers == 0


def test_meeting_items_lists_what_the_meeting_touched(store: Store, seeded: Seeded) -> None:
    items = history.meeting_items(store, seeded.m1)
    assert [i.kind for i in items] == ["decision", "commitment", "commitment", "blocker", "blocker"]
    assert {i.id for i in items} == {
        seeded.decision,
        seeded.k_ana,
        seeded.k_bo,
        seeded.legal,
        seeded.flaky,
    }
    week2 = {i.id for i in history.meeting_items(store, seeded.m2)}
    assert {seeded.legal, seeded.flaky, seeded.k_ana, seeded.k_bo, seeded.k_cy} <= week2
    assert seeded.decision not in week2
    assert items[1].owner_handle == "ana" and items[1].team_name == "Core"


# --------------------------------------------------------------------------- search


def test_search_finds_items_across_teams(store: Store, seeded: Seeded) -> None:
    hits = history.search(store, "legal review")
    assert [h.item.id for h in hits] == [seeded.legal]
    assert hits[0].meeting_id == seeded.m1
    assert hits[0].meeting_date == "2026-11-24"
    both = {h.item.id for h in history.search(store, "legal")}
    assert both == {seeded.legal, seeded.decision}
    assert {h.item.team_name for h in history.search(store, "script alert")} == {"Ops"}


def test_search_matches_the_start_of_the_last_word(store: Store, seeded: Seeded) -> None:
    assert {h.item.id for h in history.search(store, "leg")} == {seeded.legal, seeded.decision}
    assert history.search(store, "leg ") == []  # a finished word must match whole


def test_search_is_bounded_and_filtered_by_team(store: Store, seeded: Seeded) -> None:
    assert len(history.search(store, "the", limit=1)) == 1
    assert len(history.search(store, "the", limit=10**9)) <= history.SEARCH_MAX
    assert history.search(store, "legal", team_id=seeded.ops) == []
    assert [h.item.id for h in history.search(store, "flaky", team_id=seeded.ops)] == [
        seeded.handed
    ]


@pytest.mark.parametrize(
    "query",
    ['"', 'legal"', "NOT", "legal AND", "OR OR", "text:legal", "(", ")*", "*", "^", "-", "", "  "],
)
def test_search_never_raises_on_fts_syntax(store: Store, seeded: Seeded, query: str) -> None:
    hits = history.search(store, query)
    assert all(isinstance(h, history.SearchHit) for h in hits)


def test_search_quotes_operators_as_words(store: Store, seeded: Seeded) -> None:
    expression = history.fts_query(store, 'legal OR "x')
    assert expression.startswith('("legal" "OR" "x")')
    # the words are ANDed: no item has all three, so OR did not act as an operator
    assert history.search(store, "legal OR beta") == []


def test_search_result_outside_any_meeting(store: Store, source: FakeTime, seeded: Seeded) -> None:
    source.set(datetime(2026, 12, 10, 12, 0))
    item = add_between_meetings(
        store, source, store.team(seeded.core), ItemKind.BLOCKER, "Printer queue is jammed"
    )
    hits = history.search(store, "printer")
    assert [(h.item.id, h.meeting_id, h.meeting_date) for h in hits] == [(item.id, None, None)]


# --------------------------------------------------------------------------- people


def test_person_record_has_outcomes_and_rates(store: Store, seeded: Seeded) -> None:
    record = history.person_record(store, seeded.bo, date(2026, 12, 8))
    assert record.person.handle == "bo"
    assert [c.item.id for c in record.commitments] == [seeded.k_bo]
    faq = record.commitments[0]
    assert [(r.meeting_id, r.outcome) for r in faq.reviews] == [
        (seeded.m2, "rescoped"),
        (seeded.m3, "abandoned"),
    ]
    assert faq.times_rescoped == 1
    assert faq.created_date == "2026-11-24"
    assert faq.item.status == "abandoned"
    assert (record.rate.done, record.rate.total) == (0, 2)
    ana = history.person_record(store, seeded.ana, date(2026, 12, 8))
    assert ana.rate.label() == "100%"
    cy = history.person_record(store, seeded.cy, date(2026, 12, 8))
    assert [r.outcome for r in cy.commitments[0].reviews] == ["open"]
    assert cy.rate.label() == "0%"


def test_person_rate_window(store: Store, seeded: Seeded) -> None:
    later = history.person_record(store, seeded.ana, date(2027, 6, 1))
    assert later.rate.label() == "n/a"  # no meeting of the last 13 weeks
    assert later.rate_all.label() == "100%"
    assert later.window_weeks == 13


def test_people_with_commitments(store: Store, seeded: Seeded) -> None:
    people = history.people_with_commitments(store)
    assert [(p.handle, n) for p, n in people] == [("ana", 1), ("bo", 1), ("cy", 1), ("dee", 0)]


# --------------------------------------------------------------------------- history


def labels(found: history.ItemHistory | None) -> list[str]:
    assert found is not None
    return [e.label for e in found.events]


def test_blocker_history_raised_decided_carried_resolved(store: Store, seeded: Seeded) -> None:
    found = history.item_history(store, seeded.legal)
    assert labels(found) == ["raised", "decided", "carried", "resolved"]
    assert found is not None
    assert [e.meeting_date for e in found.events] == [
        "2026-11-24",
        "2026-11-24",
        "2026-12-01",
        "2026-12-01",
    ]
    decided = found.events[1]
    assert decided.item_id == seeded.decision
    assert "Ship the beta without the legal sign-off" in decided.detail
    assert found.events[3].detail == "open → resolved"
    assert [r.id for r in found.related] == [seeded.decision]
    assert found.events[0].when.tzinfo is not None


def test_commitment_history_rescoped_then_abandoned(store: Store, seeded: Seeded) -> None:
    found = history.item_history(store, seeded.k_bo)
    assert labels(found) == [
        "committed",
        "carried",
        "re-scoped",
        "reviewed",
        "carried",
        "abandoned",
        "reviewed",
    ]
    assert found is not None
    rescoped = found.events[2]
    assert "→ 2026-12-05" in rescoped.detail
    assert "nobody reads FAQs" in found.events[5].detail


def test_history_follows_a_hand_off_both_ways(store: Store, seeded: Seeded) -> None:
    origin = history.item_history(store, seeded.flaky)
    assert labels(origin)[:4] == ["raised", "carried", "carried", "handed off"]
    assert origin is not None
    assert "to Ops" in origin.events[3].detail
    assert origin.events[-1].item_id == seeded.handed
    assert origin.events[-1].team_name == "Ops"
    assert f"(as #{seeded.handed} of Ops)" in origin.events[-1].detail
    handed = history.item_history(store, seeded.handed)
    assert handed is not None
    assert handed.events[0].item_id == seeded.flaky  # it starts where it was raised
    assert [r.id for r in handed.related] == [seeded.flaky]
    assert history.item_history(store, 9999) is None


def test_describe_unknown_event_type_keeps_its_detail(store: Store, seeded: Seeded) -> None:
    event = store.events(seeded.legal)[0].model_copy(
        update={"type": "teleported", "detail": '{"to": "Mars"}'}
    )
    assert history.describe_event(event, "blocker") == ("teleported", '{"to": "Mars"}')


# --------------------------------------------------------------------------- read-only


def test_history_reads_through_a_read_only_store(tmp_path: Path, source: FakeTime) -> None:
    path = tmp_path / "camp.db"
    seeded = seed_file(path, source)
    reader = Store.open_readonly(path)
    try:
        assert len(history.meeting_summaries(reader)) == 4
        assert [h.item.id for h in history.search(reader, "legal review")] == [seeded.legal]
        assert labels(history.item_history(reader, seeded.legal))[-1] == "resolved"
        with pytest.raises(StoreError):
            with reader.transaction():
                pass
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.db.execute("UPDATE items SET text = 'changed' WHERE id = ?", [seeded.legal])
    finally:
        reader.close()
    check = Store.open_readonly(path)
    assert check.item(seeded.legal).text == "Legal review blocks the beta launch"
    check.close()
