"""Hostile strings (tests.hostile.HOSTILE) through the capture box of the real TUI,
through `campmeeting add`, and out through every export format.

- Capture: each string is pasted (a bracketed paste, as a terminal sends one) into the
  capture box and saved with Enter. Stored: exactly what the box held, read by the
  quick-capture grammar. What the box holds is Textual's doing, worked out with its own
  input parser (`typed`): a paste keeps its first line and loses NUL. An ESC inside a
  paste is not text to Textual (its parser ends the paste there and reads the rest as
  keys; typing after it can be swallowed), so strings with ESC are not pasted: they
  reach the meeting's screen through `add` into the live meeting, and the Pilot tests
  put them into the box directly and check they are stored exactly.
- add: each string (but those with NUL, which no argv can carry) as one argument.
  Stored: exactly what the capture box would store; its output is one line.
- Exports md, json, html and ics to stdout of the ended meeting.

Nothing the program writes to a terminal (the TUI's pty, every command's stdout and
stderr) may hold a control sequence from the strings; the JSON keeps every string
exactly, the HTML runs no script, the calendar has one event.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile import HOSTILE, cli_leaks
from tests.stress import StressFailure
from tests.stress.kills import TEAM, prepare
from tests.stress.terminal import PtyApp, campmeeting, environment, pty_leaks

FORMATS = ("md", "json", "html", "ics")
PLACEHOLDER = "a headline or good news"  # the check-in capture box, empty


@dataclass
class HostileReport:
    strings: int = 0
    pasted_for_leaks: int = 0
    captured_exact: int = 0
    added_exact: int = 0
    added: int = 0
    exports_clean: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        exact = self.strings - self.pasted_for_leaks
        return (
            f"{self.strings} hostile strings: capture {self.captured_exact}/{exact} exact "
            f"(+{self.pasted_for_leaks} with ESC shown via add), add "
            f"{self.added_exact}/{self.added} exact, exports "
            f"{' '.join(self.exports_clean) or 'none'} clean, leaks {len(self.leaks)}"
        )

    @property
    def ok(self) -> bool:
        return (
            not self.leaks
            and not self.failures
            and self.captured_exact == self.strings - self.pasted_for_leaks
            and self.added_exact == self.added
            and len(self.exports_clean) == len(FORMATS)
        )


def expected(line: str) -> str:
    """What the capture box stores for a line (the grammar of capture.py)."""
    from campmeeting.capture import parse_capture

    return parse_capture(line, today=dt.date(2026, 1, 1), handles=["ana", "bo", "cy"]).text


def typed(data: str) -> str:
    """What Textual's Input holds after receiving `data` from the terminal (up to the
    first Enter): its parser's events, applied as Input applies them."""
    from textual import events
    from textual._xterm_parser import XTermParser  # the parser the app itself runs

    value = ""
    parser = XTermParser()
    for event in [*parser.feed(data), *parser.feed("")]:
        if isinstance(event, events.Paste) and event.text:
            value += event.text.splitlines()[0]
        elif isinstance(event, events.Key):
            if event.key == "enter":
                break
            if event.is_printable and event.character:
                value += event.character
    return value


def open_box(app: PtyApp) -> None:
    if not app.capture_open():
        app.keys("a")
        app.pump(lambda a: a.capture_open(), "the capture box")


def paste_keys(text: str) -> str:
    return f"\x1b[200~{text}\x1b[201~\r"


def texts_by_marker(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        rows = conn.execute("select text from items where text like 'zh%'")
        return {row[0][:7]: row[0] for row in rows}
    finally:
        conn.close()


def run_hostile(workdir: Path, strings: list[str] | None = None) -> HostileReport:
    strings = HOSTILE if strings is None else strings
    db = prepare(workdir)
    set_cadence(db)
    env = environment(db, workdir)
    report = HostileReport(strings=len(strings))
    pastes = {f"zh{n:05d}": f"zh{n:05d} {text}" for n, text in enumerate(strings)}
    adds = {f"zh{n + 500:05d}": f"zh{n + 500:05d} {text}" for n, text in enumerate(strings)}

    app = PtyApp.spawn(campmeeting("run", "--team", TEAM), env)
    try:
        app.pump(lambda a: a.section() is not None, "the meeting screen")
        add_each(adds, env, report, app)  # into the live meeting: check-in lists them
        listed = {m for m, line in adds.items() if "\x00" not in line}
        app.pump(lambda a: listed <= a.item_markers(), "the added lines listed")
        for marker, line in pastes.items():
            if "\x1b" in line:
                report.pasted_for_leaks += 1  # not pasted: see the module docstring
                continue
            open_box(app)
            app.keys(paste_keys(line)[:-1])  # shown in the box as a draft first
            app.pump(lambda a: PLACEHOLDER not in a.text(), f"{marker} in the box")
            app.keys("\r")
            app.pump(lambda a, m=marker: m in a.item_markers(), f"{marker} listed")
        app.quit()
    except StressFailure as failure:
        report.failures.append(f"the meeting: {failure}")
        app.kill9()
    report.leaks += [f"the meeting's terminal: {leak}" for leak in pty_leaks(bytes(app.raw))]
    stored = texts_by_marker(db)
    for marker, line in pastes.items():
        if "\x1b" in line:
            continue
        want = expected(typed(paste_keys(line)))
        if stored.get(marker) == want:
            report.captured_exact += 1
        else:
            report.failures.append(f"capture {marker}: stored {stored.get(marker)!r}")
    report.added_exact = sum(
        stored.get(m) == expected(line) for m, line in adds.items() if "\x00" not in line
    )

    end_meeting(db)
    for fmt in FORMATS:
        done = subprocess.run(
            campmeeting("export", "--team", TEAM, "--last", "--format", fmt),
            env=env,
            capture_output=True,
        )
        out = done.stdout.decode("utf-8", "replace")
        problems = cli_leaks(out, crlf=fmt == "ics") + cli_leaks(done.stderr.decode())
        problems += export_problems(fmt, out, stored)
        if done.returncode:
            problems.append(f"exit {done.returncode}: {done.stderr.decode()[:300]}")
        if problems:
            report.leaks += [f"export {fmt}: {p}" for p in problems]
        else:
            report.exports_clean.append(fmt)
    return report


def add_each(
    adds: dict[str, str], env: dict[str, str], report: HostileReport, app: PtyApp | None = None
) -> None:
    """`campmeeting add` of each line, as its own process: one line out, nothing raw.
    The meeting's output is read meanwhile, so it never waits on a full terminal."""
    for marker, line in adds.items():
        if app is not None:
            app.pump_for(0.05)
        if "\x00" in line:
            continue  # no argv can carry a NUL
        report.added += 1
        done = subprocess.run(
            campmeeting("add", "--team", TEAM, "headline", line), env=env, capture_output=True
        )
        out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
        report.leaks += [f"add {marker}: {leak}" for leak in cli_leaks(out) + cli_leaks(err)]
        if done.returncode or out.count("\n") != 1:
            report.failures.append(f"add {marker}: exit {done.returncode}, {out!r} {err!r}")


def export_problems(fmt: str, out: str, stored: dict[str, str]) -> list[str]:
    """What is wrong with an export beyond control characters."""
    problems: list[str] = []
    if fmt == "json":
        whole = json.dumps(json.loads(out), ensure_ascii=False)
        for marker, text in stored.items():
            if marker < "zh00500" and json.dumps(text, ensure_ascii=False)[1:-1] not in whole:
                problems.append(f"{marker} not kept exactly")
    elif fmt == "html":
        if "<script" in out.lower() or "<b>" in out:
            problems.append("markup from the text is live")
    elif fmt == "ics":
        lines = out.replace("\r\n", "\n").split("\n")
        events = sum(line == "BEGIN:VEVENT" for line in lines)
        if events != 1:
            problems.append(f"{events} events")
    return problems


def set_cadence(db: Path) -> None:
    """A cadence, so the calendar export has a next meeting."""
    from campmeeting.clock import FakeTime
    from campmeeting.meeting import set_cadence as set_rule
    from campmeeting.store import Store

    store = Store.open(db)
    try:
        team = store.team_by_name(TEAM)
        assert team is not None
        set_rule(store, FakeTime(dt.datetime(2026, 1, 1)), team, "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9")
    finally:
        store.close()


def end_meeting(db: Path) -> None:
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import LiveMeeting
    from campmeeting.store import Store

    store = Store.open(db)
    try:
        team = store.team_by_name(TEAM)
        assert team is not None
        live = LiveMeeting.resume(store, SystemTime(), team)
        if live is None:
            raise StressFailure("no live meeting to end")
        live.end()
    finally:
        store.close()
