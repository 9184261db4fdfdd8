"""The one exception the meeting core raises for a refused action."""

from __future__ import annotations


class MeetingError(Exception):
    """An action that is refused; the message says why, in one line. Nothing changed."""
