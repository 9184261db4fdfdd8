"""How long the insights take on a large file: one team, and the whole organization.

Run: `make bench` (or `.venv/bin/python benchmarks/bench_insights.py --teams 100 --years 10`).
The history is written row by row in the shapes the meeting core writes (meetings,
section runs, attendance with ratings, blockers raised, carried and resolved, a blocker
that stays open for years, commitments reviewed, decisions, priorities, a hand-off and a
message per team), because playing ten years of a hundred teams through LiveMeeting
takes too long for a benchmark. The targets (ISSUE 12): under 200 ms for one team and
under 1 s for the whole organization, whatever the years before the window.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from campmeeting import insights
from campmeeting.store import Store

CAMP = [
    ("Check-in", "checkin", 5),
    ("Accountability", "accountability", 10),
    ("Priorities", "priorities", 5),
    ("Blockers", "blockers", 5),
    ("Act", "act", 25),
    ("Commitments", "commitments", 5),
    ("Cascade", "cascade", 2),
    ("Close", "close", 3),
]
TODAY = date(2026, 11, 24)
TEAM_MS, ORG_MS = 200.0, 1000.0


class Writer:
    def __init__(self, store: Store) -> None:
        self.db = store.db.conn
        self.ids: dict[str, int] = {}

    def add(self, table: str, row: dict) -> int:
        cursor = self.db.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def event(self, item: int, meeting: int | None, at: str, kind: str, **more: object) -> None:
        self.add("events", {"item_id": item, "meeting_id": meeting, "at": at, "type": kind, **more})

    def item(
        self, team: int, kind: str, text: str, status: str, meeting: int, at: str, **more: object
    ) -> int:
        item = self.add(
            "items",
            {
                "team_id": team,
                "kind": kind,
                "text": text,
                "status": status,
                "created_meeting_id": meeting,
                "created_at": at,
                "updated_at": at,
                **more,
            },
        )
        self.event(item, meeting, at, "created", to_status=status)
        return item


def build(path: Path, teams: int, years: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    store = Store.open(path)
    w = Writer(store)
    weeks = years * 52
    first = TODAY - timedelta(weeks=weeks - 1)
    with store.transaction():
        team_ids = []
        for t in range(teams):
            team = w.add(
                "teams",
                {
                    "name": f"Team {t:03d}",
                    "cadence": "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0;WKST=MO",
                    "cadence_start": f"{first - timedelta(days=1)}T00:00",
                    "agenda": "camp",
                    "created_at": f"{first - timedelta(days=1)}T08:00:00+00:00",
                },
            )
            team_ids.append(team)
            people = [
                w.add(
                    "people",
                    {
                        "name": f"P{t}-{n}",
                        "handle": f"p{t}x{n}",
                        "created_at": "2016-01-01T00:00:00+00:00",
                    },
                )
                for n in range(5)
            ]
            for person in people:
                w.add("memberships", {"team_id": team, "person_id": person})
            stuck = None
            open_blockers: list[int] = []
            due: list[tuple[int, int]] = []
            priority = None
            for week in range(weeks):
                day = first + timedelta(weeks=week)
                if rng.random() < 0.04:
                    continue  # a skipped week
                at = f"{day}T08:00:00+00:00"
                meeting = w.add(
                    "meetings",
                    {
                        "team_id": team,
                        "status": "ended",
                        "date": day.isoformat(),
                        "started_at": at,
                        "ended_at": f"{day}T09:00:00+00:00",
                        "agenda_name": "camp",
                        "agenda_json": "{}",
                    },
                )
                for position, (title, kind, minutes) in enumerate(CAMP):
                    w.add(
                        "section_runs",
                        {
                            "meeting_id": meeting,
                            "position": position,
                            "title": title,
                            "kind": kind,
                            "planned_seconds": minutes * 60,
                            "actual_seconds": minutes * 60 * rng.uniform(0.6, 1.4),
                        },
                    )
                for person in people:
                    w.add(
                        "attendance",
                        {
                            "meeting_id": meeting,
                            "person_id": person,
                            "present": 1,
                            "rating": rng.randint(5, 10),
                        },
                    )
                # carried: what was open when it started
                for item in [
                    *open_blockers,
                    *([stuck] if stuck else []),
                    *([priority] if priority else []),
                ]:
                    w.event(item, meeting, at, "carried", to_status="open")
                still_due = []
                for item, times in due:
                    outcome = rng.choice(["done", "done", "done", "open", "rescoped", "abandoned"])
                    if times >= 3:
                        outcome = "abandoned"  # a real team closes what slipped three times
                    w.add(
                        "reviews",
                        {"meeting_id": meeting, "item_id": item, "outcome": outcome, "at": at},
                    )
                    if outcome in ("done", "abandoned"):
                        w.db.execute("UPDATE items SET status = ? WHERE id = ?", [outcome, item])
                        w.event(item, meeting, at, "status", from_status="open", to_status=outcome)
                    else:
                        if outcome == "rescoped":
                            w.event(item, meeting, at, "rescoped")
                        still_due.append((item, times + 1))
                due = still_due
                if stuck is None:
                    stuck = w.item(team, "blocker", "The blocker nobody owns", "open", meeting, at)
                if priority is None or week % 13 == 0:
                    if priority:
                        w.db.execute("UPDATE items SET status = 'done' WHERE id = ?", [priority])
                        w.event(
                            priority,
                            meeting,
                            at,
                            "status",
                            from_status="on_track",
                            to_status="done",
                        )
                    priority = w.item(team, "priority", f"Priority {week}", "on_track", meeting, at)
                # resolve last weeks' blockers, raise two new ones
                keep = []
                for item in open_blockers:
                    if rng.random() < 0.6:
                        w.db.execute("UPDATE items SET status = 'resolved' WHERE id = ?", [item])
                        w.event(
                            item, meeting, at, "status", from_status="open", to_status="resolved"
                        )
                    else:
                        keep.append(item)
                for item in keep[:-6]:  # the open list stays the size a real team has
                    w.db.execute("UPDATE items SET status = 'dropped' WHERE id = ?", [item])
                    w.event(item, meeting, at, "status", from_status="open", to_status="dropped")
                open_blockers = keep[-6:]
                for n in range(2):
                    open_blockers.append(
                        w.item(team, "blocker", f"Blocker {week}.{n}", "open", meeting, at)
                    )
                w.item(team, "decision", f"Decision {week}", "decided", meeting, at)
                for n in range(2):
                    commitment = w.item(
                        team,
                        "commitment",
                        f"Commitment {week}.{n}",
                        "open",
                        meeting,
                        at,
                        owner_id=people[n],
                        due_date=(day + timedelta(days=7)).isoformat(),
                    )
                    due.append((commitment, 0))
        # between teams: one open hand-off and one unacknowledged message each
        for n, team in enumerate(team_ids):
            other = team_ids[(n + 1) % len(team_ids)]
            at = f"{TODAY - timedelta(days=10)}T10:00:00+00:00"
            origin = w.item(
                team, "blocker", "Not ours", "handed_off", None, at, target_team_id=other
            )  # type: ignore[arg-type]
            w.item(other, "blocker", "Not ours", "open", None, at, origin_item_id=origin)  # type: ignore[arg-type]
            w.item(team, "message", "Freeze on Friday", "pending", None, at, target_team_id=other)  # type: ignore[arg-type]
    store.db.conn.execute("ANALYZE")
    return store


def timed(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--db", type=Path, help="Keep the database here (built when missing).")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench.db"
    started = time.perf_counter()
    store = Store.open(path) if path.exists() else build(path, args.teams, args.years)
    built = time.perf_counter() - started
    rows = {
        t: store.db.conn.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("meetings", "items", "events")
    }
    print(f"{args.teams} teams x {args.years} years: {rows} ({built:.0f} s to build)")
    one = store.teams()[len(store.teams()) // 2]
    results = [
        (
            "insights, one team (13 weeks)",
            timed(lambda: insights.build_insights(store, TODAY, team_id=one.id), 5),
            TEAM_MS,
        ),
        (
            "insights, every team (13 weeks)",
            timed(lambda: insights.build_insights(store, TODAY), 3),
            ORG_MS,
        ),
        (
            "meeting against its trend",
            timed(lambda: insights.meeting_against_trend(store, store.last_meeting(one.id).id), 10),
            TEAM_MS,
        ),  # type: ignore[union-attr]
        (
            "decision velocity, every team",
            timed(lambda: insights.team_velocity(store, None, TODAY), 3),
            ORG_MS,
        ),
    ]
    failed = False
    for label, ms, target in results:
        ok = ms < target
        failed |= not ok
        print(f"  {label:<34} {ms:8.1f} ms   target < {target:.0f} ms  {'ok' if ok else 'SLOW'}")
    store.close()
    folder.cleanup()
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
