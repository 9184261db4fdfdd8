"""The scorecard in the minutes (Markdown, HTML, JSON) with hostile measurable names: a
title is shown exactly as typed and never becomes markup, a column, a tag or a control
sequence; the JSON validates against the published schema; the minutes of an ended
meeting do not change when values change later."""

from __future__ import annotations

import json
from datetime import datetime
from html.parser import HTMLParser

import jsonschema
import pytest
from markdown_it import MarkdownIt

from campmeeting import scorecard
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.minutes import build_minutes, minutes_json_schema, render
from campmeeting.records import Team
from campmeeting.store import Store
from campmeeting.text import visible

SCRIPT = "<script>alert('x')</script>"
MARKUP = "[bold]x[/] [link=http://a]y[/link]"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 \x9b2J"
PIPES = "a | b || c |"
BLOCKS = "- # 1. > ```"
NEWLINE = "two\nlines"
HOSTILE_TITLES = [SCRIPT, MARKUP, ESCAPES, PIPES, BLOCKS, NEWLINE, "   "[:0] + "*em* _u_ `c`"]


@pytest.fixture
def ended(store: Store, source: FakeTime, team: Team) -> int:
    """A level10 meeting whose scorecard has every hostile title; one dropped down."""
    source.set(datetime(2026, 11, 17, 9, 0))
    found = []
    for n, title in enumerate(HOSTILE_TITLES):
        unit = "$" if n == 0 else None
        found.append(
            scorecard.add_measurable(store, source, team, title, ">= 100", owner="@ana", unit=unit)
        )
        scorecard.record_value(store, source, found[-1], str(90 + 5 * n), "2026-W47")
    source.set(datetime(2026, 11, 24, 9, 0))
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("level10")), "level10")
    live.go_to(1)
    for n, measurable in enumerate(found[:-1]):
        live.record_measurable(measurable.id, str(80 + 10 * n))
    live.drop_measurable(found[0].id)
    live.end()
    return live.meeting_id


def test_the_minutes_hold_the_weeks_scorecard(store: Store, ended: int) -> None:
    minutes = build_minutes(store, ended)
    assert minutes.scorecard_week == "2026-W48"
    assert [e.title for e in minutes.scorecard] == HOSTILE_TITLES  # exactly as typed
    first = minutes.scorecard[0]
    assert (first.value, first.value_label, first.status, first.goal, first.goal_label) == (
        80.0,
        "$80",
        "off_track",
        ">= 100",
        ">= $100",
    )
    assert first.owner is not None and first.owner.handle == "ana"
    assert first.previous[0].week == "2026-W47" and first.previous[0].value == 90
    assert len(first.previous) == 13
    assert first.blocker is not None and first.blocker.text == f"{SCRIPT}: $80, goal >= $100"
    assert minutes.scorecard[-1].status == "missing" and minutes.scorecard[-1].value is None
    assert [e.status for e in minutes.scorecard[2:4]] == ["on_track", "on_track"]
    dropped = next(b for b in minutes.blockers if b.id == first.blocker.id)
    assert dropped.from_measurable == SCRIPT and dropped.new


def test_the_markdown_table_keeps_every_title_in_its_cell(store: Store, ended: int) -> None:
    text = render(store, ended, "md")
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    assert "html_block" not in [t.type for t in tokens]
    start = [i for i, t in enumerate(tokens) if t.type == "table_open"]
    assert len(start) == 1
    rows: list[list[str]] = []
    row: list[str] = []
    for token in tokens[start[0] :]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            row = []
        elif token.type == "inline":
            assert {c.type for c in token.children or []} <= {"text"}, token.children
            row.append("".join(c.content for c in token.children or []))
        elif token.type == "tr_close":
            rows.append(row)
    header, *body = rows
    assert header == ["Measurable", "Owner", "Goal", "W48", "Status", "W47", "W46", "W45", "W44"]
    assert [len(r) for r in body] == [len(header)] * len(HOSTILE_TITLES)  # no column made up
    assert [r[0] for r in body] == [visible(t) for t in HOSTILE_TITLES]
    assert body[0][1:5] == ["@ana", ">= $100", "✗ $80", "off track"]
    assert body[0][5] == "✗ $90"
    assert body[-1][3:5] == ["–", "missing"]
    rendered = md.render(text)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "<a " not in rendered and "<em>" not in rendered.split("<table>")[1].split("</table>")[0]


def test_markdown_without_tables_is_still_safe(store: Store, ended: int) -> None:
    text = render(store, ended, "md")
    tokens = MarkdownIt("commonmark").parse(text)
    kinds = [t.type for t in tokens]
    assert "html_block" not in kinds and "code_block" not in kinds and "fence" not in kinds
    children = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert children <= {"text", "strong_open", "strong_close", "em_open", "em_close", "softbreak"}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Scorecard" in headings and not any("1." in h for h in headings)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "td":
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def test_the_html_table_shows_titles_as_text(store: Store, ended: int) -> None:
    page = render(store, ended, "html")
    assert '<table class="scorecard">' in page
    assert "\x1b" not in page and "\x9b" not in page and "<script>" not in page
    parser = _Page()
    parser.feed(page)
    assert "script" not in parser.tags and "a" not in parser.tags and "b" not in parser.tags
    for title in HOSTILE_TITLES:
        assert visible(title) in parser.cells, title


def test_the_json_validates_and_keeps_titles_exactly(store: Store, ended: int) -> None:
    document = json.loads(render(store, ended, "json"))
    validator = jsonschema.Draft202012Validator(minutes_json_schema())
    assert [e.message for e in validator.iter_errors(document)] == []
    assert [e["title"] for e in document["scorecard"]] == HOSTILE_TITLES
    broken = json.loads(json.dumps(document))
    broken["scorecard"][0]["status"] = "fine"
    assert list(validator.iter_errors(broken))  # the schema checks the scorecard too


def test_the_minutes_of_an_ended_meeting_keep_their_numbers(
    store: Store, source: FakeTime, ended: int
) -> None:
    before = render(store, ended, "md")
    measurable = scorecard.measurables(store, 1)[1]
    source.set(datetime(2026, 11, 26, 9, 0))
    scorecard.record_value(store, source, measurable, "555", "2026-W48")
    scorecard.add_measurable(store, source, store.team(1), "Added later", ">= 1")
    scorecard.archive_measurable(store, source, scorecard.measurables(store, 1)[0])
    assert render(store, ended, "md") == before


def test_a_blocker_from_the_scorecard_names_its_measurable_as_any_source(
    store: Store, ended: int
) -> None:
    """'(from measurable: Revenue)' is written as '(from headline: ...)' is: the title as
    text after the italic words, never inside them."""
    text = render(store, ended, "md")
    (line,) = [x for x in text.splitlines() if "*(from measurable:*" in x]
    assert line.endswith("*(new)* *(from measurable:* \\<script\\>alert('x')\\</script\\>*)*")
