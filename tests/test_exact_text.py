"""What was typed is what is stored: the capture box and `campmeeting add` keep every
character but the blanks around the line and the tokens they read (@owner, due:, #TEAM).

Blanks are spaces of any width (Unicode Zs: U+0020, U+00A0, U+3000 ...) and tabs. Line
and paragraph separators, line breaks, other control characters, zero-width and bidi
characters are text, at the ends too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campmeeting.capture import ProblemKind, parse_capture
from campmeeting.clock import FakeTime
from campmeeting.store import Store
from campmeeting.tui.screens.meeting import MeetingScreen
from tests.cli_support import run_main
from tests.tui_support import capture, make_app, seed_team, wait_for_screen

FRIDAY = dt.date(2026, 11, 27)
KEPT = {
    "paragraph-separator": "\u2029",
    "line-separator": "\u2028",
    "line-feed": "\n",
    "carriage-return": "\r",
    "vertical-tab": "\x0b",
    "form-feed": "\x0c",
    "next-line": "\x85",
    "information-separator": "\x1f",
    "zero-width-space": "\u200b",
    "bidi-isolate-end": "\u2069",
}
TRIMMED = {
    "space": " ",
    "tab": "\t",
    "no-break-space": "\u00a0",
    "ideographic-space": "\u3000",
    "em-space": "\u2003",
}


def text_of(line: str, **kwargs) -> str:
    return parse_capture(line, today=FRIDAY, handles=["ana"], **kwargs).text


@pytest.mark.parametrize("char", KEPT.values(), ids=KEPT.keys())
def test_characters_that_are_not_blanks_are_kept_at_both_ends(char: str) -> None:
    assert text_of(f"Printer down{char}") == f"Printer down{char}"
    assert text_of(f"{char}Printer down") == f"{char}Printer down"
    assert text_of(f"Printer down{char} @ana") == f"Printer down{char}"
    assert text_of(f"@ana {char}Printer down") == f"{char}Printer down"


@pytest.mark.parametrize("char", TRIMMED.values(), ids=TRIMMED.keys())
def test_blanks_at_the_ends_are_trimmed(char: str) -> None:
    assert text_of(f"{char}Printer down{char}{char}") == "Printer down"
    assert text_of(f"Printer{char}down") == f"Printer{char}down"


def test_a_token_takes_only_the_blanks_beside_it() -> None:
    assert text_of("a  @ana  b") == "a  b"
    assert text_of("資料\u3000@ana") == "資料"
    assert text_of("end\u2029 @ana") == "end\u2029"
    assert text_of("end @ana\u2029") == "end\u2029"
    assert text_of("a\u2028@ana b") == "a\u2028b"


def test_a_line_of_only_separators_is_empty() -> None:
    for line in ("\u2029", " \u2028 ", "\n", "@ana \u2029"):
        kinds = [p.kind for p in parse_capture(line, today=FRIDAY, handles=["ana"]).problems]
        assert kinds == [ProblemKind.EMPTY], repr(line)


TYPED = "Printer on floor 2 is down\u2029"


def test_add_stores_trailing_unicode_whitespace_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "camp.db")
    assert run_main(capsys, ["--db", db, "teams", "add", "Core"]).code == 0
    for argv in ([TYPED], ["Printer", "on", "floor", "2", "is", "down\u2029"]):
        assert run_main(capsys, ["--db", db, "add", "--team", "Core", "blocker", *argv]).code == 0
    store = Store.open_readonly(db)
    try:
        assert [r["text"] for r in store.rows("select text from items order by id")] == [
            TYPED,
            TYPED,
        ]
    finally:
        store.close()


async def test_the_capture_box_and_add_store_the_same_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, source: FakeTime
) -> None:
    db = tmp_path / "camp.db"
    store = Store.open(db)
    team = seed_team(store, source)
    lines = [TYPED, "\u3000 Ship it\u2028 @ana ", "tab\tinside\t"]
    app = make_app(store, source, team=team)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, MeetingScreen)
        for line in lines:  # check-in: each line is a headline
            await capture(pilot, line)
    from_box = [r["text"] for r in store.rows("select text from items order by id")]
    store.close()
    for line in lines:
        result = run_main(capsys, ["--db", str(db), "add", "--team", team.name, "headline", line])
        assert result.code == 0, result.err
    reader = Store.open_readonly(db)
    try:
        texts = [r["text"] for r in reader.rows("select text from items order by id")]
    finally:
        reader.close()
    assert from_box == [TYPED, "Ship it\u2028", "tab\tinside"]
    assert texts[len(lines) :] == from_box
