"""`campmeeting export`: choose meetings, render their minutes, write files or stdout.

    campmeeting export [--team NAME] (--last | --meeting ID | --all)
                       [--format md|json|html|ics] [-o PATH] [--schema]

- `--last`: the team's last meeting (a live one too, marked in progress); `--team` may be
  left out when the database holds one team.
- `--meeting ID`: one meeting; with `--team`, it must be that team's.
- `--all`: every meeting of the team (of every team without `--team`), oldest first.
  With `-o DIR`, DIR is created and gets one file per meeting, named by
  `minutes.minutes_filename` (`2026-11-24-leadership-m12.md`): re-exporting overwrites
  the same files. Without `-o`, only a single meeting can go to stdout.
- Without `-o` (or with `-o -`), a single export is printed to stdout; with `-o PATH`
  it is written to PATH (into PATH under its stable name when PATH is a folder), and the
  paths written are printed one per line.
- `--schema` prints the JSON Schema of the JSON minutes and nothing else.

Errors are `ValueError`s with one line (the CLI exits 2 with it); the database is opened
read-only, so an export can never change it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from campmeeting import minutes
from campmeeting.records import Meeting, Team
from campmeeting.store import Store


def _team(store: Store, name: str) -> Team:
    team = store.team_by_name(name)
    if team is None:
        names = ", ".join(t.name for t in store.teams()) or "none yet"
        raise ValueError(f"no team named {name!r} (teams: {names})")
    return team


def select_meetings(
    store: Store,
    team_name: str | None,
    last: bool,
    meeting_id: int | None,
    all_: bool,
) -> list[Meeting]:
    """The meetings an export names, oldest first; ValueError when there are none."""
    chosen = sum([bool(last), meeting_id is not None, bool(all_)])
    if chosen != 1:
        raise ValueError("choose exactly one of --last, --meeting ID or --all")
    team = _team(store, team_name) if team_name else None
    if meeting_id is not None:
        found = store.find_meeting(meeting_id)
        if found is None:
            raise ValueError(f"no meeting with id {meeting_id}")
        if team and found.team_id != team.id:
            raise ValueError(f"meeting {meeting_id} is not a meeting of {team.name}")
        return [found]
    if last:
        if team is None:
            teams = store.teams()
            if len(teams) != 1:
                names = ", ".join(t.name for t in teams) or "none yet"
                raise ValueError(f"name the team: --team NAME (teams: {names})")
            team = teams[0]
        # the last meeting that ended (its final minutes); a live one only if none has
        meeting = store.last_meeting(team.id, status="ended") or store.last_meeting(team.id)
        if meeting is None:
            raise ValueError(f"{team.name} has no meetings yet")
        return [meeting]
    meetings = list(reversed(store.meetings(team.id if team else None)))
    if not meetings:
        raise ValueError(f"{team.name} has no meetings yet" if team else "no meetings yet")
    return meetings


def _write(path: Path, text: str) -> None:
    """Write the whole file or nothing (a temporary file renamed over the target)."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


write_atomically = _write  # the insights report writes its files the same way


def export_meetings(
    store: Store,
    meetings: list[Meeting],
    fmt: str,
    output: str | Path | None,
    all_: bool = False,
) -> tuple[list[Path], str | None]:
    """Render the meetings; returns (paths written, text for stdout or None)."""
    if fmt not in minutes.FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(minutes.FORMATS)}")
    if output is None or str(output) == "-":
        if len(meetings) != 1:
            raise ValueError(
                f"--all found {len(meetings)} meetings: write them to a folder with -o DIR"
            )
        return [], minutes.render(store, meetings[0].id, fmt)
    target = Path(output).expanduser()
    if all_:
        if target.exists() and not target.is_dir():
            raise ValueError(f"{target}: is a file; --all writes to a folder")
        if not target.exists() and target.suffix.lower().lstrip(".") in (
            *minutes.FORMATS,
            "markdown",
            "htm",
        ):
            raise ValueError(
                f"{target}: looks like a file name; --all writes one file per meeting into a "
                "folder: give a folder (e.g. -o minutes/)"
            )
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ValueError(f"{target}: cannot create the folder ({error.strerror})") from None
        paths = [target / minutes.minutes_filename(store, m, fmt) for m in meetings]
        texts = [minutes.render(store, m.id, fmt) for m in meetings]  # all or nothing
    else:
        if target.is_dir():
            target = target / minutes.minutes_filename(store, meetings[0], fmt)
        elif not target.parent.is_dir():
            raise ValueError(f"{target}: the folder {target.parent} does not exist")
        paths = [target]
        texts = [minutes.render(store, meetings[0].id, fmt)]
    for path, text in zip(paths, texts, strict=True):
        try:
            _write(path, text)
        except OSError as error:
            raise ValueError(f"{path}: cannot write ({error.strerror})") from None
    return paths, None


def export_meeting_file(
    store: Store, meeting_id: int, fmt: str = "md", folder: Path | None = None
) -> Path:
    """One meeting's minutes to a file with its stable name (the current folder by default),
    written whole or not at all; ValueError with a one-line reason when it cannot be."""
    paths, _ = export_meetings(store, [store.meeting(meeting_id)], fmt, folder or Path.cwd())
    return paths[0]
