"""The commands for the people around the facilitator: an owner's to-do list and reports,
following a meeting from another terminal, serving the read-only apps to a browser, and
a consistent backup of the file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from campmeeting.cli.base import (
    BadInput,
    Context,
    find_team,
    load_user_config,
    open_screens,
    pass_context,
    say,
)

if TYPE_CHECKING:
    from campmeeting.records import Team

REPORT_VERBS = {"done": "done", "abandon": "abandoned", "rescope": "rescoped"}
TODO_TEXT_WIDTH = 48


@click.command()
@click.argument("handle")
@click.argument("words", nargs=-1)
@click.option("--team", "team_name", help="Only this team's commitments (the list).")
@click.option("--reason", help="Why it is abandoned (abandon).")
@pass_context
def todo(
    obj: Context, handle: str, words: tuple[str, ...], team_name: str | None, reason: str | None
) -> None:
    """An owner's open commitments across teams, or a report on one of them.

    \b
    campmeeting todo @ana                         the list: id, text, due, team
    campmeeting todo @ana done 12                 report #12 done
    campmeeting todo @ana abandon 12 --reason "no budget"
    campmeeting todo @ana rescope 12 "Ship to 3 pilots due:fri"

    A report is a proposal: nothing changes until the next accountability review
    confirms it (one key there).
    """
    if not words:
        if reason:
            raise BadInput("--reason goes with abandon ID")
        _todo_list(obj, handle, team_name)
        return
    verb, *rest = words
    if verb not in REPORT_VERBS:
        raise BadInput(f"todo {handle} {verb!r}: say done, abandon or rescope, then the id")
    if not rest:
        raise BadInput(f"todo {handle} {verb}: which commitment? give its id (todo {handle})")
    raw_id, *text = rest
    try:
        item_id = int(raw_id.lstrip("#"))
    except ValueError:
        raise BadInput(f"todo {handle} {verb}: {raw_id!r} is not a commitment id") from None
    if verb == "rescope" and not text:
        raise BadInput(f'todo {handle} rescope {item_id}: give "new text due:WHEN"')
    if verb != "rescope" and text:
        raise BadInput(f"todo {handle} {verb} {item_id}: unexpected {' '.join(text)!r}")
    if team_name:
        raise BadInput("--team goes with the list (todo @handle --team NAME)")
    _report(obj, handle, item_id, REPORT_VERBS[verb], " ".join(text) or None, reason)


def _todo_list(obj: Context, handle: str, team_name: str | None) -> None:
    from campmeeting.clock import SystemTime, local_today
    from campmeeting.meeting.reports import todo_list
    from campmeeting.text import due_label, visible

    store = obj.readonly_store()
    try:
        if team_name:
            find_team(store, team_name)
        todos = todo_list(store, handle, team_name)
        person = store.person_by_handle(handle)
    finally:
        store.close()
    assert person is not None
    today = local_today(SystemTime())
    where = f" in {team_name}" if team_name else ""
    if not todos:
        say(f"@{person.handle} ({person.name}) has no open commitments{where}.")
        return
    say(f"Open commitments of @{person.handle} ({person.name}){where}: {len(todos)}")
    for entry in todos:
        item = entry.item
        text = visible(item.text)
        text = text if len(text) <= TODO_TEXT_WIDTH else text[: TODO_TEXT_WIDTH - 1] + "…"
        line = (
            f"  #{item.id:<5} {text:<{TODO_TEXT_WIDTH}}  "
            f"{due_label(item.due_date, today):<16}  {entry.team_name}"
        )
        if entry.report is not None:
            line += f"  · {entry.report.label(today)} (for the next review)"
        say(visible(line))  # one line each, whatever was typed


def _report(
    obj: Context, handle: str, item_id: int, outcome: str, line: str | None, reason: str | None
) -> None:
    from campmeeting.clock import SystemTime, local_today
    from campmeeting.meeting import MeetingError
    from campmeeting.meeting.reports import report
    from campmeeting.text import visible

    source = SystemTime()
    store = obj.store()
    try:
        found = report(store, source, handle, item_id, outcome, line=line, reason=reason)
        item = store.item(item_id)
        team = store.team(item.team_id)
    except MeetingError as error:
        raise BadInput(f"todo {handle}: {error}; nothing was recorded") from None
    finally:
        store.close()
    say(
        visible(
            f"#{item.id} '{item.text}': {found.label(local_today(source))}. The next "
            f"accountability review of {team.name} confirms it; nothing else changes until then."
        )
    )


@click.command()
@click.option("--team", "team_name", help="The team to follow (default: the one live now).")
@pass_context
def follow(obj: Context, team_name: str | None) -> None:
    """Follow a team's meeting, read-only (another terminal, or `ssh -t host campmeeting
    follow`): its section, items and clock; waits for it to start."""
    from campmeeting.meeting.follow import team_to_follow
    from campmeeting.tui.app import FOLLOW_MODE

    config = load_user_config()
    store = obj.readonly_store()
    team: Team | None = None
    if team_name:
        team = find_team(store, team_name)
    else:
        if not store.teams():
            raise BadInput("no teams yet: add one with `campmeeting teams add NAME`")
        team = team_to_follow(store)  # None: the screen asks which
    open_screens(store, config, team=team, mode=FOLLOW_MODE)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, help="Port (0: any free port).")
@click.option(
    "--app",
    "app_name",
    type=click.Choice(["follow", "review"]),
    default="follow",
    show_default=True,
    help="Which read-only app the browser gets.",
)
@click.option("--review", "review_flag", is_flag=True, help="The same as --app review.")
@click.option("--team", "team_name", help="Open at this team.")
@click.option("--public-url", help="The URL browsers use (behind a reverse proxy).")
@pass_context
def serve(
    obj: Context,
    host: str,
    port: int,
    app_name: str,
    review_flag: bool,
    team_name: str | None,
    public_url: str | None,
) -> None:
    """Serve the read-only follow (or review) app to browsers, with textual-serve.

    Each browser gets its own read-only process; nothing served can write the database.
    Listens on 127.0.0.1 unless --host is given; there is no authentication, so a
    public address belongs behind a reverse proxy that authenticates.
    """
    from campmeeting.serve import ServeError, app_command, is_loopback, run_server

    if not 0 <= port <= 65535:
        raise BadInput(f"--port {port}: a port is 0 to 65535")
    store = obj.readonly_store()  # refuses a missing, foreign or outdated file now
    try:
        if team_name:
            team_name = find_team(store, team_name).name
    finally:
        store.close()
    if not is_loopback(host):
        say(
            f"campmeeting: warning: serving on {host} with no authentication: anyone who "
            "can reach this port can see your meetings. Put it behind a reverse proxy "
            "that authenticates (and give --public-url).",
            err=True,
        )
    app = "review" if review_flag else app_name
    command = app_command(obj.db_path, app, team_name)
    try:
        run_server(command, host, port, public_url, title=f"campmeeting {app}")
    except ServeError as error:
        raise BadInput(f"serve: {error}") from None


@click.command()
@click.argument("path", type=click.Path(dir_okay=True))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_context
def backup(obj: Context, path: str, force: bool) -> None:
    """A consistent copy of the database at PATH, safe while a meeting is live
    (SQLite's online backup API). The copy opens like any campmeeting file."""
    from campmeeting.backup import backup_to
    from campmeeting.store import StoreError

    try:
        done = backup_to(obj.db_path, Path(path), force=force)
    except StoreError as error:
        raise BadInput(str(error)) from None
    say(f"Backed up {obj.db_path} to {done.path} ({done.summary()})")
