"""The scorecard section of the live meeting: a table of the team's measurables (owner,
goal, this week's value, as many weeks before it as fit, a 13-week trend) and the box a
value is typed into.

Off-track values are in the theme's error colour and marked ✗ (colour is never the only
signal); a missing week is '–'; a measurable on the blockers list shows '→ #12' after
its trend. A digit (or - or .) on a row starts typing its value; Enter on a row edits
it; Enter saves, Escape cancels (the table keeps the focus and feeds the value's box,
so keys typed fast stay in order). `i` drops an off-track number down to the
blockers; `h` opens the measurable's history. The panel posts messages; the screen
calls the core (which commits) and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from campmeeting.model import Track
from campmeeting.scorecard import Scorecard, ScorecardRow, WeekValue, short_week, spark_bars
from campmeeting.text import plural, status_word
from campmeeting.tui.literal import cell, literal

OFF_MARK = "✗"
TITLE_MAX, TITLE_SHORT, TITLE_MIN = 24, 14, 10
TREND_WEEKS, TREND_MIN = 13, 4
PADDING = 2  # a DataTable column's cell padding, both sides
SCROLLBAR = 2  # the vertical scrollbar's width
Saver = Callable[[int, str], object]  # (measurable id, what was typed)
START_CHARS = "0123456789-+.$€£¥"  # a key typed on a row that starts its value

# the keys of the section, for the help screen (the table's own bindings)
SCORECARD_KEYS = [
    ("0-9", "Scorecard: type the selected measurable's value (- + . $ too; Enter saves)"),
    ("enter", "Scorecard: change the selected measurable's value"),
    ("i", "Scorecard: drop the selected off-track number down to the blockers"),
    ("h", "Scorecard: the selected measurable's history"),
]


def issue_mark(row: ScorecardRow) -> str:
    """After the trend: dropped down to the issues list, as the '#N' it has there."""
    if row.issue_id is None:
        return ""
    return f" → #{row.issue_rank}" if row.issue_rank else " → issue"


def scorecard_stats(card: Scorecard) -> str:
    """The section's numbers: how many, off track, still to enter."""
    if not card.rows:
        return f"No measurables yet · {short_week(card.week)}"
    todo = f" · {card.missing} to enter" if card.missing else ""
    return (
        f"{short_week(card.week)}: {plural(len(card.rows), 'measurable')}, "
        f"{card.off} off track{todo}"
    )


class MeasuresTable(DataTable):
    """A DataTable whose on/off/missing styles come from the theme (app.tcss)."""

    COMPONENT_CLASSES = {"scorecard--off", "scorecard--missing", "scorecard--on"}

    def track_style(self, track: Track) -> Style:
        name = {
            Track.OFF: "scorecard--off",
            Track.MISSING: "scorecard--missing",
            Track.ON: "scorecard--on",
        }[track]
        return self.get_component_rich_style(name, partial=True)

    def value_cell(self, value: WeekValue) -> Text:
        """'✗ 92,000' in the error colour; '–' muted; on track plain."""
        if value.track == Track.OFF:
            return Text(f"{OFF_MARK} {value.label}", style=self.track_style(Track.OFF))
        if value.track == Track.MISSING:
            return Text(value.label, style=self.track_style(Track.MISSING))
        return Text(value.label)

    def trend_cell(self, weeks: list[WeekValue], issue: str = "") -> Text:
        """One bar a week (oldest first): off-track bars in the error colour, '·' missing."""
        trend = Text()
        for bar, week in zip(spark_bars([w.value for w in weeks]), weeks, strict=True):
            trend.append(bar, style=self.track_style(week.track))
        if issue:
            trend.append(issue, style="bold")
        return trend


@dataclass(frozen=True)
class Layout:
    """What fits: the title's width, how many previous weeks, how many trend bars."""

    title: int
    previous: int
    trend: int


def fit(card: Scorecard, width: int) -> Layout:
    """What fits in `width` cells, in this order: a title of TITLE_SHORT (at least
    TITLE_MIN), owner, goal, this week, the trend (at least TREND_MIN weeks, up to 13),
    as many previous weeks as fit, then the rest of a long title (up to TITLE_MAX; the
    line under the table shows it whole)."""
    rows = card.rows
    full = min(TITLE_MAX, max([len("Measurable"), *(cell_len(r.title) for r in rows)]))
    title = min(full, TITLE_SHORT)
    owner = max([len("Owner"), *(len(f"@{r.owner_handle}") for r in rows if r.owner_handle)])
    goal = max([len("Goal"), *(len(r.goal_label) for r in rows)])
    this = max([len("This week"), *(len(r.current.label) + 2 for r in rows)])
    issue = max([0, *(len(issue_mark(r)) for r in rows)])
    trend = min(TREND_WEEKS, len(card.previous_weeks) + 1)
    fixed = owner + goal + this + issue + 5 * PADDING
    left = width - fixed - title - trend
    if left < 0:  # narrow: the trend gives way, then the title
        trend = max(TREND_MIN, trend + left)
        left = width - fixed - title - trend
        if left < 0:
            title = max(TITLE_MIN, title + left)
            left = 0
    previous = 0
    for index in range(len(card.previous_weeks)):
        head = len(short_week(card.previous_weeks[index]))
        need = max([head, *(cell_len(_week_text(r, index)) for r in rows)])
        if need + PADDING > left:
            break
        left -= need + PADDING
        previous += 1
    title += min(left, full - title)
    return Layout(title=title, previous=previous, trend=trend)


def _week_text(row: ScorecardRow, index: int) -> str:
    value = row.previous[index]
    return f"{OFF_MARK} {value.label}" if value.off else value.label


class ScorecardTable(MeasuresTable):
    """The measurables of the scorecard section; a row per measurable."""

    BINDINGS = [
        Binding(
            "i",
            "drop_measurable",
            "Drop down",
            tooltip="Drop the selected off-track number down to the blockers",
            id="scorecard.drop-down",
        ),
        Binding(
            "h",
            "measurable_history",
            "History",
            tooltip="The selected measurable's history",
            id="scorecard.history",
        ),
        Binding("j", "cursor_down", "Down", show=False, id="scorecard.down"),
        Binding("k", "cursor_up", "Up", show=False, id="scorecard.up"),
    ]

    def panel(self) -> ScorecardPanel:
        parent = self.parent
        assert isinstance(parent, ScorecardPanel)
        return parent

    def on_key(self, event: events.Key) -> None:
        """Typing a value, in this handler and not through bindings: a widget's key
        handler runs in order, key by key, while bindings run later at the app, so a
        fast typist's `92.5k` Enter `7` Enter is read as typed (and `k` is no cursor
        key then). A digit, - + . or $ starts typing; Enter saves (or, with nothing
        typed, starts from the row's value); Escape cancels; other keys wait."""
        panel = self.panel()
        char = event.character or ""
        if panel.readonly:
            return
        if not panel.entering:
            if event.key == "enter":
                panel.start_entry(edit=True)
            elif char and char in START_CHARS:
                panel.start_entry(char)
            else:
                return
        elif event.key == "enter":
            panel.save_entry()
        elif event.key == "escape":
            panel.stop_entry()
        elif event.key == "backspace":
            panel.query_one(ValueBox).delete()
        elif event.is_printable and char:
            panel.query_one(ValueBox).type(char)
        elif event.key.startswith("ctrl+"):
            return  # quit, the palette ...
        event.stop()
        event.prevent_default()

    def action_drop_measurable(self) -> None:
        row = self.panel().highlighted_row
        if row is not None and not self.panel().readonly:
            self.post_message(ScorecardPanel.DropDown(row.id))

    def action_measurable_history(self) -> None:
        row = self.panel().highlighted_row
        if row is not None:
            self.post_message(ScorecardPanel.ShowHistory(row.id))

    def notify_style_update(self) -> None:
        """Another theme: the cells' colours come from it, so draw them again."""
        super().notify_style_update()
        panel = self.parent
        if isinstance(panel, ScorecardPanel) and panel.card is not None:
            self.call_after_refresh(panel.redraw)


class ValueBox(Static):
    """What is being typed for the selected measurable (the table keeps the focus and
    feeds it); the first key after Enter on a row replaces the value shown."""

    text = ""
    _replace = False

    def start(self, text: str, replace: bool) -> None:
        self.text, self._replace = text, replace
        self.show_text()

    def type(self, char: str) -> None:
        self.text = char if self._replace else self.text + char
        self._replace = False
        self.show_text()

    def delete(self) -> None:
        self.text = "" if self._replace else self.text[:-1]
        self._replace = False
        self.show_text()

    def show_text(self) -> None:
        shown = literal(self.text, style="bold reverse" if self._replace else "bold")
        self.update(Content.assemble("Value: ", shown, ("▏", "bold")))


class ScorecardPanel(Vertical):
    """The table, a line about the highlighted measurable, and the value box."""

    @dataclass
    class DropDown(Message):
        measurable_id: int

    @dataclass
    class ShowHistory(Message):
        measurable_id: int

    def __init__(
        self,
        *,
        save: Saver | None = None,
        ready: Callable[[], object] | None = None,
        readonly: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.readonly = readonly  # `campmeeting follow`: shown, never typed into
        self.save = save  # records a typed value (the screen asks the core); True: saved
        self.ready = ready  # called once mounted: the screen shows the scorecard in it
        self.card: Scorecard | None = None
        self.entry_for: int | None = None  # the measurable a value is being typed for
        self._width = 0

    def compose(self) -> ComposeResult:
        yield ScorecardTable(id="scorecard-table", cursor_type="row")
        yield Static("", id="scorecard-hint")
        yield ValueBox("", id="scorecard-entry")

    def on_mount(self) -> None:
        self.query_one(ValueBox).display = False
        if self.ready is not None:
            self.ready()

    @property
    def table(self) -> ScorecardTable:
        return self.query_one(ScorecardTable)

    @property
    def entering(self) -> bool:
        return self.entry_for is not None

    # -- showing ---------------------------------------------------------------------

    def show(self, card: Scorecard, select: int | None = None) -> None:
        """Show the scorecard; keep the highlighted measurable, or highlight `select`
        (at first: the first measurable without this week's value)."""
        first = self.card is None
        keep = select if select is not None else self.highlighted_id
        self.card = card
        if first and keep is None:
            keep = next((r.id for r in card.rows if r.current.track == Track.MISSING), None)
        self.redraw(keep)

    def on_resize(self, event: events.Resize) -> None:
        if self.card is not None and event.size.width != self._width:
            self.redraw()

    def redraw(self, keep: int | None = None) -> None:
        card = self.card
        if card is None or not self.display:  # hidden: drawn when shown again
            return
        table = self.table
        keep = keep if keep is not None else self.highlighted_id
        width = table.scrollable_content_region.width or table.size.width
        if not width:  # not laid out yet
            self.call_after_refresh(self.redraw, keep)
            return
        self._width = self.size.width
        layout = fit(card, width - SCROLLBAR)  # room for a scrollbar when rows overflow
        table.clear(columns=True)
        table.add_column("Measurable", key="title")
        table.add_column("Owner", key="owner")
        table.add_column("Goal", key="goal")
        table.add_column("This week", key="this")
        for week in card.previous_weeks[: layout.previous]:
            table.add_column(short_week(week), key=week)
        table.add_column("Trend", key="trend")
        for row in card.rows:
            table.add_row(
                cell(row.title, layout.title - 1)
                if cell_len(row.title) > layout.title
                else cell(row.title),
                cell(f"@{row.owner_handle}") if row.owner_handle else "",
                row.goal_label,
                table.value_cell(row.current),
                *[table.value_cell(v) for v in row.previous[: layout.previous]],
                table.trend_cell(row.trend[-layout.trend :], issue_mark(row)),
                key=str(row.id),
            )
        ids = [row.id for row in card.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self.show_hint()

    @property
    def highlighted_id(self) -> int | None:
        row = self.highlighted_row
        return row.id if row else None

    @property
    def highlighted_row(self) -> ScorecardRow | None:
        if self.card is None or not self.card.rows or not self.is_mounted:
            return None
        index = self.table.cursor_row
        if index is None or not 0 <= index < len(self.card.rows):
            return None
        return self.card.rows[index]

    def next_missing(self, after: int) -> int | None:
        """The next measurable without this week's value, after `after` (wrapping)."""
        if self.card is None:
            return None
        ids = [row.id for row in self.card.rows]
        start = ids.index(after) + 1 if after in ids else 0
        order = self.card.rows[start:] + self.card.rows[:start]
        return next((r.id for r in order if r.current.track == Track.MISSING), None)

    def select(self, measurable_id: int) -> None:
        ids = [row.id for row in self.card.rows] if self.card else []
        if measurable_id in ids:
            self.table.move_cursor(row=ids.index(measurable_id), animate=False)
            self.show_hint()

    @on(DataTable.RowHighlighted, "#scorecard-table")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_hint()

    def show_hint(self) -> None:
        """The highlighted measurable in full (the table may cut it) and what to do."""
        hint = self.query_one("#scorecard-hint", Static)
        row = self.highlighted_row
        if self.card is None or not self.card.rows:
            empty = "No measurables yet. Press a: Revenue >= 100000 @owner $"
            hint.update("" if self.readonly else empty)
            return
        if row is None:
            hint.update("")
            return
        week = short_week(self.card.week)
        now = row.current
        parts: list[Content | str | tuple[str, str]] = [literal(row.title, 60, style="bold")]
        if row.owner_handle:
            parts += [" ", literal(f"@{row.owner_handle}")]
        parts.append(f" · goal {row.goal_label} · {week}: ")
        if self.entry_for == row.id:
            parts.append("type the value · Enter saves · Escape cancels")
        elif now.track == Track.MISSING:
            parts.append("no value yet" + ("" if self.readonly else " · type it, Enter saves"))
        elif now.track == Track.OFF:
            parts += [(f"{OFF_MARK} {now.label} {status_word(now.track)}", "bold $text-error")]
            if row.issue_id is not None:
                rank = f" as #{row.issue_rank}" if row.issue_rank else ""
                parts.append(f" · on the issues list{rank}")
            elif not self.readonly:
                parts.append(" · i drops it to the blockers")
        else:
            parts.append(f"{now.label} {status_word(now.track)}")
        hint.update(Content.assemble(*parts))

    # -- typing a value --------------------------------------------------------------

    def start_entry(self, typed: str = "", edit: bool = False) -> None:
        """Start typing the highlighted measurable's value (`edit`: starting from it)."""
        row = self.highlighted_row
        if row is None or self.readonly:
            return
        self.entry_for = row.id
        value = typed
        if edit and row.current.value is not None:
            value = row.current.label
        box = self.query_one(ValueBox)
        box.start(value, replace=edit and bool(value))
        box.display = True
        self.show_hint()

    def stop_entry(self) -> None:
        box = self.query_one(ValueBox)
        self.entry_for = None
        box.start("", replace=False)
        box.display = False
        self.show_hint()

    @on(DataTable.RowSelected, "#scorecard-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on a row: change its value."""
        event.stop()
        if not self.entering:
            self.start_entry(edit=True)

    def save_entry(self) -> None:
        """Save the value typed, at once (not through a message: keys typed after Enter
        go to the next row, in order); a refused value stays in the box."""
        if self.entry_for is None:
            return
        text = self.query_one(ValueBox).text
        if not text.strip():
            self.stop_entry()
            return
        if self.save is not None:
            self.save(self.entry_for, text)
