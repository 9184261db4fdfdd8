"""The archive from the shell: `campmeeting meetings`, `campmeeting search`, and
`campmeeting check` (the full integrity check of the file).

The same reads as the review screen (campmeeting.history), through a read-only
connection. Text goes through `say` (user text made safe for the terminal); JSON is one
document that validates against the schema `--schema` prints.
"""

from __future__ import annotations

import json
from typing import Any

import click

from campmeeting.cli.base import BadInput, Context, find_team, pass_context, say

MEETINGS_DEFAULT = 50
MEETINGS_MOST = 500  # history.MEETING_LIMIT, without importing it for --help
SEARCH_DEFAULT = 50  # history.SEARCH_LIMIT
SEARCH_MOST = 200  # history.SEARCH_MAX

FORMAT = click.Choice(["text", "json"])


def _print_json(document: Any) -> None:
    click.echo(document.model_dump_json(indent=2))  # JSON escapes every control character


def _print_schema(model: Any) -> None:
    click.echo(json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False))


@click.command()
@click.option("--team", "team_name", help="Only this team's meetings.")
@click.option(
    "--limit",
    type=click.IntRange(1, MEETINGS_MOST),
    default=MEETINGS_DEFAULT,
    show_default=True,
    help="How many meetings, newest first.",
)
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.option("--schema", is_flag=True, help="Print the JSON Schema of --format json.")
@pass_context
def meetings(obj: Context, team_name: str | None, limit: int, fmt: str, schema: bool) -> None:
    """The archive, newest first, with each meeting's numbers (as review lists them)."""
    from campmeeting import history
    from campmeeting.history.documents import MeetingList, meeting_entry

    if schema:
        _print_schema(MeetingList)
        return
    store = obj.readonly_store()
    try:
        team = find_team(store, team_name) if team_name else None
        summaries = history.meeting_summaries(store, team.id if team else None, limit)
    finally:
        store.close()
    if fmt == "json":
        entries = [meeting_entry(s) for s in summaries]
        _print_json(MeetingList(team=team.name if team else None, limit=limit, meetings=entries))
        return
    if not summaries:
        say(f"No meetings of {team.name} yet." if team else "No meetings yet.")
    for summary in summaries:
        say(_meeting_line(summary))


def _meeting_line(summary: Any) -> str:
    from campmeeting.insights import rating_label

    rate = summary.rate
    done = rate.label() if rate.value is None else f"{rate.label()} ({rate.done}/{rate.total})"
    live = "  LIVE" if summary.is_live else ""
    minutes = f"{round(summary.actual_seconds / 60)}/{round(summary.planned_seconds / 60)} min"
    return (
        f"{summary.date}  #{summary.meeting_id:<6} {summary.team_name:<22} {minutes:>12}  "
        f"rating {rating_label(summary.rating):<7} done {done:<14} "
        f"decisions {summary.decisions:<3} new commitments {summary.new_commitments:<3} "
        f"open blockers {summary.open_blockers}{live}"
    )


@click.command()
@click.argument("words", nargs=-1)
@click.option("--team", "team_name", help="Only this team's items.")
@click.option(
    "--limit",
    type=click.IntRange(1, SEARCH_MOST),
    default=SEARCH_DEFAULT,
    show_default=True,
    help="How many items, newest first.",
)
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.option("--schema", is_flag=True, help="Print the JSON Schema of --format json.")
@pass_context
def search(
    obj: Context,
    words: tuple[str, ...],
    team_name: str | None,
    limit: int,
    fmt: str,
    schema: bool,
) -> None:
    """Items of every team and meeting whose text has all the WORDS, newest first (the
    last word also matches as the start of a longer one, as in the review's search)."""
    from campmeeting import history
    from campmeeting.history.documents import SearchResult, search_entry

    if schema:
        _print_schema(SearchResult)
        return
    text = " ".join(words)
    if not text.strip():
        raise BadInput("nothing to search for: give one or more words")
    store = obj.readonly_store()
    try:
        team = find_team(store, team_name) if team_name else None
        hits = history.search(store, text, limit=limit, team_id=team.id if team else None)
    finally:
        store.close()
    if fmt == "json":
        _print_json(
            SearchResult(
                query=text,
                team=team.name if team else None,
                limit=limit,
                hits=[search_entry(hit) for hit in hits],
            )
        )
        return
    if not hits:
        say(f"Nothing found for {text!r}")
    for hit in hits:
        item = hit.item
        where = (
            f"meeting #{hit.meeting_id} of {hit.meeting_date}"
            if hit.meeting_id
            else "no meeting yet"
        )
        owner = f" @{item.owner_handle}" if item.owner_handle else ""
        say(f"#{item.id:<7} {item.kind:<10} {item.status:<12} {item.team_name:<22} {where}")
        say(f"         {item.text}{owner}")


@click.command()
@pass_context
def check(obj: Context) -> None:
    """Full integrity check of the database file (every page; read-only).

    Opening the database checks only its header and schema, so it stays quick however
    large the file; this reads it all. Exit 0 when sound, 2 when damaged."""
    from campmeeting.store import integrity_problems

    path = obj.db_path
    problems = integrity_problems(path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BadInput(f"{path}: the database is damaged: {problems[0]}{more}; left unchanged")
    say(f"{path}: ok (full integrity check)")
