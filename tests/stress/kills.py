"""kill -9 of the real TUI at random moments of a scripted meeting.

Each cycle starts `campmeeting run --team Stress` in a pty (the live meeting resumes),
checks the resume, plays a few random actions (capture a line, next or previous
section), starts one more and kills the process with SIGKILL at a random moment of it:
while typing, while saving, while moving. Then, with the process gone:

- every item that was *shown* in the item list (its marker, zq00001 ..., seen on the
  emulated screen) is in the database: nothing shown is ever lost;
- the restart shows the section the database has as current, listing that section's
  items as the database has them (as many as fit, from the top).

A line counts as shown only once it is in the item list, not while it is typed in the
capture box: the screen is a view of the database, so what it lists must be saved.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.stress import StressFailure
from tests.stress.terminal import PtyApp, campmeeting, environment

TEAM = "Stress"
# A message needs a team to go to; everywhere else @ana is read as the owner.
SUFFIX = {"cascade": " #Ops"}
# Sections whose list does not show what is captured there (act lists the blockers,
# close the decisions and commitments): the script moves on instead of capturing.
NOT_LISTED = {"act", "close", "notes"}

# A draft typed more than a second ago survives kill -9 (the live screen keeps it
# DRAFT_SECONDS after the last key): each restart checks that the line being typed at
# the kill is back in its section's capture box (see check_draft below).
DRAFTS_SURVIVE = True
DRAFT_PROMISE = 1.0  # seconds between the last key and the kill


@dataclass
class Draft:
    """The line being typed when the process was killed, and where."""

    section: tuple[int, str] | None
    text: str
    typed_at: float  # time.monotonic() when its keys were sent
    submitted: bool = True  # Enter was sent: an item, not a draft
    killed_at: float | None = None  # time.monotonic() just before the kill

    @property
    def promised(self) -> bool:
        """A draft typed at least a second before the kill is promised to be back."""
        return (
            not self.submitted
            and self.killed_at is not None
            and self.killed_at - self.typed_at >= DRAFT_PROMISE
        )


@dataclass
class KillReport:
    kills: int = 0
    shown: set[str] = field(default_factory=set)
    lost: set[str] = field(default_factory=set)
    resumes: int = 0
    restarts: int = 0
    drafts_checked: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        drafts = (
            f", drafts back {self.drafts_checked}" if DRAFTS_SURVIVE else " (drafts not checked)"
        )
        return (
            f"kills {self.kills}, items shown {len(self.shown)}, lost {len(self.lost)}, "
            f"resumes {self.resumes}/{self.restarts}{drafts}"
        )

    @property
    def ok(self) -> bool:
        return not self.lost and not self.failures and self.resumes == self.restarts


def prepare(workdir: Path) -> Path:
    """A database with the team Stress (ana, bo, cy) and Ops to cascade to."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import add_member, create_team
    from campmeeting.store import Store

    db = workdir / "stress.db"
    store = Store.open(db)
    try:
        team = create_team(store, SystemTime(), TEAM)
        for handle in ("ana", "bo", "cy"):
            add_member(store, SystemTime(), team, handle, handle.title())
        create_team(store, SystemTime(), "Ops")
    finally:
        store.close()
    return db


def read_db(db: Path) -> tuple[set[str], int | None, list[tuple[str, str]]]:
    """(markers of the items stored, current position of the live meeting, its
    sections as (title, kind)), read with a connection of its own."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        markers = {
            row[0][:7] for row in conn.execute("select text from items where text like 'z%'")
        }
        live = conn.execute(
            "select id, current_position from meetings where status = 'live'"
        ).fetchone()
        sections: list[tuple[str, str]] = []
        if live:
            sections = list(
                conn.execute(
                    "select title, kind from section_runs where meeting_id = ? order by position",
                    [live[0]],
                )
            )
        return markers, (live[1] if live else None), sections
    finally:
        conn.close()


class Script:
    """The scripted meeting: random actions, each either waited for or left in flight."""

    def __init__(
        self,
        app: PtyApp,
        rng: random.Random,
        kinds: dict[str, str],
        first: int,
        capture_share: float = 0.6,
    ):
        self.app = app
        self.rng = rng
        self.kinds = kinds  # section title -> kind
        self.counter = first
        self.capture_share = capture_share

    def section(self) -> tuple[int, str]:
        shown = self.app.section()
        if shown is None:
            raise StressFailure(f"no section shown:\n{self.app.text()}")
        return shown

    def open_capture(self) -> None:
        if not self.app.capture_open():
            self.app.keys("a")
            self.app.pump(lambda a: a.capture_open(), "the capture box to open")

    def close_capture(self) -> None:
        if self.app.capture_open():
            self.app.keys("\x1b")
            self.app.pump(lambda a: not a.capture_open(), "the capture box to close")

    def capture(self, wait: bool, submit: bool = True) -> Draft:
        """Type a line and (unless `submit` is false: a draft) press Enter."""
        self.open_capture()
        position, title = self.section()
        self.counter += 1
        marker = f"zq{self.counter:05d}"
        line = f"{marker} stress item @ana{SUFFIX.get(self.kinds.get(title, ''), '')}"
        self.app.keys(line + ("\r" if submit else ""))
        draft = Draft((position, title), line, time.monotonic(), submitted=submit)
        if wait and submit:
            self.app.pump(lambda a: marker in a.item_markers(), f"{marker} to be listed")
        return draft

    def move(self, wait: bool) -> None:
        self.close_capture()
        position, _ = self.section()
        last = len(self.kinds)
        forward = position < last and (position == 1 or self.rng.random() < 0.75)
        self.app.keys("n" if forward else "p")
        target = position + 1 if forward else position - 1
        if wait:
            self.app.pump(lambda a: (a.section() or (0,))[0] == target, f"section {target}")

    def act(self, wait: bool, draft_share: float = 0.0) -> Draft | None:
        """Capture a line or move; an action in flight (not `wait`) may stop at a draft."""
        _, title = self.section()
        if self.kinds.get(title) not in NOT_LISTED and self.rng.random() < self.capture_share:
            submit = wait or self.rng.random() >= draft_share
            return self.capture(wait, submit=submit)
        self.move(wait)
        return None


def finish_draft(app: PtyApp, db: Path, draft: Draft | None, report: KillReport) -> None:
    """After a restart: a draft typed at least DRAFT_PROMISE seconds before the kill is
    back, open in its section's box; a draft kept (promised or not) is then saved with
    Enter, as the facilitator would, so the next line is not typed after it."""
    if draft is None or draft.submitted or draft.section != app.section():
        return
    kept = read_draft(db, draft.section[0] - 1)
    if draft.promised and kept != draft.text:
        report.failures.append(
            f"the draft {draft.text!r}, typed {draft.killed_at - draft.typed_at:.1f} s "  # type: ignore[operator]
            f"before the kill, came back as {kept!r}"
        )
        return
    if not kept:
        return  # killed before the draft was kept: not promised
    app.pump(lambda a: a.capture_open() and kept in a.text(), f"the draft {kept!r} back")
    if draft.promised:
        report.drafts_checked += 1
    if kept != draft.text:  # a part of it (killed while it was kept): clear the box
        app.keys("\x7f" * len(kept))
        return
    app.keys("\r")
    marker = kept[:7]
    app.pump(lambda a: marker in a.item_markers(), f"the draft {marker} saved")
    report.shown |= app.item_markers()


def read_draft(db: Path, position: int) -> str:
    """The draft kept for this section (0-based position) of the live meeting."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        row = conn.execute(
            "select d.text from drafts d join meetings m on m.id = d.meeting_id "
            "where m.status = 'live' and d.position = ?",
            [position],
        ).fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()


def run_kills(
    workdir: Path,
    kills: int,
    seed: int,
    budget: float,
    actions: tuple[int, int] = (0, 4),
    capture_share: float = 0.6,
    tamper: Callable[[Path], None] | None = None,
    progress: Callable[[KillReport], None] | None = None,
) -> KillReport:
    """`kills` cycles of start, act, kill -9, check; stops at the `budget` (seconds).

    Each cycle plays `actions` (a random count in that range) waited-for actions, then
    one in flight; `capture_share` of them capture a line where the section lists it.
    `tamper(db)`, called after each kill, is for showing that the checks can fail."""
    rng = random.Random(seed)
    db = prepare(workdir)
    env = environment(db, workdir)
    report = KillReport()
    started = time.monotonic()
    draft: Draft | None = None
    counter = 0
    for cycle in range(kills):
        if time.monotonic() - started > budget:
            report.failures.append(f"budget of {budget:.0f} s spent after {cycle} kills")
            break
        app = PtyApp.spawn(campmeeting("run", "--team", TEAM), env)
        app_shown = report.shown

        def watch(a: PtyApp, shown: set[str] = app_shown) -> bool:
            shown.update(a.item_markers())
            return a.section() is not None

        try:
            app.pump(watch, "the meeting screen")
            _, position, sections = read_db(db)
            kinds = {title: kind for title, kind in sections}
            if cycle:
                report.restarts += 1
                if resumed(app, db, position, sections, report):
                    report.resumes += 1
                if DRAFTS_SURVIVE:
                    finish_draft(app, db, draft, report)
            draft = None
            script = Script(app, rng, kinds, counter, capture_share)
            for _ in range(rng.randint(*actions)):
                script.act(wait=True)
                report.shown |= app.item_markers()
            draft = script.act(wait=False, draft_share=0.5 if DRAFTS_SURVIVE else 0.0)
            counter = script.counter
            # the random moment of the kill: for a draft, often after it is promised
            longest = 2.0 if draft is not None and not draft.submitted else 0.6
            deadline = time.monotonic() + rng.uniform(0.0, longest)
            while time.monotonic() < deadline:
                app.read_available(0.02)
                report.shown |= app.item_markers()
        except StressFailure as failure:
            report.failures.append(f"cycle {cycle + 1}: {failure}")
        finally:
            if draft is not None:
                draft.killed_at = time.monotonic()
            app.kill9()
        report.kills += 1
        if progress is not None and report.kills % 10 == 0:
            progress(report)
        if tamper is not None:
            tamper(db)
        stored, _, _ = read_db(db)
        report.lost |= report.shown - stored
        if report.lost:
            report.failures.append(f"after kill {report.kills}: lost {sorted(report.lost)}")
            break
    return report


def section_markers(db: Path, kind: str) -> list[str]:
    """The markers of the items the live meeting's section of this kind lists, in order,
    as the core reads them (meeting.views.section_items)."""
    from campmeeting.meeting.views import section_items
    from campmeeting.store import Store

    store = Store.open_readonly(db)
    try:
        meeting = next(m for m in store.meetings() if m.is_live)
        views = section_items(store, meeting, kind)
        return [v.item.text[:7] for v in views if v.item.text.startswith("z")]
    finally:
        store.close()


def resumed(
    app: PtyApp,
    db: Path,
    position: int | None,
    sections: list[tuple[str, str]],
    report: KillReport,
) -> bool:
    """The restart shows the database's current section and lists its items as the
    database has them: the rows on screen are the first of the section's items."""
    if position is None:
        report.failures.append("no live meeting to resume")
        return False
    expected = (position + 1, sections[position][0])
    try:  # the title may be half drawn yet: wait for the whole frame
        app.pump(lambda a: a.section() == expected, f"section {expected}", limit=10)
    except StressFailure:
        report.failures.append(f"resumed at {app.section()}, the database says {expected}")
        return False
    stored = section_markers(db, sections[position][1])
    fit = min(len(stored), 10)

    def listed(a: PtyApp) -> bool:
        rows = a.item_rows()
        return len(rows) >= fit and rows == stored[: len(rows)]

    try:
        app.pump(listed, f"the section's items {stored[:fit]} listed")
    except StressFailure as failure:
        report.failures.append(str(failure))
        return False
    return True
