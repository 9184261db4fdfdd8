"""Containers that only lay their children out: no border, no content of their own.

The screen draws every widget it shows each second (an idle meeting repaints its clock),
a container too: as many lines as it is tall, one by one. These are drawn as blank lines
of their background at once (Textual's `BLANK`), which is what they show anyway.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical


class Row(Horizontal):
    """Children side by side; nothing of its own to draw (no border, no content)."""

    BLANK = True


class Column(Vertical):
    """Children one under another; nothing of its own to draw (no border, no content)."""

    BLANK = True
