"""SteadyText: text set every second is repainted only where it changed."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widget import Widget

from campmeeting.tui.widgets.steady_text import SteadyText
from tests.tui_support import settle, wait_until


class Steady(App[None]):
    def compose(self) -> ComposeResult:
        yield SteadyText("", id="steady")


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple, bool]]:
    """Every refresh a SteadyText asks for: (its regions, whether with a layout)."""
    seen: list[tuple[tuple, bool]] = []
    original = Widget.refresh

    def spy(self, *regions, **options):
        if isinstance(self, SteadyText):
            seen.append((regions, bool(options.get("layout"))))
        return original(self, *regions, **options)

    monkeypatch.setattr(Widget, "refresh", spy)
    return seen


async def test_only_what_changed_is_repainted(refreshes) -> None:
    async with Steady().run_test(size=(40, 10)) as pilot:
        steady = pilot.app.query_one("#steady", SteadyText)
        steady.set_text("Meeting 00:01 of 60:00\nEnds 10:00")
        await wait_until(pilot, lambda: steady.size.height == 2, "the two lines laid out")
        refreshes.clear()
        steady.set_text("Meeting 00:01 of 60:00\nEnds 10:00")  # the same: nothing
        assert refreshes == []
        steady.set_text("Meeting 00:02 of 60:00\nEnds 10:00")  # one line, same shape
        assert len(refreshes) == 1
        regions, layout = refreshes[0]
        assert not layout and [r.y for r in regions] == [0] and regions[0].height == 1
        await settle(pilot)
        assert "00:02" in str(steady.render())
        refreshes.clear()
        steady.set_text("Meeting 00:02 of 60:00\nEnds 10:00 (+1 min)")  # longer: a layout
        assert refreshes and refreshes[-1][1] is True
        await settle(pilot)
        assert "(+1 min)" in str(steady.render())


async def test_a_style_change_alone_repaints_its_line(refreshes) -> None:
    async with Steady().run_test(size=(40, 10)) as pilot:
        steady = pilot.app.query_one("#steady", SteadyText)
        steady.set_text(Content.assemble(("one", ""), "\n", ("two", "")))
        await wait_until(pilot, lambda: steady.size.height == 2, "the two lines laid out")
        refreshes.clear()
        steady.set_text(Content.assemble(("one", ""), "\n", ("two", "bold")))
        assert len(refreshes) == 1
        regions, layout = refreshes[0]
        assert not layout and [r.y for r in regions] == [1]


async def test_a_line_wider_than_the_widget_repaints_it_all(refreshes) -> None:
    async with Steady().run_test(size=(12, 10)) as pilot:
        steady = pilot.app.query_one("#steady", SteadyText)
        steady.set_text("a line much wider than twelve\nb")
        await wait_until(pilot, lambda: steady.size.height > 2, "the wrapped lines laid out")
        refreshes.clear()
        steady.set_text("a line much wider than twelve\nc")  # wrapped: rows are not lines
        assert refreshes == [((), False)]
