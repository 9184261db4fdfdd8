"""text.py: one way to say each thing (durations, dates, due dates, ages, statuses)."""

from __future__ import annotations

import datetime as dt

import pytest

from campmeeting.text import (
    age_label,
    due_label,
    duration,
    outcome_word,
    plural,
    short_date,
    status_word,
    visible,
    when_label,
)

FRIDAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("due", "label"),
    [
        (FRIDAY, "due today"),
        (dt.date(2026, 11, 28), "due tomorrow"),
        (dt.date(2026, 11, 26), "overdue 1 day"),
        (dt.date(2026, 11, 21), "overdue 6 days"),
        (dt.date(2026, 11, 14), "overdue 1 week"),
        (dt.date(2026, 11, 13), "overdue 2 weeks"),
        (dt.date(2026, 11, 29), "due Sun 29 Nov"),
        (dt.date(2026, 12, 4), "due Fri 4 Dec"),
        (dt.date(2027, 1, 4), "due Mon 4 Jan 2027"),
        ("2026-12-04", "due Fri 4 Dec"),
        (None, "no due date"),
    ],
)
def test_due_label_on_a_day(due, label: str) -> None:
    assert due_label(due, FRIDAY) == label


def test_due_label_of_a_record_does_not_depend_on_today() -> None:
    assert due_label("2026-11-27") == "due Fri 27 Nov 2026"
    assert due_label(None) == "no due date"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "00:00"),
        (59.6, "00:59"),  # whole seconds, rounded down, everywhere
        (60, "01:00"),
        (3599.99, "59:59"),
        (3600, "1:00:00"),
        (5432.1, "1:30:32"),
    ],
)
def test_duration(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown


def test_signed_duration() -> None:
    assert duration(72, signed=True) == "+01:12"
    assert duration(-72.9, signed=True) == "-01:12"


@pytest.mark.parametrize(
    ("days", "label"),
    [(0, "today"), (1, "1 day"), (6, "6 days"), (7, "1 week"), (13, "1 week"), (15, "2 weeks")],
)
def test_age_label(days: int, label: str) -> None:
    assert age_label(days) == label


def test_words() -> None:
    assert plural(1, "meeting") == "1 meeting"
    assert plural(2, "meeting") == "2 meetings"
    assert plural(0, "priority", "priorities") == "0 priorities"
    assert status_word("off_track") == "off track"
    assert status_word("handed_off") == "handed off"
    assert status_word("info") == ""
    assert outcome_word("rescoped") == "re-scoped"
    assert outcome_word("open") == "still open"
    assert outcome_word(None) == "to review"
    assert short_date(FRIDAY, FRIDAY) == "Fri 27 Nov"
    assert short_date(FRIDAY) == "Fri 27 Nov 2026"
    assert when_label(dt.datetime(2026, 12, 1, 9, 0), FRIDAY) == "Tue 1 Dec 09:00"
    assert when_label(None) == "not scheduled"


def test_visible_makes_controls_visible() -> None:
    assert visible("a\x1b[2Jb\x07\u009b\u2029") == "a␛[2Jb␇\ufffd␊"
    assert visible("tab\tstays") == "tab\tstays"
