"""The minutes of a meeting: Markdown, JSON, HTML and ICS (pure functions of stored data).

    schema.py    the Minutes model and its JSON Schema
    build.py     reading a meeting into the model, as it was when it ended
    document.py  the minutes as a document tree, written once
    markdown.py  CommonMark, escaped
    html.py      self-contained HTML, escaped, with a CSP
    ics.py       the next meeting as a calendar event

User text (item text, names, team names, agenda titles) is always shown literally, and
control characters become visible symbols (a newline shows as "␊", a bell as "␇").
Exporting a meeting twice gives the same bytes: nothing here reads the clock.
"""

from __future__ import annotations

import re

from campmeeting.minutes.build import build_minutes
from campmeeting.minutes.html import to_html
from campmeeting.minutes.ics import to_ics
from campmeeting.minutes.markdown import md_escape, to_markdown
from campmeeting.minutes.schema import Minutes, minutes_json_schema
from campmeeting.records import Meeting, Team
from campmeeting.store import Store
from campmeeting.text import slug

FORMATS = ("md", "json", "html", "ics")
# JSON escapes only U+0000-U+001F; these drive a terminal too (U+009B is a CSI).
_C1_OR_DEL = re.compile("[\x7f-\x9f]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


__all__ = [
    "FORMATS",
    "Minutes",
    "build_minutes",
    "md_escape",
    "minutes_filename",
    "minutes_json_schema",
    "render",
    "to_html",
    "to_ics",
    "to_markdown",
]


def render(store: Store, meeting_id: int, fmt: str) -> str:
    """The minutes of a meeting in one format: md, json, html or ics."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    minutes = build_minutes(store, meeting_id)
    if fmt == "md":
        return to_markdown(minutes)
    if fmt == "json":  # \u-escaped C1 and DEL: the same JSON, safe to print to a terminal
        return _C1_OR_DEL.sub(_json_escape, minutes.model_dump_json(indent=2)) + "\n"
    if fmt == "html":
        return to_html(minutes)
    return to_ics(minutes)


def minutes_filename(
    store: Store, meeting: Meeting | int, fmt: str, team: Team | None = None
) -> str:
    """A stable file name of safe characters: `2026-11-24-leadership-m12.md` (`team`:
    the meeting's team when the caller has it at hand)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if isinstance(meeting, int):
        meeting = store.meeting(meeting)
    if team is None or team.id != meeting.team_id:
        team = store.team(meeting.team_id)
    day = re.sub(r"[^0-9-]", "", meeting.date) or "undated"
    return f"{day}-{slug(team.name)}-m{meeting.id}.{fmt}"
