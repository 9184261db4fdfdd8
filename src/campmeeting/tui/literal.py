"""User text shown literally: never parsed as markup, control characters made visible."""

from __future__ import annotations

from textual.content import Content

from campmeeting.text import visible


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
