"""`campmeeting teams`: list teams, add one, its members, its cadence and next meeting."""

from __future__ import annotations

import click

from campmeeting.cli.base import Context, find_team, pass_context, say
from campmeeting.text import when_label


@click.group()
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
        say("No teams yet. Add one: campmeeting teams add NAME")
    now = local_now(SystemTime())
    for team in found:
        members = " ".join("@" + p.handle for p in store.members(team.id)) or "(no members)"
        nxt = next_meeting_at(team, now)
        when = when_label(nxt)
        say(f"{team.name:<20} next: {when:<18} {members}")


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
    say(f"Added team {team.name}" + (f" ({team.cadence})" if team.cadence else ""))


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
    team = find_team(store, name)
    for spec in handles:
        handle, _, full = spec.partition("=")
        if remove:
            remove_member(store, team, handle)
        else:
            add_member(store, SystemTime(), team, handle, full or None)
    for person in store.members(team.id):
        say(f"@{person.handle:<16} {person.name}")
