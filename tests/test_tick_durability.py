"""The clock's once-a-second write is cheap, and the promise holds.

The tick commits at synchronous=NORMAL (in WAL mode: atomic, not flushed to the disk on
every commit); every item is still committed at FULL. A process killed at any moment
loses nothing it committed: a resumed meeting continues from the last tick.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

from campmeeting.agenda import Agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting, add_member, create_team
from campmeeting.store import Store

FULL, NORMAL = 2, 1


def statements(store: Store, action) -> list[str]:
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store.db.conn.set_trace_callback(None)
    return [s.strip() for s in seen]


def test_the_tick_is_not_flushed_and_an_item_is(
    tmp_path: Path, source: FakeTime, camp: Agenda
) -> None:
    store = Store.open(tmp_path / "camp.db", now=datetime(2026, 11, 24, 9, 0))
    team = create_team(store, source, "Core")
    add_member(store, source, team, "ana")
    live = LiveMeeting.start(store, source, team, camp, "camp")
    source.advance(seconds=3)
    tick = statements(store, lambda: live.checkpoint(wait=False))
    assert tick[0] == "PRAGMA synchronous = NORMAL"
    assert tick.index("COMMIT") < tick.index("PRAGMA synchronous = FULL")
    assert any(s.startswith("BEGIN") for s in tick[1:])
    assert store.scalar("PRAGMA synchronous") == FULL
    captured = statements(store, lambda: live.capture("A blocker worth keeping"))
    assert "PRAGMA synchronous = NORMAL" not in captured and "COMMIT" in captured
    assert store.scalar("PRAGMA synchronous") == FULL
    store.close()


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.clock import FakeTime
    from campmeeting.meeting import LiveMeeting, add_member, create_team
    from campmeeting.store import Store

    source = FakeTime(datetime(2026, 11, 24, 9, 0))
    store = Store.open(sys.argv[1])
    team = create_team(store, source, "Core")
    add_member(store, source, team, "ana")
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("camp")), "camp")
    source.advance(seconds=40)
    live.capture("Said before the ticks")
    for _ in range(5):
        source.advance(seconds=1)
        live.checkpoint(wait=False)  # the last one: 45 s
    source.advance(seconds=0.6)
    print("ticked", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint of the WAL
    """
)


def test_a_killed_process_keeps_every_tick_it_committed(tmp_path: Path) -> None:
    path = tmp_path / "camp.db"
    done = subprocess.run(
        [sys.executable, "-c", KILLED, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "ticked" in done.stdout
    store = Store.open(path)
    team = store.team_by_name("Core")
    assert team is not None
    live = LiveMeeting.resume(store, FakeTime(datetime(2026, 11, 24, 10, 0)), team)
    assert live is not None
    assert live.section_elapsed() == 45
    assert [v.item.text for v in live.items()] == ["Said before the ticks"]
    store.close()


def test_the_app_moves_the_wal_in_a_thread_of_its_own(
    tmp_path: Path, source: FakeTime, camp: Agenda
) -> None:
    """No commit of the app checkpoints (wal_autocheckpoint 0): the store's thread does,
    with its own connection; closing the store stops the thread."""
    path = tmp_path / "camp.db"
    store = Store.open(path, background_checkpoints=True)
    assert store.checkpointer is not None and store.checkpointer.thread.is_alive()
    assert store.scalar("PRAGMA wal_autocheckpoint") == 0
    team = create_team(store, source, "Core")
    add_member(store, source, team, "ana")
    live = LiveMeeting.start(store, source, team, camp, "camp")
    for n in range(30):
        live.capture(f"Blocker {n}")
    moved = store.checkpointer.checkpoint()
    assert moved is not None
    busy, frames, done = moved
    assert busy == 0 and frames > 0 and done == frames
    thread = store.checkpointer.thread
    store.close()
    assert not thread.is_alive()
    plain = Store.open(path)
    assert plain.checkpointer is None and plain.scalar("PRAGMA wal_autocheckpoint") == 1000
    assert plain.scalar("select count(*) from items") == 30
    plain.close()
