"""SteadyText: text set every second is repainted only where it changed."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from campmeeting.tui.widgets.steady_text import SteadyText
from tests.tui_support import drawn_cells, settle, wait_until


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


class Twins(App[None]):
    """A SteadyText and a plain Static shown the same text, aligned left and centred."""

    CSS = """
    .centred { text-align: center; }
    SteadyText, Static { width: 30; height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield SteadyText("", id="steady")
        yield Static("", id="plain")
        yield SteadyText("", id="steady-centred", classes="centred")
        yield Static("", id="plain-centred", classes="centred")


async def test_a_line_drawn_alone_is_drawn_as_a_static_draws_it() -> None:
    """Lines redrawn one at a time (the others kept) end up exactly as a Static draws
    the whole text, left-aligned or centred (centred: drawn as a Static)."""
    texts = [
        Content.assemble(("▶ 1. Check-in", "bold reverse"), "\n     ", ("00:01", ""), " / 05:00"),
        Content.assemble(("▶ 1. Check-in", "bold reverse"), "\n     ", ("00:02", ""), " / 05:00"),
        Content.assemble(("▶ 1. Check-in", "bold reverse"), "\n     ", ("05:01", "bold red")),
    ]
    async with Twins().run_test(size=(40, 14)) as pilot:
        app = pilot.app
        for text in texts:
            for name in ("", "-centred"):
                app.query_one(f"#steady{name}", SteadyText).set_text(text)
                app.query_one(f"#plain{name}", Static).update(text)
            await settle(pilot)
            for name in ("", "-centred"):
                steady, plain = app.query_one(f"#steady{name}"), app.query_one(f"#plain{name}")
                assert drawn_cells(steady) == drawn_cells(plain), (name, text.plain)
        assert "05:01" in "".join(
            cell[0] for row in drawn_cells(app.query_one("#steady")) for cell in row
        )


async def test_a_line_drawn_alone_has_the_segments_a_static_draws() -> None:
    """Drawn alone without Textual's wrapping, a line has a Static's segments: the same
    text, styles (theme variables read) and offsets (for selecting text)."""
    texts = [
        Content("Meeting 0:00:16/1:00:00\nPlanned end 17:31\nProjected 17:31"),
        Content.assemble(("▶ 1. Check-in", "bold reverse"), "\n     ", ("00:02", ""), " / 05:00"),
        Content.assemble(
            ("✓ 1. Check-in", "$text-muted"),
            "\n     ",
            ("05:01", "bold $text-error"),
            (" / 05:00", "$text-muted"),
        ),
    ]
    async with Twins().run_test(size=(40, 14)) as pilot:
        app = pilot.app
        steady, plain = app.query_one("#steady", SteadyText), app.query_one("#plain", Static)
        for text in texts:
            steady.set_text(text)
            plain.update(text)
            await settle(pilot)
            region = steady.size.region
            assert [list(s) for s in steady.render_lines(region)] == [
                list(s) for s in plain.render_lines(region)
            ], text.plain
