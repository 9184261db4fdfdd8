"""The one place user text meets a widget: shown exactly, never read as markup, with
control characters made visible (`text.visible`).

- `literal`: Content, for Static, Label, OptionList and the like;
- `cell`: rich Text, for DataTable cells (a plain str there would be read as markup);
- `palette_text`: for the command palette, whose highlighter reads markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.markup import escape

from campmeeting.text import visible

__all__ = ["cell", "literal", "palette_text", "visible"]


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


def quoted(text: str, limit: int = 40) -> str:
    """An item named in a question: 'Book the offsite' (shortened to `limit`)."""
    shown = visible(text)
    return f"'{shown[: limit - 1]}…'" if len(shown) > limit else f"'{shown}'"
