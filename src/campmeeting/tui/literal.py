"""The one place user text meets a widget: shown exactly, never read as markup, with
control characters made visible (`text.visible`).

- `literal`: Content, for Static, Label, OptionList and the like;
- `cell`: rich Text, for DataTable cells (a plain str there would be read as markup);
- `palette_text`: for the command palette, whose highlighter reads markup;
- `LiteralInput`: an Input that shows what is typed or pasted (a draft, a prefilled
  text) with control characters made visible; its value stays exactly as typed.

Textual strips only BEL, BS, VT, FF and CR from text it draws: an ESC or a C1 control
(U+009B is a CSI) in a plain str reaches the terminal. Every user string goes through
one of these.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content
from textual.expand_tabs import expand_tabs_inline
from textual.markup import escape
from textual.widgets import Input

from campmeeting.text import visible

__all__ = ["LiteralInput", "cell", "literal", "palette_text", "visible"]


def literal(text: str, limit: int | None = None, style: str = "") -> Content:
    """User text as Content, shown exactly (never markup); cut at `limit` characters."""
    shown = visible(text)
    if limit is not None and len(shown) > limit:
        more = len(shown) - limit
        return Content.assemble(
            Content.styled(shown[:limit], style, strip_control_codes=False),
            (f" … (+{more:,} more characters)", "$text-muted"),
        )
    return Content.styled(shown, style, strip_control_codes=False)


def cell(text: str, limit: int | None = None, style: str = "") -> Text:
    """User text for a DataTable cell, shown literally; cut with … at `limit`."""
    shown = visible(text)
    if limit is not None and len(shown) > limit:
        shown = shown[:limit] + "…"
    return Text(shown, style=style)


def palette_text(text: str, limit: int = 60) -> str:
    """User text for a command palette entry (which reads markup): shown literally."""
    shown = visible(text)
    return escape(shown[:limit] + ("…" if len(shown) > limit else ""))


class VisibleHighlighter(Highlighter):
    """Shows a text with its control characters made visible. `visible` maps each
    character to exactly one, so positions in the value and on screen stay aligned."""

    def highlight(self, text: Text) -> None:
        text.plain = visible(text.plain)


class LiteralInput(Input):
    """An Input whose value is kept exactly as typed and shown through `visible`.

    The two cell-width methods below count the shown characters (a ␛ takes one cell;
    the ESC it stands for takes none), so the cursor and the scrolling stay right."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("highlighter", VisibleHighlighter())
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(visible(self.value[:position]), 4))

    def _cell_offset_to_index(self, offset: int) -> int:
        cell_offset = 0
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        shown = visible(self.value)
        for index, char in enumerate(shown):
            width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(shown)))


def quoted(text: str, limit: int = 40) -> str:
    """An item named in a question: 'Book the offsite' (shortened to `limit`)."""
    shown = visible(text)
    return f"'{shown[: limit - 1]}…'" if len(shown) > limit else f"'{shown}'"
