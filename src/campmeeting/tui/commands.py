"""Keys, help and the command palette from one source: each screen's BINDINGS.

Every binding with a description is a command in the palette (named by its tooltip,
or its description) and a line of the help screen, shown with its current keys (after
the user's keymap). Screens add commands that depend on their data (a section to jump
to, a team to open) with `palette_commands()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen

from campmeeting.tui.literal import palette_text, visible


@dataclass(frozen=True)
class PaletteCommand:
    """A command of the palette; `name` may hold user text (shown literally)."""

    name: str
    help: str
    callback: Callable[[], object]


@dataclass(frozen=True)
class KeyHelp:
    keys: str  # "ctrl+r / f5"
    description: str
    action: str
    node: DOMNode


def screen_keys(screen: Screen, commands_only: bool = False) -> list[KeyHelp]:
    """The screen's keys, then the app's, one line per action, with the keys the user's
    keymap gives them. With `commands_only` (the palette): only actions possible now
    (`check_action`), and only those in the footer or with a tooltip (not j/k)."""
    app = screen.app
    found: dict[tuple[int, str], KeyHelp] = {}
    keys: dict[tuple[int, str], list[str]] = {}
    for node in (screen, app):
        own = _own_ids(node)  # not Textual's tab, copy ...
        for key, binding in node._bindings:
            if binding.id not in own or not binding.description:
                continue
            if commands_only:
                if not (binding.show or binding.tooltip):
                    continue
                if app._check_action_state(binding.action, node) is False:
                    continue
            slot = (id(node), binding.action)
            keys.setdefault(slot, []).append(app.get_key_display(binding.with_key(key)))
            found.setdefault(
                slot, KeyHelp("", binding.tooltip or binding.description, binding.action, node)
            )
    return [
        KeyHelp(" / ".join(dict.fromkeys(keys[slot])), h.description, h.action, h.node)
        for slot, h in found.items()
    ]


def _own_ids(node: DOMNode) -> set[str]:
    """The ids of the bindings the node's own class declares."""
    return {b.id for b in getattr(type(node), "BINDINGS", ()) if isinstance(b, Binding) and b.id}


def screen_commands(screen: Screen) -> Iterator[PaletteCommand]:
    for key in screen_keys(screen, commands_only=True):
        yield PaletteCommand(
            key.description, key.keys, partial(screen.app.run_action, key.action, key.node)
        )
    extra = getattr(screen, "palette_commands", None)
    if extra is not None:
        yield from extra()


class ScreenCommands(Provider):
    """The palette: the active screen's keys, then its own commands."""

    async def discover(self) -> Hits:
        for command in screen_commands(self.screen):
            yield DiscoveryHit(
                Content(visible(command.name)),
                partial(command.callback),
                text=command.name,
                help=command.help,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in screen_commands(self.screen):
            score = matcher.match(command.name)
            if score > 0:
                shown = matcher.highlight(palette_text(command.name, 200))
                yield Hit(
                    score, shown, partial(command.callback), text=command.name, help=command.help
                )
