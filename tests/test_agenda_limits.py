"""Agenda files an attacker or bad luck would write: too deep, too big, not a file, absurd.

Each gets one line naming the file (and the field when there is one) and exit 2 from
`campmeeting agendas check`, and the other files of the batch still get their verdict.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from campmeeting.agenda import (
    MAX_FILE_BYTES,
    MAX_MINUTES,
    MAX_NAME_CHARS,
    MAX_PROBLEMS,
    MAX_SECTIONS,
    MAX_TEXT_CHARS,
    AgendaError,
    load_agenda,
    parse_agenda,
)
from tests.cli_support import run_main

ROOT = Path(__file__).resolve().parents[1]
CAMP = ROOT / "src" / "campmeeting" / "agendas" / "camp.toml"
SRC = "x.toml"


def one_section(minutes: str = "5", title: str = "Check-in", **extra: str) -> str:
    lines = ['name = "Test"', "[[sections]]", f'title = "{title}"', 'kind = "checkin"']
    lines.append(f"minutes = {minutes}")
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def only_problem(text: str) -> str:
    with pytest.raises(AgendaError) as info:
        parse_agenda(text, SRC)
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


def check(capsys: pytest.CaptureFixture[str], *files: Path) -> tuple[int, list[str], str]:
    result = run_main(capsys, ["agendas", "check", *map(str, files)])
    assert "Traceback" not in result.err
    return result.code, result.err_lines, result.out


# --------------------------------------------------------------------------- nesting

DEEP = 100_000


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("name = " + "[" * DEEP + "]" * DEEP + "\n", id="arrays"),
        pytest.param("name = " + "{a=" * DEEP + "1" + "}" * DEEP + "\n", id="inline-tables"),
        pytest.param("name = [" + "{a=[" * 2000 + "]}" * 2000 + "]\n", id="mixed"),
    ],
)
def test_deep_nesting_is_one_line(text: str) -> None:
    problem = only_problem(text)
    assert problem.startswith(f"{SRC}: line 1, column ") and "nested" in problem, problem


def test_a_key_of_very_many_dotted_parts_is_one_line_not_a_memory_blow_up() -> None:
    # tomllib's cost grows with the square of a dotted key's parts: 20,000 take 1.5 GB
    text = ".".join(["a"] * 100_000) + " = 1\n"
    problem = only_problem(text)
    assert problem.startswith(f"{SRC}: line 1, column ") and "dotted" in problem, problem


def test_dots_and_brackets_inside_strings_and_comments_are_not_counted() -> None:
    many = "." * 300 + "[" * 300 + "{" * 300
    text = f'description = """{many}\\""" still a string"""  # {many}\n'
    text += one_section(prompt=f"'{many}'").replace("\n", f"  # {many}\n", 1)
    agenda = parse_agenda(text, SRC)
    assert agenda.sections[0].prompt == many
    assert agenda.description == f'{many}""" still a string'


def test_deep_file_in_a_batch_is_one_line_and_the_others_get_their_verdict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("name = " + "[" * DEEP + "]" * DEEP + "\n", encoding="utf-8")
    code, errors, out = check(capsys, deep, CAMP)
    assert code == 2
    assert len(errors) == 1 and errors[0].startswith(f"{deep}: line 1, column "), errors
    assert f"{CAMP}: ok (Weekly Camp Meeting, 60 min)" in out


# --------------------------------------------------------------------------- not a file


def test_a_fifo_is_refused_at_once_and_the_batch_goes_on(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "agenda.toml"
    os.mkfifo(fifo)
    # A real process: reading a FIFO nobody writes to would block this one forever.
    # The timeout only turns a hang into a failure; it is no speed requirement.
    done = subprocess.run(
        [sys.executable, "-m", "campmeeting", "agendas", "check", str(fifo), str(CAMP)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done
    assert done.stderr.splitlines() == [f"{fifo}: not a regular file (a FIFO)"]
    assert f"{CAMP}: ok (" in done.stdout


@pytest.mark.parametrize(
    ("target", "what"),
    [(Path("/dev/null"), "a character device"), (None, "a folder")],
)
def test_other_files_that_are_not_regular_are_refused(
    tmp_path: Path, target: Path | None, what: str
) -> None:
    path = target or tmp_path
    if not path.exists():
        pytest.skip(f"no {path} here")
    with pytest.raises(AgendaError) as info:
        load_agenda(path)
    assert info.value.problems == [f"{path}: not a regular file ({what})"]


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n" + one_section().encode())
    with pytest.raises(AgendaError) as info:
        load_agenda(big)
    assert info.value.problems == [
        f"{big}: the file is larger than {MAX_FILE_BYTES // 1024} KiB "
        f"({big.stat().st_size:,} bytes); an agenda is a small text file"
    ]


# --------------------------------------------------------------------------- absurd agendas


def test_ten_thousand_sections_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    written = tmp_path / "written.toml"  # each section in full: past the size limit
    body = "".join(
        f'[[sections]]\ntitle = "S{i}"\nkind = "notes"\nminutes = 1\n' for i in range(10_000)
    )
    written.write_text('name = "Many"\n' + body, encoding="utf-8")
    terse = tmp_path / "terse.toml"  # empty tables: small enough to be parsed
    terse.write_text('name = "Many"\n' + "[[sections]]\n" * 10_000, encoding="utf-8")
    code, errors, _ = check(capsys, written, terse)
    assert code == 2
    assert errors == [
        f"{written}: the file is larger than 256 KiB ({written.stat().st_size:,} bytes); "
        "an agenda is a small text file",
        f"{terse}: sections: at most {MAX_SECTIONS} sections, not 10,000",
    ]


def test_as_many_sections_as_allowed_load() -> None:
    body = "".join(
        f'[[sections]]\ntitle = "S{i}"\nkind = "notes"\nminutes = 1\n' for i in range(MAX_SECTIONS)
    )
    assert len(parse_agenda('name = "Many"\n' + body, SRC).sections) == MAX_SECTIONS


@pytest.mark.parametrize("minutes", ["1e308", "481", "1e10", "100000"])
def test_absurd_minutes_are_one_line(minutes: str) -> None:
    shown = f"{float(minutes):g}"
    assert only_problem(one_section(minutes)) == (
        f"{SRC}: sections[1].minutes: must be at most {MAX_MINUTES} (8 hours), not {shown}"
    )


def test_the_longest_timebox_loads() -> None:
    assert parse_agenda(one_section(str(MAX_MINUTES)), SRC).planned_minutes == MAX_MINUTES


def test_absurd_minutes_in_a_batch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    huge.write_text(one_section("1e308"), encoding="utf-8")
    code, errors, out = check(capsys, huge, CAMP)
    assert code == 2 and len(errors) == 1 and "sections[1].minutes" in errors[0]
    assert ": ok (" in out


@pytest.mark.parametrize(
    ("text", "where", "limit"),
    [
        (one_section(title="T" * (MAX_NAME_CHARS + 1)), "sections[1].title", MAX_NAME_CHARS),
        (one_section(prompt=f'"{"p" * (MAX_TEXT_CHARS + 1)}"'), "sections[1].prompt", 1000),
        (
            one_section().replace('name = "Test"', f'name = "{"n" * (MAX_NAME_CHARS + 1)}"'),
            "name",
            MAX_NAME_CHARS,
        ),
        (
            f'description = "{"d" * (MAX_TEXT_CHARS + 1)}"\n' + one_section(),
            "description",
            MAX_TEXT_CHARS,
        ),
    ],
    ids=["title", "prompt", "name", "description"],
)
def test_long_texts_are_one_line(text: str, where: str, limit: int) -> None:
    assert only_problem(text) == (
        f"{SRC}: {where}: must be at most {limit:,} characters, not {limit + 1:,}"
    )


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [
        (one_section(title="A\\u001b[2JB"), "sections[1].title", "U+001B"),
        (one_section(title="A\\r\\nBEGIN:VEVENT"), "sections[1].title", "U+000D"),
        (one_section().replace('"Test"', '"Te\\u0085st"'), "name", "U+0085"),
        (one_section(prompt='"bell \\u0007"'), "sections[1].prompt", "U+0007"),
    ],
    ids=["escape-in-title", "crlf-in-title", "c1-in-name", "bell-in-prompt"],
)
def test_control_characters_in_agenda_texts_are_refused(text: str, where: str, code: str) -> None:
    problem = only_problem(text)
    assert problem.startswith(f"{SRC}: {where}: must not contain control characters"), problem
    assert code in problem


def test_a_prompt_may_span_lines() -> None:
    text = one_section(prompt='"""\nOne win each.\n\tThen the numbers.\n"""')
    assert parse_agenda(text, SRC).sections[0].prompt == "One win each.\n\tThen the numbers.\n"


def test_a_flood_of_problems_is_cut_to_a_few_lines() -> None:
    text = "".join(f"key{i} = 1\n" for i in range(5000)) + one_section()
    with pytest.raises(AgendaError) as info:
        parse_agenda(text, SRC)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS
    assert problems[0] == f"{SRC}: key0: unknown key"
    assert problems[-1] == f"{SRC}: and {5000 - MAX_PROBLEMS + 1:,} more problems"
