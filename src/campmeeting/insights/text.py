"""The insights as plain text for a terminal (`campmeeting insights`): per team its
trend as a line of bars beside the latest value and the window's, decision velocity, the
drift signals with their items; then the team of teams, hand-offs and messages.

User text (team names, item texts) is returned as typed: the command prints it through
`cli.base.say`, which makes control characters visible."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from campmeeting.insights.metrics import COMPLETION_TARGET, rating_label
from campmeeting.insights.model import Insights, TeamInsights, TrendPoint
from campmeeting.scorecard import format_value, spark_bars
from campmeeting.text import plural, short_date, visible

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"
TEXT_LIMIT = 70


def spark(values: Sequence[float | None], low: float = 0.0, high: float | None = None) -> str:
    """One character per value on a fixed scale low .. high (default: the largest value),
    so 100% always looks full and 0 always looks empty; a missing value is '·'."""
    known = [v for v in values if v is not None]
    top = high if high is not None else max(known, default=0.0)
    span = top - low
    out = []
    for value in values:
        if value is None:
            out.append(GAP)
            continue
        share = 0.0 if span <= 0 else (min(max(value, low), top) - low) / span
        out.append(BARS[round(share * (len(BARS) - 1))])
    return "".join(out)


def cut(text: str, limit: int = TEXT_LIMIT) -> str:
    """User text on one line (control characters and line breaks made visible), cut."""
    text = visible(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


class Row:
    """One metric of a trend: its name, how a point gives its value, its scale."""

    def __init__(
        self,
        name: str,
        short: str,
        value: Callable[[TrendPoint], float | None],
        shown: Callable[[float | None], str],
        high: float | None = None,
    ) -> None:
        self.name, self.short, self.value, self.shown, self.high = name, short, value, shown, high


def _count(value: float | None) -> str:
    return "n/a" if value is None else str(int(value))


TREND_ROWS = [
    Row("Completion", "Completion", lambda p: p.completion.value, _percent, 1.0),
    Row("Rating", "Rating", lambda p: p.rating, rating_label, 10.0),
    Row("Time used", "Time used", lambda p: p.time_ratio, _percent, None),
    Row("Decisions", "Decisions", lambda p: float(p.decisions), _count),
    Row("Blockers raised", "New blockers", lambda p: float(p.blockers_raised), _count),
    Row("Blockers resolved", "Resolved", lambda p: float(p.blockers_resolved), _count),
]


def trend_values(team: TeamInsights, row: Row) -> list[float | None]:
    return [row.value(point) for point in team.trend]


def window_value(team: TeamInsights, row: Row) -> str:
    """The window's value of a row: pooled completion, mean rating, pooled time, totals."""
    if row.name == "Completion":
        return team.completion.label
    if row.name == "Rating":
        return team.rating_label()
    if row.name == "Time used":
        return _percent(team.time_ratio)
    total = sum(v or 0 for v in trend_values(team, row))
    return f"{int(total)} in all"


def _team_text(team: TeamInsights, ins: Insights) -> list[str]:
    lines = [f"{cut(team.team)} · {plural(team.meetings, 'meeting')} in {ins.window.label()}"]
    if not team.trend:
        lines.append("  No meeting ended in the window.")
    for row in TREND_ROWS:
        if not team.trend:
            break
        values = trend_values(team, row)
        latest = row.shown(values[-1]) if values else "n/a"
        extra = f"  target {COMPLETION_TARGET:.0%}" if row.name == "Completion" else ""
        lines.append(
            f"  {row.name:<18}{spark(values, 0.0, row.high):<14} latest {latest:<8}"
            f" {ins.window.weeks} weeks {window_value(team, row)}{extra}"
        )
    if team.measurables:
        lines.append(f"  Scorecard ({ins.window.weeks} weeks, ✗ = off-track weeks)")
    for measure in team.measurables:
        bars = "".join(spark_bars(measure.values))
        lines.append(
            f"  {cut(measure.title, 17):<18}{bars:<14} latest "
            f"{format_value(measure.latest, measure.unit):<10} goal {measure.goal} · "
            f"✗ {measure.off_weeks}"
        )
    meetings = team.velocity.median_meetings
    open_for = f" (median {meetings:g} meetings open)" if meetings is not None else ""
    lines.append(f"  Decision velocity: {team.velocity.label}{open_for}")
    if not team.signals:
        lines.append("  Drift signals: none")
    for signal in team.signals:
        lines.append(f"  ! {signal.label()}: {signal.rule}")
        for item in signal.items:
            ref = f"  #{item.item_id}" if item.item_id else ""
            lines.append(f"      - {cut(item.label)}: {visible(item.detail)}{ref}")
    return lines


def insights_text(ins: Insights) -> str:
    today = ins.today
    window = ins.window
    lines = [
        f"Insights · {window.label()}, {short_date(window.start, today)} to "
        f"{short_date(window.end, today)}" + (f" · {ins.team}" if ins.team else " · every team"),
        "",
    ]
    if not ins.teams:
        lines.append("No teams yet.")
    for team in ins.teams:
        lines += _team_text(team, ins)
        lines.append("")
    lines.append("Team of teams")
    header = (
        f"  {'Team':<16} {'Last meeting':<14} {'Done':>5} {'Rating':>7} "
        f"{'Blockers':>8}  {'Oldest':<8} Signals"
    )
    lines.append(header)
    for row in ins.team_of_teams:
        last = short_date(row.last_meeting, today) if row.last_meeting else "never"
        if row.live:
            last += " live"
        oldest = plural(row.oldest_blocker.age_weeks, "week") if row.oldest_blocker else "-"
        lines.append(
            f"  {cut(row.team, 16):<16} {last:<14} {row.completion.label:>5} "
            f"{rating_label(row.rating):>7} {row.open_blockers:>8}  {oldest:<8} {row.signals}"
        )
    lines.append("")
    lines.append(f"Open hand-offs ({len(ins.hand_offs)})")
    for hand in ins.hand_offs:
        lines.append(
            f"  {cut(hand.from_team, 30)} → {cut(hand.to_team, 30)}: {cut(hand.text)} · raised "
            f"{short_date(hand.raised_on, today)}, {plural(hand.age_weeks, 'week')} old, "
            f"handed {plural(hand.days_since_hand_off, 'day')} ago  #{hand.item_id}"
        )
    lines.append("")
    lines.append(f"Messages not acknowledged ({len(ins.messages)})")
    for message in ins.messages:
        lines.append(
            f"  {cut(message.from_team, 30)} → {cut(message.to_team, 30)}: {cut(message.text)}"
            f" · sent {short_date(message.sent_on, today)} "
            f"({plural(message.age_days, 'day')} ago), "
            f"read out in {plural(message.deliveries, 'meeting')}  #{message.item_id}"
        )
    return "\n".join(lines) + "\n"
