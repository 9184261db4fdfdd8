"""A measurable's goal: read from what was typed, kept as normalised text, evaluated.

    >= 100000    at least (also ≥)       on track when the value is the bound or more
    <= 5         at most (also ≤)        on track when the value is the bound or less
    = 0          exactly (also ==)       on track when the value is the bound
    90..110      a range, both ends in   on track when low <= value <= high

The numbers are read as values are (values.py: `>= 100k`, `<= 2.5%`, `>= $1,200`), and
a week without a value is missing: neither on nor off track. `>`, `<` and `!=` are
refused (a goal says where the number should be, bound included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from campmeeting.model import Track
from campmeeting.scorecard.values import BadValue, format_value, read_number
from campmeeting.text import visible

__all__ = ["Goal", "GoalOp", "parse_goal"]

_FORMS = "a goal is >= X, <= X, = X or a range X..Y"


class GoalOp(StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="
    EXACTLY = "="
    BETWEEN = ".."


_OPS = {
    ">=": GoalOp.AT_LEAST,
    "≥": GoalOp.AT_LEAST,
    "<=": GoalOp.AT_MOST,
    "≤": GoalOp.AT_MOST,
    "==": GoalOp.EXACTLY,
    "=": GoalOp.EXACTLY,
}
_OPERATOR = re.compile(r"\s*(>=|<=|==|=|≥|≤)\s*(.*)", re.DOTALL)


def _plain(number: float) -> str:
    """A bound in the normalised text: 100000, 12.5, -3 (no grouping, no unit)."""
    return str(int(number)) if number == int(number) else repr(number)


@dataclass(frozen=True)
class Goal:
    op: GoalOp
    low: float | None = None  # >=, = and ..
    high: float | None = None  # <=, = and ..

    @classmethod
    def of(cls, op: str, low: float | None, high: float | None) -> Goal:
        """The goal as stored (goal_op, goal_low, goal_high)."""
        return cls(GoalOp(op), low, high)

    @property
    def text(self) -> str:
        """Normalised, for storing and for the JSON: '>= 100000', '90..110'."""
        if self.op == GoalOp.BETWEEN:
            return f"{_plain(self.low or 0)}..{_plain(self.high or 0)}"
        bound = self.high if self.op == GoalOp.AT_MOST else self.low
        return f"{self.op.value} {_plain(bound or 0)}"

    def describe(self, unit: str | None = None) -> str:
        """As people read it, with the unit: '>= 100,000', '<= 2.5%', '$90..$110'."""
        if self.op == GoalOp.BETWEEN:
            return f"{format_value(self.low, unit)}..{format_value(self.high, unit)}"
        bound = self.high if self.op == GoalOp.AT_MOST else self.low
        return f"{self.op.value} {format_value(bound, unit)}"

    def evaluate(self, value: float | None) -> Track:
        """On track, off track, or missing (no value): bounds are included."""
        if value is None:
            return Track.MISSING
        low = float("-inf") if self.low is None else self.low
        high = float("inf") if self.high is None else self.high
        if self.op == GoalOp.AT_LEAST:
            ok = value >= low
        elif self.op == GoalOp.AT_MOST:
            ok = value <= high
        elif self.op == GoalOp.EXACTLY:
            ok = value == low
        else:
            ok = low <= value <= high
        return Track.ON if ok else Track.OFF


def _number(text: str, unit: str | None, whole: str) -> tuple[Decimal, str | None]:
    try:
        return read_number(text, unit, infer_unit=unit is None)
    except BadValue as error:
        raise BadValue(f"goal {repr(visible(whole.strip()))}: {error}") from None


def parse_goal(text: str, unit: str | None = None) -> tuple[Goal, str | None]:
    """The goal typed (`>= 100000`, `<= 5`, `= 0`, `90..110`) for a measurable with this
    unit, and the unit: the one given, or the one its numbers were written with
    (`>= $100k` is in $). BadValue names what was typed when it is not a goal."""
    whole = text
    shown = repr(visible(text.strip()))
    if not text.strip():
        raise BadValue(f"no goal given: {_FORMS}")
    found = _OPERATOR.fullmatch(text)
    if found:
        op = _OPS[found.group(1)]
        number, seen = _number(found.group(2), unit, whole)
        bound = float(number)
        if op == GoalOp.AT_LEAST:
            return Goal(op, low=bound), unit or seen
        if op == GoalOp.AT_MOST:
            return Goal(op, high=bound), unit or seen
        return Goal(op, low=bound, high=bound), unit or seen
    if ".." in text:
        left, _, right = text.partition("..")
        if not left.strip() or not right.strip() or ".." in right:
            raise BadValue(f"goal {shown}: a range is low..high, e.g. 90..110")
        low, seen_low = _number(left, unit, whole)
        high, seen_high = _number(right, unit or seen_low, whole)
        if low > high:
            raise BadValue(
                f"goal {shown}: the low end comes first "
                f"({_plain(float(high))}..{_plain(float(low))})"
            )
        return Goal(GoalOp.BETWEEN, low=float(low), high=float(high)), (
            unit or seen_low or seen_high
        )
    if text.strip()[:1] in ("<", ">", "!"):
        raise BadValue(f"goal {shown}: {_FORMS} (the bound is included)")
    raise BadValue(f"goal {shown}: {_FORMS}")
