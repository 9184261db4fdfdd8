"""The command palette follows the screen: each screen lists its own commands."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from campmeeting.text import visible


class ScreenCommands(Provider):
    """Commands from the active screen's `palette_commands()`: every action, every section."""

    def _commands(self):
        screen = self.screen
        source = getattr(screen, "palette_commands", None)
        return source() if source else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            # names can hold team names and section titles: shown as plain text, never markup
            yield DiscoveryHit(Content(visible(name)), partial(callback), text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                shown = matcher.highlight(escape(visible(name)))  # highlight() reads markup
                yield Hit(score, shown, partial(callback), text=name, help=help_text)
