"""An item's dialog in the live meeting: its choices (from the core: `item_actions`),
and what each one asks for next (a re-scope line, a team, an owner, a reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from campmeeting.meeting import ItemAction, ItemView, MeetingError, Verb
from campmeeting.model import ItemKind, Status
from campmeeting.text import status_word
from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen
from campmeeting.tui.literal import literal, visible

if TYPE_CHECKING:
    from campmeeting.tui.screens.meeting import MeetingScreen


class ItemActions:
    """The flow of one item's dialog, for the meeting screen it was opened from."""

    def __init__(self, screen: MeetingScreen) -> None:
        self.screen = screen

    def open(self, view: ItemView) -> None:
        choices = [Choice(action.label, action) for action in self.screen.live.item_actions(view)]
        self.screen.app.push_screen(
            ChoiceScreen[ItemAction](
                f"{view.item.kind.capitalize()} #{view.id}", choices, body=literal(view.item.text)
            ),
            lambda action: self.apply_action(view, action),
        )

    def apply_action(self, view: ItemView, action: ItemAction | None) -> None:
        if action is None:
            return
        live = self.screen.live
        item_id = view.id
        if action.verb == Verb.STATUS and action.status is not None:
            status = action.status
            was = view.item.status
            if self.screen.run_safely(
                lambda: live.set_status(item_id, status), f"Marked {status_word(status)}"
            ):
                if status == Status.OFF_TRACK and was != Status.OFF_TRACK:
                    self.screen.prompt(
                        "Off track: raise a blocker for it? (Escape: no)",
                        self._raise_blocker,
                        value=f"Off track: {visible(view.item.text)[:200]}",
                        hint="@owner sets who owns it",
                    )
        elif action.verb == Verb.REVIEW and action.outcome is not None:
            outcome = action.outcome
            if outcome == "rescoped":
                self.screen.prompt(
                    "Re-scope: new text and/or due:WHEN",
                    lambda text: live.rescope_line(item_id, text, review=True),
                    value=view.item.text,
                    hint="e.g. 'Ship to 3 pilots due:+1w'",
                )
            elif outcome == "abandoned":
                self.screen.prompt(
                    "Abandon: why? (optional)",
                    lambda reason: live.review(item_id, outcome, reason=reason or None),
                )
            else:
                self.screen.run_safely(
                    lambda: live.review(item_id, outcome), f"Reviewed: {outcome}"
                )
        elif action.verb == Verb.RESCOPE:
            self.screen.prompt(
                "Re-scope: new text and/or due:WHEN",
                lambda text: live.rescope_line(item_id, text, review=False),
                value=view.item.text,
            )
        elif action.verb == Verb.CARRY:
            self.screen.set_status("Left open: it carries into the next meeting")
        elif action.verb == Verb.HAND_OFF:
            self.choose_team(item_id)
        elif action.verb == Verb.FOCUS:
            self.screen.action_focus_blocker()
        elif action.verb == Verb.ACKNOWLEDGE:
            self.screen.run_safely(lambda: live.acknowledge(item_id), "Acknowledged")
        elif action.verb == Verb.LINK:
            focus = live.meeting.focus_item_id
            self.screen.run_safely(lambda: live.link(item_id, focus), "Linked")
        elif action.verb == Verb.OWNER:
            self.choose_owner(item_id)
        elif action.verb == Verb.EDIT:
            self.screen.prompt(
                "Edit text", lambda text: live.edit(item_id, text=text), value=view.item.text
            )

    def choose_team(self, item_id: int) -> None:
        teams = self.screen.live.other_teams()
        if not teams:
            self.screen.set_status(
                "No other team to hand it to: add one from the home screen", error=True
            )
            return

        def chosen(name: str | None) -> None:
            if name:
                self.screen.run_safely(
                    lambda: self.screen.live.hand_off(item_id, name), f"Handed off to {name}"
                )

        self.screen.app.push_screen(
            ChoiceScreen[str]("Hand off to which team?", [Choice(t.name, t.name) for t in teams]),
            chosen,
        )

    def choose_owner(self, item_id: int) -> None:
        def chosen(person_id: int | None) -> None:
            if person_id is not None:
                self.screen.run_safely(
                    lambda: self.screen.live.edit(item_id, owner_id=person_id), "Owner changed"
                )

        choices = [Choice(f"{p.name} @{p.handle}", p.id) for p in self.screen.live.members()]
        self.screen.app.push_screen(ChoiceScreen[int]("New owner", choices), chosen)

    def _raise_blocker(self, line: str) -> None:
        result = self.screen.live.capture(line, kind=ItemKind.BLOCKER)
        if result.problems:
            raise MeetingError(result.message)
