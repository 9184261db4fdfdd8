"""The scorecard (DOMAIN.md, Measurable): a team's weekly numbers, each with an owner, a
unit and a goal, one value per ISO week, read against the goal over the last 13 weeks.

    values.py       what people type for a value (12,500  12.5k  1.2M  95%  -$3) and back
    goal.py         goals (>= X, <= X, = X, X..Y): read, normalised, evaluated, described
    weeks.py        ISO weeks ('2026-W53'): a meeting's week, the weeks before it
    measurables.py  the store: add, record a week's value, archive; an event for each
    line.py         the line typed with `a` in the scorecard section
    view.py         the scorecard of a team and week (the live section, CLI, minutes)
    history.py      a measurable's history: every week, value, on/off, who recorded it

A core package: no textual. The live meeting's part (entering values, dropping an
off-track number down to the blockers) is `meeting/scorecard.py`.
"""

from __future__ import annotations

from campmeeting.scorecard.goal import Goal, GoalOp, parse_goal
from campmeeting.scorecard.history import (
    HistoryChange,
    HistoryWeek,
    MeasurableHistory,
    measurable_history,
    recorded_when,
)
from campmeeting.scorecard.line import MEASURABLE_HINT, MeasurableLine, read_measurable_line
from campmeeting.scorecard.measurables import (
    Recorded,
    ScorecardError,
    add_measurable,
    archive_measurable,
    check_title,
    check_unit,
    find_measurable,
    get_measurable,
    measurable_titles,
    measurables,
    note_drop_down,
    open_drop_downs,
    record_value,
)
from campmeeting.scorecard.values import BadValue, format_number, format_value, parse_value
from campmeeting.scorecard.view import (
    HISTORY_WEEKS,
    Scorecard,
    ScorecardRow,
    WeekValue,
    build_scorecard,
    goal_of,
    read_values,
    spark_bars,
    week_value,
)
from campmeeting.scorecard.weeks import (
    iso_week,
    parse_week,
    short_week,
    week_label,
    week_of_stamp,
    week_start,
    weeks_before,
)

__all__ = [
    "HISTORY_WEEKS",
    "MEASURABLE_HINT",
    "BadValue",
    "Goal",
    "GoalOp",
    "HistoryChange",
    "HistoryWeek",
    "MeasurableHistory",
    "MeasurableLine",
    "Recorded",
    "Scorecard",
    "ScorecardError",
    "ScorecardRow",
    "WeekValue",
    "add_measurable",
    "archive_measurable",
    "build_scorecard",
    "check_title",
    "check_unit",
    "find_measurable",
    "format_number",
    "format_value",
    "get_measurable",
    "goal_of",
    "iso_week",
    "measurable_history",
    "measurable_titles",
    "measurables",
    "note_drop_down",
    "open_drop_downs",
    "parse_goal",
    "parse_value",
    "parse_week",
    "read_measurable_line",
    "read_values",
    "record_value",
    "recorded_when",
    "short_week",
    "spark_bars",
    "week_label",
    "week_of_stamp",
    "week_start",
    "week_value",
    "weeks_before",
]
