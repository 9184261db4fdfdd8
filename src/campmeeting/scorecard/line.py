"""The line typed with `a` in the scorecard section: a new measurable.

    Revenue >= 100000 @ana $
    Churn <= 2% @bo
    Defects = 0
    NPS 40..60 @cy
    Billable hours >= 120 h

The title is everything before the goal (`>= X`, `<= X`, `= X` or `X..Y`, see goal.py);
after the goal come, in any order, an optional `@owner` and an optional unit ($, %, h,
days ...). A unit written with the goal's number (`>= $100k`, `<= 2%`) needs no unit
word. The line is read here; `measurables.add_measurable` checks and stores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campmeeting.scorecard.measurables import ScorecardError
from campmeeting.text import visible

__all__ = ["MeasurableLine", "read_measurable_line", "MEASURABLE_HINT"]

MEASURABLE_HINT = "a measurable: Title >= 100000 @owner $ (goal >= X, <= X, = X or X..Y)"

# the goal starts at the first operator, or at the first word with `..` in it
_GOAL = re.compile(r"(?:^|\s)(?=(?:>=|<=|==|=|≥|≤)|\S*\.\.\S)")
_OPERATOR = re.compile(r"(>=|<=|==|=|≥|≤)\s*")


@dataclass(frozen=True)
class MeasurableLine:
    title: str
    goal: str
    owner: str | None = None
    unit: str | None = None


def read_measurable_line(line: str) -> MeasurableLine:
    """Title, goal, @owner and unit from one line; ScorecardError when there is no goal."""
    found = _GOAL.search(line)
    if found is None:
        raise ScorecardError(f"{visible(line.strip())!r}: no goal; {MEASURABLE_HINT}")
    title = line[: found.start()].strip()
    rest = line[found.end() :].strip()
    operator = _OPERATOR.match(rest)
    if operator:
        words = rest[operator.end() :].split()
        goal = operator.group(1) + " " + (words[0] if words else "")
        words = words[1:]
    else:
        words = rest.split()
        goal, words = words[0], words[1:]
    if not title:
        raise ScorecardError(f"no title before the goal; {MEASURABLE_HINT}")
    owner = next((w for w in words if w.startswith("@")), None)
    others = [w for w in words if not w.startswith("@")]
    if len(others) > 1 or len([w for w in words if w.startswith("@")]) > 1:
        raise ScorecardError(
            f"after the goal: one @owner and one unit at most, not {visible(' '.join(words))!r}"
        )
    return MeasurableLine(
        title=title, goal=goal.strip(), owner=owner, unit=others[0] if others else None
    )
