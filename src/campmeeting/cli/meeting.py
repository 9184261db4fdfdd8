"""The commands around a meeting: run it, review, add between meetings, export, demo,
and the user's config."""

from __future__ import annotations

import json
from pathlib import Path

import click

from campmeeting.cli.base import (
    BadInput,
    Context,
    demo_db_path,
    find_team,
    has_terminal,
    load_user_config,
    open_screens,
    pass_context,
    say,
)


@click.command()
@click.option("--team", "team_name", required=True, help="The team whose meeting to run.")
@click.option("--agenda", "agenda_name", help="Agenda name or TOML file (default: the team's).")
@click.option("--facilitator", help="@handle of the facilitator.")
@pass_context
def run(obj: Context, team_name: str, agenda_name: str | None, facilitator: str | None) -> None:
    """Start the team's meeting, or resume its live one."""
    from campmeeting.agenda import load_agenda, resolve_agenda

    config = load_user_config()
    store = obj.store(background_checkpoints=True)
    team = find_team(store, team_name)
    if agenda_name:
        load_agenda(resolve_agenda(agenda_name))  # fail here, before the screen opens
    person = None
    if facilitator:
        person = store.person_by_handle(facilitator)
        if person is None:
            raise BadInput(f"no one has the handle {facilitator}")
    open_screens(store, config, team=team, agenda_name=agenda_name, facilitator=person)


@click.command()
@click.option("--team", "team_name", help="Open at this team.")
@pass_context
def review(obj: Context, team_name: str | None) -> None:
    """Browse past meetings, read-only."""
    from campmeeting.tui.app import REVIEW_MODE

    config = load_user_config()
    store = obj.readonly_store()
    team = find_team(store, team_name) if team_name else None
    open_screens(store, config, team=team, mode=REVIEW_MODE)


@click.command()
@click.option("--team", "team_name", required=True)
@click.argument("kind", type=click.Choice(["blocker", "headline", "priority", "commitment"]))
@click.argument("text", nargs=-1, required=True)
@pass_context
def add(obj: Context, team_name: str, kind: str, text: tuple[str, ...]) -> None:
    """Add an item to the team's next meeting (or its live one) from any terminal.

    TEXT takes quick-capture words: @handle, due:WHEN.
    """
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import add_between_meetings
    from campmeeting.model import ItemKind

    store = obj.store()
    team = find_team(store, team_name)
    item = add_between_meetings(store, SystemTime(), team, ItemKind(kind), " ".join(text))
    live = store.live_meeting(team.id)
    where = "live meeting" if live else "next meeting"
    say(f"Added {kind} #{item.id} to the {where} of {team.name}: {item.text}")


@click.command()
@click.option("--team", "team_name", required=True)
@pass_context
def discard(obj: Context, team_name: str) -> None:
    """Discard a team's live meeting started by mistake (only when nothing was captured)."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import LiveMeeting

    store = obj.store()
    team = find_team(store, team_name)
    live = LiveMeeting.resume(store, SystemTime(), team)
    if live is None:
        raise BadInput(f"{team.name} has no live meeting")
    live.discard()
    say(f"Discarded the live meeting of {team.name}; nothing was captured in it")


@click.command()
@click.option("--team", "team_name")
@click.option("--last", "last", is_flag=True, help="The team's last meeting.")
@click.option("--meeting", "meeting_id", type=int, help="One meeting by id.")
@click.option("--all", "all_", is_flag=True, help="Every meeting (of the team), one file each.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "html", "ics"]),
    default="md",
    show_default=True,
)
@click.option("-o", "output", type=click.Path(), help="File (or folder with --all).")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of the JSON minutes.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="With --all: processes rendering at once (default: one per CPU).",
)
@pass_context
def export(
    obj: Context,
    team_name: str | None,
    last: bool,
    meeting_id: int | None,
    all_: bool,
    fmt: str,
    output: str | None,
    schema: bool,
    jobs: int | None,
) -> None:
    """Export minutes as Markdown, JSON, HTML or ICS (the next meeting).

    Without -o (or with -o -), one meeting is printed; with -o PATH it is written there
    (into PATH under its stable name when PATH is a folder); --all -o DIR writes one
    file per meeting, rendered by one process per CPU (--jobs N). The database is opened
    read-only: an export never changes it.
    """
    from campmeeting.exporting import check_choice, export_all, export_meetings, select_meetings
    from campmeeting.minutes import minutes_json_schema

    if schema:
        click.echo(json.dumps(minutes_json_schema(), indent=2, ensure_ascii=False))
        return
    check_choice(last, meeting_id, all_)
    store = obj.readonly_store()
    try:
        if all_:  # streamed: each path is printed once its file is written
            paths: list[Path] = []
            _count, text = export_all(
                store, team_name, fmt, output, lambda p: say(str(p)), jobs=jobs
            )
        else:
            meetings = select_meetings(store, team_name, last, meeting_id, all_)
            paths, text = export_meetings(store, meetings, fmt, output, all_)
    finally:
        store.close()
    if text is not None:
        click.echo(text, nl=False)  # escaped by its format (md: visible(), json: \\u escapes)
    for path in paths:
        say(str(path))


@click.command()
@click.option("--seed", default=7, show_default=True, help="The same seed, the same history.")
@click.option(
    "--teams",
    type=click.IntRange(1, 1000),
    help="A large history: this many teams (default 3 with --weeks).",
)
@click.option(
    "--weeks",
    type=click.IntRange(1, 1040),
    help="A large history: weekly meetings per team (default 12 with --teams).",
)
@click.option("--no-open", is_flag=True, help="Only write the database.")
@click.option(
    "--db",
    "db_here",
    type=click.Path(dir_okay=False),
    help="Write it here (as the global --db does; never into a real database).",
)
@click.pass_context
def demo(
    ctx: click.Context,
    seed: int,
    teams: int | None,
    weeks: int | None,
    no_open: bool,
    db_here: str | None,
) -> None:
    """Write a demo database with weeks of history and open it (never your real one).

    With --teams N --weeks W, a large history for trying scale: N teams of W weekly
    meetings each (100 teams x 520 weeks takes a few minutes)."""
    from campmeeting.demo import build_demo

    root = ctx.find_root()
    if db_here is not None:
        path = Path(db_here)  # `demo ... --db PATH`, as the examples write it
    elif root.get_parameter_source("db") == click.core.ParameterSource.COMMANDLINE:
        path = Path(root.params["db"])  # --db given: there (a real database is refused)
    else:
        # beside the database in use (CAMPMEETING_DB or the default), never in it
        obj = ctx.find_object(Context)
        assert obj is not None
        path = obj.db_path.with_name(demo_db_path().name)
    if teams is None and weeks is None:
        store = build_demo(path, seed=seed)
    else:
        from campmeeting.demo.scale import build_scale
        from campmeeting.store import Store

        build_scale(
            path,
            teams or 3,
            weeks or 12,
            seed=seed,
            progress=lambda text: say(f"demo: {text}", err=True),
        )
        store = Store.open(path, background_checkpoints=not no_open)
    say(f"Demo database: {path}", err=True)
    if not no_open and not has_terminal():
        say(f"Not a terminal: open it with  campmeeting --db {path}", err=True)
    elif not no_open:
        open_screens(store, load_user_config())


@click.command()
def config() -> None:
    """Where the config file is, what it sets, and every key binding's id."""
    from campmeeting.tui.keys import binding_table

    settings = load_user_config()
    state = "" if settings.exists else " (not there yet: created when you change the theme)"
    say(f"Config file: {settings.path}{state}")
    say(f"theme = {settings.theme or '(default)'}")
    say("[keymap]" + ("" if settings.keymap else " (nothing remapped)"))
    for binding_id, keys in sorted(settings.keymap.items()):
        say(f'"{binding_id}" = "{keys}"')
    say("")
    say('Key bindings (id, keys, what they do); remap with [keymap] "id" = "keys":')
    for binding_id, keys, description in binding_table():
        say(f"  {binding_id:<26} {keys:<16} {description}")
