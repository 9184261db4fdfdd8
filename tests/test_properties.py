"""Property tests (hypothesis): the agenda loader and the quick-capture parser.

- Any bytes as an agenda file: a valid agenda within the limits, or AgendaError with one
  line per problem naming the file; never another exception (a traceback), never a hang
  (the loader's passes are linear in the size of the file).
- Quick capture round trip: text, @owner and due:WHEN put together as a user types them
  read back as the same text (exactly), the same owner and the same date.

Example counts are modest so `make test` stays quick; `make stress` runs more
(HYPOTHESIS_PROFILE=stress).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campmeeting.agenda import (
    MAX_MINUTES,
    MAX_NAME_CHARS,
    MAX_PROBLEMS,
    MAX_SECTIONS,
    Agenda,
    AgendaError,
    bundled_agenda_dir,
    load_agenda,
)
from campmeeting.capture import parse_capture

settings.register_profile(
    "default", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "stress", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# --------------------------------------------------------------------------- agendas

CAMP = (bundled_agenda_dir() / "camp.toml").read_bytes()
TOML_ALPHABET = "[]{}=.,\"'#\n\t \\abcdefkmnstuloprie0123456789-+_:é\x00\x1b\u2029"
KEYS = ["name", "description", "sections", "title", "kind", "minutes", "prompt"]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def check_loader(folder: Path, raw: bytes) -> None:
    path = folder / "agenda.toml"
    path.write_bytes(raw)
    try:
        agenda = load_agenda(path)
    except AgendaError as error:
        assert error.problems, raw
        assert len(error.problems) <= MAX_PROBLEMS
        for line in error.problems:
            assert line.startswith(f"{path}: ") and "\n" not in line, line
        return
    assert isinstance(agenda, Agenda)
    assert 1 <= len(agenda.sections) <= MAX_SECTIONS
    assert all(0 < s.minutes <= MAX_MINUTES for s in agenda.sections)
    names = [agenda.name, *(s.title for s in agenda.sections)]
    assert all(len(n) <= MAX_NAME_CHARS for n in names), names
    controls = {"Cc", "Zl", "Zp"}  # one line each: no control characters, no line breaks
    assert not [c for n in names for c in n if unicodedata.category(c) in controls], names


@given(raw=st.binary(max_size=2000))
def test_any_bytes_are_an_agenda_or_one_line_per_problem(folder: Path, raw: bytes) -> None:
    check_loader(folder, raw)


@given(text=st.text(alphabet=TOML_ALPHABET, max_size=400))
def test_toml_like_text_is_an_agenda_or_one_line_per_problem(folder: Path, text: str) -> None:
    check_loader(folder, text.encode("utf-8"))


@given(
    edits=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(CAMP)),
            st.integers(min_value=0, max_value=8),
            st.one_of(
                st.binary(max_size=8),
                st.sampled_from([b"[", b"]", b"{a=", b"}", b"[[", b'"', b"'''", b".x", b"1e308"]),
                st.sampled_from([k.encode() + b" = " for k in KEYS]),
            ),
        ),
        max_size=6,
    )
)
def test_a_damaged_bundled_agenda_is_an_agenda_or_one_line_per_problem(
    folder: Path, edits: list[tuple[int, int, bytes]]
) -> None:
    raw = CAMP
    for at, cut, insert in edits:
        raw = raw[:at] + insert + raw[at + cut :]
    check_loader(folder, raw)


@settings(max_examples=20)
@given(depth=st.integers(min_value=1, max_value=50_000), opener=st.sampled_from("[{"))
def test_any_nesting_is_an_agenda_or_one_line(folder: Path, depth: int, opener: str) -> None:
    body = "[" * depth + "]" * depth if opener == "[" else "{a=" * depth + "1" + "}" * depth
    check_loader(folder, f"name = {body}\n".encode())


# --------------------------------------------------------------------------- capture

TODAY = dt.date(2026, 11, 27)  # a Friday
HANDLES = ["ana", "Bo", "jean-luc"]
SEPARATORS = "".join(
    ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch not in "\x1c\x1d\x1e\x1f\x85"
)
BLANKS = "\t" + "".join(ch for ch in SEPARATORS if unicodedata.category(ch) == "Zs")
NOT_BLANK_SEPARATORS = "".join(ch for ch in SEPARATORS if ch not in BLANKS)

words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=SEPARATORS),
    min_size=1,
    max_size=12,
).filter(lambda w: not w.startswith("@") and w[:4].lower() != "due:")
runs = st.text(alphabet=SEPARATORS, min_size=1, max_size=3)
edges = st.text(alphabet=NOT_BLANK_SEPARATORS, max_size=2)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A text as typed: words and separator runs, no blanks at either end (those are
    trimmed), maybe a line or paragraph separator at an end (those are kept)."""
    parts = draw(st.lists(words, min_size=1, max_size=6))
    out = parts[0]
    for part in parts[1:]:
        out += draw(runs) + part
    return draw(edges) + out + draw(edges)


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@st.composite
def dues(draw: st.DrawFn) -> tuple[str, dt.date]:
    kind = draw(st.sampled_from(["weekday", "days", "weeks", "iso", "word"]))
    if kind == "weekday":
        number = draw(st.integers(0, 6))
        ahead = (number - TODAY.weekday() - 1) % 7 + 1
        return WEEKDAYS[number], TODAY + dt.timedelta(days=ahead)
    if kind in ("days", "weeks"):
        amount = draw(st.integers(0, 500))
        days = amount if kind == "days" else amount * 7
        return f"+{amount}{kind[0]}", TODAY + dt.timedelta(days=days)
    if kind == "iso":
        day = TODAY + dt.timedelta(days=draw(st.integers(0, 3000)))
        return day.isoformat(), day
    word, day = draw(st.sampled_from([("today", TODAY), ("tomorrow", TODAY + dt.timedelta(1))]))
    return word, day


@given(
    text=texts(),
    owner=st.none() | st.sampled_from(HANDLES),
    due=st.none() | dues(),
    owner_first=st.booleans(),
    owner_case=st.sampled_from([str.lower, str.upper, str]),
    due_first=st.booleans(),
    gap=st.text(alphabet=" \t\u3000", min_size=1, max_size=3),
)
def test_capture_round_trip(
    text: str,
    owner: str | None,
    due: tuple[str, dt.date] | None,
    owner_first: bool,
    owner_case,
    due_first: bool,
    gap: str,
) -> None:
    before: list[str] = []
    after: list[str] = []
    if owner is not None:
        (before if owner_first else after).append("@" + owner_case(owner))
    if due is not None:
        (before if due_first else after).append(f"due:{due[0]}")
    line = gap.join([*before, text, *after])
    parsed = parse_capture(line, today=TODAY, handles=HANDLES)
    assert parsed.text == text, (line, parsed)
    assert parsed.owner == owner
    assert parsed.due == (due[1] if due else None)
    assert parsed.problems == ()


@given(text=texts(), lead=st.text(alphabet=BLANKS, max_size=3), tail=st.text(BLANKS, max_size=3))
def test_blanks_around_a_text_are_all_that_is_trimmed(text: str, lead: str, tail: str) -> None:
    assert parse_capture(lead + text + tail, today=TODAY).text == text
