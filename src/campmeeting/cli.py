"""The `campmeeting` command: thin click commands that parse, call the core, print.

Exit codes (INTERFACE.md): 0 success; 2 bad input or usage, one line on stderr naming
the file, field or value; 1 an unexpected fault (a short line; the traceback with --debug).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click
import platformdirs

from campmeeting import __version__

EXIT_BAD_INPUT = 2
EXIT_FAULT = 1


class BadInput(click.ClickException):
    """Bad input: exit 2 with one clear line."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:  # noqa: ARG002 - click's signature
        click.echo(f"campmeeting: {self.format_message()}", err=True)


def _exit_with(code: int) -> None:
    """The app stopped on an unexpected error (Textual has shown it): exit 1."""
    if code:
        sys.exit(EXIT_FAULT)


def default_db_path() -> Path:
    return platformdirs.user_data_path("campmeeting") / "campmeeting.db"


def demo_db_path() -> Path:
    return default_db_path().with_name("campmeeting-demo.db")


class Context:
    def __init__(self, db: str | None, debug: bool) -> None:
        self.db_path = Path(db) if db else default_db_path()
        self.debug = debug

    def store(self):
        from campmeeting.store import Store

        return Store.open(self.db_path)

    def readonly_store(self):
        from campmeeting.store import Store

        return Store.open_readonly(self.db_path)


pass_context = click.make_pass_decorator(Context)


def _team(store, name: str):
    team = store.team_by_name(name)
    if team is None:
        names = ", ".join(t.name for t in store.teams()) or "none yet"
        raise BadInput(f"no team named {name!r} (teams: {names})")
    return team


@click.group(invoke_without_command=True)
@click.option(
    "--db",
    envvar="CAMPMEETING_DB",
    type=click.Path(dir_okay=False),
    help="The database file (env CAMPMEETING_DB). Default: your user data folder.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected faults.")
@click.version_option(__version__, prog_name="campmeeting")
@click.pass_context
def cli(ctx: click.Context, db: str | None, debug: bool) -> None:
    """Run your team's weekly camp meeting live in the terminal.

    With no command, opens the home screen: pick a team, start or resume, review.
    """
    ctx.obj = Context(db, debug)
    if ctx.invoked_subcommand is None:
        from campmeeting.tui.app import run_app

        _exit_with(run_app(ctx.obj.store()))


# --------------------------------------------------------------------------- run


@cli.command()
@click.option("--team", "team_name", required=True, help="The team whose meeting to run.")
@click.option("--agenda", "agenda_name", help="Agenda name or TOML file (default: the team's).")
@click.option("--facilitator", help="@handle of the facilitator.")
@pass_context
def run(obj: Context, team_name: str, agenda_name: str | None, facilitator: str | None) -> None:
    """Start the team's meeting, or resume its live one."""
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.tui.app import run_app

    store = obj.store()
    team = _team(store, team_name)
    if agenda_name:
        load_agenda(resolve_agenda(agenda_name))  # fail here, before the screen opens
    person = None
    if facilitator:
        person = store.person_by_handle(facilitator)
        if person is None:
            raise BadInput(f"no one has the handle {facilitator}")
    _exit_with(run_app(store, team=team, agenda_name=agenda_name, facilitator=person))


@cli.command()
@click.option("--team", "team_name", help="Open at this team.")
@pass_context
def review(obj: Context, team_name: str | None) -> None:
    """Browse past meetings, read-only."""
    from campmeeting.tui.app import run_review

    store = obj.readonly_store()
    team = _team(store, team_name) if team_name else None
    _exit_with(run_review(store, team=team))


@cli.command()
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
    team = _team(store, team_name)
    item = add_between_meetings(store, SystemTime(), team, ItemKind(kind), " ".join(text))
    live = store.live_meeting(team.id)
    where = "live meeting" if live else "next meeting"
    click.echo(f"Added {kind} #{item.id} to the {where} of {team.name}: {item.text}")


# --------------------------------------------------------------------------- export


@cli.command()
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
@pass_context
def export(obj: Context, team_name, last, meeting_id, all_, fmt, output, schema) -> None:
    """Export minutes as Markdown, JSON, HTML or ICS (the next meeting)."""
    from campmeeting.exporting import export_command

    export_command(obj, team_name, last, meeting_id, all_, fmt, output, schema)


# --------------------------------------------------------------------------- agendas


@cli.group()
def agendas() -> None:
    """List, check, show agendas; print their JSON Schema."""


@agendas.command("list")
def agendas_list() -> None:
    from campmeeting.agenda import list_agendas, load_agenda

    for name, path, origin in list_agendas():
        try:
            agenda = load_agenda(path)
            summary = (
                f"{agenda.name} ({agenda.planned_minutes:g} min, {len(agenda.sections)} sections)"
            )
        except Exception as error:  # a broken user agenda is listed, not fatal
            summary = f"broken: {str(error).splitlines()[0]}"
        click.echo(f"{name:<14} {origin:<8} {summary}")


@agendas.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
def agendas_check(files: tuple[str, ...]) -> None:
    """Validate agenda files; one line per problem."""
    from campmeeting.agenda import AgendaError, load_agenda

    problems: list[str] = []
    for file in files:
        try:
            agenda = load_agenda(Path(file))
        except AgendaError as error:
            problems.extend(error.problems)
        else:
            click.echo(f"{file}: ok ({agenda.name}, {agenda.planned_minutes:g} min)")
    if problems:
        for line in problems:
            click.echo(line, err=True)
        sys.exit(EXIT_BAD_INPUT)


@agendas.command("show")
@click.argument("name")
def agendas_show(name: str) -> None:
    from campmeeting.agenda import load_agenda, resolve_agenda

    path = resolve_agenda(name)
    agenda = load_agenda(path)
    click.echo(f"{agenda.name}  ({path})")
    if agenda.description:
        click.echo(agenda.description)
    for number, section in enumerate(agenda.sections, start=1):
        click.echo(f"{number:>2}. {section.title:<24} {section.kind:<15} {section.minutes:>5g} min")
        if section.prompt:
            click.echo(f"    {section.prompt}")
    click.echo(f"    {'total':<40} {agenda.planned_minutes:>5g} min")


@agendas.command("schema")
def agendas_schema() -> None:
    import json

    from campmeeting.agenda import agenda_json_schema

    click.echo(json.dumps(agenda_json_schema(), indent=2))


# --------------------------------------------------------------------------- teams


@cli.group()
def teams() -> None:
    """List teams, add a team, set its members."""


@teams.command("list")
@pass_context
def teams_list(obj: Context) -> None:
    from campmeeting.clock import SystemTime, local_now
    from campmeeting.meeting import next_meeting_at

    store = obj.store()
    found = store.teams()
    if not found:
        click.echo("No teams yet. Add one: campmeeting teams add NAME")
    now = local_now(SystemTime())
    for team in found:
        members = " ".join("@" + p.handle for p in store.members(team.id)) or "(no members)"
        nxt = next_meeting_at(team, now)
        when = nxt.strftime("%a %d %b %H:%M") if nxt else "not scheduled"
        click.echo(f"{team.name:<20} next: {when:<18} {members}")


@teams.command("add")
@click.argument("name")
@click.option("--cadence", help="An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO;BYHOUR=9.")
@click.option("--agenda", "agenda_name", default="camp", show_default=True)
@pass_context
def teams_add(obj: Context, name: str, cadence: str | None, agenda_name: str) -> None:
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import create_team

    load_agenda(resolve_agenda(agenda_name))
    store = obj.store()
    team = create_team(store, SystemTime(), name, cadence=cadence, agenda=agenda_name)
    click.echo(f"Added team {team.name}" + (f" ({team.cadence})" if team.cadence else ""))


@teams.command("members")
@click.argument("name")
@click.argument("handles", nargs=-1)
@click.option("--remove", is_flag=True, help="Remove the given handles instead.")
@pass_context
def teams_members(obj: Context, name: str, handles: tuple[str, ...], remove: bool) -> None:
    """Show the members, or add @handle (or @handle=Full Name) to the team."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import add_member, remove_member

    store = obj.store()
    team = _team(store, name)
    for spec in handles:
        handle, _, full = spec.partition("=")
        if remove:
            remove_member(store, team, handle)
        else:
            add_member(store, SystemTime(), team, handle, full or None)
    for person in store.members(team.id):
        click.echo(f"@{person.handle:<16} {person.name}")


@cli.command()
@click.option("--seed", default=7, show_default=True, help="The same seed, the same history.")
@click.option("--no-open", is_flag=True, help="Only write the database.")
@click.pass_context
def demo(ctx: click.Context, seed: int, no_open: bool) -> None:
    """Write a demo database with weeks of history and open it (never your real one)."""
    from campmeeting.demo import build_demo

    root = ctx.find_root()
    if root.get_parameter_source("db") == click.core.ParameterSource.COMMANDLINE:
        path = Path(root.params["db"])  # --db given: there (a real database is refused)
    else:
        # beside the database in use (CAMPMEETING_DB or the default), never in it
        path = ctx.find_object(Context).db_path.with_name(demo_db_path().name)
    store = build_demo(path, seed=seed)
    click.echo(f"Demo database: {path}", err=True)
    if not no_open:
        from campmeeting.tui.app import run_app

        _exit_with(run_app(store))


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    from pydantic import ValidationError

    from campmeeting.agenda import AgendaError
    from campmeeting.meeting import MeetingError
    from campmeeting.store import StoreError

    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="campmeeting", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_FAULT)
    except click.ClickException as error:
        if isinstance(error, BadInput):
            error.show()
        else:
            line = f"campmeeting: {' '.join(error.format_message().split())}"
            if isinstance(error, click.UsageError) and error.ctx is not None:
                line += f" (see '{error.ctx.command_path} --help')"
            click.echo(line, err=True)  # one line (INTERFACE.md)
        sys.exit(EXIT_BAD_INPUT)
    except AgendaError as error:
        for line in error.problems:
            click.echo(line, err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (StoreError, MeetingError, ValueError, ValidationError) as error:
        message = (
            " ".join(str(error).split())
            if not isinstance(error, ValidationError)
            else ("; ".join(e["msg"] for e in error.errors()))
        )
        click.echo(f"campmeeting: {message}", err=True)
        if debug:
            traceback.print_exc()
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the unexpected: short, traceback only with --debug
        detail = " ".join(str(error).split())
        line = f"campmeeting: unexpected error: {type(error).__name__}: {detail}"
        click.echo(line if debug else f"{line} (run again with --debug for details)", err=True)
        if debug:
            traceback.print_exc()
        sys.exit(EXIT_FAULT)
