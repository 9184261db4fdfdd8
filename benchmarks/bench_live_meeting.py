"""How long a key press takes in a live meeting, with years of history behind it.

Run: `.venv/bin/python benchmarks/bench_live_meeting.py --weeks 150` (`make bench` runs
bench.py, the archive's budgets, which measures the same key presses on a large history).
It builds a database of WEEKS weekly meetings through the real core, starts one more,
and times what the screen does on each key press and each clock tick. The target: every
operation well under 20 ms (one frame) whatever the history, i.e. the numbers must not
grow with --weeks. Compare `--weeks 20` with `--weeks 300`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting, add_member, create_team
from campmeeting.model import SectionKind
from campmeeting.store import Store

TARGET_MS = 20.0


def build_history(path: Path, weeks: int) -> tuple[Store, FakeTime]:
    source = FakeTime(datetime(2020, 1, 7, 9, 0))
    store = Store.open(path)
    team = create_team(store, source, "Leadership")
    for handle in ("ana", "bo", "cy", "dee", "eli"):
        add_member(store, source, team, handle)
    camp = load_agenda(resolve_agenda("camp"))
    for week in range(weeks):
        source.set(datetime(2020, 1, 7, 9, 0) + timedelta(weeks=week))
        live = LiveMeeting.start(store, source, team, camp, "camp")
        live.go_to(1)
        for view in live.items():
            if view.due_in_review:
                # a third stays open one more week, then is abandoned: the open set stays
                # the size a real team has, while history (items, events) keeps growing
                if view.times_carried > 1:
                    live.review(view.id, "abandoned")
                else:
                    live.review(view.id, "done" if view.id % 3 else "open")
        live.go_to(3)
        for n in range(4):
            live.capture(f"Blocker {week}.{n} @bo")
        for view in [v for v in live.items() if v.item.status == "open"][:4]:
            live.set_status(view.id, "resolved")
        live.go_to(5)
        for n in range(4):
            live.capture(f"Commitment {week}.{n} @ana due:+5d")
        live.end()
    source.set(datetime(2020, 1, 7, 9, 0) + timedelta(weeks=weeks))
    return store, source


def timed(label: str, action, repeat: int = 30) -> tuple[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return label, statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weeks", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        store, source = build_history(Path(folder) / "bench.db", args.weeks)
        built = time.perf_counter() - began
        events = store.scalar("select count(*) from events")
        items = store.scalar("select count(*) from items")
        print(f"history: {args.weeks} meetings, {items} items, {events} events ({built:.1f} s)")
        team = store.team_by_name("Leadership")
        camp = load_agenda(resolve_agenda("camp"))
        began = time.perf_counter()
        live = LiveMeeting.start(store, source, team, camp, "camp")
        print(f"start with carry-over: {(time.perf_counter() - began) * 1000:.1f} ms")
        results = []
        for position, section in enumerate(live.sections):
            live.go_to(position)
            results.append(timed(f"list items: {section.kind}", live.items))
        live.go_to(3)
        counter = iter(range(10_000))
        results.append(timed("capture a blocker", lambda: live.capture(f"b{next(counter)}")))
        results.append(timed("clock tick (checkpoint)", live.checkpoint))
        results.append(
            timed("next + previous section", lambda: (live.next_section(), live.previous_section()))
        )
        live.go_to([s.kind for s in live.sections].index(SectionKind.ACCOUNTABILITY))
        worst = 0.0
        for label, ms in results:
            worst = max(worst, ms)
            print(f"  {label:<32} {ms:7.2f} ms")
        verdict = "OK" if worst < TARGET_MS else "SLOW"
        print(f"worst median {worst:.2f} ms (target < {TARGET_MS:.0f} ms): {verdict}")
        store.close()


if __name__ == "__main__":
    main()
