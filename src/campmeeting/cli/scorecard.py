"""`campmeeting scorecard`: a team's weekly measurables from any terminal.

    campmeeting scorecard list --team NAME [--week DATE] [--archived]
    campmeeting scorecard add --team NAME TITLE --goal GOAL [--owner @h] [--unit U]
    campmeeting scorecard record --team NAME TITLE VALUE [--week DATE] [--by @h]
    campmeeting scorecard archive --team NAME TITLE [--restore]

A value recorded while the team's meeting is live shows in its scorecard section at
once (the screen follows the file). Bad input is one line naming the field or value,
exit 2, and nothing is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from campmeeting.cli.base import BadInput, Context, find_team, pass_context, say

if TYPE_CHECKING:
    from campmeeting.records import Measurable, Team
    from campmeeting.scorecard import Scorecard, ScorecardRow
    from campmeeting.store import Store

LIST_WEEKS = 4  # previous weeks `list` shows as numbers
TREND_WEEKS = 13  # the trend: the last 13 weeks, this one included
TITLE_WIDTH = 24


def _week(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from campmeeting.scorecard import parse_week

    try:
        return parse_week(value)
    except ValueError as error:
        raise BadInput(f"--{param.name}: {error}") from None


def _find(store: Store, team: Team, title: str) -> Measurable:
    from campmeeting.scorecard import find_measurable, measurable_titles

    found = find_measurable(store, team.id, title)
    if found is None:
        raise BadInput(
            f"no measurable {title.strip()!r} in {team.name} "
            f"(measurables: {measurable_titles(store, team.id)})"
        )
    return found


@click.group()
def scorecard() -> None:
    """The team's weekly measurables: list, add, record a week's value, archive."""


def _cut(text: str, width: int) -> str:
    from campmeeting.text import visible

    shown = visible(text)
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def _cell(row: ScorecardRow, index: int) -> str:
    """A week's value: '✗ 92,000' off track, '–' missing."""
    value = row.current if index < 0 else row.previous[index]
    return f"✗ {value.label}" if value.off else value.label


def scorecard_lines(card: Scorecard, team_name: str) -> list[str]:
    """The scorecard as text: a head line, then one line per measurable."""
    from campmeeting.scorecard import short_week, spark_bars, week_label
    from campmeeting.text import plural

    head = (
        f"{team_name} · scorecard for {week_label(card.week)} · "
        f"{plural(len(card.rows), 'measurable')}, {card.off} off track, {card.missing} missing"
    )
    if not card.rows:
        return [
            head,
            "No measurables yet. Add one: campmeeting scorecard add --team NAME TITLE "
            "--goal '>= 100'",
        ]
    weeks = card.previous_weeks[:LIST_WEEKS]
    table = [
        [
            _cut(row.title, TITLE_WIDTH),
            f"@{row.owner_handle}" if row.owner_handle else "",
            row.goal_label,
            _cell(row, -1),
            *[_cell(row, i) for i in range(len(weeks))],
            "".join(spark_bars([w.value for w in row.trend[-TREND_WEEKS:]])),
        ]
        for row in card.rows
    ]
    header = [
        "Measurable",
        "Owner",
        "Goal",
        short_week(card.week),
        *map(short_week, weeks),
        f"Trend ({min(TREND_WEEKS, len(card.previous_weeks) + 1)} weeks)",
    ]
    widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
    lines = [head]
    for line in [header, *table]:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


@scorecard.command("list")
@click.option("--team", "team_name", required=True)
@click.option("--week", callback=_week, help="Any date in the week, or 2026-W48 (default: now).")
@click.option("--archived", is_flag=True, help="List the archived measurables too (by title).")
@pass_context
def scorecard_list(obj: Context, team_name: str, week: str | None, archived: bool) -> None:
    """The team's scorecard: each measurable's owner, goal, this week's value and trend."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting.scorecard import default_week
    from campmeeting.scorecard import build_scorecard, measurables

    store = obj.store()
    team = find_team(store, team_name)
    card = build_scorecard(store, team.id, week or default_week(store, SystemTime(), team))
    for line in scorecard_lines(card, team.name):
        say(line)
    if archived:
        gone = [m for m in measurables(store, team.id, archived=True) if m.archived]
        say(f"Archived: {', '.join(m.title for m in gone) if gone else 'none'}")


@scorecard.command("add")
@click.option("--team", "team_name", required=True)
@click.argument("title")
@click.option("--goal", required=True, help="'>= 100000', '<= 5', '= 0' or '90..110'.")
@click.option("--owner", help="@handle of a team member.")
@click.option("--unit", help="$, %, h, days ... (or write it with the goal: '>= $100k').")
@pass_context
def scorecard_add(
    obj: Context, team_name: str, title: str, goal: str, owner: str | None, unit: str | None
) -> None:
    """Add a measurable to the team's scorecard."""
    from campmeeting.clock import SystemTime
    from campmeeting.scorecard import add_measurable, goal_of

    store = obj.store()
    team = find_team(store, team_name)
    measurable = add_measurable(store, SystemTime(), team, title, goal, owner=owner, unit=unit)

    who = f", owner @{owner.lstrip('@')}" if owner else ""
    say(
        f"Added {measurable.title} to the scorecard of {team.name}: "
        f"goal {goal_of(measurable).describe(measurable.unit)}{who}"
    )


@scorecard.command("record", context_settings={"ignore_unknown_options": True})
@click.option("--team", "team_name", required=True)
@click.argument("title")
@click.argument("value")
@click.option("--week", callback=_week, help="Any date in the week, or 2026-W48.")
@click.option("--by", "by", help="@handle of who reports the number.")
@pass_context
def scorecard_record(
    obj: Context, team_name: str, title: str, value: str, week: str | None, by: str | None
) -> None:
    """Record a measurable's value for a week (default: the week of the team's live or
    next meeting, when that is within a week; else this week). VALUE: 12500, 12,500,
    12.5k, 1.2M, -3, 95% or $1,200 (a negative number may need `--` before it)."""
    from campmeeting.clock import SystemTime
    from campmeeting.meeting.scorecard import default_week
    from campmeeting.scorecard import format_value, goal_of, record_value, week_label
    from campmeeting.text import status_word

    store = obj.store()
    team = find_team(store, team_name)
    measurable = _find(store, team, title)
    person_id = None
    if by:
        person = store.person_by_handle(by.strip().lstrip("@"))
        if person is None or person.id not in {p.id for p in store.members(team.id)}:
            raise BadInput(f"--by {by!r}: not a member of {team.name}")
        person_id = person.id
    source = SystemTime()
    week = week or default_week(store, source, team)
    done = record_value(store, source, measurable, value, week, person_id=person_id)
    goal = goal_of(measurable)
    track = goal.evaluate(done.new)
    state = status_word(track)
    if not done.changed:
        say(f"{measurable.title} is {done.label()} for {week_label(week)} already; unchanged")
        return
    was = "" if done.old is None else f" (was {format_value(done.old, measurable.unit)})"
    live = store.live_meeting(team.id)
    where = " · shown in the live meeting" if live is not None else ""
    say(
        f"Recorded {measurable.title} = {done.label()} for {week_label(week)}{was}: "
        f"{state}, goal {goal.describe(measurable.unit)}{where}"
    )


@scorecard.command("archive")
@click.option("--team", "team_name", required=True)
@click.argument("title")
@click.option("--restore", is_flag=True, help="Bring an archived measurable back.")
@pass_context
def scorecard_archive(obj: Context, team_name: str, title: str, restore: bool) -> None:
    """Archive a measurable: it leaves the scorecard; its history stays (never deleted)."""
    from campmeeting.clock import SystemTime
    from campmeeting.scorecard import archive_measurable

    store = obj.store()
    team = find_team(store, team_name)
    measurable = archive_measurable(store, SystemTime(), _find(store, team, title), restore)
    if restore:
        say(f"Restored {measurable.title} to the scorecard of {team.name}")
    else:
        say(f"Archived {measurable.title}: off the scorecard of {team.name}; its history stays")
