"""`campmeeting backup`: a consistent copy of the database with SQLite's online backup
API, safe while a meeting is live and others write."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from campmeeting.store import BUSY_TIMEOUT_MS, StoreError, inspect_file


@dataclass(frozen=True)
class BackupDone:
    """A backup written by `backup_to`: where, how big, what it holds."""

    path: Path
    size: int
    meetings: int
    items: int

    def summary(self) -> str:
        size = f"{self.size / 1_000_000:.1f} MB" if self.size >= 100_000 else f"{self.size} bytes"
        meetings = f"{self.meetings} meeting{'' if self.meetings == 1 else 's'}"
        items = f"{self.items} item{'' if self.items == 1 else 's'}"
        return f"{size}; {meetings}, {items}; integrity ok"


def backup_to(path: Path, target: Path, *, force: bool = False) -> BackupDone:
    """`campmeeting backup`: a consistent copy of the database at `target`, safe while a
    meeting is live and others write (SQLite's online backup API, in one step: one
    read snapshot; in WAL mode writers go on meanwhile). The copy is written beside its
    target and renamed into place once checked, so a failed backup leaves nothing
    half-written; it is a single file (no -wal) with the database's permissions.

    Refuses (StoreError, nothing written) a missing or foreign database, a target
    whose folder does not exist, a folder, the database itself, and an existing file
    unless `force`."""
    path, target = Path(path), Path(target).expanduser()
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    folder = target.parent
    if target.is_dir():
        raise StoreError(f"{target}: is a folder; give the backup's file name")
    if not folder.is_dir():
        raise StoreError(f"{target}: the folder {folder} does not exist; nothing was written")
    if target.exists():
        if os.path.samefile(path, target):
            raise StoreError(f"{target}: that is the database itself; back it up elsewhere")
        if not force:
            raise StoreError(f"{target} exists already; --force replaces it; nothing was written")
    inspect_file(path)  # a campmeeting database (of any version), not damaged
    partial = folder / f".{target.name}.{os.getpid()}.partial"
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)  # pages=-1: the whole file from one snapshot
                dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                check = dest.execute("PRAGMA integrity_check").fetchone()[0]
                meetings = dest.execute("select count(*) from meetings").fetchone()[0]
                items = dest.execute("select count(*) from items").fetchone()[0]
            finally:
                dest.close()
        finally:
            source.close()
        if check != "ok":
            raise StoreError(f"{path}: the copy failed its integrity check ({check})")
        os.chmod(partial, stat.S_IMODE(path.stat().st_mode))
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: backup failed ({error}); nothing was written") from None
    except OSError as error:
        raise StoreError(f"{target}: backup failed ({error.strerror or error})") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupDone(target, target.stat().st_size, meetings, items)
