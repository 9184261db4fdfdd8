"""Hostile text, and how to tell whether any of it reached a terminal as a control
sequence. Shared by the terminal-safety tests and `make stress` (tests/stress/).

- `HOSTILE`: strings an attacker (or a paste) puts into items: markup, ANSI and OSC
  sequences (clear screen, clipboard write, hyperlink), BEL, C1 controls, NUL, CR, bidi
  overrides, zero-width characters, 10,000 characters, HTML, calendar line breaks.
- `HOSTILE_NAMES`: names as an older campmeeting let them in (names are refused now).
- `cli_leaks(output)`: control characters in a command's output (none may be there).
- `screen_leaks(output)`: control sequences in what the app writes to the terminal
  that are not the app's own styling (`screen_output(app)` gives what it writes).
"""

from __future__ import annotations

import io
import re

from textual.app import App

HOSTILE = [
    "[bold]x[/] [link=http://evil.invalid]click[/link] [@click=app.quit]quit[/]",
    "clear \x1b[2J\x1b[H screen",
    "clip \x1b]52;c;SGVsbG8=\x07 board",
    "link \x1b]8;;http://evil.invalid\x07here\x1b]8;;\x07 end",
    "colour \x1b[31mred\x1b[0m plain",
    "bell \x07 c1 \x9b31m csi \x85 nel \x90dcs\x9c st",
    "nul \x00 byte",
    "over\rwrite",
    "bidi \u202eevil\u202c zero\u200bwidth\u200d joiner",
    "<script>alert('x')</script> & <b>bold</b>",
    "ics\r\nBEGIN:VEVENT\r\nSUMMARY:pwned\r\nEND:VEVENT",
    "ics; specials, \\n here\nDESCRIPTION:fake",
    "line\u2028separator\u2029paragraph",
    "x" * 10_000,
]

HOSTILE_NAMES = [
    "Team \x1b]52;c;SGVsbG8=\x07 [b]x[/b]",
    "Evil\r\nBEGIN:VEVENT \x9b2J",
]

# Raw fragments of HOSTILE that the app itself never writes: finding one in the output
# means user text reached the terminal unescaped.
SENTINELS = [
    "\x1b[2J",
    "\x1b]52;",
    "\x1b]8;;http://evil",
    "\x1b[31mred",
    "\x9b",
    "\x85",
    "\x90",
    "\x9c",
    "\x07",
    "\x00",
    "\r",
]

_C1 = "".join(map(chr, range(0x80, 0xA0)))
_CLI_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f" + _C1 + "]")
_SCREEN_BAD = re.compile("[\x00-\x09\x0b-\x1a\x1c-\x1f\x7f" + _C1 + "]")
# What the app writes for its own styling and layout: CSI sequences with numeric
# parameters (SGR colours, cursor moves). Hostile ones are caught by SENTINELS.
_APP_CSI = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]")


def cli_leaks(output: str, crlf: bool = False) -> list[str]:
    """The control characters in a command's output (`crlf`: CR before LF allowed)."""
    if crlf:
        output = output.replace("\r\n", "\n")
    return sorted({f"U+{ord(c):04X}" for c in _CLI_BAD.findall(output)})


def screen_leaks(output: str) -> list[str]:
    """User control sequences in what the app wrote: sentinels found, and any control
    character left once the app's own CSI sequences are taken out."""
    found = [repr(s) for s in SENTINELS if s in output]
    rest = _APP_CSI.sub("", output)
    found += sorted({f"U+{ord(c):04X}" for c in _SCREEN_BAD.findall(rest)})
    if "\x1b" in rest:
        found.append("a bare ESC")
    return found


def screen_output(app: App) -> str:
    """What the app writes to the terminal for its current screen (all of it, as the
    driver would write it on a full refresh), as a string."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    # the same render as App.export_screenshot, kept as terminal output, not SVG
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()
