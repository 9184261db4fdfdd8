"""Quick capture: parse_capture."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from campmeeting.capture import Capture, ProblemKind, parse_capture

FRIDAY = dt.date(2026, 11, 27)  # a Friday
HINT = "(try fri, +3d, +2w, 2026-12-01 or next)"
TEAM = ("maria", "Ana", "@Bo")


def cap(line: str, **kwargs: object) -> Capture:
    kwargs.setdefault("today", FRIDAY)
    kwargs.setdefault("handles", TEAM)
    return parse_capture(line, **kwargs)  # type: ignore[arg-type]


def test_the_example_line() -> None:
    c = cap("Ship the beta to the pilot customers @maria due:fri")
    assert c == Capture(
        text="Ship the beta to the pilot customers",
        owner="maria",
        unknown_handles=(),
        due=dt.date(2026, 12, 4),
        teams=(),
        problems=(),
    )
    assert c.ok


def test_capture_is_frozen() -> None:
    c = cap("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.text = "y"  # type: ignore[misc]


# ------------------------------------------------------------------------- due dates


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("mon", dt.date(2026, 11, 30)),
        ("Monday", dt.date(2026, 11, 30)),
        ("mo", dt.date(2026, 11, 30)),
        ("tue", dt.date(2026, 12, 1)),
        ("tues", dt.date(2026, 12, 1)),
        ("WED", dt.date(2026, 12, 2)),
        ("wednesday", dt.date(2026, 12, 2)),
        ("thu", dt.date(2026, 12, 3)),
        ("thurs", dt.date(2026, 12, 3)),
        ("sat", dt.date(2026, 11, 28)),
        ("sun", dt.date(2026, 11, 29)),
        ("Sunday", dt.date(2026, 11, 29)),
    ],
)
def test_weekday_is_the_next_such_day(when: str, expected: dt.date) -> None:
    c = cap(f"Write it due:{when}")
    assert c.due == expected
    assert c.messages == ()
    assert c.text == "Write it"


@pytest.mark.parametrize("when", ["fri", "Fri", "FRIDAY", "fr"])
def test_weekday_typed_on_that_weekday_is_a_week_later(when: str) -> None:
    assert cap(f"x due:{when}").due == FRIDAY + dt.timedelta(days=7)


@pytest.mark.parametrize("offset", range(7))
def test_monday_from_every_day_of_the_week(offset: int) -> None:
    today = dt.date(2026, 11, 30) + dt.timedelta(days=offset)  # Mon .. Sun
    due = cap("x due:mon", today=today).due
    assert due is not None
    assert due.weekday() == 0
    assert 1 <= (due - today).days <= 7


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("today", FRIDAY),
        ("Today", FRIDAY),
        ("tomorrow", dt.date(2026, 11, 28)),
        ("+3d", dt.date(2026, 11, 30)),
        ("+0d", FRIDAY),
        ("3d", dt.date(2026, 11, 30)),
        ("+2w", dt.date(2026, 12, 11)),
        ("2W", dt.date(2026, 12, 11)),
        ("+45d", dt.date(2027, 1, 11)),
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("20261201", dt.date(2026, 12, 1)),
        ("dec5", dt.date(2026, 12, 5)),
        ("5dec", dt.date(2026, 12, 5)),
        ("5-Dec-2027", dt.date(2027, 12, 5)),
        ("2026/12/05", dt.date(2026, 12, 5)),
        ("jan3", dt.date(2027, 1, 3)),  # no year, before today: next year
        ("nov26", dt.date(2027, 11, 26)),  # yesterday's date: next year
        ("nov27", FRIDAY),  # today stays today
        ("feb29", dt.date(2028, 2, 29)),  # the next Feb 29
    ],
)
def test_due_forms(when: str, expected: dt.date) -> None:
    c = cap(f"Do it due:{when}")
    assert (c.due, c.problems, c.text) == (expected, (), "Do it")


def test_due_prefix_is_case_insensitive_and_sentence_punctuation_is_ignored() -> None:
    assert cap("Do it DUE:Fri").due == dt.date(2026, 12, 4)
    c = cap("Do it due:fri.")
    assert (c.due, c.text) == (dt.date(2026, 12, 4), "Do it")


def test_due_next_is_the_next_meeting() -> None:
    c = cap("Bring numbers due:next", next_meeting=dt.date(2026, 12, 2))
    assert c.due == dt.date(2026, 12, 2)
    assert c.messages == ()


def test_due_next_without_a_next_meeting_is_a_problem() -> None:
    c = cap("Bring numbers due:next")
    assert c.due is None
    assert c.messages == ("due:next needs the team's next meeting date",)


def test_iso_date_in_the_past_is_kept_but_reported() -> None:
    c = cap("Late already due:2026-01-01")
    assert c.due == dt.date(2026, 1, 1)
    assert c.messages == ("due date 2026-01-01 is in the past",)
    assert not c.ok


@pytest.mark.parametrize("when", ["fryday", "dec", "5", "5pm", "+3x", "-3d", "2026-02-30"])
def test_not_a_date(when: str) -> None:
    c = cap(f"x due:{when}")
    assert c.due is None
    assert c.messages == (f"due:{when} is not a date I understand {HINT}",)


def test_empty_due() -> None:
    c = cap("x due:")
    assert c.due is None
    assert c.messages == (f"due: needs a date {HINT}",)


@pytest.mark.parametrize("when", ["1/2", "12/05", "05.12.2026"])
def test_numeric_dates_that_read_both_ways_are_refused(when: str) -> None:
    c = cap(f"x due:{when}")
    assert c.due is None
    assert len(c.problems) == 1
    assert c.messages[0].startswith(f"due:{when} is ambiguous")


def test_a_very_long_due_value_is_refused_and_quoted_short() -> None:
    c = cap("x due:" + "9" * 5000)
    assert c.due is None
    assert len(c.problems) == 1
    assert len(c.messages[0]) < 120


def test_two_due_dates_is_a_problem() -> None:
    c = cap("x due:fri due:+3d")
    assert c.due is None
    assert c.messages == ("more than one due date: due:fri and due:+3d; keep one",)
    assert c.text == "x"


def test_results_depend_on_today_not_on_the_clock() -> None:
    c = cap("x due:tomorrow", today=dt.date(1999, 12, 31))
    assert c.due == dt.date(2000, 1, 1)
    # A datetime works as today too.
    assert cap("x due:+1d", today=dt.datetime(2026, 11, 27, 23, 59)).due == dt.date(2026, 11, 28)


# -------------------------------------------------------------------------- owners


def test_handles_match_case_insensitively_and_keep_the_team_spelling() -> None:
    assert cap("x @MARIA").owner == "maria"
    assert cap("x @ana").owner == "Ana"
    assert cap("x @bo").owner == "Bo"  # handles may be given with '@'


def test_unknown_handles_are_reported_not_guessed() -> None:
    c = cap("Call the bank @mario")
    assert c.owner is None
    assert c.unknown_handles == ("mario",)
    assert c.messages == ()
    assert c.text == "Call the bank"


def test_without_any_handles_every_handle_is_unknown() -> None:
    c = parse_capture("x @Zoe", today=FRIDAY)
    assert (c.owner, c.unknown_handles) == (None, ("Zoe",))


def test_the_same_person_twice_is_one_owner() -> None:
    c = cap("@ana pairs with @Ana")
    assert c.owner == "Ana"
    assert c.messages == ()
    assert c.text == "pairs with"


def test_two_owners_is_a_problem() -> None:
    c = cap("x @ana @bo")
    assert c.owner is None
    assert c.messages == ("more than one owner: @Ana and @Bo; an item has one owner",)


def test_three_owners_including_an_unknown_one() -> None:
    c = cap("x @ana @bo @newbie")
    assert c.owner is None
    assert c.unknown_handles == ("newbie",)
    assert c.messages == ("more than one owner: @Ana, @Bo and @newbie; an item has one owner",)


def test_handle_with_sentence_punctuation() -> None:
    c = cap("Ask @maria, then ship")
    assert (c.owner, c.text) == ("maria", "Ask then ship")


@pytest.mark.parametrize(
    "line",
    [
        "mail maria@example.com today",
        "meet @ 5",
        "see @[bold]x[/]",
        "price @@ 3",
        "ask @maria's team",
    ],
)
def test_things_that_are_not_handles_stay_text(line: str) -> None:
    c = cap(line)
    assert c.text == line
    assert c.owner is None
    assert c.unknown_handles == ()


def test_handles_with_dots_dashes_and_letters() -> None:
    c = parse_capture("x @jean-luc", today=FRIDAY, handles=["Jean-Luc"])
    assert c.owner == "Jean-Luc"
    c = parse_capture("x @jürgen", today=FRIDAY, handles=["Jürgen"])
    assert c.owner == "Jürgen"


# --------------------------------------------------------------------------- teams


def test_hash_is_text_unless_the_item_takes_teams() -> None:
    c = cap("Fix bug #1 for #Ops")
    assert c.text == "Fix bug #1 for #Ops"
    assert c.teams == ()


def test_teams_when_the_item_takes_teams() -> None:
    c = cap("Needs a budget call #Finance #ops #OPS", takes_teams=True)
    assert c.teams == ("Finance", "ops")
    assert c.text == "Needs a budget call"
    assert c.messages == ()


def test_every_hash_token_is_a_team_when_taking_teams() -> None:
    c = cap("Fix bug #1 # now", takes_teams=True)
    assert c.teams == ("1",)
    assert c.text == "Fix bug # now"  # a lone '#' names nothing


# ---------------------------------------------------------------------------- text


def test_empty_text_is_a_problem() -> None:
    assert cap("@ana due:fri").messages == ("the text is empty",)
    assert [p.kind for p in cap("@ana").problems] == [ProblemKind.EMPTY]
    assert cap("").messages == ("the text is empty",)
    assert cap("   ").messages == ("the text is empty",)


def test_only_the_whitespace_a_token_leaves_behind_is_removed() -> None:
    assert cap("a  @ana  b").text == "a  b"
    assert cap("a\t@ana b").text == "a\tb"
    assert cap("  @ana  leading").text == "leading"
    assert cap("trailing @ana   ").text == "trailing"
    assert cap("a @ana @bo due:fri b").text == "a b"


HOSTILE = [
    "[bold]x[/]",
    "[link=http://a]click[/link]",
    "[red]unclosed",
    "🚀 ship it 👩‍👩‍👧 ✅",
    "bell\x07 esc\x1b[31m red\x1b[0m nul\x00 del\x7f",
    "zero\u200bwidth and rtl \u202eevil",
    "a\x1cb\x1dc\x1ed\x1fe",  # information separators are not token separators
    "tabs\tinside\tand  double  spaces",
    "C:\\path\\to\\file $HOME %s {0} ${x} <script>",
    "x" * 10_000,
    ("word " * 2000).strip(),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_passes_through_unchanged(text: str) -> None:
    assert cap(text).text == text
    c = cap(f"@ana {text} due:fri")
    assert c.text == text
    assert (c.owner, c.due) == ("Ana", dt.date(2026, 12, 4))


def test_information_separator_does_not_split_a_handle_off() -> None:
    c = cap("a\x1f@ana")
    assert c.text == "a\x1f@ana"
    assert c.owner is None


def test_unicode_spaces_separate_tokens() -> None:
    c = cap("資料\u3000@ana")
    assert (c.text, c.owner) == ("資料", "Ana")


def test_many_tokens_are_handled_quickly_and_reported_briefly() -> None:
    c = cap(" ".join(["@x"] * 3000 + ["due:zz"] * 3000 + ["word"]))
    assert c.text == "word"
    assert c.unknown_handles == ("x",)
    assert c.messages == ("more than one due date: due:zz, due:zz, due:zz and 2997 more; keep one",)


# ---------------------------------------------------------------------------- purity
