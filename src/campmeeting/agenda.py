"""Agenda files: load, check, find and describe the TOML agendas a meeting runs.

An agenda file looks like this (see INTERFACE.md, "Agenda files")::

    name = "Weekly Camp Meeting"
    description = "Regroup, clear blockers, commit."   # optional

    [[sections]]
    title = "Check-in"
    kind = "checkin"          # a SectionKind
    minutes = 5               # the timebox, > 0 (fractions allowed: 0.5)
    prompt = "One personal and one professional win each."   # optional

Top level, optional: ``commitment_due = "+7d"`` (a commitment captured without ``due:``
is due a week after the meeting; default: at the next meeting).

Everything wrong with a file is reported at once, as an :class:`AgendaError` whose
``problems`` are single lines of the form ``<file>: <where>: <message>``, e.g.::

    agendas/x.toml: sections[2].minutes: must be greater than 0
    agendas/x.toml: line 3, column 9: Expected '=' after a key in a key/value pair

``<where>`` is a field path or, for a file that is not valid TOML, a line and column.
Sections are counted from 1 in the order they appear in the file: the second
``[[sections]]`` table is ``sections[2]``.

This is a core module: no textual, no database.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from campmeeting.model import SectionKind

__all__ = [
    "Agenda",
    "AgendaError",
    "AgendaSection",
    "agenda_json_schema",
    "bundled_agenda_dir",
    "list_agendas",
    "load_agenda",
    "parse_agenda",
    "resolve_agenda",
    "user_agenda_dir",
]

AgendaOrigin = Literal["user", "bundled"]


class AgendaError(Exception):
    """An agenda that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


def _title_key(title: str) -> str:
    return title.strip().casefold()


class AgendaSection(BaseModel):
    """One timeboxed section of an agenda."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(description="Shown to everyone; unique within the agenda (any case).")
    kind: SectionKind = Field(
        description="What happens in the section: " + ", ".join(k.value for k in SectionKind)
    )
    minutes: float = Field(
        gt=0,
        strict=True,  # a number in the file, not a string of digits (ints are fine)
        allow_inf_nan=False,
        description="The timebox in minutes, greater than 0; fractions allowed (0.5).",
    )
    prompt: str | None = Field(
        default=None, description="Optional guidance shown to the facilitator."
    )

    _title_not_blank = field_validator("title")(_not_blank)


class Agenda(BaseModel):
    """An ordered list of timeboxed sections, as read from an agenda file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The meeting's name, e.g. 'Weekly Camp Meeting'.")
    description: str | None = Field(default=None, description="Optional: what it is for.")
    sections: list[AgendaSection] = Field(
        min_length=1, description="The sections, in the order they are run; at least one."
    )
    commitment_due: str | None = Field(
        default=None,
        description="Optional: when a commitment captured without due: is due, counted from "
        "the meeting: '+7d' (the EOS 7-day to-do) or '+2w'. Default: the next meeting.",
    )

    _name_not_blank = field_validator("name")(_not_blank)

    @field_validator("commitment_due")
    @classmethod
    def _relative_due(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\+([1-9][0-9]?)([dw])", value):
            raise PydanticCustomError(
                "relative_due", "must be days or weeks from the meeting: '+7d' or '+2w'"
            )
        return value

    def commitment_due_days(self) -> int | None:
        """The default due of a commitment in days from the meeting (None: the next one)."""
        if self.commitment_due is None:
            return None
        number = int(self.commitment_due[1:-1])
        return number * (7 if self.commitment_due.endswith("w") else 1)

    @field_validator("sections")
    @classmethod
    def _unique_titles(cls, sections: list[AgendaSection]) -> list[AgendaSection]:
        dups = _duplicate_titles([s.title for s in sections])
        if dups:
            index, title, first = dups[0]
            raise PydanticCustomError(
                "duplicate_title",
                f"duplicate title {title!r} at sections[{index}] (also sections[{first}])",
            )
        return sections

    @property
    def planned_minutes(self) -> float:
        """The sum of the sections' timeboxes."""
        return sum(s.minutes for s in self.sections)


def _duplicate_titles(titles: list[Any]) -> list[tuple[int, str, int]]:
    """(1-based index, title, 1-based index of its first use) for each repeated title.

    Titles that are not non-blank strings are skipped (they are reported elsewhere).
    """
    first_seen: dict[str, int] = {}
    dups: list[tuple[int, str, int]] = []
    for i, title in enumerate(titles, start=1):
        if not isinstance(title, str) or not title.strip():
            continue
        key = _title_key(title)
        if key in first_seen:
            dups.append((i, title, first_seen[key]))
        else:
            first_seen[key] = i
    return dups


# --- turning pydantic's errors into one plain line each -------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TOML_POSITION = re.compile(
    r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$", re.S
)


def _show(value: Any) -> str:
    """A value as a user would recognise it from their TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _where(loc: tuple[int | str, ...]) -> str:
    """('sections', 1, 'minutes') -> 'sections[2].minutes' (sections counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            key = part if _BARE_KEY.match(part) else json.dumps(part)
            out += f".{key}" if out else key
    return out


def _kinds() -> str:
    return ", ".join(k.value for k in SectionKind)


def _message(err: Any) -> str:
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    field = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
    if kind == "extra_forbidden":
        return "unknown key"
    if field == "sections" and err["loc"] == ("sections",) and kind in ("missing", "too_short"):
        return "at least one section is required"
    if kind == "missing":
        return "is required"
    if kind == "enum":
        return f"{_show(value)} is not a section kind; expected one of {_kinds()}"
    if kind in ("float_type", "float_parsing"):
        return f"must be a number, not {_show(value)}"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt', 0):g}"
    if kind == "finite_number":
        return f"must be a finite number, not {_show(value)}"
    if kind == "string_type":
        return f"must be a string, not {_show(value)}"
    if kind in ("blank", "string_too_short"):
        return "must not be empty"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a table, not {_show(value)}"
    if kind == "list_type":
        return f"must be an array of [[{field}]] tables, not {_show(value)}"
    msg = str(err.get("msg", kind))  # anything unforeseen: pydantic's own words, tidied
    msg = msg.removeprefix("Value error, ").replace("\n", " ")
    return msg[:1].lower() + msg[1:]


def _section_index(loc: tuple[int | str, ...]) -> int:
    """The 1-based section a location is in, 0 for the top level (so it sorts first)."""
    if len(loc) >= 2 and loc[0] == "sections" and isinstance(loc[1], int):
        return loc[1] + 1
    return 0


def _problems(data: dict[str, Any], source: str) -> list[str]:
    """Every problem with a decoded agenda document, in file order; [] if it is valid."""
    located: list[tuple[int, str]] = []
    try:
        Agenda.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            if err["type"] == "duplicate_title":
                continue  # found below, together with everything else
            loc = tuple(err["loc"])
            where = _where(loc)
            line = f"{source}: {where}: {_message(err)}" if where else f"{source}: {_message(err)}"
            located.append((_section_index(loc), line))
    sections = data.get("sections")
    if isinstance(sections, list):
        titles = [s.get("title") if isinstance(s, dict) else None for s in sections]
        for index, title, first in _duplicate_titles(titles):
            located.append(
                (
                    index,
                    f"{source}: sections[{index}].title: "
                    f"duplicate title {title!r} (also sections[{first}])",
                )
            )
    located.sort(key=lambda item: item[0])  # stable: keeps pydantic's order within a section
    return [line for _, line in located]


# --- reading ------------------------------------------------------------------------


def _end_position(text: str) -> tuple[int, int]:
    line = text.count("\n") + 1
    return line, len(text) - (text.rfind("\n") + 1) + 1


def parse_agenda(text: str, source: str) -> Agenda:
    """Parse and check the TOML text of an agenda; ``source`` names it in problems.

    Raises :class:`AgendaError` listing every problem, one line each, in file order.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raw = str(exc)
        match = _TOML_POSITION.match(raw)
        if match is None:
            raise AgendaError(f"{source}: {raw}") from None
        if match["line"]:
            line, col = int(match["line"]), int(match["col"])
        else:
            line, col = _end_position(text)
        msg = match["msg"].replace("\n", " ")
        raise AgendaError(f"{source}: line {line}, column {col}: {msg}") from None
    problems = _problems(data, source)
    if problems:
        raise AgendaError(problems)
    return Agenda.model_validate(data)


def load_agenda(path: str | Path) -> Agenda:
    """Read and check an agenda file; problems name the file as ``str(path)``.

    A UTF-8 byte order mark is accepted (some Windows editors write one).
    """
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise AgendaError(f"{source}: cannot read file: {reason}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        before = raw[:offset]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise AgendaError(
            f"{source}: line {line}, column {col}: not UTF-8 text "
            f"(byte 0x{raw[offset]:02x}); save the file as UTF-8"
        ) from None
    return parse_agenda(text, source)


# --- finding ------------------------------------------------------------------------


def bundled_agenda_dir() -> Path:
    """The agendas shipped with campmeeting: package data (`campmeeting/agendas/`), read
    through importlib.resources, so an installed wheel finds them as a checkout does."""
    return Path(str(files("campmeeting") / "agendas"))


def user_agenda_dir() -> Path:
    """Where a user keeps their own agendas: ``<user config dir>/campmeeting/agendas``."""
    return platformdirs.user_config_path("campmeeting") / "agendas"


def _toml_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in folder.glob("*.toml") if p.is_file()}


def list_agendas(user_dir: Path | None = None) -> list[tuple[str, Path, AgendaOrigin]]:
    """(name, path, "user" | "bundled") for every agenda, sorted by name.

    A user agenda shadows a bundled one of the same name. Files are not checked here.
    """
    folder = user_agenda_dir() if user_dir is None else Path(user_dir)
    found: dict[str, tuple[str, Path, AgendaOrigin]] = {}
    for name, path in _toml_files(bundled_agenda_dir()).items():
        found[name] = (name, path, "bundled")
    for name, path in _toml_files(folder).items():
        found[name] = (name, path, "user")
    return [found[name] for name in sorted(found)]


def resolve_agenda(name_or_path: str, user_dir: Path | None = None) -> Path:
    """The file an ``--agenda NAME|FILE`` argument means.

    Lookup order: an existing file at that path; then ``<user_dir>/<name>.toml``
    (default :func:`user_agenda_dir`); then the bundled ``<name>.toml``. A trailing
    ``.toml`` on a name is ignored. Raises :class:`AgendaError` (one line that lists
    the available names) when nothing matches.
    """
    folder = user_agenda_dir() if user_dir is None else Path(user_dir)
    as_path = Path(name_or_path).expanduser()
    if as_path.is_file():
        return as_path
    name = name_or_path.removesuffix(".toml")
    if name and "/" not in name and "\\" not in name:
        for candidate in (folder / f"{name}.toml", bundled_agenda_dir() / f"{name}.toml"):
            if candidate.is_file():
                return candidate
    names = ", ".join(n for n, _, _ in list_agendas(folder)) or "none"
    raise AgendaError(
        f"{name_or_path}: no such agenda file or name; available agendas: {names} "
        f"(add your own in {folder})"
    )


def agenda_json_schema() -> dict[str, Any]:
    """A JSON Schema for agenda files, for editors that check TOML against one."""
    schema = Agenda.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "campmeeting agenda",
        "description": (
            "A campmeeting agenda file (TOML): a name, an optional description, and "
            "[[sections]] tables run in order, each with a title, a kind, a timebox in "
            "minutes and an optional facilitator prompt."
        ),
    }
