"""`campmeeting agendas`: list, check, show agendas; print their JSON Schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from campmeeting.cli.base import EXIT_BAD_INPUT, EXIT_FAULT, say


@click.group()
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
        say(f"{name:<14} {origin:<8} {summary}")


@agendas.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
def agendas_check(files: tuple[str, ...]) -> None:
    """Validate agenda files; one line per problem."""
    from campmeeting.agenda import AgendaError, load_agenda

    problems: list[str] = []
    faults = 0
    for file in files:
        try:
            agenda = load_agenda(Path(file))
        except AgendaError as error:
            problems.extend(error.problems)
        except Exception as error:  # a bug of ours: said, and the batch goes on
            faults += 1
            problems.append(f"{file}: could not be checked: {type(error).__name__}: {error}")
        else:
            say(f"{file}: ok ({agenda.name}, {agenda.planned_minutes:g} min)")
    for line in problems:
        say(line, err=True)
    if faults:
        sys.exit(EXIT_FAULT)
    if problems:
        sys.exit(EXIT_BAD_INPUT)


@agendas.command("show")
@click.argument("name")
def agendas_show(name: str) -> None:
    from campmeeting.agenda import load_agenda, resolve_agenda

    path = resolve_agenda(name)
    agenda = load_agenda(path)
    say(f"{agenda.name}  ({path})")
    for line in (agenda.description or "").strip("\n").split("\n"):
        if line:
            say(line)
    for number, section in enumerate(agenda.sections, start=1):
        say(f"{number:>2}. {section.title:<24} {section.kind:<15} {section.minutes:>5g} min")
        for line in (section.prompt or "").strip("\n").split("\n"):
            if line:
                say(f"    {line}")
    say(f"    {'total':<40} {agenda.planned_minutes:>5g} min")


@agendas.command("schema")
def agendas_schema() -> None:
    import json

    from campmeeting.agenda import agenda_json_schema

    click.echo(json.dumps(agenda_json_schema(), indent=2))
