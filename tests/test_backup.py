"""`campmeeting backup PATH`: SQLite's online backup API, consistent while a meeting is
live and others write; it refuses to overwrite without --force, and a missing folder."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from campmeeting.agenda import Agenda
from campmeeting.backup import backup_to
from campmeeting.clock import FakeTime, SystemTime
from campmeeting.meeting import LiveMeeting, add_between_meetings
from campmeeting.model import ItemKind
from campmeeting.store import Store, StoreError
from tests.cli_support import assert_one_line_error, run_main
from tests.tui_support import seed_team

WAIT = 60  # seconds a thread may take on a busy machine (a bound, not a sleep)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live_file(tmp_path: Path, source: FakeTime, camp: Agenda) -> Path:
    path = tmp_path / "camp.db"
    store = Store.open(path)
    team = seed_team(store, source)
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.capture("We closed Acme @ana")
    store.close()
    os.chmod(path, 0o600)
    return path


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            table: conn.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("meetings", "items", "events", "section_runs")
        } | {
            "created": conn.execute(
                "select count(*) from events where type = 'created'"
            ).fetchone()[0]
        }
    finally:
        conn.close()


def test_a_backup_is_a_whole_database_in_one_file(live_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "camp-backup.db"
    target.parent.mkdir()
    done = backup_to(live_file, target)
    assert done.path == target and done.meetings == 1 and done.items == 1
    assert "1 meeting, 1 item; integrity ok" in done.summary()
    assert counts(target) == counts(live_file)
    assert sorted(p.name for p in target.parent.iterdir()) == ["camp-backup.db"]  # no -wal
    assert (target.stat().st_mode & 0o777) == 0o600  # as private as the database
    copy = Store.open_readonly(target)  # a backup taken mid-meeting opens in review
    assert copy.live_meeting(copy.team_by_name("Leadership").id) is not None
    copy.close()


def test_refusals_write_nothing(live_file: Path, tmp_path: Path) -> None:
    existing = tmp_path / "old.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(StoreError, match="exists already; --force replaces it"):
        backup_to(live_file, existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(StoreError, match="does not exist"):
        backup_to(live_file, tmp_path / "nope" / "x.db")
    with pytest.raises(StoreError, match="is a folder"):
        backup_to(live_file, tmp_path)
    with pytest.raises(StoreError, match="the database itself"):
        backup_to(live_file, live_file, force=True)
    with pytest.raises(StoreError, match="no such database"):
        backup_to(tmp_path / "none.db", tmp_path / "y.db")
    with pytest.raises(StoreError, match="not a campmeeting database"):
        backup_to(existing, tmp_path / "z.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["camp.db", "old.db"]
    backup_to(live_file, existing, force=True)  # --force replaces it
    assert counts(existing) == counts(live_file)


def test_consistent_while_a_meeting_is_live_and_add_writes(
    live_file: Path, tmp_path: Path, camp: Agenda
) -> None:
    """Writers commit all the time (the meeting's clock and captures, `campmeeting add`
    from another terminal) while backups are taken: every copy passes integrity_check
    and holds whole transactions only (each item with its 'created' event)."""
    stop = threading.Event()
    busy = threading.Barrier(3)  # both writers have committed before the first backup
    errors: list[BaseException] = []
    source = SystemTime()

    def facilitator() -> None:
        store = Store.open(live_file)
        try:
            live = LiveMeeting.resume(store, source, store.team_by_name("Leadership"))
            assert live is not None
            n = 0
            while not stop.is_set():
                live.capture(f"Headline {n}")
                live.checkpoint()
                n += 1
                if n == 5:
                    busy.wait(timeout=WAIT)
        except BaseException as error:
            errors.append(error)
            busy.abort()
        finally:
            store.close()

    def someone_adding() -> None:
        store = Store.open(live_file)
        try:
            team = store.team_by_name("Leadership")
            n = 0
            while not stop.is_set():
                add_between_meetings(store, source, team, ItemKind.BLOCKER, f"Blocker {n}")
                n += 1
                if n == 5:
                    busy.wait(timeout=WAIT)
        except BaseException as error:
            errors.append(error)
            busy.abort()
        finally:
            store.close()

    threads = [threading.Thread(target=facilitator), threading.Thread(target=someone_adding)]
    for thread in threads:
        thread.start()
    copies = []
    try:
        busy.wait(timeout=WAIT)
        for n in range(6):
            target = tmp_path / f"copy-{n}.db"
            backup_to(live_file, target)
            copies.append(counts(target))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=WAIT)
    assert not errors, errors
    final = counts(live_file)
    for copy in copies:
        assert copy["items"] == copy["created"]  # whole transactions only
        assert copy["meetings"] == 1 and copy["section_runs"] == 8
        assert copy["items"] <= final["items"]
    assert [c["items"] for c in copies] == sorted(c["items"] for c in copies)
    assert copies[0]["items"] > 1  # the writers were writing while it was taken


def test_the_command(capsys, live_file: Path, tmp_path: Path) -> None:
    db = ["--db", str(live_file), "backup"]
    target = tmp_path / "b.db"
    before = digest(live_file)
    result = run_main(capsys, [*db, str(target)])
    assert result.code == 0, result.err
    assert result.out.startswith(f"Backed up {live_file} to {target} (")
    assert digest(live_file) == before  # the database itself is only read
    assert_one_line_error(run_main(capsys, [*db, str(target)]), "exists already", "--force")
    assert run_main(capsys, [*db, str(target), "--force"]).code == 0
    assert_one_line_error(
        run_main(capsys, [*db, str(tmp_path / "no" / "b.db")]), "the folder", "does not exist"
    )
