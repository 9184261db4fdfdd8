"""A team's trend as pictures: one row per metric, a sparkline of its meetings beside the
latest value and the window's (and, for completion, the 90% target).

`ScaledSparkline` is Textual's `Sparkline` (its colours, its component classes, its
reactive `data`) drawn on a fixed scale: Textual's own scales from the lowest value to
the highest, so a team at 100% every week would show flat bottom bars. Here 100% is a
full bar and 0 an empty one, a meeting without a value (n/a) is a gap, and with a
`target` the bars under it take the `sparkline--under` colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.app import RenderResult as Rendered
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, Sparkline, Static

from campmeeting.insights import COMPLETION_TARGET, TeamInsights
from campmeeting.insights.text import TREND_ROWS, Row, trend_values, window_value
from campmeeting.text import plural
from campmeeting.tui.literal import literal

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"
MAX_COLUMNS = 4  # a meeting is at most this wide: a long bar says nothing more


class _Bars:
    """The rich renderable: each value gets the same number of columns (1 to
    MAX_COLUMNS), its height on the fixed scale low .. high; the newest at the right
    end of the bars, the oldest dropped when there are more values than columns."""

    def __init__(
        self,
        values: Sequence[float | None],
        low: float,
        high: float,
        width: int,
        colours: tuple[Color, Color, Color, Color],
        target: float | None,
        slots: int,
    ) -> None:
        self.values, self.low, self.high = values, low, high
        self.width, self.colours, self.target = width, colours, target
        self.slots = max(slots, len(values), 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        low, high, under, gap = self.colours
        under_style = Style.from_color(under.rich_color)
        gap_style = Style.from_color(gap.rich_color)
        values = self.values
        width = max(1, self.width)
        if not values:
            yield Segment(GAP * width, gap_style)
            return
        span = self.high - self.low
        shown = values[-width:] if len(values) > width else values
        # the same width for every value, and for every team's row beside it (`slots`)
        each = max(1, min(MAX_COLUMNS, width // self.slots))
        columns = [each] * len(shown)
        for value, cols in zip(shown, columns, strict=True):
            if value is None:
                yield Segment(GAP * cols, gap_style)
                continue
            share = 0.0 if span <= 0 else (min(max(value, self.low), self.high) - self.low) / span
            bar = BARS[round(share * (len(BARS) - 1))] * cols
            if self.target is not None and value < self.target:
                yield Segment(bar, under_style)
                continue
            yield Segment(bar, Style.from_color(low.blend(high, share).rich_color))
        rest = width - each * len(shown)
        if rest > 0:
            yield Segment(" " * rest)


class ScaledSparkline(Sparkline):
    """Textual's Sparkline on a fixed scale (see the module's docstring)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = Sparkline.COMPONENT_CLASSES | {
        "sparkline--under",
        "sparkline--gap",
    }

    def __init__(
        self,
        values: Sequence[float | None],
        low: float = 0.0,
        high: float | None = None,
        target: float | None = None,
        slots: int = 0,
        **kwargs: object,
    ) -> None:
        known = [v for v in values if v is not None]
        self.values = list(values)
        self.slots = slots
        self.low = low
        self.high = high if high is not None else max([*known, 1.0])
        self.target = target
        super().__init__([v for v in known], **kwargs)  # type: ignore[arg-type]

    def render(self) -> Rendered:
        _, base = self.background_colors

        def colour(name: str) -> Color:
            return base + self.get_component_styles(name).color

        colours = (
            colour("sparkline--min-color"),
            colour("sparkline--max-color"),
            colour("sparkline--under"),
            colour("sparkline--gap"),
        )
        return _Bars(
            self.values, self.low, self.high, self.size.width, colours, self.target, self.slots
        )


class TrendRow(Horizontal):
    """One metric: its name, its sparkline, its latest and window values."""

    def __init__(self, team: TeamInsights, row: Row, weeks: int, slots: int = 0) -> None:
        super().__init__(classes="trend-row")
        self.team, self.row, self.weeks, self.slots = team, row, weeks, slots

    def compose(self) -> ComposeResult:
        values = trend_values(self.team, self.row)
        target = COMPLETION_TARGET if self.row.name == "Completion" else None
        latest = self.row.shown(values[-1]) if values else "n/a"
        value = f"{latest} · {self.weeks}w {window_value(self.team, self.row)}"
        if target is not None:
            value += f" · target {target:.0%}"
        yield Label(self.row.name, classes="trend-name trend-long")
        yield Label(self.row.short, classes="trend-name trend-short")
        yield ScaledSparkline(
            values, high=self.row.high, target=target, slots=self.slots, classes="trend-spark"
        )
        yield Label(value, classes="trend-value", markup=False)


class TeamTrend(Vertical):
    """A team's trend: its name and numbers, then a row per metric. `slots`: the most
    meetings any team shown beside it has, so one meeting is as wide in every row."""

    def __init__(self, team: TeamInsights, weeks: int, slots: int = 0) -> None:
        super().__init__(classes="team-trend")
        self.team, self.weeks, self.slots = team, weeks, slots

    def compose(self) -> ComposeResult:
        team = self.team
        signals = plural(len(team.signals), "drift signal")
        yield Static(
            Content.assemble(
                literal(team.team, 40, style="bold"),
                f" · {plural(team.meetings, 'meeting')} · {signals}",
            ),
            classes="trend-team",
        )
        if not team.trend:
            yield Static("No meeting ended in the window.", classes="trend-none", markup=False)
        else:
            for row in TREND_ROWS:
                yield TrendRow(team, row, self.weeks, self.slots)
        yield Static(
            f"Decision velocity: {team.velocity.label}", classes="trend-velocity", markup=False
        )
