"""Create a team with its members and rhythm, or add members to one and change its
rhythm: the first minute of a newcomer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from campmeeting.meeting import MeetingError, add_member, clean_handle, create_team, set_cadence
from campmeeting.meeting.teams import parse_cadence
from campmeeting.records import Team
from campmeeting.rhythm import describe_cadence
from campmeeting.store import Store
from campmeeting.tui.literal import literal

if TYPE_CHECKING:
    from campmeeting.tui.app import CampApp


def parse_members(text: str) -> list[tuple[str, str | None]]:
    """'@ana=Ana Lopez, @bo' or 'ana bo' -> [(handle, name or None), ...]."""
    members: list[tuple[str, str | None]] = []
    for chunk in text.replace(",", " , ").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if "=" in chunk:
            handle, _, name = chunk.partition("=")
            members.append((handle.strip(), name.strip() or None))
        else:
            members.extend((word, None) for word in chunk.split())
    return members


class TeamFormScreen(ModalScreen[Team | None]):
    app: CampApp  # the app these screens run in (for the type checker)

    BINDINGS = [Binding("escape", "dismiss(None)", "Back", id="team-form.back")]

    def __init__(self, store: Store, team: Team | None = None) -> None:
        super().__init__()
        self.store = store
        self.team = team

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.team is None:
                yield Label("New team", classes="dialog-title")
                yield Input(placeholder="Team name, e.g. Leadership", id="team-name")
            else:
                yield Label(
                    literal(f"{self.team.name}: members and rhythm"), classes="dialog-title"
                )
                current = " ".join("@" + p.handle for p in self.store.members(self.team.id))
                yield Static(literal(f"Members now: {current or 'nobody'}"))
            yield Input(
                placeholder="Members: @ana=Ana Lopez, @bo=Bo Chen, @cy",
                id="team-members",
            )
            rhythm = describe_cadence(self.team.cadence) if self.team else ""
            yield Input(
                placeholder="When: every tuesday 9:00",
                value="" if not self.team or not self.team.cadence else rhythm,
                id="team-cadence",
                select_on_focus=False,
            )
            yield Static("", id="team-form-error", markup=False)
            yield Label(
                "Enter: next field, then save · When: e.g. 'every other monday 14:30', "
                "'first monday of the month 10:00'; empty: weekly at the first meeting's "
                "time · Escape back",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#team-name")
    def name_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#team-members", Input).focus()

    @on(Input.Submitted, "#team-members")
    def members_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#team-cadence", Input).focus()

    @on(Input.Submitted, "#team-cadence")
    def cadence_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        source = self.app.source
        error = self.query_one("#team-form-error", Static)
        members = parse_members(self.query_one("#team-members", Input).value)
        cadence = self.query_one("#team-cadence", Input).value.strip()
        try:
            for handle, _name in members:
                clean_handle(handle)  # every handle checked before anything is saved
            rule = parse_cadence(cadence) if cadence else None  # checked before saving too
            team = self.team
            if team is None:
                team_name = self.query_one("#team-name", Input).value
                team = create_team(self.store, source, team_name, cadence=rule)
            elif rule and rule != team.cadence:
                team = set_cadence(self.store, source, team, rule)
            for handle, name in members:
                add_member(self.store, source, team, handle, name)
        except (MeetingError, ValueError) as problem:
            error.update(literal(str(problem)))
            return
        self.dismiss(team)
