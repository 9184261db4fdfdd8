"""The `campmeeting` command: thin click commands that parse, call the core, print.

    base.py      the database option, one-line errors, output made safe (`say`)
    meeting.py   run, review, add, export, demo, config
    archive.py   meetings, search, check: the archive and the file from the shell
    teams.py     teams list | add | members ...
    agendas.py   agendas list | check | show | schema
    insights.py  insights: trends, velocity, drift signals, team of teams
    scorecard.py scorecard list | add | record | archive: the weekly measurables
    participants.py  todo (reports), follow, serve, backup: the people around the meeting

Exit codes (INTERFACE.md): 0 success; 2 bad input or usage, one line on stderr naming
the file, field or value; 1 an unexpected fault (a short line; the traceback with --debug).
Modules are imported when a command runs, so `campmeeting --help` stays quick: the
command modules import only click at the top, and `main` classifies an error by type
only once one happened (`python -X importtime -m campmeeting --help` shows what loads).
"""

from __future__ import annotations

import sys

import click

from campmeeting import __version__
from campmeeting.cli import agendas, archive, insights, meeting, participants, scorecard, teams
from campmeeting.cli.base import EXIT_BAD_INPUT, EXIT_FAULT, BadInput, Context
from campmeeting.text import visible

__all__ = ["BadInput", "cli", "main"]


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
        from campmeeting.cli.base import load_user_config, need_terminal, open_screens

        need_terminal()  # before the file is opened (or made)
        config = load_user_config()
        open_screens(ctx.obj.store(background_checkpoints=True), config)


for command in (
    meeting.run,
    meeting.review,
    meeting.add,
    meeting.discard,
    meeting.export,
    meeting.demo,
    meeting.config,
    archive.meetings,
    archive.search,
    archive.check,
    agendas.agendas,
    teams.teams,
    insights.insights,
    participants.todo,
    participants.follow,
    participants.serve,
    participants.backup,
    scorecard.scorecard,
):
    cli.add_command(command)


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())


def main(argv: list[str] | None = None) -> None:
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
            line = f"campmeeting: {_one_line(error.format_message())}"
            if isinstance(error, click.UsageError) and error.ctx is not None:
                line += f" (see '{error.ctx.command_path} --help')"
            click.echo(line, err=True)  # one line (INTERFACE.md)
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        _fault(error, debug)


def _fault(error: Exception, debug: bool) -> None:
    """An error out of a command: bad input (exit 2, one line) or unexpected (exit 1).
    The error types are imported here, once one happened, not on every start."""
    import sqlite3
    import traceback

    from pydantic import ValidationError

    from campmeeting.agenda import AgendaError
    from campmeeting.meeting import MeetingError
    from campmeeting.store import StoreError

    if isinstance(error, AgendaError):
        for line in error.problems:
            click.echo(visible(line), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if type(error) is sqlite3.DatabaseError:  # SQLite's "malformed", "not a database"
        error = StoreError(f"the database is damaged ({error}); `campmeeting check` examines it")
    if isinstance(error, StoreError | MeetingError | ValueError | ValidationError):
        message = _one_line(
            str(error)
            if not isinstance(error, ValidationError)
            else "; ".join(e["msg"] for e in error.errors())
        )
        click.echo(f"campmeeting: {message}", err=True)
        if debug:
            traceback.print_exc()
        sys.exit(EXIT_BAD_INPUT)
    # the unexpected: short, traceback only with --debug
    detail = _one_line(str(error))
    line = f"campmeeting: unexpected error: {type(error).__name__}: {detail}"
    click.echo(line if debug else f"{line} (run again with --debug for details)", err=True)
    if debug:
        traceback.print_exc()
    sys.exit(EXIT_FAULT)
