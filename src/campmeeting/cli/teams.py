"""`campmeeting teams`: list teams, add one, its members, its cadence and next meeting."""

from __future__ import annotations

import click

from campmeeting.cli.base import Context, find_team, pass_context, say, say_columns
from campmeeting.text import when_label


@click.group()
def teams() -> None:
    """List teams, add a team, set its members, its cadence and its next meeting."""


@teams.command("list")
@pass_context
def teams_list(obj: Context) -> None:
    """Every team with its next meeting, its rhythm and its members."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting.teams import to_local, upcoming
    from campmeeting.rhythm import describe_cadence

    store = obj.store()
    found = store.teams()
    if not found:
        say("No teams yet. Add one: campmeeting teams add NAME --cadence 'every tuesday 9:00'")
    source = SystemTime()
    rows = []
    for team in found:
        members = " ".join("@" + p.handle for p in store.members(team.id)) or "(no members)"
        nxt = upcoming(store, team, source)
        when = when_label(to_local(team, nxt)) if nxt else "after the first meeting"
        rows.append([team.name, f"next: {when}", describe_cadence(team.cadence), members])
    say_columns(rows)


@teams.command("add")
@click.argument("name")
@click.option(
    "--cadence",
    help="When the team meets: 'every tuesday 9:00', 'every other monday 14:30', "
    "'every weekday 8:45', 'first monday of the month 10:00' or an RRULE.",
)
@click.option("--agenda", "agenda_name", default="camp", show_default=True)
@pass_context
def teams_add(obj: Context, name: str, cadence: str | None, agenda_name: str) -> None:
    """Add a team (without --cadence: weekly on its first meeting's day, at the half hour
    nearest its start)."""
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import create_team
    from campmeeting.meeting.teams import to_local
    from campmeeting.rhythm import describe_cadence

    load_agenda(resolve_agenda(agenda_name))
    store = obj.store()
    team = create_team(store, SystemTime(), name, cadence=cadence, agenda=agenda_name)
    say(f"Added team {team.name}: meets {describe_cadence(team.cadence)}")
    if team.next_meeting_at:
        from datetime import datetime

        nxt = to_local(team, datetime.fromisoformat(team.next_meeting_at))
        say(f"Next meeting: {when_label(nxt)}")


@teams.command("schedule")
@click.argument("name")
@click.argument("when", nargs=-1, required=True)
@pass_context
def teams_schedule(obj: Context, name: str, when: tuple[str, ...]) -> None:
    """Set when the team meets: 'every tuesday 9:00' ... or an RRULE."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import set_cadence
    from campmeeting.meeting.teams import to_local, upcoming
    from campmeeting.rhythm import describe_cadence

    store = obj.store()
    source = SystemTime()
    team = set_cadence(store, source, find_team(store, name), " ".join(when))
    nxt = upcoming(store, team, source)
    say(f"{team.name} meets {describe_cadence(team.cadence)}")
    say(f"Next meeting: {when_label(to_local(team, nxt)) if nxt else 'not scheduled'}")


@teams.command("next")
@click.argument("name")
@click.argument("when", nargs=-1, required=True)
@pass_context
def teams_next(obj: Context, name: str, when: tuple[str, ...]) -> None:
    """Move the team's next meeting: 'tue 9:00', 'tomorrow 14:00', '2026-12-01 09:00'."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting import MeetingError
    from campmeeting.meeting.teams import move_next_meeting, team_now, to_local
    from campmeeting.rhythm import parse_when

    store = obj.store()
    source = SystemTime()
    team = find_team(store, name)
    text = " ".join(when)
    try:
        moment = parse_when(text, team_now(team, source))
    except ValueError as error:
        raise MeetingError(str(error)) from None
    team = move_next_meeting(store, source, team, moment)
    say(f"Next meeting of {team.name}: {when_label(to_local(team, moment))}")


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
