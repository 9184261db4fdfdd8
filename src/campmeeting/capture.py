"""Quick capture: one line typed by the facilitator, turned into an item draft.

    Ship the beta to the pilot customers @maria due:fri

This is a pure core module: it never imports textual, never reads the clock (``today``
and the team's ``next_meeting`` are passed in) and does no I/O.

Tokens
------
A token is a maximal run of non-separator characters. Separators are the whitespace
characters (``str.isspace``) except the control characters U+001C..U+001F and U+0085,
which Python also calls whitespace but which are kept as text. Three kinds of token are
recognised; everything else is the item's text:

``@handle``
    The owner. Only a token that *starts* with ``@`` (so ``a@b.com`` is text), followed
    by a handle: letters, digits and ``_``, with ``.`` or ``-`` allowed inside
    (``@jean-luc``, ``@a.b``). Trailing sentence punctuation ``.,;:!?`` is allowed and
    ignored (``Ask @maria, then ship`` names ``maria``; the whole token, comma included,
    leaves the text). A token like ``@`` or ``@[bold]`` is not a handle and stays text.
    Handles are matched case-insensitively against ``handles`` (given with or without
    ``@``); the owner is returned spelled as in ``handles``. Handles that are not in
    ``handles`` are not guessed: they are returned in ``unknown_handles`` (as typed,
    without ``@``) so the UI can offer to add them; that alone is not a problem. The same
    person named twice is one owner; two or more different people (known or not) is a
    problem and the owner is then ``None``.

``due:WHEN``
    The due date (``due:`` is case-insensitive, so is WHEN). WHEN may carry trailing
    ``.,;:!?``. WHEN is, in this order:

    * a weekday, full or abbreviated to at least two letters (``mo``, ``mon``, ``tues``,
      ``thurs``, ``friday``): the next such day strictly after today, so ``fri`` typed on
      a Friday is a week later;
    * ``today``, ``tomorrow``;
    * ``+3d``, ``+2w`` (days, weeks; the ``+`` is optional: ``3d``, ``2w``);
    * ``next``: the team's next meeting (a problem when ``next_meeting`` is not given);
    * an ISO date, ``2026-12-01``;
    * anything else python-dateutil's parser reads as a month and a day, with an
      optional year: ``dec5``, ``5dec``, ``5-dec-2026``, ``12/05``. A date typed without a
      year that falls before today rolls over to next year (Feb 29 to the next leap year).
      Numeric dates that read differently day-first and month-first (``1/2``) are refused
      as ambiguous; strings with no month or no day (``dec``, ``5``, ``5pm``) are refused.

    A due date before today (only possible with an explicit year or ``next``) is kept in
    ``due`` but reported as a problem ("due date 2026-01-01 is in the past"), so the UI
    can ask before saving. More than one ``due:`` token is a problem and ``due`` is then
    ``None``.

``#TEAM``
    Only when ``takes_teams`` is true (blockers handed off, cascading messages): every
    ``#token`` names a team, returned as typed without the ``#`` (trailing ``.,;:!?``
    dropped, duplicates dropped case-insensitively). Otherwise ``#1`` is plain text.

The text
--------
The item's text is the line exactly as typed with the recognised tokens removed, and
with the *blanks* at both of its ends trimmed. Blanks are spaces of any width (Unicode
category Zs: U+0020, U+00A0, U+3000 ...) and tabs. Each removed token takes the blanks
on one side of it with it (after it, or before it when none follow). Nothing else is
touched, at the ends too: line and paragraph separators (U+2028, U+2029), line breaks,
other control characters, zero-width and bidi characters, markup such as
``[bold]x[/]``, emoji and very long lines are stored exactly as typed (and shown
through ``text.visible``). A text with nothing but separators is empty, a problem.

Problems are short sentences meant for the capture box. They quote what was typed
(shortened to 40 characters), so escape them before rendering them as Textual markup.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dateutil import parser as _dateparser

__all__ = ["Capture", "Problem", "ProblemKind", "parse_capture"]

# Whitespace that separates tokens: every str.isspace() character except the
# information separators U+001C..U+001F and NEL U+0085, which are control characters.
_SEPARATORS = "".join(
    ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch not in "\x1c\x1d\x1e\x1f\x85"
)
_TOKEN_RE = re.compile("[^" + re.escape(_SEPARATORS) + "]+")
# Blanks: what is trimmed around the text and a token (spaces of any width, and tab).
_BLANKS = "\t" + "".join(ch for ch in _SEPARATORS if unicodedata.category(ch) == "Zs")
_BLANKS_SET = frozenset(_BLANKS)

_TRAILING_PUNCT = ".,;:!?"
_HANDLE_RE = re.compile(r"@(\w(?:[\w.\-]*\w)?)[.,;:!?]*")

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_RE = re.compile(r"\+?(\d{1,4})([dw])", re.IGNORECASE)

_DUE_HINT = "(try fri, +3d, +2w, 2026-12-01 or next)"
_MAX_WHEN = 40  # longer WHEN values are not handed to dateutil
_QUOTE_MAX = 40


class ProblemKind(StrEnum):
    """Why a captured line cannot be saved as it is."""

    EMPTY = "empty"
    OWNERS = "owners"  # more than one owner
    DUE = "due"  # a due date that is not understood, or given twice
    PAST_DUE = "past_due"
    UNKNOWN_HANDLE = "unknown_handle"  # not a member (yet): the screen may offer to add
    NO_OWNER = "no_owner"  # a commitment without @owner
    UNKNOWN_TEAM = "unknown_team"
    OWN_TEAM = "own_team"
    TEAMS = "teams"  # a blocker handed to more than one team
    NO_TEAM = "no_team"  # a message without #TEAM


@dataclass(frozen=True)
class Problem:
    """One thing to fix in a captured line, with a sentence for the capture box."""

    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Capture:
    """What one captured line says. ``problems`` empty means it can be saved as is
    (``unknown_handles`` may still want a "add them to the team?" question)."""

    text: str
    owner: str | None = None
    unknown_handles: tuple[str, ...] = ()
    due: _dt.date | None = None
    teams: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    due_is_next: bool = False  # due:next: the team's next meeting, wherever it moves

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix."""
        return not self.problems

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)


def parse_capture(
    line: str,
    *,
    today: _dt.date,
    handles: Iterable[str] = (),
    next_meeting: _dt.date | None = None,
    takes_teams: bool = False,
) -> Capture:
    """Parse one quick-capture line (see the module docstring for the rules)."""
    today = _as_date(today)
    if next_meeting is not None:
        next_meeting = _as_date(next_meeting)

    known: dict[str, str] = {}
    for handle in handles:
        name = handle[1:] if handle.startswith("@") else handle
        if name:
            known.setdefault(name.casefold(), name)

    # Split into alternating (is_token, text) pieces that concatenate back to `line`.
    pieces: list[tuple[bool, str]] = []
    pos = 0
    for m in _TOKEN_RE.finditer(line):
        if m.start() > pos:
            pieces.append((False, line[pos : m.start()]))
        pieces.append((True, m.group()))
        pos = m.end()
    if pos < len(line):
        pieces.append((False, line[pos:]))

    owners: dict[str, str] = {}  # casefolded -> display spelling, in order typed
    unknown: dict[str, str] = {}
    due_tokens: list[str] = []
    teams: dict[str, str] = {}
    removed: set[int] = set()

    for index, (is_token, token) in enumerate(pieces):
        if not is_token:
            continue
        if token.startswith("@"):
            found = _HANDLE_RE.fullmatch(token)
            if found is None:
                continue
            name = found.group(1)
            key = name.casefold()
            spelled = known.get(key)
            if spelled is None:
                unknown.setdefault(key, name)
                spelled = name
            owners.setdefault(key, spelled)
            removed.add(index)
        elif token[:4].lower() == "due:":
            due_tokens.append(token)
            removed.add(index)
        elif takes_teams and token.startswith("#"):
            name = token[1:].rstrip(_TRAILING_PUNCT)
            if not name:
                continue
            teams.setdefault(name.casefold(), name)
            removed.add(index)

    text = _text_without(pieces, removed)

    problems: list[Problem] = []
    if not text.strip(_SEPARATORS):
        problems.append(Problem(ProblemKind.EMPTY, "the text is empty"))

    owner: str | None = None
    if len(owners) == 1:
        (owner_key,) = owners
        owner = known.get(owner_key)
    elif len(owners) > 1:
        problems.append(
            Problem(
                ProblemKind.OWNERS,
                f"more than one owner: {_join_names(['@' + n for n in owners.values()])}; "
                "an item has one owner",
            )
        )

    due: _dt.date | None = None
    due_is_next = False
    if len(due_tokens) == 1:
        due_is_next = due_tokens[0][4:].rstrip(_TRAILING_PUNCT).lower() == "next"
        due, problem = _resolve_due(due_tokens[0], today=today, next_meeting=next_meeting)
        if problem:
            problems.append(Problem(ProblemKind.DUE, problem))
        elif due is not None and due < today:
            problems.append(
                Problem(ProblemKind.PAST_DUE, f"due date {due.isoformat()} is in the past")
            )
    elif len(due_tokens) > 1:
        typed = [_quote(t) for t in due_tokens]
        problems.append(
            Problem(ProblemKind.DUE, f"more than one due date: {_join_names(typed)}; keep one")
        )

    return Capture(
        text=text,
        owner=owner,
        unknown_handles=tuple(unknown.values()),
        due=due,
        teams=tuple(teams.values()),
        problems=tuple(problems),
        due_is_next=due_is_next and due is not None,
    )


# --------------------------------------------------------------------------- helpers


def _as_date(value: _dt.date) -> _dt.date:
    # A datetime is a date too, but comparing one with a date raises TypeError.
    if isinstance(value, _dt.datetime):
        return value.date()
    return value


def _text_without(pieces: list[tuple[bool, str]], removed: set[int]) -> str:
    """Join the pieces, dropping removed tokens and the blanks on one side of each."""
    kept = [text for _, text in pieces]
    taken: set[int] = set()  # separator runs that gave their blanks to a token already
    for index in sorted(removed):
        kept[index] = ""
        after, before = index + 1, index - 1
        if after < len(pieces) and after not in taken and kept[after][:1] in _BLANKS_SET:
            kept[after] = kept[after].lstrip(_BLANKS)
            taken.add(after)
        elif before >= 0 and before not in taken and kept[before][-1:] in _BLANKS_SET:
            kept[before] = kept[before].rstrip(_BLANKS)
            taken.add(before)
    return "".join(kept).strip(_BLANKS)


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_MAX else text[: _QUOTE_MAX - 1] + "…"


def _join_names(names: list[str]) -> str:
    if len(names) > 4:
        return ", ".join(names[:3]) + f" and {len(names) - 3} more"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _resolve_due(
    token: str, *, today: _dt.date, next_meeting: _dt.date | None
) -> tuple[_dt.date | None, str | None]:
    """(date, None) or (None, problem) for one ``due:WHEN`` token."""
    when = token[4:].rstrip(_TRAILING_PUNCT)
    word = when.lower()
    not_understood = f"{_quote(token)} is not a date I understand {_DUE_HINT}"
    if not word:
        return None, f"{_quote(token)} needs a date {_DUE_HINT}"

    if len(word) >= 2:
        for number, name in enumerate(_WEEKDAYS):
            if name.startswith(word):
                ahead = (number - today.weekday() - 1) % 7 + 1
                return today + _dt.timedelta(days=ahead), None

    if word == "today":
        return today, None
    if word == "tomorrow":
        return today + _dt.timedelta(days=1), None
    if word == "next":
        if next_meeting is None:
            return None, "due:next needs the team's next meeting date"
        return next_meeting, None

    m = _RELATIVE_RE.fullmatch(word)
    if m:
        amount = int(m.group(1))
        days = amount if m.group(2).lower() == "d" else amount * 7
        try:
            return today + _dt.timedelta(days=days), None
        except OverflowError:
            return None, f"{_quote(token)} is too far in the future"

    try:
        return _dt.date.fromisoformat(when), None
    except ValueError:
        pass

    if len(when) > _MAX_WHEN:
        return None, not_understood
    parsed = _parse_with_dateutil(when, today)
    if parsed == "ambiguous":
        return None, (
            f"{_quote(token)} is ambiguous (day or month first?); "
            "write the month as a word (5dec) or use 2026-12-05"
        )
    if not isinstance(parsed, _dt.date):
        return None, not_understood
    return parsed, None


# Two defaults that differ in year (with the same calendar: 28 years apart, both
# leap years), month and day: a field of the result that differs between the two
# parses was not in the string.
_DEFAULT_A = _dt.datetime(2000, 1, 1)
_DEFAULT_B = _dt.datetime(2028, 2, 2)
_YEAR_FIRST_RE = re.compile(r"\d{4}\D")


def _parse_with_dateutil(when: str, today: _dt.date) -> _dt.date | str | None:
    try:
        a = _dateparser.parse(when, default=_DEFAULT_A, ignoretz=True)
        b = _dateparser.parse(when, default=_DEFAULT_B, ignoretz=True)
        a_dayfirst = _dateparser.parse(when, default=_DEFAULT_A, ignoretz=True, dayfirst=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.month != b.month or a.day != b.day:
        return None  # no month or no day in what was typed
    year_first = _YEAR_FIRST_RE.match(when) is not None  # 2026/12/05 is always Y-M-D
    if not year_first and (a_dayfirst.month, a_dayfirst.day) != (a.month, a.day):
        return "ambiguous"
    if a.year == b.year:
        return a.date()
    # No year typed: the first such day on or after today.
    for year in range(today.year, today.year + 9):
        try:
            candidate = _dt.date(year, a.month, a.day)
        except ValueError:  # Feb 29 in a common year
            continue
        if candidate >= today:
            return candidate
    return None
