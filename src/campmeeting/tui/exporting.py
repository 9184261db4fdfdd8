"""Writing minutes to a file from the screens."""

from __future__ import annotations

from pathlib import Path

from campmeeting.store import Store


def export_meeting_file(store: Store, meeting_id: int, fmt: str = "md") -> Path:
    from campmeeting.minutes import minutes_filename, render

    meeting = store.meeting(meeting_id)
    target = Path.cwd() / minutes_filename(store, meeting, fmt)
    target.write_text(render(store, meeting_id, fmt), encoding="utf-8")
    return target
