"""User text shown literally: never parsed as markup, control characters made visible."""

from __future__ import annotations

from textual.content import Content

# C0 controls (but not tab) and DEL become their Unicode "control picture" (␛, ␀ ...),
# so a stored escape sequence can never drive the terminal or hide text.
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(32) if code != 9}
_CONTROL_PICTURES[0x7F] = "\u2421"
# C1 controls (0x80-0x9F, e.g. a one-byte CSI) have no picture: shown as the replacement mark.
_CONTROL_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})


def visible(text: str) -> str:
    """The text with control characters replaced by visible symbols."""
    return text.translate(_CONTROL_PICTURES)


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
