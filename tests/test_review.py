"""`campmeeting review`: Pilot flows over a seeded database opened read-only.

The history comes from test_history.seed(): Core meets three Tuesdays (24 Nov, 1 and
8 Dec 2026), Ops once (2 Dec) with a blocker full of markup, HTML and an escape sequence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Markdown, OptionList, Static

from campmeeting import history
from campmeeting.clock import FakeTime
from campmeeting.meeting import create_team
from campmeeting.minutes import build_minutes, minutes_filename
from campmeeting.store import Store, StoreError
from campmeeting.tui.app import CampApp
from campmeeting.tui.commands import screen_commands
from campmeeting.tui.dialogs.choice import ChoiceScreen
from campmeeting.tui.literal import visible
from campmeeting.tui.screens.home import HomeScreen
from campmeeting.tui.screens.item_history import ItemHistoryScreen
from campmeeting.tui.screens.minutes_view import MinutesScreen
from campmeeting.tui.screens.person import PersonScreen
from campmeeting.tui.screens.review import ReviewScreen
from campmeeting.tui.screens.search import SearchScreen
from campmeeting.tui.widgets.item_refs import ItemRefList
from tests.test_history import HOSTILE, Seeded, capture, goto, seed_file, start
from tests.tui_support import settle, wait_for_screen, wait_until

SIZE = (120, 40)
HOSTILE_TEAM = "[b]Evil[/] \x1b[2J<i>"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "camp.db"


@pytest.fixture
def seeded(db_path: Path, source: FakeTime) -> Seeded:
    return seed_file(db_path, source)


@pytest.fixture
def reader(db_path: Path, seeded: Seeded) -> Iterator[Store]:
    store = Store.open_readonly(db_path)
    yield store
    store.close()


def review_app(store: Store, source: FakeTime, team=None) -> CampApp:
    return CampApp(store, source=source, tick_seconds=None, team=team, mode="review")


def dump(path: Path) -> list[str]:
    """Every row of the database, through a connection of its own (read-only)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


async def searched(pilot: Pilot, text: str) -> SearchScreen:
    """Wait until the search screen shows the results for `text`."""
    screen = await wait_for_screen(pilot, SearchScreen)
    await wait_until(pilot, lambda: screen.searched == text, f"the results for {text!r}")
    return screen


def meeting_keys(screen) -> list[int]:
    table = screen.query_one("#review-meetings", DataTable)
    return [int(row.key.value) for row in table.ordered_rows]


def row_text(screen, table_id: str, row: int) -> list[str]:
    table = screen.query_one(table_id, DataTable)
    return [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(row)]


def plain(widget: Static) -> str:
    content = widget.content
    return str(getattr(content, "plain", content))


# --------------------------------------------------------------------------- browsing


async def test_meetings_newest_first_with_their_numbers(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, ReviewScreen)
        assert meeting_keys(screen) == [seeded.m3, seeded.ops_meeting, seeded.m2, seeded.m1]
        week1 = row_text(screen, "#review-meetings", 3)
        assert week1 == ["Tue 24 Nov 2026", "Core", "48/60 min", "7.0/10", "n/a", "1", "2", "2"]
        week2 = row_text(screen, "#review-meetings", 2)
        assert week2[4] == "50% 1/2" and week2[7] == "1"
        # one team: the teams list filters the meetings
        teams = screen.query_one("#review-teams", OptionList)
        teams.focus()
        await pilot.press("j")
        await wait_until(pilot, lambda: teams.highlighted_option.id == str(seeded.core))
        assert teams.highlighted_option.id == str(seeded.core)
        assert meeting_keys(screen) == [seeded.m3, seeded.m2, seeded.m1]
        await pilot.press("j")
        await wait_until(pilot, lambda: meeting_keys(screen) == [seeded.ops_meeting])
        assert meeting_keys(screen) == [seeded.ops_meeting]


async def test_starts_at_the_given_team(reader: Store, source: FakeTime, seeded: Seeded) -> None:
    team = reader.team(seeded.ops)
    async with review_app(reader, source, team).run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: meeting_keys(pilot.app.screen) == [seeded.ops_meeting])
        assert meeting_keys(pilot.app.screen) == [seeded.ops_meeting]


async def test_enter_opens_the_minutes_rendered(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "k", "j")  # down to week 1
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, MinutesScreen)
        assert screen.meeting_id == seeded.m1
        markdown = screen.query_one("#minutes-md", Markdown)
        assert "Legal review blocks the beta launch" in markdown.source
        headings = [str(h.content) for h in markdown.query("MarkdownH2")]
        assert "Decisions" in headings and "New commitments" in headings
        items = screen.query_one("#minutes-items", ItemRefList)
        assert items.option_count == 5
        assert not markdown.query(".-found")  # opened from the list: no item singled out
        await pilot.press("escape")
        await wait_for_screen(pilot, ReviewScreen)


async def test_search_finds_an_item_and_opens_its_meeting_at_it(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        screen = await wait_for_screen(pilot, SearchScreen)
        await pilot.press(*"legal review")
        await wait_until(pilot, lambda: [h.item.id for h in screen.hits] == [seeded.legal])
        assert [h.item.id for h in screen.hits] == [seeded.legal]
        assert "1 found" in plain(screen.query_one("#search-status", Static))
        await pilot.press("down", "enter")
        minutes = await wait_for_screen(pilot, MinutesScreen)
        assert (minutes.meeting_id, minutes.item_id) == (seeded.m1, seeded.legal)
        assert minutes.query_one("#minutes-items", ItemRefList).highlighted_item_id == seeded.legal
        await wait_until(pilot, lambda: minutes.query("#minutes-md .-found"), "the item found")
        found = list(minutes.query("#minutes-md .-found"))
        assert len(found) == 1
        assert "Legal review blocks the beta launch" in str(found[0].content)
        assert minutes.query_one("#minutes-scroll").scroll_y > 0  # scrolled down to it
        await pilot.press("escape")
        await wait_for_screen(pilot, SearchScreen)


async def test_search_takes_any_text(reader: Store, source: FakeTime, seeded: Seeded) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        screen = await wait_for_screen(pilot, SearchScreen)
        field = screen.query_one("#search-input", Input)
        for text in ['"NOT (', "text:x*", "^", "AND"]:
            field.value = text
            await searched(pilot, text)
            assert screen.hits == []
            assert "Nothing found" in plain(screen.query_one("#search-status", Static))
        field.value = "leg"  # the start of a word finds as one types
        await searched(pilot, "leg")
        assert {h.item.id for h in screen.hits} == {seeded.legal, seeded.decision}


async def test_person_view_shows_outcomes_and_rate(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await wait_for_screen(pilot, ChoiceScreen)
        await pilot.press("j", "enter")  # ana, bo, cy, dee: bo
        person = await wait_for_screen(pilot, PersonScreen)
        assert person.person_id == seeded.bo
        rates = plain(person.query_one("#person-rates", Static))
        assert "13 weeks to Tue 8 Dec 2026: 0% (0 of 2 done)" in rates
        assert "target 90%" in rates
        row = row_text(person, "#person-commitments", 0)
        assert row[1:5] == ["Core", "Write the FAQ", "Sat 5 Dec 2026", "abandoned"]
        assert row[5] == "Tue 1 Dec 2026 re-scoped · Tue 8 Dec 2026 abandoned"
        assert row[6] == "1"
        await pilot.press("enter")  # the commitment's history
        await wait_for_screen(pilot, ItemHistoryScreen)
        assert pilot.app.screen.item_id == seeded.k_bo
        await pilot.press("p")  # its owner, directly
        await wait_for_screen(pilot, PersonScreen)
        await pilot.press("escape", "escape", "escape")
        await wait_for_screen(pilot, ReviewScreen)


async def test_person_rate_of_someone_who_delivered(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(PersonScreen(reader, seeded.ana))
        await settle(pilot)
        rates = plain(pilot.app.screen.query_one("#person-rates", Static))
        assert "100% (1 of 1 done)" in rates


async def test_item_history_lists_events_and_opens_their_meeting(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"legal review")
        await searched(pilot, "legal review")
        await pilot.press("down", "h")
        screen = await wait_for_screen(pilot, ItemHistoryScreen)
        events = [row_text(screen, "#history-events", n) for n in range(4)]
        assert [e[3] for e in events] == ["raised", "decided", "carried", "resolved"]
        assert [e[1] for e in events] == [
            "Tue 24 Nov 2026",
            "Tue 24 Nov 2026",
            "Tue 1 Dec 2026",
            "Tue 1 Dec 2026",
        ]
        assert events[0][0] == "Tue 24 Nov 2026 09:15"  # local time (Berlin)
        assert "Ship the beta without the legal sign-off" in events[1][4]
        title = plain(screen.query_one("#history-title", Static))
        assert "Blocker #" in title and "now: resolved" in title
        await pilot.press("j", "j", "enter")  # carried: week 2's minutes, at the blocker
        minutes = await wait_for_screen(pilot, MinutesScreen)
        assert (minutes.meeting_id, minutes.item_id) == (seeded.m2, seeded.legal)
        assert minutes.query("#minutes-md .-found")


async def test_history_of_an_item_of_the_selected_meeting(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")  # week 3 is selected: pick one of its items
        await wait_for_screen(pilot, ChoiceScreen)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, ItemHistoryScreen)
        assert screen.item_id == history.meeting_items(reader, seeded.m3)[0].id


async def test_minutes_item_list_keys(reader: Store, source: FakeTime, seeded: Seeded) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(MinutesScreen(reader, seeded.m1))
        await settle(pilot)
        screen = pilot.app.screen
        items = screen.query_one("#minutes-items", ItemRefList)
        await pilot.press("j")  # the second item: a commitment of ana
        await wait_until(pilot, lambda: items.highlighted_item_id == seeded.k_ana)
        assert items.highlighted_item_id == seeded.k_ana
        assert "Ship the beta to the pilots" in str(screen.query_one(".-found").content)
        await pilot.press("p")  # its owner
        await wait_for_screen(pilot, PersonScreen)
        assert pilot.app.screen.person_id == seeded.ana
        await pilot.press("escape", "h")
        await wait_for_screen(pilot, ItemHistoryScreen)
        assert pilot.app.screen.item_id == seeded.k_ana


async def test_command_palette_runs_the_screens_commands(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = pilot.app.screen
        names = [command.name for command in screen_commands(review)]
        assert "Show team: Ops" in names and "Export the selected meeting's minutes" in names
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"search all teams")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for_screen(pilot, SearchScreen)
        await pilot.press("escape")
        await settle(pilot)
        show_ops = {command.name: command.callback for command in screen_commands(review)}
        show_ops["Show team: Ops"]()
        await wait_until(pilot, lambda: meeting_keys(review) == [seeded.ops_meeting])
        assert meeting_keys(review) == [seeded.ops_meeting]


# --------------------------------------------------------------------------- refresh, read-only


async def test_refresh_shows_a_meeting_added_by_another_connection(
    db_path: Path, reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    writer = Store.open(db_path)
    try:
        async with review_app(reader, source).run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = pilot.app.screen
            assert len(meeting_keys(screen)) == 4
            source.advance(days=7)
            live = start(writer, source, seeded.core)
            goto(live, "blockers")
            capture(live, "Printer queue is jammed again")
            assert len(meeting_keys(screen)) == 4  # nothing moves by itself
            # the writer is in the middle of a transaction: reading goes on, no lock error
            writer.db.execute("BEGIN IMMEDIATE")
            writer.db.execute("UPDATE teams SET agenda = 'level10' WHERE id = ?", [seeded.core])
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: meeting_keys(screen)[0] == live.meeting_id)
            assert meeting_keys(screen)[0] == live.meeting_id
            assert len(meeting_keys(screen)) == 5
            assert row_text(screen, "#review-meetings", 0)[0] == "Tue 15 Dec 2026 ● live"
            assert reader.team(seeded.core).agenda == "camp"  # uncommitted: not seen
            writer.db.execute("ROLLBACK")
            await pilot.press("slash", *"printer")
            await wait_until(pilot, lambda: len(pilot.app.screen.hits) == 1)
            assert len(pilot.app.screen.hits) == 1
            await pilot.press("escape")
            # f5 refreshes too
            source.advance(days=1)
            start(writer, source, seeded.ops)
            await pilot.press("f5")
            await wait_until(pilot, lambda: len(meeting_keys(screen)) == 6)
            assert len(meeting_keys(screen)) == 6
    finally:
        writer.close()


async def test_a_ticking_app_notices_commits_from_elsewhere(
    db_path: Path, reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    writer = Store.open(db_path)
    try:
        async with review_app(reader, source).run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = pilot.app.screen
            screen.poll()
            assert len(meeting_keys(screen)) == 4
            source.advance(days=7)
            start(writer, source, seeded.core)
            screen.poll()  # what the interval timer calls
            await wait_until(pilot, lambda: len(meeting_keys(screen)) == 5)
            assert len(meeting_keys(screen)) == 5
    finally:
        writer.close()


async def test_review_cannot_write(
    db_path: Path, reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    before = dump(db_path)
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.store.readonly
        with pytest.raises(StoreError, match="read-only"):
            with screen.store.transaction():
                screen.store.insert("teams", {"name": "x", "created_at": "2026"})
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            screen.store.db.execute("DELETE FROM items")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            screen.store.db.execute("PRAGMA query_only = OFF")
            screen.store.db.execute("UPDATE items SET text = 'changed'")
        # browse everything once more: still nothing written
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h", "escape", "escape", "slash", *"legal")
        await searched(pilot, "legal")
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, MinutesScreen)
    assert dump(db_path) == before


async def test_review_from_home_reads_through_its_own_read_only_connection(
    db_path: Path, source: FakeTime, seeded: Seeded
) -> None:
    writable = Store.open(db_path)
    try:
        app = CampApp(writable, source=source, tick_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("r")
            await settle(pilot)
            review = app.screen
            assert isinstance(review, ReviewScreen)
            assert review.store is not writable and review.store.readonly
            assert meeting_keys(review) == [seeded.m3, seeded.m2, seeded.m1]  # Core selected
            with pytest.raises(StoreError):
                with review.store.transaction():
                    pass
            own = review.store
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            with pytest.raises(sqlite3.ProgrammingError):  # closed with the screen
                own.db.execute("select 1")
    finally:
        writable.close()


async def test_escape_on_the_review_of_campmeeting_review_quits(
    reader: Store, source: FakeTime, seeded: Seeded
) -> None:
    app = review_app(reader, source)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.is_running


# --------------------------------------------------------------------------- export


async def test_export_from_review_writes_the_chosen_format(
    reader: Store,
    source: FakeTime,
    seeded: Seeded,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    async with review_app(reader, source).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, ChoiceScreen)
        await pilot.press("enter")  # Markdown
        await settle(pilot)
        md = out / minutes_filename(reader, seeded.m3, "md")
        assert md.exists() and "Fix the CI cache" in md.read_text(encoding="utf-8")
        status = plain(pilot.app.screen.query_one("#review-status", Static))
        assert status == f"Minutes written to {md}"
        pilot.app.push_screen(MinutesScreen(reader, seeded.m1))
        await settle(pilot)
        await pilot.press("e", "j", "enter")  # HTML, from the minutes
        await settle(pilot)
        html = out / minutes_filename(reader, seeded.m1, "html")
        assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert f"Minutes written to {html}" in plain(pilot.app.screen.query_one("#minutes-status"))


# --------------------------------------------------------------------------- hostile text


async def test_hostile_text_shows_literally(
    db_path: Path, source: FakeTime, seeded: Seeded
) -> None:
    writer = Store.open(db_path)
    team = create_team(writer, source, "Evil")
    with writer.transaction():  # as an older campmeeting let it in: names are refused now
        writer.update("teams", team.id, {"name": HOSTILE_TEAM})
    writer.close()
    reader = Store.open_readonly(db_path)
    shown = visible(HOSTILE)
    try:
        async with review_app(reader, source).run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = pilot.app.screen
            teams = screen.query_one("#review-teams", OptionList)
            labels = [str(teams.get_option_at_index(n).prompt) for n in range(teams.option_count)]
            assert f"{visible(HOSTILE_TEAM)}\n0 meetings" in labels
            names = [command.name for command in screen_commands(screen)]
            assert f"Show team: {HOSTILE_TEAM}" in names
            await pilot.press("slash", *"script alert")
            await settle(pilot)
            search = pilot.app.screen
            results = search.query_one("#search-results", ItemRefList)
            line = str(results.get_option_at_index(0).prompt)
            assert shown in line and "\x1b" not in line
            await pilot.press("down", "enter")
            minutes = await wait_for_screen(pilot, MinutesScreen)
            found = str(minutes.query_one("#minutes-md .-found").content)
            assert "[bold]x[/] [link=http://a]y[/link] <script>alert(1)</script>" in found
            assert "\u241b[31mred 🚀" in found
            await pilot.press("h")
            await settle(pilot)
            text = plain(pilot.app.screen.query_one("#history-text", Static))
            assert text == shown
    finally:
        reader.close()


# --------------------------------------------------------------------------- consistency


def test_open_blockers_agree_with_the_minutes(reader: Store, seeded: Seeded) -> None:
    for summary in history.meeting_summaries(reader):
        minutes = build_minutes(reader, summary.meeting_id)
        assert summary.open_blockers == minutes.blocker_counts.carried, summary
        assert summary.decisions == len(minutes.decisions)
        assert summary.new_commitments == len(minutes.commitments)


@pytest.mark.parametrize(
    "screen_class",
    [ReviewScreen, MinutesScreen, SearchScreen, PersonScreen, ItemHistoryScreen, ItemRefList],
)
def test_every_binding_has_an_id(screen_class) -> None:
    bindings = [b for b in screen_class.BINDINGS if isinstance(b, Binding)]
    assert bindings and all(b.id for b in bindings)
    assert len({b.id for b in bindings}) == len(bindings)


def test_required_keys(reader: Store) -> None:
    keys = {b.key: b.action for b in ReviewScreen.BINDINGS if isinstance(b, Binding)}
    assert keys["slash"] == "search" and keys["p"] == "person" and keys["h"] == "history"
    assert keys["e"] == "export" and keys["ctrl+r,f5"] == "refresh"
    assert keys["escape"] == "back" and keys["j"] == "cursor(1)" and keys["k"] == "cursor(-1)"
