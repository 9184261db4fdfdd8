"""The issues list in the live meeting (EOS: IDS): work the blockers in rank order, the
next one offered when one is done with, and any item dropped down to the list with `i`.
A part of MeetingScreen (its actions are the screen's actions)."""

from __future__ import annotations

from campmeeting.meeting import ItemView
from campmeeting.model import DROPS_DOWN, ItemKind, SectionKind, Status
from campmeeting.tui.literal import quoted
from campmeeting.tui.screens.meeting_parts import MeetingParts


class IssueActions(MeetingParts):
    """Work the top issue (f), reorder (shift+up/down), drop any item down (i)."""

    def action_focus_blocker(self) -> None:
        """Work the selected open blocker (the top one when the selection is on none);
        on the one being worked, stop working it."""
        view = self.highlighted_view()
        focus = self.live.meeting.focus_item_id
        if view is not None and view.id == focus:
            self.run_safely(
                lambda: self.live.focus(None),
                f"Stopped working {quoted(view.item.text)}: a line now adds a new issue",
            )
            return
        if view is None or view.item.kind != ItemKind.BLOCKER or view.item.status != Status.OPEN:
            view = self.top_issue()
        if view is None:
            self.set_status("No open issue to work: a adds one", error=True)
            return
        chosen = view
        self.run_safely(
            lambda: self.live.focus(chosen.id),
            f"Working #{chosen.rank} {quoted(chosen.item.text)}: decisions and commitments "
            "you capture link to it",
            select=chosen.id,
        )

    def top_issue(self, skip: int | None = None) -> ItemView | None:
        """The open blocker first in rank (other than `skip`)."""
        ranked = [v for v in self.views if v.rank is not None and v.id != skip]
        return min(ranked, key=lambda v: v.rank or 0) if ranked else None

    def offer_next_issue(self, done_with: int) -> None:
        """After the blocker being worked is resolved, carried, handed off or dropped:
        select the next in rank and say so (f works it)."""
        if self.live.section_kind != SectionKind.ACT:
            return
        following = self.top_issue(skip=done_with)
        if following is None:
            self.set_status("Every issue is worked: the list is clear")
            return
        self.refresh_items(select=following.id)
        self.set_status(f"Next: #{following.rank} {quoted(following.item.text)} · f works it")

    def action_move_blocker(self, step: int) -> None:
        view = self.highlighted_view()
        if view is None:
            return
        self.run_safely(lambda: self.live.move_blocker(view.id, step), select=view.id)

    def action_drop_down(self) -> None:
        """`i`: the selected item becomes an issue (an open blocker linked to it), its
        text offered for a quick edit; at the close, a low rating's reason does."""
        if self.live.section_kind == SectionKind.CLOSE and self.attendance_list().has_focus:
            self.drop_rating_reason()
            return
        view = self.highlighted_view()
        if view is None:
            self.set_status("Select an item to drop down to the issues list", error=True)
            return
        if view.item.kind == ItemKind.BLOCKER:
            self.set_status(f"{quoted(view.item.text)} is on the issues list already")
            return
        if view.item.kind not in DROPS_DOWN:
            self.set_status(f"A {view.item.kind} is a record: it is not dropped down", error=True)
            return
        source_id = view.id
        raised: list[int] = []
        self.prompt(
            f"Drop {quoted(view.item.text)} down to the issues list",
            lambda line: raised.append(self.live.drop_down(source_id, line)),
            value=view.item.text,
            hint="Edit it into the issue · @owner sets who owns it",
            select=source_id,
            said=lambda: (
                f"Issue #{self.live.issue_rank(raised[-1])} on the list, "
                f"from {quoted(view.item.text)}"
            ),
        )

    def drop_rating_reason(self) -> None:
        row = self.attendance_list().highlighted_row
        if row is None or not row.reason:
            self.set_status("Only a low rating with a reason drops down to the issues", True)
            return
        raised: list[int] = []
        text = f"Meeting rated {row.rating} by {row.person.name}: {row.reason}"
        self.prompt(
            "Drop the reason down to the issues list",
            lambda line: raised.append(self.live.add_issue(line)),
            value=text,
            hint="Edit it into the issue",
            said=lambda: f"Issue #{self.live.issue_rank(raised[-1])} on the list",
        )
