"""Review reads a page of meetings at a time: the first page at once, the next ones as
the cursor nears the end, each read from the meeting order index."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from campmeeting import history
from campmeeting.demo.scale import build_scale
from campmeeting.store import Store
from campmeeting.tui.app import REVIEW_MODE, CampApp
from campmeeting.tui.screens.review import PAGE, ReviewScreen
from tests.tui_support import wait_for_screen, wait_until

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "pages.db"
    build_scale(path, 3, 45, seed=4, today=TODAY)  # about 130 meetings
    return path


@pytest.fixture
def reader(built: Path):
    store = Store.open_readonly(built)
    yield store
    store.close()


def ids(summaries: list[history.MeetingSummary]) -> list[int]:
    return [s.meeting_id for s in summaries]


def test_pages_follow_each_other_as_one_read_would(reader: Store) -> None:
    every = history.meeting_summaries(reader, limit=500)
    assert len(every) > PAGE
    first = history.meeting_summaries(reader, limit=PAGE)
    rest = history.meeting_summaries(reader, limit=500, before=first[-1])
    assert ids(first + rest) == ids(every)
    team = reader.teams()[1].id
    mine = history.meeting_summaries(reader, team, limit=500)
    head = history.meeting_summaries(reader, team, limit=10)
    tail = history.meeting_summaries(reader, team, limit=500, before=head[-1])
    assert ids(head + tail) == ids(mine) and {s.team_id for s in tail} == {team}


async def test_review_shows_a_page_and_reads_more_near_the_end(reader: Store) -> None:
    total = len(history.meeting_summaries(reader, limit=500))
    app = CampApp(reader, tick_seconds=None, mode=REVIEW_MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, ReviewScreen)
        await wait_until(pilot, lambda: len(screen.summaries) == PAGE, "the first page")
        assert screen.more
        table = screen.query_one("#review-meetings")
        table.move_cursor(row=PAGE - 1)
        await wait_until(pilot, lambda: len(screen.summaries) == total, "the next page")
        assert not screen.more
        assert ids(screen.summaries) == ids(history.meeting_summaries(reader, limit=500))
        assert table.row_count == total
