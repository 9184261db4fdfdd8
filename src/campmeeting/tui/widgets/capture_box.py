"""The quick-capture box: one line per item, @owner completion from the team."""

from __future__ import annotations

from textual.suggester import Suggester

from campmeeting.tui.literal import LiteralInput


class HandleSuggester(Suggester):
    """Completes an @handle being typed at the end of the line from the team's members."""

    def __init__(self, handles: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.handles = sorted(handles, key=str.lower)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        if not last.startswith("@") or len(last) < 2:
            return None
        typed = last[1:].lower()
        for handle in self.handles:
            if handle.lower().startswith(typed) and handle.lower() != typed:
                prefix = f"{head} " if head else ""
                return f"{prefix}@{handle}"
        return None


class CaptureBox(LiteralInput):
    """Enter saves and keeps the box open for the next item; Escape closes it."""

    def set_handles(self, handles: list[str]) -> None:
        self.suggester = HandleSuggester(handles)
