"""`campmeeting export`: choose meetings, render their minutes, write files or stdout.

    campmeeting export [--team NAME] (--last | --meeting ID | --all)
                       [--format md|json|html|ics] [-o PATH] [--schema] [--jobs N]

- `--last`: the team's last meeting (a live one too, marked in progress); `--team` may be
  left out when the database holds one team.
- `--meeting ID`: one meeting; with `--team`, it must be that team's.
- `--all`: every meeting of the team (of every team without `--team`), oldest first.
  With `-o DIR`, DIR is created and gets one file per meeting, named by
  `minutes.minutes_filename` (`2026-11-24-leadership-m12.md`): re-exporting overwrites
  the same files. Without `-o`, only a single meeting can go to stdout. The files are
  written as they are rendered, a page of meetings read at a time (`export_all`): memory
  stays flat however many meetings there are, and each file is whole or not there (a
  temporary name, then renamed); when one cannot be written, those before it stay.
  From `PARALLEL_FROM` meetings on, worker processes (one per CPU, `--jobs N`) render
  batches of meetings at once; the paths are still told oldest first.
- Without `-o` (or with `-o -`), a single export is printed to stdout; with `-o PATH`
  it is written to PATH (into PATH under its stable name when PATH is a folder), and the
  paths written are printed one per line.
- `--schema` prints the JSON Schema of the JSON minutes and nothing else.

Errors are `ValueError`s with one line (the CLI exits 2 with it); the database is opened
read-only, so an export can never change it.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from campmeeting import minutes
from campmeeting.records import Meeting, Team
from campmeeting.store import Store

PAGE = 200  # meetings read at a time by --all
# --all renders in worker processes (one per CPU) from this many meetings on; each
# worker takes a batch of meetings at a time, and at most two batches per worker wait
PARALLEL_FROM = 300
BATCH = 50


def _team(store: Store, name: str) -> Team:
    team = store.team_by_name(name)
    if team is None:
        names = ", ".join(t.name for t in store.teams()) or "none yet"
        raise ValueError(f"no team named {name!r} (teams: {names})")
    return team


def check_choice(last: bool, meeting_id: int | None, all_: bool) -> None:
    if sum([bool(last), meeting_id is not None, bool(all_)]) != 1:
        raise ValueError("choose exactly one of --last, --meeting ID or --all")


def select_meetings(
    store: Store,
    team_name: str | None,
    last: bool,
    meeting_id: int | None,
    all_: bool,
) -> list[Meeting]:
    """The meetings an export names, oldest first; ValueError when there are none."""
    check_choice(last, meeting_id, all_)
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
    meetings = list(oldest_first(store, team.id if team else None))
    if not meetings:
        raise ValueError(f"{team.name} has no meetings yet" if team else "no meetings yet")
    return meetings


def oldest_first(store: Store, team_id: int | None, page: int = PAGE) -> Iterator[Meeting]:
    """Every meeting (of a team), oldest first, read a page at a time (keyset paging on
    the meeting order index: each page is one indexed range, however far in)."""
    where = "" if team_id is None else "team_id = :team and "
    after: dict[str, Any] = {"date": "", "started": "", "id": 0, "team": team_id, "page": page}
    while True:
        rows = store.rows(
            f"select * from meetings where {where}(date, started_at, id) > "
            "(:date, :started, :id) order by date, started_at, id limit :page",
            after,
        )
        for row in rows:
            yield Meeting.from_row(row)
        if len(rows) < page:
            return
        last = rows[-1]
        after.update(date=last["date"], started=last["started_at"], id=last["id"])


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
    meetings: Iterable[Meeting],
    fmt: str,
    output: str | Path | None,
    all_: bool = False,
    written: Callable[[Path], None] | None = None,
) -> tuple[list[Path], str | None]:
    """Render the meetings; returns (paths written, text for stdout or None). Files are
    written as each is rendered; `written` hears of each (the paths are not collected
    when it is given, so memory stays flat)."""
    if fmt not in minutes.FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(minutes.FORMATS)}")
    if output is None or str(output) == "-":
        chosen = list(meetings)
        if len(chosen) != 1:
            raise ValueError(
                f"--all found {len(chosen)} meetings: write them to a folder with -o DIR"
            )
        return [], minutes.render(store, chosen[0].id, fmt)
    target = Path(output).expanduser()
    paths: list[Path] = []
    if all_:
        _folder(target)
        names = _Names(store, fmt)
        for meeting in meetings:
            path = target / names.of(meeting)
            _write_checked(path, minutes.render(store, meeting.id, fmt))
            if written is None:
                paths.append(path)
            else:
                written(path)
        return paths, None
    meeting = next(iter(meetings))
    if target.is_dir():
        target = target / minutes.minutes_filename(store, meeting, fmt)
    elif not target.parent.is_dir():
        raise ValueError(f"{target}: the folder {target.parent} does not exist")
    _write_checked(target, minutes.render(store, meeting.id, fmt))
    return [target], None


def _folder(target: Path) -> Path:
    """The folder --all writes into, made when missing."""
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
    return target


def export_all(
    store: Store,
    team_name: str | None,
    fmt: str,
    output: str | Path | None,
    written: Callable[[Path], None],
    jobs: int | None = None,
) -> tuple[int, str | None]:
    """`export --all`: every meeting (of the team), oldest first, one file each, written
    as it is rendered; returns how many, and the text for stdout when there is no -o and
    just one meeting. ValueError (one line) when there is nothing to export or a file
    cannot be written. `jobs`: worker processes (default: one per CPU; 1 renders here)."""
    team = _team(store, team_name) if team_name else None
    team_id = team.id if team else None
    count = int(
        store.scalar(
            "select count(*) from meetings" + ("" if team is None else " where team_id = ?"),
            [] if team is None else [team.id],
        )
    )
    if not count:
        raise ValueError(f"{team.name} has no meetings yet" if team else "no meetings yet")
    if output is None or str(output) == "-":
        _paths, text = export_meetings(store, oldest_first(store, team_id, page=2), fmt, output)
        return 1, text
    done = 0

    def each(path: Path) -> None:
        nonlocal done
        done += 1
        written(path)

    workers = min(jobs or default_jobs(), count // BATCH + 1)
    forks = "fork" in multiprocessing.get_all_start_methods()  # not on Windows
    if workers > 1 and forks and count >= PARALLEL_FROM and store.path is not None:
        _export_in_workers(store, oldest_first(store, team_id), fmt, output, workers, each)
    else:
        export_meetings(store, oldest_first(store, team_id), fmt, output, True, each)
    return done, None


def default_jobs() -> int:
    """Worker processes for `export --all`: the CPUs this process may run on (at most 8)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _export_in_workers(
    store: Store,
    meetings: Iterable[Meeting],
    fmt: str,
    output: str | Path,
    workers: int,
    written: Callable[[Path], None],
) -> None:
    """`export --all` in `workers` processes: batches of meetings rendered and written at
    once, their paths told in order (oldest first) as each batch is done. Memory stays
    flat: only the meeting ids of at most two batches per worker wait. A file that cannot
    be written stops the export with its ValueError; the files written stay."""
    target = _folder(Path(output).expanduser())
    names = _Names(store, fmt)
    assert store.path is not None
    # fork: the workers start with everything imported (a fresh interpreter would take
    # longer to start than a batch takes); each opens its own read-only connection
    context = multiprocessing.get_context("fork")
    waiting: deque[Future[list[str]]] = deque()
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_open_in_worker, initargs=(store.path,)
    ) as pool:
        try:
            batches = iter(lambda: list(itertools.islice(meetings, BATCH)), [])
            for batch in batches:
                jobs = [(m.id, names.of(m)) for m in batch]
                waiting.append(pool.submit(_write_batch, fmt, str(target), jobs))
                while len(waiting) >= 2 * workers:
                    for path in waiting.popleft().result():
                        written(Path(path))
            while waiting:
                for path in waiting.popleft().result():
                    written(Path(path))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


_worker_store: Store | None = None


def _open_in_worker(path: Path) -> None:
    global _worker_store
    _worker_store = Store.open_readonly(path)


def _write_batch(fmt: str, folder: str, jobs: list[tuple[int, str]]) -> list[str]:
    """In a worker: render and write each meeting of a batch; the paths written."""
    assert _worker_store is not None
    paths = []
    for meeting_id, name in jobs:
        path = Path(folder) / name
        _write_checked(path, minutes.render(_worker_store, meeting_id, fmt))
        paths.append(str(path))
    return paths


class _Names:
    """Stable file names (`minutes.minutes_filename`), the team read once per team."""

    def __init__(self, store: Store, fmt: str) -> None:
        self.store = store
        self.fmt = fmt
        self.teams: dict[int, Team] = {}

    def of(self, meeting: Meeting) -> str:
        team = self.teams.get(meeting.team_id)
        if team is None:
            team = self.teams[meeting.team_id] = self.store.team(meeting.team_id)
        return minutes.minutes_filename(self.store, meeting, self.fmt, team=team)


def _write_checked(path: Path, text: str) -> None:
    try:
        _write(path, text)
    except OSError as error:
        raise ValueError(f"{path}: cannot write ({error.strerror})") from None


def export_meeting_file(
    store: Store, meeting_id: int, fmt: str = "md", folder: Path | None = None
) -> Path:
    """One meeting's minutes to a file with its stable name (the current folder by default),
    written whole or not at all; ValueError with a one-line reason when it cannot be."""
    paths, _ = export_meetings(store, [store.meeting(meeting_id)], fmt, folder or Path.cwd())
    return paths[0]
