"""Insights: per team its trend (sparklines beside the latest value and the window's),
the drift signals with the items behind them, and the team of teams.

Three tabs (1, 2, 3): Trends, Drift signals, Team of teams. Enter on a signal lists its
items; Enter on an item opens its history (a meeting's minutes for an honesty gap or an
overrun); Enter on a team shows that team's trends; `t` picks a team or every team, `w`
the window. The numbers come from `insights.build_insights`, read in a worker on a
read-only connection (reads never wait for a live meeting in another terminal).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from campmeeting.clock import local_today
from campmeeting.insights import DEFAULT_WEEKS, DriftSignal, Insights, build_insights, rating_label
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.text import plural, short_date
from campmeeting.tui.commands import PaletteCommand
from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen
from campmeeting.tui.literal import cell, literal
from campmeeting.tui.messages import OpenItem, OpenMeasurable, OpenMinutes
from campmeeting.tui.widgets.trends import TeamTrend

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp

WINDOWS = (13, 26, 52, 4)  # `w` goes round these
EVERY_TEAM = 0  # the team choice that means every team
TEAM_CELL = 16
TEXT_CELL = 28


class InsightsScreen(Screen[None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [
        Binding(
            "t",
            "choose_team",
            "Team",
            tooltip="Insights of one team, or of every team",
            id="insights.team",
        ),
        Binding(
            "w",
            "weeks",
            "Weeks",
            tooltip="The window: 13, 26, 52 or 4 weeks ending today",
            id="insights.weeks",
        ),
        Binding(
            "1",
            "show_tab('trends')",
            "Trends",
            show=False,
            tooltip="Show the trends",
            id="insights.trends",
        ),
        Binding(
            "2",
            "show_tab('drift')",
            "Drift",
            show=False,
            tooltip="Show the drift signals",
            id="insights.drift",
        ),
        Binding(
            "3",
            "show_tab('teams')",
            "Teams",
            show=False,
            tooltip="Show the team of teams",
            id="insights.teams",
        ),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="insights.refresh"),
        Binding("escape", "back", "Back", id="insights.back"),
    ]

    def __init__(self, store: Store, team: Team | None = None, weeks: int = DEFAULT_WEEKS) -> None:
        super().__init__()
        from campmeeting.tui.screens.review import reader_for

        self.store, self._owns_store = reader_for(store)
        self.team_id: int | None = team.id if team else None
        self.weeks = weeks
        self.insights: Insights | None = None
        self.signals: list[DriftSignal] = []

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Insights", id="insights-title", markup=False)
        with TabbedContent(id="insights-tabs", initial="trends"):
            with TabPane("Trends", id="trends"):
                yield VerticalScroll(id="trends-scroll")
            with TabPane("Drift signals", id="drift"), Container(id="drift-body"):
                yield OptionList(id="signals")
                yield OptionList(id="signal-items")
            with TabPane("Team of teams", id="teams"), VerticalScroll(id="teams-scroll"):
                yield DataTable(id="team-table", cursor_type="row", zebra_stripes=True)
                yield Static("Open hand-offs", id="handoffs-label", classes="insights-label")
                yield DataTable(id="handoffs", cursor_type="row")
                yield Static(
                    "Messages not acknowledged", id="messages-label", classes="insights-label"
                )
                yield DataTable(id="messages", cursor_type="row")
        yield Static("Reading…", id="insights-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#team-table", DataTable).add_columns(
            "Team", "Last meeting", "Done", "Rating", "Blockers", "Oldest", "Signals"
        )
        self.query_one("#handoffs", DataTable).add_columns("From", "To", "Blocker", "Age", "Handed")
        self.query_one("#messages", DataTable).add_columns("From", "To", "Message", "Sent", "Read")
        self.reload()

    def on_unmount(self) -> None:
        if self._owns_store:
            self.store.close()

    # -- reading -----------------------------------------------------------------------

    def reload(self) -> None:
        self.query_one("#insights-status", Static).update("Reading…")
        self.read_worker(local_today(self.app.source), self.weeks, self.team_id)

    @work(thread=True, exclusive=True, group="insights")
    def read_worker(self, today: object, weeks: int, team_id: int | None) -> None:
        found = build_insights(self.store, today, weeks, team_id)  # type: ignore[arg-type]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, found)

    def show(self, found: Insights) -> None:
        self.insights = found
        window = found.window
        scope = found.team or "every team"
        self.query_one("#insights-title", Static).update(
            Content.assemble(
                "Insights · ",
                literal(scope, 40),
                f" · {window.label()} to {short_date(window.end, found.today)}",
            )
        )
        self.show_trends(found)
        self.show_signals(found)
        self.show_teams(found)
        signals = len(self.signals)
        self.set_status(
            f"{plural(len(found.teams), 'team')}, {plural(signals, 'drift signal')} · "
            "1 trends · 2 drift · 3 teams · t team · w weeks"
        )

    def show_trends(self, found: Insights) -> None:
        scroll = self.query_one("#trends-scroll", VerticalScroll)
        scroll.remove_children()
        if not found.teams:
            scroll.mount(Static("No teams yet: press Escape, then t on home.", markup=False))
            return
        slots = max(len(team.trend) for team in found.teams)
        scroll.mount_all(TeamTrend(team, found.window.weeks, slots) for team in found.teams)

    def show_signals(self, found: Insights) -> None:
        self.signals = found.signals()
        options = self.query_one("#signals", OptionList)
        several = found.team is None
        rows: list[Option] = []
        for n, signal in enumerate(self.signals):
            label = Content.assemble((signal.label(), "bold"))
            if several:
                label = Content.assemble(label, " · ", literal(signal.team, 30))
            rows.append(Option(label, id=str(n)))
        if not rows:
            rows.append(Option(f"Nothing drifts in {found.window.label()}.", disabled=True))
        options.set_options(rows)
        if self.signals:
            options.highlighted = 0
        self.show_items(self.signals[0] if self.signals else None)

    def show_items(self, signal: DriftSignal | None) -> None:
        items = self.query_one("#signal-items", OptionList)
        if signal is None:
            items.set_options([])
            items.border_title = None
            return
        items.border_title = f"{signal.title}: {signal.rule}"
        items.set_options(
            Option(
                Content.assemble(literal(item.label, 100), "\n", (item.detail, "$text-muted")),
                id=str(n),
            )
            for n, item in enumerate(signal.items)
        )

    def show_teams(self, found: Insights) -> None:
        today = found.today
        table = self.query_one("#team-table", DataTable)
        table.clear()
        for row in found.team_of_teams:
            last = short_date(row.last_meeting, today) if row.last_meeting else "never"
            oldest = row.oldest_blocker
            table.add_row(
                cell(row.team, TEAM_CELL),
                last + (" ● live" if row.live else ""),
                row.completion.label,
                rating_label(row.rating),
                str(row.open_blockers),
                plural(oldest.age_weeks, "week") if oldest else "-",
                str(row.signals),
                key=str(row.team_id),
            )
        hands = self.query_one("#handoffs", DataTable)
        hands.clear()
        for hand in found.hand_offs:
            hands.add_row(
                cell(hand.from_team, TEAM_CELL),
                cell(hand.to_team, TEAM_CELL),
                cell(hand.text, TEXT_CELL),
                plural(hand.age_weeks, "week"),
                f"{plural(hand.days_since_hand_off, 'day')} ago",
                key=str(hand.item_id),
            )
        messages = self.query_one("#messages", DataTable)
        messages.clear()
        for message in found.messages:
            messages.add_row(
                cell(message.from_team, TEAM_CELL),
                cell(message.to_team, TEAM_CELL),
                cell(message.text, TEXT_CELL),
                f"{plural(message.age_days, 'day')} ago",
                plural(message.deliveries, "time"),
                key=str(message.item_id),
            )
        self.query_one("#handoffs-label", Static).update(f"Open hand-offs ({len(found.hand_offs)})")
        self.query_one("#messages-label", Static).update(
            f"Messages not acknowledged ({len(found.messages)})"
        )
        hands.display = bool(found.hand_offs)
        messages.display = bool(found.messages)

    def set_status(self, message: str) -> None:
        self.query_one("#insights-status", Static).update(message)

    # -- events ------------------------------------------------------------------------

    def selected_signal(self) -> DriftSignal | None:
        index = self.query_one("#signals", OptionList).highlighted
        if index is None or not 0 <= index < len(self.signals):
            return None
        return self.signals[index]

    @on(OptionList.OptionHighlighted, "#signals")
    def signal_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_items(self.selected_signal())

    @on(OptionList.OptionSelected, "#signals")
    def signal_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a signal: its items, to open one."""
        event.stop()
        self.show_items(self.selected_signal())
        items = self.query_one("#signal-items", OptionList)
        if items.option_count:
            items.highlighted = 0
            items.focus()
            self.set_status("Enter opens the item's history · Escape back to the signals")

    @on(OptionList.OptionSelected, "#signal-items")
    def item_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        signal = self.selected_signal()
        if signal is None or event.option.id is None:
            return
        item = signal.items[int(event.option.id)]
        if item.item_id is not None:
            self.post_message(OpenItem(item.item_id))
        elif item.measurable_id is not None:
            self.post_message(OpenMeasurable(item.measurable_id))
        elif item.meeting_id is not None:
            self.post_message(OpenMinutes(item.meeting_id))
        else:
            self.set_status(f"{item.label}: a missed meeting has nothing to open")

    @on(DataTable.RowSelected, "#team-table")
    def team_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.show_team(int(event.row_key.value))
            self.action_show_tab("trends")

    @on(DataTable.RowSelected, "#handoffs, #messages")
    def item_row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenItem(int(event.row_key.value)))

    # -- actions -----------------------------------------------------------------------

    def show_team(self, team_id: int | None) -> None:
        self.team_id = team_id
        self.reload()

    def show_weeks(self, weeks: int) -> None:
        self.weeks = weeks
        self.reload()

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#insights-tabs", TabbedContent).active = tab
        focus = {"trends": "#trends-scroll", "drift": "#signals", "teams": "#team-table"}[tab]
        self.query_one(focus).focus()

    def action_choose_team(self) -> None:
        choices: list[Choice[int]] = [Choice("Every team", EVERY_TEAM)]
        choices += [Choice(team.name, team.id) for team in self.store.teams()]

        def chosen(team_id: int | None) -> None:
            if team_id is not None:
                self.show_team(None if team_id == EVERY_TEAM else team_id)

        self.app.push_screen(ChoiceScreen[int]("Insights of", choices), chosen)

    def action_weeks(self) -> None:
        if self.weeks in WINDOWS:
            self.show_weeks(WINDOWS[(WINDOWS.index(self.weeks) + 1) % len(WINDOWS)])
        else:
            self.show_weeks(DEFAULT_WEEKS)

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        items = self.query_one("#signal-items", OptionList)
        if items.has_focus:
            self.query_one("#signals", OptionList).focus()
            return
        self.app.pop_screen()

    def help_keys(self) -> list[tuple[str, str]]:
        """What Enter does here, for the help screen (the lists' own key)."""
        return [
            ("enter", "Drift: a signal's items; on an item, its history (a meeting: minutes)"),
            ("enter", "Team of teams: that team's trends; a hand-off or message: its history"),
        ]

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            PaletteCommand("Insights: every team", "insights", partial(self.show_team, None))
        ]
        commands += [
            PaletteCommand(f"Insights: {team.name}", "insights", partial(self.show_team, team.id))
            for team in self.store.teams()
        ]
        commands += [
            PaletteCommand(
                f"Insights window: {weeks} weeks", "insights", partial(self.show_weeks, weeks)
            )
            for weeks in sorted(WINDOWS)
        ]
        return commands
