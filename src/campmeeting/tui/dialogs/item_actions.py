"""An item's dialog in the live meeting: its choices (from the core: `item_actions`),
and what each one asks for next (a re-scope line, a team, an owner, a reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from campmeeting.meeting import ItemAction, ItemView, MeetingError, Verb
from campmeeting.model import ItemKind, Status
from campmeeting.text import outcome_word, status_word
from campmeeting.tui.dialogs.choice import Choice, ChoiceScreen
from campmeeting.tui.literal import literal, quoted, visible

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
        """Do what was chosen; every question names its item, and afterwards the next item
        to act on is selected (screen.next_target)."""
        if action is None:
            return
        screen, live, item_id = self.screen, self.screen.live, view.id
        name = quoted(view.item.text)
        after = screen.next_target(item_id)
        worked = live.meeting.focus_item_id == item_id  # the blocker being worked in act
        if action.verb == Verb.STATUS and action.status is not None:
            status = action.status
            was = view.item.status
            done = screen.run_safely(
                lambda: live.set_status(item_id, status),
                f"{name}: {status_word(status)}",
                select=after,
            )
            if done and worked and status != Status.OPEN:
                screen.offer_next_issue(item_id)
            if done and status == Status.OFF_TRACK and was != Status.OFF_TRACK:
                screen.prompt(
                    f"{name} is off track: raise a blocker for it? (Escape: no)",
                    self._raise_blocker,
                    value=f"Off track: {visible(view.item.text)[:200]}",
                    hint="@owner sets who owns it",
                    said=f"Blocker raised for {name}",
                )
        elif action.verb == Verb.REVIEW and action.outcome is not None:
            outcome = action.outcome
            if outcome == "rescoped":
                screen.prompt(
                    f"Re-scope {name}: new text and/or due:WHEN",
                    lambda text: live.rescope_line(item_id, text, review=True),
                    value=view.item.text,
                    hint="e.g. 'Ship to 3 pilots due:+1w'",
                    select=after,
                    said=f"{name}: re-scoped",
                )
            elif outcome == "abandoned":
                screen.prompt(
                    f"Abandon {name}: why? (optional)",
                    lambda reason: live.review(item_id, outcome, reason=reason or None),
                    select=after,
                    said=f"{name}: abandoned",
                )
            else:
                screen.run_safely(
                    lambda: live.review(item_id, outcome),
                    f"{name}: {outcome_word(outcome)}",
                    select=after,
                )
        elif action.verb == Verb.ACCEPT_REPORT:
            screen.accept_report(view)
        elif action.verb == Verb.RESCOPE:
            screen.prompt(
                f"Re-scope {name}: new text and/or due:WHEN",
                lambda text: live.rescope_line(item_id, text, review=False),
                value=view.item.text,
                said=f"{name}: re-scoped",
            )
        elif action.verb == Verb.CARRY:
            screen.set_status(f"{name} stays open: it carries into the next meeting")
            if worked and screen.run_safely(lambda: live.focus(None)):
                screen.offer_next_issue(item_id)
            else:
                screen.refresh_items(select=after)
        elif action.verb == Verb.HAND_OFF:
            self.choose_team(item_id, name, after, worked)
        elif action.verb == Verb.FOCUS:
            screen.action_focus_blocker()
        elif action.verb == Verb.DROP_DOWN:
            screen.action_drop_down()
        elif action.verb == Verb.ACKNOWLEDGE:
            screen.run_safely(
                lambda: live.acknowledge(item_id), f"{name}: acknowledged", select=after
            )
        elif action.verb == Verb.LINK:
            focus = live.meeting.focus_item_id
            screen.run_safely(lambda: live.link(item_id, focus), "Linked")
        elif action.verb == Verb.OWNER:
            self.choose_owner(item_id, name)
        elif action.verb == Verb.EDIT:
            owner = f" @{view.owner_handle}" if view.owner_handle else ""
            screen.prompt(
                f"Edit {name}",
                lambda line: live.edit_line(item_id, line),
                value=view.item.text + owner,
                hint="@handle sets the owner",
                said=f"{name}: edited",
            )

    def choose_team(self, item_id: int, name: str, after: int | None, worked: bool) -> None:
        screen = self.screen
        teams = screen.live.other_teams()
        if not teams:
            screen.set_status("No other team to hand it to: add one from the home screen", True)
            return

        def chosen(team: str | None) -> None:
            if team and screen.run_safely(
                lambda: screen.live.hand_off(item_id, team),
                f"{name}: handed off to {team}",
                select=after,
            ):
                if worked:
                    screen.offer_next_issue(item_id)

        screen.app.push_screen(
            ChoiceScreen[str](
                f"Hand {name} to which team?", [Choice(t.name, t.name) for t in teams]
            ),
            chosen,
        )

    def choose_owner(self, item_id: int, name: str) -> None:
        screen = self.screen

        def chosen(person_id: int | None) -> None:
            if person_id is not None:
                screen.run_safely(
                    lambda: screen.live.edit(item_id, owner_id=person_id), f"{name}: new owner"
                )

        choices = [Choice(f"{p.name} @{p.handle}", p.id) for p in screen.live.members()]
        screen.app.push_screen(ChoiceScreen[int](f"New owner of {name}", choices), chosen)

    def _raise_blocker(self, line: str) -> None:
        result = self.screen.live.capture(line, kind=ItemKind.BLOCKER)
        if result.problems:
            raise MeetingError(result.message)
