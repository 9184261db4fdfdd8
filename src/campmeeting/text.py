"""How things are said: one function per label, used by the screen, the minutes and the CLI.

- `visible`: user text made safe to show anywhere without changing what is stored;
- `duration`: a span of time, the same on the live clock, in review and in the minutes;
- `due_label`, `age_label`, `status_word`, `outcome_word`, `plural`, `long_date`,
  `short_date`, `when_label`, `moment_label`, `report_label`.

Pure functions: no clock is read (callers pass `today`), no I/O, no textual.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

# C0 controls (but tab) and DEL become their Unicode "control picture" (␛, ␀ ...), so a
# stored escape sequence can never drive a terminal or hide text; C1 controls (0x80-0x9F,
# e.g. a one-byte CSI) have no picture and show as the replacement mark; line and
# paragraph separators show as ␊, so one item is always one line.
_VISIBLE = {code: chr(0x2400 + code) for code in range(32) if code != 9}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_VISIBLE[0x2028] = "\u240a"
_VISIBLE[0x2029] = "\u240a"

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


VISIBLE_TABLE: dict[int, str] = dict(_VISIBLE)  # for str.translate, combined with others


def visible(text: str) -> str:
    """The text with control characters replaced by visible symbols."""
    return text.translate(_VISIBLE)


def slug(name: str) -> str:
    """A name as safe lowercase ASCII for a file name or an id: 'Ops & Sales' -> 'ops-sales'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40].strip("-") or "team"


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 meeting', '2 meetings', '0 priorities' (with `words` for irregular plurals)."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


# --------------------------------------------------------------------------- time


def duration(seconds: float, signed: bool = False, hours: bool = False) -> str:
    """A span as mm:ss, or h:mm:ss from an hour on (or always, with `hours`); with
    `signed`, a leading + or -.

    Whole seconds, rounded down: like a stopwatch, a second is shown once it has fully
    passed, so the live clock, review and the minutes show the same value for the same
    recorded time (59.6 s is 00:59 everywhere)."""
    sign = ""
    if signed:
        sign = "-" if seconds < 0 else "+"
    total = int(abs(seconds))
    whole_hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if whole_hours or hours:
        return f"{sign}{whole_hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def durations(*spans: float) -> list[str]:
    """Spans shown side by side, in one shape: all h:mm:ss when one of them needs it
    ('0:01:45 of 1:00:00', never '01:45 of 1:00:00')."""
    hours = any(abs(span) >= 3600 for span in spans)
    return [duration(span, hours=hours) for span in spans]


def countdown(elapsed: float, planned: float) -> str:
    """A timebox's clock face: the time left ('04:59'), then the overtime ('+01:12'),
    counted from the whole seconds elapsed (as `duration` shows them)."""
    remaining = planned - int(elapsed)
    return duration(-remaining, signed=True) if remaining < 0 else duration(remaining)


def short_date(day: date, today: date | None = None) -> str:
    """'Fri 27 Nov', with the year when it is not today's year (or no `today` is given)."""
    label = f"{DAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"
    if today is None or day.year != today.year:
        label += f" {day.year}"
    return label


def long_date(day: date) -> str:
    """'Tuesday 24 November 2026'."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def when_label(moment: datetime | None, today: date | None = None) -> str:
    """A wall-clock moment: 'Tue 1 Dec 09:00' ('not scheduled' for None)."""
    if moment is None:
        return "not scheduled"
    return f"{short_date(moment.date(), today)} {moment:%H:%M}"


def due_label(due: date | str | None, today: date | None = None) -> str:
    """A due date in words. With `today` (a screen): 'due today', 'due tomorrow',
    'overdue 3 days', 'overdue 2 weeks' or 'due Fri 27 Nov'; without (a record such as
    the minutes, which must not depend on the day they are read): 'due Fri 27 Nov 2026'.
    No date: 'no due date'."""
    if due is None or due == "":
        return "no due date"
    if isinstance(due, str):
        due = date.fromisoformat(due)
    if today is None:
        return f"due {short_date(due)}"
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days < 0:
        return f"overdue {age_label(-days)}"
    return f"due {short_date(due, today)}"


def age_label(days: int) -> str:
    """An age in days, as people say it: 'today', '1 day', '6 days', then whole weeks
    rounded down: '1 week' (7 to 13 days), '3 weeks'."""
    if days <= 0:
        return "today"
    if days < 7:
        return plural(days, "day")
    return plural(days // 7, "week")


# --------------------------------------------------------------------------- statuses

_STATUS_WORDS = {
    "on_track": "on track",
    "off_track": "off track",
    "done": "done",
    "dropped": "dropped",
    "open": "open",
    "resolved": "resolved",
    "handed_off": "handed off",
    "abandoned": "abandoned",
    "pending": "new",
    "acknowledged": "read",
    "decided": "decided",
    "info": "",
}

_OUTCOME_WORDS = {
    "done": "done",
    "rescoped": "re-scoped",
    "abandoned": "abandoned",
    "open": "still open",
}


def status_word(status: str) -> str:
    """An item's status in words ('off_track' -> 'off track'; a message 'pending' is
    'new' to its team); '' for headlines and notes, which have none."""
    return _STATUS_WORDS.get(status, status.replace("_", " "))


def outcome_word(outcome: str | None) -> str:
    """A review outcome in words; None (not reviewed yet) -> 'to review'."""
    if outcome is None:
        return "to review"
    return _OUTCOME_WORDS.get(outcome, outcome)


def moment_label(moment: datetime, today: date | None = None) -> str:
    """When something happened, local wall-clock time: 'Mon 09:12' within the last six
    days of `today`, else 'Mon 16 Nov 09:12'; without `today` (a record such as the
    minutes) always with the date: 'Mon 16 Nov 2026 09:12'."""
    if today is not None and 0 <= (today - moment.date()).days < 7:
        return f"{DAYS[moment.weekday()][:3]} {moment:%H:%M}"
    return when_label(moment, today)


_REPORT_WORDS = {"done": "done", "rescoped": "re-scope", "abandoned": "abandon"}


def report_label(
    outcome: str,
    handle: str,
    moment: datetime,
    today: date | None = None,
    *,
    text: str | None = None,
    due: date | None = None,
    reason: str | None = None,
) -> str:
    """An owner's report as the review shows it: 'reported done by @ana Mon 09:12',
    "reported re-scope by @ana Mon 09:12: 'Ship to 3 pilots', due Fri 4 Dec",
    'reported abandon by @ana Mon 09:12: no budget'. `moment`: local wall-clock time."""
    label = f"reported {_REPORT_WORDS.get(outcome, outcome)} by @{handle} "
    label += moment_label(moment, today)
    what = [f"'{text}'"] if text else []
    if due is not None:
        what.append(f"due {short_date(due, today)}")
    if reason:
        what.append(reason)
    return label + (": " + ", ".join(what) if what else "")
