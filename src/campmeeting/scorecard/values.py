"""A measurable's value as people type it, read into a number, and numbers written back.

What is accepted (README, "Scorecard"):

    12500   12,500   12.5   0.75   .5   -3   +4   −3 (a minus sign)
    12.5k   1.2M   3b          k thousand, m million, b billion (either case)
    95%                        for a measurable in %
    $1,200   -$1,200   $-1,200  a currency measurable ($ € £ ¥), the symbol first
    12h   12 h   -3 days       the measurable's own unit, after (or before) the number

Commas group thousands, three digits a group: `1,2345` is refused, and so is a decimal
comma (`12,5`: write 12.5). Anything else is refused with one line that names what was
typed: words, two numbers, `1e6`, `nan`, a unit the measurable does not have (`95%` for
a measurable in $, `$5` for one with no unit), or a number of 10^15 or more.

Numbers are read as decimals (12.5k is exactly 12500) and kept as floats. They are
written back with thousands separators and at most three decimals ("12,500", "0.333"),
with the unit: "$1,200", "95%", "120 h".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from campmeeting.text import visible

__all__ = [
    "CURRENCIES",
    "BadValue",
    "format_number",
    "format_value",
    "parse_value",
    "read_number",
]

CURRENCIES = ("$", "€", "£", "¥")
PERCENT = "%"
KNOWN_SYMBOLS = (*CURRENCIES, PERCENT)
SCALES = {"k": 10**3, "m": 10**6, "b": 10**9}
LIMIT = Decimal(10) ** 15
MINUS = ("-", "\u2212")  # hyphen-minus and the minus sign
_NUMBER = re.compile(
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<fraction>\d+))?(?P<scale>[kKmMbB])?"
)
_EXAMPLES = "e.g. 12,500, 12.5k, 1.2M, -3"


class BadValue(ValueError):
    """What was typed is not a value (or goal): the message is one line naming it."""


def _shown(text: str) -> str:
    """What was typed, quoted for an error line (one line, control characters visible)."""
    return repr(visible(text.strip()))


def _unit_hint(unit: str | None) -> str:
    if unit is None:
        return _EXAMPLES
    return f"{_EXAMPLES}, {format_value(95 if unit == PERCENT else 1200, unit)}"


def read_number(
    text: str, unit: str | None = None, infer_unit: bool = False
) -> tuple[Decimal, str | None]:
    """The number in `text`, and the unit it was written with (None: none).

    With `unit`, that unit may be written before or after the number. Without one, a
    currency symbol or % is refused, unless `infer_unit` (a goal typed with its unit,
    `>= $100k`: the unit comes from it)."""
    raw = text
    rest = text.strip()
    sign = 0  # not written yet; then -1 or 1 (one sign at most)
    seen: str | None = None

    def take_sign() -> None:
        nonlocal rest, sign
        if sign == 0 and rest[:1] in (*MINUS, "+"):
            sign, rest = (-1 if rest[:1] in MINUS else 1), rest[1:].lstrip()

    def take_unit(symbol: str) -> bool:
        nonlocal rest, seen
        if rest.startswith(symbol):
            rest, seen = rest[len(symbol) :].strip(), symbol
            return True
        if rest.endswith(symbol):
            rest, seen = rest[: -len(symbol)].strip(), symbol
            return True
        return False

    if not rest:
        raise BadValue(f"no value given: type a number ({_unit_hint(unit)})")
    take_sign()
    if unit is not None:
        take_unit(unit)
    elif infer_unit:
        for symbol in KNOWN_SYMBOLS:
            if take_unit(symbol):
                break
    take_sign()
    if seen is None and unit is None and not infer_unit:
        for symbol in KNOWN_SYMBOLS:
            if symbol in rest:
                raise BadValue(
                    f"{_shown(raw)}: this measurable has no unit; type the number alone "
                    f"({_EXAMPLES})"
                )
    match = _NUMBER.fullmatch(rest)
    if not rest or match is None or not (match["digits"] or match["fraction"]):
        other = next((s for s in KNOWN_SYMBOLS if s in rest and s != unit), None)
        if other is not None and unit is not None:
            raise BadValue(f"{_shown(raw)}: the unit is {unit}, not {other}")
        if re.fullmatch(r"\d+(?:,\d+)+(?:\.\d+)?[kKmMbB]?", rest):
            raise BadValue(
                f"{_shown(raw)}: commas group thousands in threes (12,500); "
                "decimals take a point (12.5)"
            )
        raise BadValue(f"{_shown(raw)} is not a number ({_unit_hint(unit)})")
    digits = (match["digits"] or "0").replace(",", "")
    try:
        number = Decimal(f"{digits}.{match['fraction'] or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise BadValue(f"{_shown(raw)} is not a number ({_EXAMPLES})") from None
    if match["scale"]:
        number *= SCALES[match["scale"].lower()]
    if number >= LIMIT:
        raise BadValue(f"{_shown(raw)} is too large (under 10^15, please)")
    return (-number if sign < 0 else number), seen


def parse_value(text: str, unit: str | None = None) -> float:
    """A value as typed for a measurable with this unit (see the module docstring);
    BadValue, naming what was typed, when it is not one."""
    number, _unit = read_number(text, unit)
    return float(number)


def format_number(value: float) -> str:
    """12500 -> '12,500'; 12.5 -> '12.5'; 1/3 -> '0.333' (at most three decimals)."""
    if value == int(value):
        shown = f"{int(value):,}"
    else:
        shown = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if shown in ("-0", "") else shown


def format_value(value: float | None, unit: str | None = None) -> str:
    """A value with its unit ("$1,200", "-$3", "95%", "120 h"); '–' when missing."""
    if value is None:
        return "–"
    number = format_number(abs(value))
    minus = "-" if value < 0 and number != "0" else ""
    if unit in CURRENCIES:
        return f"{minus}{unit}{number}"
    if unit == PERCENT:
        return f"{minus}{number}%"
    if unit:
        return f"{minus}{number} {unit}"
    return f"{minus}{number}"
