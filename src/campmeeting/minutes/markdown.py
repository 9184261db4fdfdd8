"""The minutes as CommonMark: every user string is escaped so that it renders as exactly
that text (no heading, list, link, emphasis or raw HTML can come from what was typed)."""

from __future__ import annotations

import re
from functools import lru_cache

from campmeeting.minutes.document import B, Bullets, Heading, Inline, Para, document
from campmeeting.minutes.schema import Minutes
from campmeeting.text import VISIBLE_TABLE

_MD_SPECIALS = set("\\`*_[]<>!&~|#")
# Control characters made visible (text.visible) and markup escaped, in one pass in C.
_MD_TABLE = {**VISIBLE_TABLE, **str.maketrans({c: "\\" + c for c in _MD_SPECIALS})}
_MD_LIST_NUMBER = re.compile(r"(\d{1,9})([.)])")


@lru_cache(maxsize=4096)  # the same words recur in every minutes: labels, carried items
def md_escape(text: str, start: bool = True, end: bool = True) -> str:
    """User text as CommonMark that renders as exactly that text (control characters
    made visible): no markup in it is ever interpreted. `start`: the text may begin a
    line or a list item, so a leading block marker or blank is neutralised; `end`: the
    text may end a line, so a trailing blank is kept as an entity."""
    out = text.translate(_MD_TABLE)
    if start:
        if out[:1] in ("-", "+", "="):
            out = "\\" + out
        else:
            number = _MD_LIST_NUMBER.match(out)
            if number:
                out = f"{number.group(1)}\\{number.group(2)}{out[number.end() :]}"
        # leading blanks would be indentation (code) or be dropped: keep them as an entity
        if out[:1] in (" ", "\t"):
            out = f"&#{ord(out[0])};{out[1:]}"
    if end and out[-1:] in (" ", "\t"):
        out = f"{out[:-1]}&#{ord(out[-1])};"
    return out


def _md_inline(parts: Inline) -> str:
    parts = [p for p in parts if (p if isinstance(p, str) else p.text)]
    last = len(parts) - 1
    out = []
    for index, part in enumerate(parts):
        if isinstance(part, str):
            out.append(md_escape(part, index == 0, index == last))
        else:
            out.append(_md_wrap("**" if isinstance(part, B) else "*", part.text))
    return "".join(out)


@lru_cache(maxsize=1024)  # our own words: the same labels in every minutes
def _md_wrap(mark: str, text: str) -> str:
    """Emphasis of our own words; blanks stay outside the marks (CommonMark flanking)."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{md_escape(core)}{mark}{tail}"


def _pipe_table(header: list[str], rows: list[list[str]], numeric: tuple[int, ...]) -> str:
    """A GFM table: every cell escaped (a `|` in a name is `\\|`, never a column), and
    an empty cell kept as a blank. CommonMark without tables shows it as text."""

    def line(cells: list[str]) -> str:
        # inside a row nothing starts a block: no list or heading escapes needed
        cells = [md_escape(c, start=False, end=False) if c else " " for c in cells]
        return "| " + " | ".join(cells) + " |"

    rule = ["---:" if i in numeric else "---" for i in range(len(header))]
    return "\n".join([line(header), "| " + " | ".join(rule) + " |", *map(line, rows)])


def to_markdown(m: Minutes) -> str:
    out: list[str] = []
    for block in document(m):
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + _md_inline(block.parts))
        elif isinstance(block, Para):
            out.append(_md_inline(block.parts))
        elif isinstance(block, Bullets):
            out.append("\n".join("- " + _md_inline(item) for item in block.items))
        elif block.css == "scorecard":  # a table of rows: a GFM pipe table, escaped
            out.append(_pipe_table(block.header, block.rows, block.numeric))
        else:  # a table as a list: plain CommonMark has no tables
            out.append(
                "\n".join(
                    f"- {_md_inline([B(row[0] + ':')])} "
                    + md_escape(f"{row[2]} of {row[1]} planned ({row[3]})")
                    for row in block.rows
                )
            )
    return "\n\n".join(out) + "\n"
