"""Screenshots of the scorecard section (at 80x24 and 120x40, dark and light) and of a
measurable's history; reviewed by eye before acceptance (see test_snapshots.py)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from campmeeting import scorecard
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.store import Store
from campmeeting.tui.messages import OpenMeasurable
from tests.tui_support import make_app, seed_team, still

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
THEMES = [pytest.param("textual-dark", id="dark"), pytest.param("textual-light", id="light")]
THIS_WEEK = datetime(2026, 11, 24, 9, 0)


def scorecard_meeting(source: FakeTime) -> tuple[Store, list[int]]:
    """Five measurables with 13 weeks of values, this week's half entered, one dropped
    down to the blockers; a level10 meeting live at its scorecard."""
    store = Store.memory()
    source.set(THIS_WEEK - timedelta(weeks=14))
    team = seed_team(store, source)
    specs = [
        ("Revenue", ">= 100k", "@ana", "$"),
        ("Churn", "<= 2%", "@bo", None),
        ("New customers", ">= 5", "@cy", None),
        ("Defects escaped", "= 0", None, None),
        ("NPS [bold]x[/] | <b>", "40..60", "@ana", None),
    ]
    found = [scorecard.add_measurable(store, source, team, *spec) for spec in specs]
    rng = random.Random(4)
    bo = store.person_by_handle("bo")
    for n in range(13, 0, -1):
        source.set(THIS_WEEK - timedelta(weeks=n, hours=15))  # the evening before
        week = scorecard.iso_week((THIS_WEEK - timedelta(weeks=n)).date())
        picks = [
            rng.randint(85, 125) * 1000,
            round(rng.uniform(0.5, 3.2), 1),
            rng.randint(2, 9),
            rng.choice([0, 0, 0, 1]),
            rng.randint(36, 66),
        ]
        for measurable, value in zip(found, picks, strict=True):
            if n % 5 != 4 or measurable is not found[2]:  # a missing week now and then
                by = bo.id if measurable is found[1] else None
                scorecard.record_value(store, source, measurable, value, week, by)
    source.set(THIS_WEEK)
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("level10")), "level10")
    live.go_to(1)
    live.record_measurable(found[0].id, "92,000")
    live.record_measurable(found[1].id, "1.5%")
    live.drop_measurable(found[0].id)
    return store, [m.id for m in found]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_scorecard_section(snap_compare, size, theme, source: FakeTime) -> None:
    store, ids = scorecard_meeting(source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))

    async def themed(pilot) -> None:
        pilot.app.theme = theme
        await still(pilot)
        await still(pilot)  # on New customers: the first row without a value

    assert snap_compare(app, terminal_size=size, run_before=themed)


@pytest.mark.parametrize("size", SIZES)
def test_scorecard_typing_a_value(snap_compare, size, source: FakeTime) -> None:
    store, _ids = scorecard_meeting(source)
    app = make_app(store, source, team=store.team_by_name("Leadership"))

    async def typing(pilot) -> None:
        await still(pilot)
        await pilot.press("7")  # New customers
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=typing)


@pytest.mark.parametrize("size", SIZES)
def test_measurable_history(snap_compare, size, source: FakeTime) -> None:
    store, ids = scorecard_meeting(source)
    app = make_app(store, source, mode="review")

    async def history(pilot) -> None:
        pilot.app.post_message(OpenMeasurable(ids[0]))
        await still(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=history)
