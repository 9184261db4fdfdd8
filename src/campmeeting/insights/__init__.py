"""Every metric of DOMAIN.md and the drift signals: the only home of times carried, age,
completion, velocity, time discipline and rating, and of the insights built on them.

    metrics.py   the metrics of one meeting, item or person (completion_rate,
                 carried_counts, lineage, decision_velocity, time_discipline ...)
    model.py     the insights as one Pydantic model (Insights and its parts)
    trends.py    a team's trend over a window: one point per ended meeting
    drift.py     the drift signals, each with the items behind it
    overview.py  build_insights (a team, every team), meeting_against_trend, team_velocity
    text.py      the insights as text for a terminal

Callers use the package: `from campmeeting import insights; insights.completion_rate(...)`.
"""

from __future__ import annotations

from campmeeting.insights.metrics import (
    COMPLETION_TARGET,
    PERSON_WINDOW_WEEKS,
    Raised,
    Rate,
    Resolution,
    SectionTiming,
    TimeDiscipline,
    Velocity,
    age_days,
    blocker_age_weeks,
    carried_counts,
    completion_rate,
    completion_rates,
    decision_velocity,
    lineage,
    meeting_rating,
    meeting_ratings,
    open_review_counts,
    person_completion_rate,
    pooled,
    rating_label,
    rescope_counts,
    resolutions,
    review_pending,
    team_person_rates,
    time_discipline,
    time_disciplines,
    times_carried,
)

__all__ = [
    "COMPLETION_TARGET",
    "PERSON_WINDOW_WEEKS",
    "Raised",
    "Rate",
    "Resolution",
    "SectionTiming",
    "TimeDiscipline",
    "Velocity",
    "age_days",
    "blocker_age_weeks",
    "carried_counts",
    "completion_rate",
    "completion_rates",
    "decision_velocity",
    "lineage",
    "meeting_rating",
    "meeting_ratings",
    "open_review_counts",
    "person_completion_rate",
    "pooled",
    "rating_label",
    "rescope_counts",
    "resolutions",
    "review_pending",
    "team_person_rates",
    "time_discipline",
    "time_disciplines",
    "times_carried",
]
