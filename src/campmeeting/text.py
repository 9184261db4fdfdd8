"""User text made safe to show anywhere (screen, minutes) without changing what is stored."""

from __future__ import annotations

# C0 controls (but tab) and DEL become their Unicode "control picture" (␛, ␀ ...), so a
# stored escape sequence can never drive a terminal or hide text; C1 controls (0x80-0x9F,
# e.g. a one-byte CSI) have no picture and show as the replacement mark; line and
# paragraph separators show as ␊, so one item is always one line.
_VISIBLE = {code: chr(0x2400 + code) for code in range(32) if code != 9}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_VISIBLE[0x2028] = "\u240a"
_VISIBLE[0x2029] = "\u240a"


def visible(text: str) -> str:
    """The text with control characters replaced by visible symbols."""
    return text.translate(_VISIBLE)
