"""Copying a played history many times into one database file, with SQL.

The scale demo (scale.py) plays a small group of teams through the real meeting core;
this module copies every row of that group into the target file once per copy. Each
copy is the group again under other names (teams, people), so N teams of W weeks cost
one played group plus a few `INSERT ... SELECT` statements.

How rows stay consistent:
- every id, and every column that refers to one (a column named `id` or ending in
  `_id`), becomes `id * stride + copy`: references inside a copy stay references, ids
  of different copies never collide, and ids still grow with time across copies (the
  archive orders by id in places);
- the ids inside an event's JSON detail (`owner_id`, `blocker_id`, `new_item_id`, in
  `old`/`new` too) and the team names in it (`team`, "handed off by TEAM") are mapped
  the same way;
- a row belongs to the group of its team (through its meeting, its item or its
  membership when it has no team column); a group is copied into the copies assigned
  to it (see `Copy`), never into another's;
- secondary indexes and the full-text triggers are dropped during the load and made
  again from their own SQL, and the full-text index is rebuilt: the file ends with
  exactly the schema the migrations made.

A table this module does not know refuses the copy when the template has rows in it
(`CopyError`), so a new table is never silently left empty in a copy.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Copy", "CopyError", "copy_group"]

# How a row of each table finds its team: (join clause, team column).
_TEAM_OF: dict[str, tuple[str, str]] = {
    "teams": ("", "t.id"),
    "people": ("CROSS JOIN temp.person_team pt", "pt.team_id"),
    "memberships": ("", "t.team_id"),
    "meetings": ("", "t.team_id"),
    "section_runs": ("CROSS JOIN main.meetings m", "m.team_id"),
    "attendance": ("CROSS JOIN main.meetings m", "m.team_id"),
    "reviews": ("CROSS JOIN main.meetings m", "m.team_id"),
    "items": ("", "t.team_id"),
    "events": ("CROSS JOIN main.items i", "i.team_id"),
    "drafts": ("CROSS JOIN main.meetings m", "m.team_id"),  # a live meeting's typing
}
_JOIN_ON = {
    "people": "pt.person_id = t.id",
    "section_runs": "m.id = t.meeting_id",
    "attendance": "m.id = t.meeting_id",
    "reviews": "m.id = t.meeting_id",
    "events": "i.id = t.item_id",
    "drafts": "m.id = t.meeting_id",
}
# Tables the migrations fill themselves, or that are derived (rebuilt after the load).
_SKIPPED_PREFIXES = ("_sqlite_migrations", "sqlite_", "items_fts")
_HANDED_OFF_BY = "handed off by "
_CREATE = re.compile(r"^(CREATE\s+(?:UNIQUE\s+)?(?:INDEX|TRIGGER)\s+)(\S+)", re.IGNORECASE)


class CopyError(Exception):
    """The template cannot be copied (a table this module does not know has rows)."""


@dataclass(frozen=True)
class Copy:
    """One copy: its number (0 .. stride-1), the group it copies, its names.

    `team_names` and `people` map the template's ids to this copy's team names and
    (name, handle) pairs; every team and person of the group needs one."""

    number: int
    group: int
    team_names: dict[int, str]
    people: dict[int, tuple[str, str]]


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info([{table}])")]


def _value(column: str, table: str) -> str:
    if column == "id" or column.endswith("_id"):
        return f"t.[{column}] * :stride + c.number"
    if table == "teams" and column == "name":
        return "(select n.name from temp.team_names n where n.copy = c.number and n.id = t.id)"
    if table == "people" and column in ("name", "handle"):
        return (
            f"(select n.{column} from temp.people_names n where n.copy = c.number and n.id = t.id)"
        )
    if table == "events" and column == "detail":
        return "remap_detail(t.detail, c.number)"
    return f"t.[{column}]"


def _detail_mapper(stride: int, copies: Sequence[Copy]) -> Callable[[str | None, int], str | None]:
    """The SQL function remap_detail(detail, copy): ids and team names in an event's
    JSON detail, for one copy (the detail unchanged when it names neither)."""
    names_by_copy = {copy.number: copy for copy in copies}
    template_names: dict[str, int] = {}
    for copy in copies:
        for team_id, name in copy.team_names.items():
            if copy.number == min(c.number for c in copies if c.group == copy.group):
                template_names.setdefault(name, team_id)

    def rename(name: object, number: int) -> object:
        team_id = template_names.get(name) if isinstance(name, str) else None
        if team_id is None:
            return name
        return names_by_copy[number].team_names.get(team_id, name)

    def ids(part: dict[str, object], number: int) -> None:
        for key, value in part.items():
            if key.endswith("_id") and isinstance(value, int):
                part[key] = value * stride + number

    def remap(detail: str | None, number: int) -> str | None:
        if not detail or (
            "_id" not in detail and '"team"' not in detail and "source" not in detail
        ):
            return detail
        data = json.loads(detail)
        if not isinstance(data, dict):
            return detail
        ids(data, number)
        for key in ("old", "new"):
            if isinstance(data.get(key), dict):
                ids(data[key], number)
        if "team" in data:
            data["team"] = rename(data["team"], number)
        source = data.get("source")
        if isinstance(source, str) and source.startswith(_HANDED_OFF_BY):
            data["source"] = _HANDED_OFF_BY + str(
                rename(source.removeprefix(_HANDED_OFF_BY), number)
            )
        return json.dumps(data, ensure_ascii=False)

    return remap


def _prepare(conn: sqlite3.Connection, groups: dict[int, int], copies: Sequence[Copy]) -> None:
    conn.execute("CREATE TEMP TABLE team_group (team_id INTEGER PRIMARY KEY, grp INTEGER)")
    conn.executemany("INSERT INTO temp.team_group VALUES (?, ?)", sorted(groups.items()))
    conn.execute("CREATE TEMP TABLE copies (number INTEGER PRIMARY KEY, grp INTEGER)")
    conn.executemany("INSERT INTO temp.copies VALUES (?, ?)", [(c.number, c.group) for c in copies])
    conn.execute(
        "CREATE TEMP TABLE team_names (copy INTEGER, id INTEGER, name TEXT, PRIMARY KEY (copy, id))"
    )
    conn.executemany(
        "INSERT INTO temp.team_names VALUES (?, ?, ?)",
        [(c.number, i, name) for c in copies for i, name in c.team_names.items()],
    )
    conn.execute(
        "CREATE TEMP TABLE people_names (copy INTEGER, id INTEGER, name TEXT, handle TEXT, "
        "PRIMARY KEY (copy, id))"
    )
    conn.executemany(
        "INSERT INTO temp.people_names VALUES (?, ?, ?, ?)",
        [(c.number, i, name, handle) for c in copies for i, (name, handle) in c.people.items()],
    )
    conn.execute(
        "CREATE TEMP TABLE person_team AS SELECT person_id, min(team_id) AS team_id "
        "FROM main.memberships GROUP BY person_id"
    )


def _tables(conn: sqlite3.Connection) -> list[str]:
    names = [
        row[0]
        for row in conn.execute(
            "select name from main.sqlite_master where type = 'table' order by rowid"
        )
    ]
    tables = []
    for name in names:
        if name.startswith(_SKIPPED_PREFIXES):
            continue
        if name not in _TEAM_OF:
            if conn.execute(f"select 1 from main.[{name}] limit 1").fetchone():
                raise CopyError(f"the scale demo cannot copy table {name!r} yet")
            continue
        tables.append(name)
    return tables


def copy_group(
    conn: sqlite3.Connection,
    target: Path,
    groups: dict[int, int],
    copies: Sequence[Copy],
    progress: Callable[[str], None] | None = None,
) -> None:
    """Copy the template on `conn` (schema main) into the migrated, empty file `target`:
    every row of a group's teams once per copy of that group. `groups` maps each template
    team id to its group."""
    say = progress or (lambda _text: None)
    stride = max(c.number for c in copies) + 1
    conn.create_function("remap_detail", 2, _detail_mapper(stride, copies), deterministic=True)
    conn.execute("ATTACH DATABASE ? AS big", [str(target)])
    try:
        conn.execute("PRAGMA big.journal_mode = OFF")
        conn.execute("PRAGMA big.synchronous = OFF")
        _prepare(conn, groups, copies)
        # indexes and triggers are made again, from their own SQL, after the load
        rebuilt = conn.execute(
            "select type, name, sql from big.sqlite_master where type in ('index', 'trigger') "
            "and sql is not null order by type = 'trigger', rowid"
        ).fetchall()
        for kind, name, _sql in rebuilt:
            conn.execute(f"DROP {kind.upper()} big.[{name}]")
        for table in _tables(conn):
            say(f"copying {table}")
            columns = _columns(conn, "main", table)
            if columns != _columns(conn, "big", table):
                raise CopyError(f"table {table!r} differs between the template and the target")
            join, team = _TEAM_OF[table]
            where = f"g.team_id = {team} and c.grp = g.grp"
            if table in _JOIN_ON:
                where = f"{_JOIN_ON[table]} and {where}"
            conn.execute(
                f"INSERT INTO big.[{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                f"SELECT {', '.join(_value(c, table) for c in columns)} "
                f"FROM main.[{table}] t {join} CROSS JOIN temp.team_group g "
                f"CROSS JOIN temp.copies c WHERE {where}",
                {"stride": stride},
            )
        say("indexing")
        for _kind, _name, sql in rebuilt:
            conn.execute(_in_big(sql))
        say("indexing the text for search")
        conn.execute("INSERT INTO big.items_fts (items_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO big.items_fts (items_fts) VALUES ('optimize')")
        conn.commit()
    finally:
        conn.commit()
        conn.execute("DETACH DATABASE big")


def _in_big(sql: str) -> str:
    """`CREATE INDEX name ...` / `CREATE TRIGGER name ...` made in schema big (SQLite
    stores it without the schema name: the text ends up as the migration wrote it)."""
    made = _CREATE.sub(r"\1big.\2", sql, count=1)
    if made == sql:
        raise CopyError(f"cannot make again: {sql[:60]}")
    return made
