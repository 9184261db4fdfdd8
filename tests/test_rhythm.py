"""Team cadence: RRULE validation, next meeting, occurrences, missed meetings, UTC."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import time

import pytest
from dateutil import rrule as du_rrule
from dateutil import tz

from campmeeting import rhythm
from campmeeting.rhythm import (
    default_cadence,
    describe_cadence,
    missed_meetings,
    next_meeting,
    occurrences,
    parse_cadence,
    to_utc,
    utc_offset_hours,
    validate_cadence,
)

D = dt.datetime
MONDAY_9 = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
FRIDAY_9 = "FREQ=WEEKLY;BYDAY=FR;BYHOUR=9;BYMINUTE=0"
USE_FREQS = "use DAILY, WEEKLY, MONTHLY or YEARLY"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz.UTC)


# ----------------------------------------------------------------- default cadence


def test_default_cadence_is_weekly_on_the_first_meetings_weekday_and_time() -> None:
    assert default_cadence(D(2026, 1, 6, 9, 30)) == ("FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=30")
    assert default_cadence(D(2026, 11, 29, 18, 5, 42)) == (
        "FREQ=WEEKLY;BYDAY=SU;BYHOUR=18;BYMINUTE=5"
    )


def test_default_cadence_meets_again_a_week_later_at_the_same_time() -> None:
    first = D(2026, 1, 6, 9, 30)
    rule = default_cadence(first)
    assert validate_cadence(rule) == rule
    assert next_meeting(rule, first, first) == D(2026, 1, 13, 9, 30)


# ---------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        (MONDAY_9, MONDAY_9),
        ("RRULE:" + MONDAY_9, MONDAY_9),
        (
            " rrule:freq=weekly; byday=mo ; byhour=09;byminute=0;",
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
        ),
        ("BYHOUR=9;FREQ=DAILY;INTERVAL=2", "FREQ=DAILY;INTERVAL=2;BYHOUR=9"),
        ("FREQ=MONTHLY;BYDAY=1MO", "FREQ=MONTHLY;BYDAY=+1MO"),
        ("FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=16", "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=16"),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU",
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=TU,TH",
        ),
        ("FREQ=WEEKLY;UNTIL=20261231", "FREQ=WEEKLY;UNTIL=20261231"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
    ],
)
def test_validate_normalises(typed: str, normal: str) -> None:
    assert validate_cadence(typed) == normal
    assert validate_cadence(normal) == normal  # idempotent


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=SOMETIMES", f"FREQ=SOMETIMES is not a frequency; {USE_FREQS}"),
        ("FREQ=HOURLY", f"FREQ=HOURLY is too frequent for a meeting; {USE_FREQS}"),
        ("", "the cadence is empty"),
        ("RRULE:", "the cadence is empty"),
        ("BYDAY=MO", "the cadence needs FREQ"),
        ("FREQ", "FREQ is not NAME=VALUE"),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ is given twice"),
        ("FREQ=WEEKLY;COLOUR=BLUE", "unknown parameter 'COLOUR'"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0 must be a whole number from 1 to 1000"),
        ("FREQ=WEEKLY;INTERVAL=two", "invalid 'INTERVAL': TWO"),
        ("FREQ=WEEKLY;COUNT=0", "COUNT=0 must be a whole number from 1 to 10000"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "use COUNT or UNTIL, not both"),
        ("FREQ=WEEKLY;UNTIL=2026-12-31", "UNTIL=2026-12-31 is not a date"),
        ("FREQ=WEEKLY;UNTIL=20261331", "invalid 'UNTIL': 20261331"),
        ("FREQ=WEEKLY;BYDAY=XX", "invalid 'BYDAY': XX"),
        ("FREQ=WEEKLY;BYDAY=1MO", "numbered weekdays like 1MO need FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "the number in 6MO must be 1..5 or -5..-1"),
        ("FREQ=WEEKLY;BYHOUR=25", "hour must be in 0..23"),
        ("FREQ=WEEKLY;BYMINUTE=5,,6", "invalid 'BYMINUTE': 5,,6"),
        ("FREQ=MONTHLY;BYDAY=0MO", "invalid 'BYDAY': 0MO"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0: days are -31..31, not 0"),
        ("FREQ=WEEKLY;WKST=XX", "invalid 'WKST': XX"),
        ("FREQ=WEEKLY;BYWEEKNO=1", "BYWEEKNO only works with FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYYEARDAY=1", "BYYEARDAY only works with FREQ=YEARLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY does not work with FREQ=WEEKLY"),
        ("DTSTART:20260105T090000\nRRULE:FREQ=WEEKLY", "a cadence is one RRULE value"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never produces a date"),
        ("FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31", "never produces a date"),
        ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2", "never produces a date"),
        ("FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6", "never produces a date"),
    ],
)
def test_invalid_rules_have_clear_one_line_messages(rule: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        validate_cadence(rule)
    text = str(raised.value)
    assert message in text
    assert "\n" not in text


def test_a_hostile_value_is_quoted_on_one_line() -> None:
    with pytest.raises(ValueError) as raised:
        validate_cadence("FREQ=" + "\x1b[31m" * 100)
    assert "\n" not in str(raised.value) and "\x1b" not in str(raised.value)


def test_non_text_is_rejected() -> None:
    with pytest.raises(ValueError, match="a cadence is text"):
        validate_cadence(None)  # type: ignore[arg-type]


def test_rare_but_possible_rules_are_accepted() -> None:
    # Feb 29 only exists every four years; the fifth Monday only in some months.
    assert validate_cadence("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
    assert validate_cadence("FREQ=MONTHLY;BYDAY=5MO")
    assert validate_cadence("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO")


# -------------------------------------------------------------------- next meeting


def test_next_meeting_is_strictly_after() -> None:
    start = D(2026, 1, 5, 9)
    assert next_meeting(MONDAY_9, start, D(2026, 3, 2, 9)) == D(2026, 3, 9, 9)
    assert next_meeting(MONDAY_9, start, D(2026, 3, 2, 8, 59)) == D(2026, 3, 2, 9)
    assert next_meeting(MONDAY_9, start, D(2026, 3, 4, 12)) == D(2026, 3, 9, 9)


def test_next_meeting_never_before_start() -> None:
    created = D(2026, 1, 7, 14, 12)  # a Wednesday afternoon
    assert next_meeting(MONDAY_9, created, D(2025, 6, 1)) == D(2026, 1, 12, 9)


def test_next_meeting_after_the_rule_ended() -> None:
    start = D(2026, 1, 5, 9)
    assert next_meeting(MONDAY_9 + ";COUNT=3", start, D(2026, 1, 19, 9)) is None
    assert next_meeting(MONDAY_9 + ";COUNT=3", start, D(2026, 1, 12, 9)) == D(2026, 1, 19, 9)
    # A date-only UNTIL includes that day.
    until_rule = MONDAY_9 + ";UNTIL=20260119"
    assert next_meeting(until_rule, start, D(2026, 1, 12, 9)) == D(2026, 1, 19, 9)
    assert next_meeting(until_rule, start, D(2026, 1, 19, 9)) is None


def test_next_meeting_from_an_old_start_is_the_same_as_walking_from_it() -> None:
    start = D(2016, 1, 4, 9)
    assert next_meeting(MONDAY_9, start, D(2026, 11, 25, 10)) == D(2026, 11, 30, 9)


def test_interval_that_never_meets_the_weekday_returns_none() -> None:
    rule = "FREQ=DAILY;INTERVAL=7;BYDAY=MO;BYHOUR=9"
    assert next_meeting(rule, D(2026, 1, 6, 9), D(2026, 1, 1)) is None  # from a Tuesday
    assert next_meeting(rule, D(2026, 1, 5, 9), D(2026, 1, 5, 9)) == D(2026, 1, 12, 9)
    monthly = "FREQ=MONTHLY;INTERVAL=12;BYMONTH=6;BYMONTHDAY=1"
    assert next_meeting(monthly, D(2026, 1, 1), D(2026, 1, 1)) is None
    assert next_meeting(monthly, D(2026, 6, 1), D(2026, 6, 1)) == D(2027, 6, 1)


def test_week_start_does_not_follow_the_global_calendar_setting() -> None:
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;BYHOUR=9"
    start = D(2026, 1, 5, 9)
    window = (D(2026, 1, 1), D(2026, 2, 15))
    expected = occurrences(rule, start, window)
    before = calendar.firstweekday()
    try:
        calendar.setfirstweekday(calendar.SUNDAY)
        rhythm.rules._parse.cache_clear()
        assert occurrences(rule, start, window) == expected
    finally:
        calendar.setfirstweekday(before)
    # WKST=MO (RFC 5545 default): Mon 5 Jan and Sun 11 Jan share a week.
    assert expected[:3] == [D(2026, 1, 5, 9), D(2026, 1, 11, 9), D(2026, 1, 19, 9)]


# ---------------------------------------------------------------- DST and UTC


def test_berlin_autumn_change_keeps_the_wall_clock_time() -> None:
    start = D(2026, 1, 5, 9)
    before = next_meeting(MONDAY_9, start, D(2026, 10, 18))
    after = next_meeting(MONDAY_9, start, D(2026, 10, 19, 9))
    assert (before, after) == (D(2026, 10, 19, 9), D(2026, 10, 26, 9))
    assert to_utc(before, "Europe/Berlin") == utc(2026, 10, 19, 7)
    assert to_utc(after, "Europe/Berlin") == utc(2026, 10, 26, 8)
    assert utc_offset_hours(before, "Europe/Berlin") == 2.0
    assert utc_offset_hours(after, "Europe/Berlin") == 1.0


def test_berlin_winter_is_utc_plus_one_and_summer_utc_plus_two() -> None:
    assert to_utc(D(2026, 1, 12, 9), "Europe/Berlin") == utc(2026, 1, 12, 8)
    assert to_utc(D(2026, 7, 13, 9), "Europe/Berlin") == utc(2026, 7, 13, 7)
    # Spring change (2026-03-29): Monday before and after.
    assert to_utc(D(2026, 3, 23, 9), "Europe/Berlin") == utc(2026, 3, 23, 8)
    assert to_utc(D(2026, 3, 30, 9), "Europe/Berlin") == utc(2026, 3, 30, 7)


def test_new_york_autumn_change_keeps_the_wall_clock_time() -> None:
    start = D(2026, 1, 2, 9)
    before = next_meeting(FRIDAY_9, start, D(2026, 10, 29))
    after = next_meeting(FRIDAY_9, start, before)  # type: ignore[arg-type]
    assert (before, after) == (D(2026, 10, 30, 9), D(2026, 11, 6, 9))
    assert to_utc(before, "America/New_York") == utc(2026, 10, 30, 13)
    assert to_utc(after, "America/New_York") == utc(2026, 11, 6, 14)
    assert utc_offset_hours(before, "America/New_York") == -4.0
    assert utc_offset_hours(after, "America/New_York") == -5.0


def test_a_meeting_on_the_day_of_the_change_itself() -> None:
    sunday = "FREQ=WEEKLY;BYDAY=SU;BYHOUR=9;BYMINUTE=0"
    found = occurrences(sunday, D(2026, 10, 1), (D(2026, 10, 18), D(2026, 11, 2)))
    assert found == [D(2026, 10, 18, 9), D(2026, 10, 25, 9), D(2026, 11, 1, 9)]
    assert [to_utc(t, "Europe/Berlin") for t in found] == [
        utc(2026, 10, 18, 7),
        utc(2026, 10, 25, 8),
        utc(2026, 11, 1, 8),
    ]
    assert [to_utc(t, "America/New_York") for t in found] == [
        utc(2026, 10, 18, 13),
        utc(2026, 10, 25, 13),
        utc(2026, 11, 1, 14),
    ]


def test_wall_clock_times_that_do_not_exist_or_happen_twice() -> None:
    # 02:30 is skipped on 2026-03-29 in Berlin: it becomes 03:30 CEST.
    assert to_utc(D(2026, 3, 29, 2, 30), "Europe/Berlin") == utc(2026, 3, 29, 1, 30)
    # 02:30 happens twice on 2026-10-25: the first one (CEST) is used.
    assert to_utc(D(2026, 10, 25, 2, 30), "Europe/Berlin") == utc(2026, 10, 25, 0, 30)


def test_half_hour_zone() -> None:
    assert utc_offset_hours(D(2026, 1, 5, 9), "Asia/Kolkata") == 5.5


def test_to_utc_without_a_zone_uses_the_machines_local_zone() -> None:
    saved = os.environ.get("TZ")
    try:
        os.environ["TZ"] = "America/New_York"
        time.tzset()
        assert to_utc(D(2026, 1, 5, 9)) == utc(2026, 1, 5, 14)
        os.environ["TZ"] = "Asia/Tokyo"
        time.tzset()
        assert to_utc(D(2026, 1, 5, 9)) == utc(2026, 1, 5, 0)
        assert utc_offset_hours(D(2026, 1, 5, 9)) == 9.0
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../../etc/passwd", "/etc/localtime"])
def test_unknown_zone(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        to_utc(D(2026, 1, 5, 9), name)


def test_aware_datetimes_are_refused() -> None:
    aware = D(2026, 1, 5, 9, tzinfo=tz.UTC)
    with pytest.raises(ValueError, match="naive"):
        to_utc(aware, "Europe/Berlin")
    with pytest.raises(ValueError, match="naive"):
        next_meeting(MONDAY_9, D(2026, 1, 5, 9), aware)
    with pytest.raises(ValueError, match="naive"):
        missed_meetings(MONDAY_9, aware, [], D(2026, 3, 1))


# --------------------------------------------------------------------- occurrences


def test_occurrences_window_is_half_open() -> None:
    start = D(2026, 1, 5, 9)
    found = occurrences(MONDAY_9, start, (D(2026, 2, 2, 9), D(2026, 2, 23, 9)))
    assert found == [D(2026, 2, 2, 9), D(2026, 2, 9, 9), D(2026, 2, 16, 9)]
    assert occurrences(MONDAY_9, start, (D(2026, 2, 23, 9), D(2026, 2, 2, 9))) == []


def test_occurrences_are_capped() -> None:
    start = D(2000, 1, 1, 9)
    many = occurrences("FREQ=DAILY;BYHOUR=9", start, (D(2000, 1, 1), D(2100, 1, 1)))
    assert len(many) == rhythm.MAX_OCCURRENCES
    assert occurrences(MONDAY_9, start, (D(2026, 1, 1), D(2027, 1, 1)), limit=3) == [
        D(2026, 1, 5, 9),
        D(2026, 1, 12, 9),
        D(2026, 1, 19, 9),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=9,15;BYMINUTE=30",
        "FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,WE",
        "FREQ=DAILY;INTERVAL=3;BYHOUR=8",
        "FREQ=DAILY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYMONTH=1,2,3,10,11",
        "FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=-1",
        "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=16",
        "FREQ=WEEKLY;COUNT=400;BYDAY=WE",
    ],
)
def test_occurrences_match_dateutil_walking_from_dtstart(rule: str) -> None:
    start = D(2019, 3, 13, 10, 17)  # a Wednesday, odd time
    window = (D(2026, 9, 20, 12), D(2026, 12, 24))
    reference = du_rrule.rrulestr(
        rule if "WKST" in rule else rule + ";WKST=MO", dtstart=start
    ).between(*window, inc=True)
    reference = [t for t in reference if t < window[1]]
    assert reference  # the window is not empty
    assert occurrences(rule, start, window) == reference
    assert next_meeting(rule, start, window[0]) == reference[0]


# ----------------------------------------------------------------- missed meetings


def mondays(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(weeks=n) for n in range(count)]


def test_missed_meetings_none_held() -> None:
    start = D(2026, 1, 5, 9)
    assert missed_meetings(MONDAY_9, start, [], D(2026, 1, 26, 9)) == mondays(
        dt.date(2026, 1, 5), 4
    )


def test_all_held_on_the_day() -> None:
    start = D(2026, 1, 5, 9)
    held = mondays(dt.date(2026, 1, 5), 8)
    assert missed_meetings(MONDAY_9, start, held, D(2026, 2, 23, 12)) == []


def test_a_moved_meeting_counts_within_three_days() -> None:
    start = D(2026, 1, 5, 9)
    held = [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 15),  # Thursday after Monday 12 Jan: moved, counts
        dt.date(2026, 1, 16),  # Friday before Monday 19 Jan: moved early, counts
    ]
    assert missed_meetings(MONDAY_9, start, held, D(2026, 1, 26, 10)) == [dt.date(2026, 1, 26)]


def test_four_days_off_is_not_the_same_meeting() -> None:
    start = D(2026, 1, 26, 9)
    friday = [dt.date(2026, 1, 30)]  # 4 days after Monday 26 Jan
    assert missed_meetings(MONDAY_9, start, friday, D(2026, 1, 31)) == [dt.date(2026, 1, 26)]
    # ... but 3 days before Monday 2 Feb, so it holds that one.
    assert missed_meetings(MONDAY_9, start, friday, D(2026, 2, 2, 10)) == [dt.date(2026, 1, 26)]
    assert missed_meetings(MONDAY_9, start, [], D(2026, 2, 2, 10)) == [
        dt.date(2026, 1, 26),
        dt.date(2026, 2, 2),
    ]


def test_one_meeting_counts_for_one_occurrence_only() -> None:
    daily = "FREQ=DAILY;BYHOUR=9"
    start = D(2026, 1, 5, 9)
    held = [dt.date(2026, 1, 6)]
    missed = missed_meetings(daily, start, held, D(2026, 1, 8, 10))
    assert len(missed) == 3
    assert missed == [dt.date(2026, 1, 6), dt.date(2026, 1, 7), dt.date(2026, 1, 8)]


def test_until_is_inclusive_and_later_occurrences_are_ignored() -> None:
    start = D(2026, 1, 5, 9)
    assert missed_meetings(MONDAY_9, start, [], D(2026, 1, 12, 9)) == mondays(
        dt.date(2026, 1, 5), 2
    )
    assert missed_meetings(MONDAY_9, start, [], D(2026, 1, 12, 8, 59)) == [dt.date(2026, 1, 5)]
    assert missed_meetings(MONDAY_9, start, [], D(2026, 1, 1)) == []


def test_held_dates_may_be_datetimes_and_later_than_until() -> None:
    start = D(2026, 1, 5, 9)
    held = [D(2026, 1, 5, 9, 3), dt.date(2026, 1, 14)]
    assert missed_meetings(MONDAY_9, start, held, D(2026, 1, 12, 10)) == []


def test_missed_meetings_only_look_at_the_last_26_weeks() -> None:
    start = D(2006, 1, 2, 9)  # twenty years of history, nothing recorded
    until = D(2026, 11, 30, 10)
    missed = missed_meetings(MONDAY_9, start, [], until)
    assert len(missed) == 26
    assert missed[-1] == dt.date(2026, 11, 30)
    assert missed[0] == dt.date(2026, 6, 8)
    # Held meetings from long ago do not matter, recent ones do.
    held = mondays(dt.date(2006, 1, 2), 1000) + [dt.date(2026, 11, 30)]
    assert len(missed_meetings(MONDAY_9, start, held, until)) == 25


def test_missed_meetings_are_capped_for_dense_rules() -> None:
    twice_daily = "FREQ=DAILY;BYHOUR=9,17"
    missed = missed_meetings(twice_daily, D(2026, 1, 1), [], D(2026, 12, 31, 18))
    assert len(missed) == rhythm.MAX_MISSED_OCCURRENCES
    assert missed[-1] == dt.date(2026, 12, 31)


# --------------------------------------------------------------------------- purity


# ------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("words", "rule", "said"),
    [
        (
            "every tuesday 9:00",
            "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0",
            "every Tuesday at 09:00",
        ),
        (
            "Every Tuesday at 9am",
            "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0",
            "every Tuesday at 09:00",
        ),
        (
            "every other monday 14:30",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=14;BYMINUTE=30",
            "every other Monday at 14:30",
        ),
        (
            "every weekday 8:45",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=45",
            "every weekday at 08:45",
        ),
        (
            "first monday of the month 10:00",
            "FREQ=MONTHLY;BYDAY=+1MO;BYHOUR=10;BYMINUTE=0",
            "the first Monday of every month at 10:00",
        ),
        (
            "last friday of every month at 4pm",
            "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=16;BYMINUTE=0",
            "the last Friday of every month at 16:00",
        ),
        (
            "every mon and thu at 9.30",
            "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=30",
            "every Monday and Thursday at 09:30",
        ),
        (
            "every 3 weeks on friday 16:00",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=FR;BYHOUR=16;BYMINUTE=0",
            "every 3 weeks on Friday at 16:00",
        ),
        ("every day 9:00", "FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "every day at 09:00"),
        (
            "FREQ=WEEKLY;BYDAY=WE;BYHOUR=8;BYMINUTE=15",
            "FREQ=WEEKLY;BYDAY=WE;BYHOUR=8;BYMINUTE=15",
            "every Wednesday at 08:15",
        ),
    ],
)
def test_cadence_in_words(words: str, rule: str, said: str) -> None:
    assert parse_cadence(words) == rule
    assert describe_cadence(rule) == said
    assert parse_cadence(said) == rule  # what is shown can be typed back


def test_a_rule_words_cannot_say_is_shown_as_the_rule() -> None:
    assert describe_cadence("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29") == (
        "RRULE FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"
    )
    assert describe_cadence(None) == "no cadence yet"


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("every tuesday", "no time of day"),
        ("tuesdays at 9", "is not a cadence"),
        ("every funday 9:00", "funday is not a day of the week"),
        ("every tuesday 25:00", "is not a time of day"),
        ("every tuesday 13pm", "is not a time of day"),
        ("second monday of the year 9:00", "only '... of the month' is understood"),
    ],
)
def test_words_that_are_not_a_cadence(words: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_cadence(words)
    assert message in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "rule",
    [
        MONDAY_9,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=14;BYMINUTE=30",
        "FREQ=WEEKLY;INTERVAL=6;BYDAY=TH;BYHOUR=8;BYMINUTE=0",
        "FREQ=DAILY;BYDAY=MO,WE,FR;BYHOUR=9;BYMINUTE=0",
        "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9;BYMINUTE=0",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0",
    ],
)
def test_previous_meeting_is_the_last_occurrence_at_or_before(rule: str) -> None:
    """previous_meeting walks from a start moved close to the moment (five weeks back,
    then a year, then all): the same answer as walking every occurrence from the start."""
    start = D(2024, 1, 3, 7, 0)
    spec = du_rrule.rrulestr(rule, dtstart=start)
    for days in (0, 1, 6, 13, 34, 36, 41, 90, 200, 399, 401, 800, 2000):
        for hours in (0, 9, 15):
            moment = start + dt.timedelta(days=days, hours=hours)
            assert rhythm.previous_meeting(rule, start, moment) == spec.before(moment, inc=True)
