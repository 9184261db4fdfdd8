"""The insights read the window, not the years before it (ISSUE 12: the cost must not
grow with history). Checked without timing anything:

- every statement `build_insights` runs is planned on an index (EXPLAIN QUERY PLAN shows
  no scan of a table but the teams and the hand-off chain being built);
- the work SQLite does (virtual machine steps, counted by a progress handler) is about
  the same for a team with eight months of history before the window as for one without.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from campmeeting import insights
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.model import ItemKind
from campmeeting.store import Store
from tests.insights_support import Crew

TODAY = date(2026, 11, 24)
WINDOW_WEEKS = 4


def history(weeks_before: int) -> Store:
    """Ops meets weekly up to Tue 24 Nov; every week it raises two blockers and two
    commitments, decides once, resolves last week's blockers and reviews last week's
    commitments done; in the last meeting one blocker is handed to Platform. The last 4
    weeks are the same whatever `weeks_before` adds in front of them."""
    store = Store.memory()
    clock = FakeTime(datetime(2026, 1, 1))
    first = TODAY - timedelta(weeks=WINDOW_WEEKS + weeks_before - 1)
    ops = Crew(store, clock, "Ops", created=f"{first - timedelta(days=3)} 08:00")
    Crew(store, clock, "Platform", handles=("dee",), created=f"{first - timedelta(days=3)} 08:00")
    last: dict[str, list[int]] = {"blockers": [], "commitments": []}

    def week(live: LiveMeeting, day: date) -> None:
        for item_id in last["blockers"]:
            live.set_status(item_id, "resolved")
        for item_id in last["commitments"]:
            live.review(item_id, "done")
        due = (day + timedelta(weeks=1)).isoformat()
        last["blockers"] = [ops.blocker(live, "Disk full"), ops.blocker(live, "Slow CI")]
        last["commitments"] = [
            ops.commitment(live, "Clean up", "ana", due),
            ops.commitment(live, "Write it down", "bo", due),
        ]
        ops.decision(live, "Buy disks")
        if day == TODAY:
            live.hand_off(live.add_item(ItemKind.BLOCKER, "Not ours"), "Platform")

    for n in range(WINDOW_WEEKS + weeks_before):
        day = first + timedelta(weeks=n)
        ops.meeting(f"{day} 09:00", lambda live, day=day: week(live, day), ratings={"ana": 8})
    return store


def run_all(store: Store) -> None:
    found = insights.build_insights(store, TODAY, weeks=WINDOW_WEEKS)
    last = found.team_of_teams[0].last_meeting_id
    assert last is not None
    insights.meeting_against_trend(store, last, weeks=WINDOW_WEEKS)
    insights.team_velocity(store, None, TODAY, weeks=WINDOW_WEEKS)


def statements(store: Store) -> list[str]:
    found: list[str] = []
    store.db.conn.set_trace_callback(found.append)
    try:
        run_all(store)
    finally:
        store.db.conn.set_trace_callback(None)
    return [s for s in found if s.lstrip().lower().startswith(("select", "with"))]


def test_every_insights_query_is_planned_on_an_index() -> None:
    store = history(weeks_before=2)
    seen = statements(store)
    assert len(seen) > 15
    scans = []
    for sql in seen:
        for row in store.db.conn.execute("EXPLAIN QUERY PLAN " + sql):
            detail = row[3]
            # teams (t): a handful of rows, read whole on purpose; c: the hand-off chain
            if detail.startswith("SCAN") and detail.split()[1] not in ("teams", "t", "c"):
                scans.append((detail, sql[:80]))
    assert scans == []


def vm_steps(store: Store) -> int:
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.db.conn.set_progress_handler(count, 100)
    try:
        run_all(store)
    finally:
        store.db.conn.set_progress_handler(None, 0)
    return steps


def test_the_work_does_not_grow_with_the_history_before_the_window() -> None:
    short, long = history(weeks_before=1), history(weeks_before=36)
    # the same window, so the same answers (but for the item ids)
    answers = [
        re.sub(r"#\d+", "#", insights.insights_text(insights.build_insights(s, TODAY, weeks=4)))
        for s in (short, long)
    ]
    assert answers[0] == answers[1]
    few, many = vm_steps(short), vm_steps(long)
    # and with the statistics SQLite's planner gathers (ANALYZE), which change its plans
    for store in (short, long):
        store.db.conn.execute("ANALYZE")
    assert vm_steps(long) < vm_steps(short) * 1.15
    # 9 times the meetings, items and events; the work grows by the depth of the B-trees
    assert many < few * 1.15, (few, many)
