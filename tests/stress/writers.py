"""A live meeting with concurrent `campmeeting add` writers and readers.

The real TUI runs the team's live meeting in a pty (its clock writes every second, and
the harness keeps capturing lines into it); meanwhile separate processes run the real
command line in a loop: writers `campmeeting add --team Stress blocker ...`, readers
`teams list`, `teams members` and `export --last --format json`. Afterwards:

- no command failed (a "database is locked" is a lock error; any other failure too);
- every add that said it saved is in the database, with its exact text (0 lost);
- every line the meeting listed is in the database, and it never said a write failed.

Run one worker directly: `python -m tests.stress.writers ROLE DB SECONDS NAME`.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.stress import StressFailure
from tests.stress.kills import TEAM, prepare
from tests.stress.terminal import PtyApp, campmeeting, environment

ROOT = Path(__file__).resolve().parents[2]
READS = {
    "teams": ["teams", "list"],
    "members": ["teams", "members", TEAM],
    "export": ["export", "--team", TEAM, "--last", "--format", "json"],
}


@dataclass
class WriterReport:
    writers: int = 0
    readers: int = 0
    seconds: float = 0
    adds: int = 0
    reads: int = 0
    tui_items: int = 0
    lost: list[str] = field(default_factory=list)
    lock_errors: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.writers} writers + {self.readers} readers for {self.seconds:g} s: "
            f"adds {self.adds}, lines typed in the meeting {self.tui_items}, reads "
            f"{self.reads}, lost {len(self.lost)}, lock errors {self.lock_errors}, "
            f"other errors {len(self.errors)}"
        )

    @property
    def ok(self) -> bool:
        return not self.lost and not self.lock_errors and not self.errors and self.adds > 0


def worker(role: str, db: str, seconds: float, name: str) -> dict[str, object]:
    """Run the real command line in a loop for `seconds`: `role` is "write" or a key
    of READS. Returns what was saved and what failed."""
    from campmeeting.cli import main

    saved: list[str] = []
    failures: list[str] = []
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done += 1
        if role == "write":
            text = f"zw{name}-{done:05d} written by {name} while the meeting runs"
            argv = ["--db", db, "add", "--team", TEAM, "blocker", text]
        else:
            argv = ["--db", db, *READS[role]]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(argv)
                code = 0
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        if code:
            failures.append(f"{' '.join(argv[2:5])}: exit {code}: {err.getvalue().strip()}")
        elif role == "write":
            saved.append(text)
    return {"role": role, "name": name, "runs": done, "saved": saved, "failures": failures}


def stored_texts(db: Path) -> set[str]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return {row[0] for row in conn.execute("select text from items where text like 'z%'")}
    finally:
        conn.close()


def end_a_first_meeting(db: Path) -> None:
    """So `export --last` has a meeting to read."""
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import LiveMeeting
    from campmeeting.store import Store

    store = Store.open(db)
    try:
        team = store.team_by_name(TEAM)
        assert team is not None
        agenda = load_agenda(resolve_agenda("camp"))
        LiveMeeting.start(store, SystemTime(), team, agenda, "camp").end()
    finally:
        store.close()


def run_writers(workdir: Path, seconds: float, writers: int = 4, readers: int = 3) -> WriterReport:
    db = prepare(workdir)
    end_a_first_meeting(db)
    env = environment(db, workdir)
    report = WriterReport(writers=writers, readers=readers, seconds=seconds)
    app = PtyApp.spawn(campmeeting("run", "--team", TEAM), env)
    typed: list[str] = []
    try:
        app.pump(lambda a: a.section() is not None, "the meeting screen")
        app.keys("nnn")  # to the blockers: what the writers add shows there too
        app.pump(lambda a: (a.section() or (0,))[0] == 4, "the blockers section")
        app.keys("a")
        app.pump(lambda a: a.capture_open(), "the capture box")
        roles = ["write"] * writers + [list(READS)[n % len(READS)] for n in range(readers)]
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.stress.writers", role, str(db), str(seconds), f"{n}"],
                env=env,
                cwd=ROOT,  # where `tests` is importable
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n, role in enumerate(roles)
        ]
        complaints = 0
        while any(p.poll() is None for p in processes):
            marker = f"zq{len(typed) + 1:05d}"
            app.keys(f"{marker} typed in the meeting @ana\r")
            typed.append(marker)
            app.pump(lambda a, m=marker: m in a.item_markers(), f"{marker} listed", limit=120)
            if any("Could not" in line or "Not saved" in line for line in app.display):
                complaints += 1
        if complaints:
            report.errors.append(f"the meeting said a write failed {complaints} times")
        for process in processes:
            out, err = process.communicate(timeout=120)
            if process.returncode:
                report.errors.append(f"a worker died: {err.strip()[-500:]}")
                continue
            result = json.loads(out.strip().splitlines()[-1])
            failures = result["failures"]
            report.lock_errors += sum("locked" in f or "busy" in f for f in failures)
            report.errors += [f for f in failures if "locked" not in f and "busy" not in f]
            if result["role"] == "write":
                report.adds += len(result["saved"])
                saved = result["saved"]
                stored = stored_texts(db)
                report.lost += [text for text in saved if text not in stored]
            else:
                report.reads += int(result["runs"]) - len(failures)
        app.quit()
    except StressFailure as failure:
        report.errors.append(str(failure))
        app.kill9()
    stored = {text[:7] for text in stored_texts(db)}
    report.tui_items = len(typed)
    report.lost += [m for m in typed[:-1] if m not in stored]  # the last may be in flight
    return report


if __name__ == "__main__":
    role, db, seconds, name = sys.argv[1:5]
    print(json.dumps(worker(role, db, float(seconds), name)))
