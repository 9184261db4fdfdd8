"""The real `campmeeting` in a pseudo-terminal, read through a terminal emulator.

`PtyApp.spawn([...])` starts `python -m campmeeting ...` in a pty of the given size
(ptyprocess, no tmux); `pump(predicate, what)` reads its output into a pyte screen
until `predicate(app)` holds, failing after a bound (a stuck program, not a slow one:
the bound is generous). `display` is the screen as a person sees it; `raw` every byte
the program wrote, to look for control sequences that are not its own.
"""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import ptyprocess
import pyte

from tests.stress import StressFailure

WAIT_LIMIT = 60.0  # seconds: a program that shows nothing for this long is stuck

# List rows of the live meeting: the kind symbol, an optional "[status] ", the text.
ITEM_ROW = re.compile(r"[◆■✔→★•✉] (?:#\d+ )?(?:\[[^\]]{1,20}\] )?(z[qwhs]\d{5})")
SECTION_TITLE = re.compile(r"(\d+)/(\d+)  (\S[^│╭╮╯╰]*?)\s*(?:│|╭|$)")

# Raw fragments of tests.hostile.HOSTILE, with the text around them: the app never
# writes these, so finding one means user text reached the terminal unescaped.
PTY_SENTINELS = [
    "clear \x1b[2J",
    "\x1b]52;c;SGVsbG8=",
    "\x1b]8;;http://evil",
    "colour \x1b[31mred",
    "bell \x07",
    "nul \x00",
    "over\rwrite",
]
_C1 = re.compile("[\x80-\x9f]")


def environment(db: Path, workdir: Path) -> dict[str, str]:
    """The environment of a campmeeting process under test: its own database and config
    file, Berlin time, a UTF-8 terminal that claims nothing exotic."""
    env = dict(os.environ)
    env.update(
        CAMPMEETING_DB=str(db),
        CAMPMEETING_CONFIG=str(workdir / "config.toml"),
        TZ="Europe/Berlin",
        TERM="xterm-256color",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        COLORTERM="truecolor",
        TEXTUAL_ANIMATIONS="none",
    )
    env.pop("TEXTUAL", None)  # no devtools
    return env


def campmeeting(*args: str) -> list[str]:
    return [sys.executable, "-m", "campmeeting", *args]


def pty_leaks(raw: bytes) -> list[str]:
    """User control sequences found in what a program wrote to its terminal."""
    text = raw.decode("utf-8", errors="replace")
    found = [repr(s) for s in PTY_SENTINELS if s in text]
    found += sorted({f"U+{ord(c):04X}" for c in _C1.findall(text)})
    return found


class PtyApp:
    """One run of the real program in a pty."""

    def __init__(self, process: ptyprocess.PtyProcess, rows: int, columns: int) -> None:
        self.process = process
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()

    @classmethod
    def spawn(
        cls, argv: Sequence[str], env: dict[str, str], rows: int = 60, columns: int = 110
    ) -> PtyApp:
        # COLUMNS and LINES win over the pty's size where they are set (pytest's workers
        # set them): say the same size both ways
        env = {**env, "COLUMNS": str(columns), "LINES": str(rows)}
        process = ptyprocess.PtyProcess.spawn(list(argv), env=env, dimensions=(rows, columns))
        return cls(process, rows, columns)

    # -- reading -----------------------------------------------------------------------

    @property
    def display(self) -> list[str]:
        return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.display)

    def read_available(self, wait: float = 0.0) -> bool:
        """Read what the program has written (waiting up to `wait` s for the first
        bytes); False once it has exited and nothing is left."""
        ready, _, _ = select.select([self.process.fd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.process.fd, 1 << 16)
        except OSError:  # EIO: the program has gone and the pty is closed
            return False
        if not data:
            return False
        self.raw += data
        self.stream.feed(data)
        return True

    def pump(
        self, predicate: Callable[[PtyApp], object], what: str, limit: float = WAIT_LIMIT
    ) -> None:
        """Read output until `predicate(self)` holds; StressFailure after `limit` s."""
        deadline = time.monotonic() + limit
        while True:
            if predicate(self):
                return
            if time.monotonic() > deadline:
                raise StressFailure(f"gave up waiting for {what}; the screen:\n{self.text()}")
            if not self.read_available(0.05) and not predicate(self):
                raise StressFailure(f"the program exited waiting for {what}:\n{self.text()}")

    def pump_for(self, seconds: float) -> None:
        """Keep reading (and so keep the screen current) for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.read_available(min(0.05, max(0.0, deadline - time.monotonic()))):
                return

    # -- what the meeting screen shows ---------------------------------------------------

    def item_markers(self) -> set[str]:
        """The markers of the items listed (not of the line in the capture box)."""
        return {m.group(1) for line in self.display for m in ITEM_ROW.finditer(line)}

    def item_rows(self) -> list[str]:
        """The markers of the listed items, top to bottom."""
        return [m.group(1) for line in self.display for m in ITEM_ROW.finditer(line)]

    def section(self) -> tuple[int, str] | None:
        """(1-based position, title) of the section shown, if the meeting screen is up."""
        for line in self.display[:6]:
            found = SECTION_TITLE.search(line)
            if found:
                return int(found.group(1)), found.group(3).strip()
        return None

    def capture_open(self) -> bool:
        return any("▔▔▔▔▔▔▔▔▔▔" in line for line in self.display)

    # -- typing and ending -------------------------------------------------------------

    def keys(self, data: str | bytes) -> None:
        self.process.write(data.encode("utf-8") if isinstance(data, str) else data)

    def paste(self, text: str) -> None:
        """A bracketed paste, as a terminal sends pasted text."""
        self.keys(b"\x1b[200~" + text.encode("utf-8") + b"\x1b[201~")

    def kill9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.drain()

    def drain(self) -> None:
        while self.read_available(0.0):
            pass
        try:
            self.process.close(force=True)
        except Exception:  # already closed
            pass

    def quit(self) -> None:
        """ctrl+q, as a person quits; killed when it does not stop."""
        self.keys(b"\x11")
        deadline = time.monotonic() + WAIT_LIMIT
        while self.process.isalive() and time.monotonic() < deadline:
            self.read_available(0.05)
        if self.process.isalive():
            self.kill9()
            raise StressFailure("ctrl+q did not stop the program")
        self.drain()
