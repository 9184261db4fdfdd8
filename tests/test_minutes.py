"""Minutes: golden files per format, Markdown/HTML escaping, the JSON schema, ICS.

Golden files are syrupy snapshots in tests/__snapshots__/test_minutes/, one per format.
After an intended change, rewrite them with `make snapshot-update` and read the diff
before committing it.
"""

from __future__ import annotations

import ast
import json
import time
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from markdown_it import MarkdownIt
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from campmeeting import minutes
from campmeeting.minutes import (
    Minutes,
    build_minutes,
    md_escape,
    minutes_filename,
    minutes_json_schema,
    render,
)
from campmeeting.store import Store
from campmeeting.text import slug as text_slug
from campmeeting.text import visible
from tests.minutes_fixture import (
    CI_COMMITMENT,
    CI_RESCOPED,
    CONTROL_NOTE,
    HOSTILE,
    LINK_BLOCKER,
    SCRIPT_BLOCKER,
    History,
    build_history,
    run_next_week,
)


class GoldenFile(SingleFileSnapshotExtension):
    """One golden file per format, compared byte for byte (the ICS keeps its CRLF)."""

    _write_mode = WriteMode.BINARY


def golden_extension(fmt: str) -> type[GoldenFile]:
    return type(f"Golden_{fmt}", (GoldenFile,), {"_file_extension": fmt})


@pytest.fixture
def history() -> History:
    return build_history(Store.memory())


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("fmt", ["md", "json", "html", "ics"])
def test_golden_file_per_format(history: History, fmt: str, snapshot) -> None:
    """Reviewed golden files (syrupy): after a deliberate change, `make snapshot-update`
    and read the diff of tests/__snapshots__/test_minutes/ before committing it."""
    store = history.store
    name = minutes_filename(store, store.meeting(history.fixed_id), fmt)
    assert name == f"2026-11-24-leadership-m{history.fixed_id}.{fmt}"
    produced = render(store, history.fixed_id, fmt)
    assert produced.encode("utf-8") == snapshot(extension_class=golden_extension(fmt))


def test_rendering_twice_gives_the_same_bytes(history: History) -> None:
    for fmt in minutes.FORMATS:
        assert render(history.store, history.fixed_id, fmt) == render(
            history.store, history.fixed_id, fmt
        )


def test_unknown_format_is_refused(history: History) -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(history.store, history.fixed_id, "pdf")


# --------------------------------------------------------------------------- the model


def test_minutes_hold_what_the_meeting_did(history: History) -> None:
    m = build_minutes(history.store, history.fixed_id)
    ids = history.ids
    assert (m.team, m.date, m.status) == ("Leadership", "2026-11-24", "ended")
    assert m.facilitator is not None and m.facilitator.handle == "maria"
    assert [(a.handle, a.present, a.rating) for a in m.attendees] == [
        ("ben", True, 7),
        ("li", False, None),
        ("maria", True, 8),
    ]
    # time discipline from insights: 66 of 60 minutes
    assert (m.time.planned_seconds, m.time.actual_seconds) == (3600, 3960)
    assert [s.actual_seconds / 60 for s in m.time.sections] == [6, 12, 4, 5, 28, 5, 2, 4]
    # accountability: 1 of 3 done; the re-scoped one keeps what it was and what it became
    acc = m.accountability
    assert (acc.done, acc.total, acc.pending, acc.completion_label) == (
        1,
        3,
        0,
        "1 of 3 done (33%, target 90%)",
    )
    outcomes = {r.id: r for r in acc.records}
    assert outcomes[ids["pricing"]].outcome == "done"
    assert outcomes[ids["bank"]].outcome == "abandoned"
    ci = outcomes[ids["ci"]]
    assert (ci.outcome, ci.text, ci.due_date, ci.overdue) == (
        "rescoped",
        CI_COMMITMENT,
        "2026-11-23",
        True,
    )
    assert (ci.rescoped_text, ci.rescoped_due_date) == (CI_RESCOPED, "2026-12-01")
    assert ids["offsite"] not in outcomes  # not due yet: not in the review set
    # priorities with their statuses
    assert {p.id: (p.status, p.status_before, p.new) for p in m.priorities} == {
        ids["launch"]: ("on_track", "on_track", False),
        ids["hire"]: ("off_track", "on_track", False),
        ids["list"]: ("on_track", None, True),
    }
    # blockers: new, resolved, carried with age, handed off, dropped
    blockers = {b.id: b for b in m.blockers}
    assert (blockers[ids["legal"]].status, blockers[ids["legal"]].new) == ("resolved", False)
    assert (blockers[ids["legal"]].age_weeks, blockers[ids["legal"]].times_carried) == (1, 1)
    assert blockers[ids["script"]].status == "handed_off"
    assert blockers[ids["script"]].handed_to == "R&D [labs]"
    assert (blockers[ids["quote"]].status, blockers[ids["quote"]].new) == ("open", True)
    assert (blockers[ids["printer"]].status, blockers[ids["printer"]].new) == ("dropped", True)
    assert m.blocker_counts.model_dump() == {
        "new": 4,  # one dropped down from a headline
        "resolved": 1,
        "carried": 3,
        "handed_off": 1,
        "dropped": 1,
    }
    # decisions with the blocker they came from
    decisions = {d.id: d for d in m.decisions}
    assert decisions[ids["decision"]].blocker is not None
    assert decisions[ids["decision"]].blocker.id == ids["legal"]
    assert decisions[ids["direct_decision"]].blocker is None
    # new commitments with owner and due date
    assert [(c.text, c.owner.handle if c.owner else None, c.due_date) for c in m.commitments] == [
        ("Send the signed DPA to legal", "ben", "2026-11-27"),
        ("Write the **postmortem**", "li", "2026-12-01"),
    ]
    assert [(s.to_team, s.text) for s in m.messages_sent] == [
        ("Product", "Pricing changes on 1 Dec")
    ]
    assert [(r.from_team, r.acknowledged) for r in m.messages_received] == [("Product", True)]
    assert [n.text for n in m.notes] == [CONTROL_NOTE]
    # ratings and their mean; next meeting from the cadence
    assert (m.rating_mean, m.rating_label) == (7.5, "7.5/10")
    assert m.next_meeting_at == "2026-12-01T09:00"
    assert m.open_after.model_dump() == {
        "blockers": 3,
        "commitments": 4,
        "priorities": 3,
        "total": 10,
    }
    # the issues list: ranks as it ended, the dropped-down issue linked both ways, the
    # reason for a low rating
    assert [(b.rank, b.id) for b in m.blockers if b.status == "open"] == [
        (1, ids["pilots_issue"]),
        (2, ids["quote"]),
        (3, ids["link"]),
    ]
    assert blockers[ids["legal"]].rank == 1  # as it left the list, resolved
    source = blockers[ids["pilots_issue"]].source
    assert source is not None and (source.id, source.kind) == (ids["emoji"], "headline")
    shared = {h.id: h for h in m.headlines}
    assert shared[ids["emoji"]].issue is not None
    assert shared[ids["emoji"]].issue.id == ids["pilots_issue"]
    assert shared[ids["heading"]].issue is None
    reasons = {a.handle: a.reason for a in m.attendees}
    assert reasons["ben"] == "too long on *status*" and reasons["maria"] is None


def test_a_blocker_handed_in_shows_where_it_came_from(history: History) -> None:
    store = history.store
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.meeting import LiveMeeting

    history.source.set(datetime(2026, 11, 26, 10, 0))
    live = LiveMeeting.start(
        store, history.source, history.rnd, load_agenda(resolve_agenda("camp")), "camp"
    )
    m = build_minutes(store, live.meeting_id)
    (blocker,) = m.blockers
    # passed along, it never looks new: it keeps where and when it was first raised
    assert (blocker.text, blocker.from_team, blocker.new) == (SCRIPT_BLOCKER, "Leadership", False)
    assert blocker.raised_at < blocker.created_at  # raised by Leadership on 17 Nov
    line = "(from Leadership, raised Tue 17 Nov 2026, 1 week old, carried 2 times)"
    assert line in render(store, live.meeting_id, "md")


def test_minutes_of_a_past_meeting_do_not_change_with_later_meetings(history: History) -> None:
    before = {fmt: render(history.store, history.fixed_id, fmt) for fmt in ("md", "json")}
    live = run_next_week(history)
    live.end()
    # the later meeting resolved, completed and re-scoped items of the fixed one
    assert history.store.item(history.ids["quote"]).status == "resolved"
    assert history.store.item(history.ids["postmortem"]).text == "Write the postmortem and share it"
    assert {fmt: render(history.store, history.fixed_id, fmt) for fmt in ("md", "json")} == before


def test_a_live_meeting_exports_marked_in_progress(history: History) -> None:
    live = run_next_week(history)
    m = build_minutes(history.store, live.meeting_id)
    assert (m.status, m.ended_at) == ("in_progress", None)
    # reviews done so far, and one still waiting: it counts as open (DOMAIN.md), 1 of 3
    assert (m.accountability.done, m.accountability.total, m.accountability.pending) == (1, 3, 1)
    assert [r.outcome for r in m.accountability.records][-1] is None
    # the later meeting sees the fixed meeting's open blocker as carried, one week old
    quote = next(b for b in m.blockers if b.id == history.ids["quote"])
    assert (quote.new, quote.times_carried, quote.age_weeks, quote.status) == (
        False,
        1,
        1,
        "resolved",
    )
    assert m.next_meeting_at == "2026-12-08T09:00"
    text = render(history.store, live.meeting_id, "md")
    assert "*In progress: exported while the meeting was running; not final.*" in text
    assert "**To review:**" in text
    assert "In progress" in render(history.store, live.meeting_id, "html")


def test_ten_thousand_characters_stay_whole(history: History) -> None:
    from campmeeting.meeting import LiveMeeting

    live = run_next_week(history)
    long_text = "x" * 5000 + " <script> " + "y" * 5000
    live.go_to(0)
    live.capture(long_text)
    assert LiveMeeting.resume(history.store, history.source, history.leadership) is not None
    m = build_minutes(history.store, live.meeting_id)
    assert long_text in [h.text for h in m.headlines]
    tokens = MarkdownIt("commonmark").parse(render(history.store, live.meeting_id, "md"))
    assert long_text in _texts(tokens)


# --------------------------------------------------------------------------- file names


def test_file_names_are_stable_and_safe(history: History) -> None:
    store = history.store
    first = store.meeting(history.first_id)
    assert minutes_filename(store, first, "md") == f"2026-11-17-leadership-m{first.id}.md"
    assert minutes_filename(store, first.id, "ics") == f"2026-11-17-leadership-m{first.id}.ics"
    from campmeeting.agenda import load_agenda, resolve_agenda
    from campmeeting.meeting import LiveMeeting

    live = LiveMeeting.start(
        store, history.source, history.rnd, load_agenda(resolve_agenda("camp")), "camp"
    )
    name = minutes_filename(store, live.meeting, "html")
    assert name == f"2026-11-24-r-d-labs-m{live.meeting_id}.html"
    with pytest.raises(ValueError):
        minutes_filename(store, first, "exe")


@pytest.mark.parametrize(
    ("team", "slug"),
    [
        ("Équipe Été", "equipe-ete"),
        ("../../etc/passwd", "etc-passwd"),
        ("🚀🚀", "team"),
        ("a" * 80, "a" * 40),
        ("CON", "con"),
    ],
)
def test_slugs_use_safe_characters_only(team: str, slug: str) -> None:
    assert text_slug(team) == slug


# --------------------------------------------------------------------------- Markdown


def _texts(tokens) -> list[str]:
    """The literal text of every inline token, as a reader sees it."""
    found = []
    for token in tokens:
        if token.type == "inline":
            found.append("".join(c.content for c in token.children or [] if c.type == "text"))
    return found


HOSTILE_STRINGS = [
    *HOSTILE,
    CONTROL_NOTE,
    "- not a list",
    "+ not a list",
    "* not a list",
    "2) not a list",
    "10. not a list",
    "=== not a setext",
    "--- ",
    "***",
    "    four spaces of code",
    "\tindented by a tab",
    "```python",
    "~~~",
    "<!-- comment -->",
    "<div>block html</div>",
    "[ref]: http://evil.example",
    "![img](http://x/y.png)",
    "<http://autolink.example>",
    "a\\",
    "trailing spaces   ",
    "&copy; &#x41; &nbsp;",
    "**bold** __bold__ _it_ *it*",
    "~~strike~~ | a | b |",
    "line\\\nbreak",
    "x\r\ny\u2028z",
    "ends with hash #",
    "`code` ``double``",
    "[bold]x[/] [link=http://a]y[/link]",
    "emoji 🚀 and ünïcödé",
    "",
]


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
@pytest.mark.parametrize(
    ("template", "start", "end", "block"),
    [
        ("- {}", True, True, "bullet_list_open"),
        ("# {}", True, True, "heading_open"),
        ("{}", True, True, None),
        ("> {}", True, True, "blockquote_open"),
        ("1. {} tail", True, False, "ordered_list_open"),
        ("- **Key:** {}", False, True, "bullet_list_open"),
        ("a {} b", False, False, None),
    ],
)
def test_markdown_escaping_round_trips_literally(
    text: str, template: str, start: bool, end: bool, block: str | None
) -> None:
    source = template.format(md_escape(text, start=start, end=end))
    tokens = MarkdownIt("commonmark").parse(source)
    kinds = [t.type for t in tokens]
    # exactly the block of our own template, nothing the text made up
    made = {"html_block", "code_block", "fence", "hr", "lheading", "heading_open"}
    made |= {"bullet_list_open", "ordered_list_open", "blockquote_open"}
    assert [k for k in kinds if k in made] == ([block] if block else [])
    children = [c for t in tokens if t.type == "inline" for c in t.children or []]
    allowed = {"text", "strong_open", "strong_close"} if "**Key" in template else {"text"}
    assert {c.type for c in children} <= allowed
    expected = visible(text)
    shown = _texts(tokens)
    if "**Key" in template:
        assert shown == ["Key: " + expected if expected else "Key:"]
    elif template == "1. {} tail":
        assert shown == [expected + " tail" if expected else "tail"]
    elif template == "a {} b":
        assert shown == [f"a {expected} b"]
    elif expected:
        assert shown == [expected]


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_markdown_escaping_holds_with_gfm_extensions(text: str) -> None:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse("- " + md_escape(text))
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert kinds <= {"text"}
    assert "table_open" not in [t.type for t in tokens]


def test_the_minutes_markdown_is_commonmark_that_shows_every_hostile_string(
    history: History,
) -> None:
    text = render(history.store, history.fixed_id, "md")
    md = MarkdownIt("commonmark")
    tokens = md.parse(text)
    kinds = [t.type for t in tokens]
    assert "html_block" not in kinds and "code_block" not in kinds and "fence" not in kinds
    children = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert children <= {"text", "strong_open", "strong_close", "em_open", "em_close"}
    # our headings only: the title, the sections, the blocker groups
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Leadership camp meeting, Tuesday 24 November 2026"
    assert "# Not a heading" not in headings
    shown = "\n".join(_texts(tokens))
    for hostile in [*HOSTILE, CI_RESCOPED, "Write the **postmortem**"]:
        assert hostile in shown, hostile
    assert visible(CONTROL_NOTE) in shown
    rendered = md.render(text)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "<b>" not in rendered and "<a " not in rendered
    assert "[bold]x[/]" in rendered


# --------------------------------------------------------------------------- HTML


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_user_string(history: History) -> None:
    page = render(history.store, history.fixed_id, "html")
    parser = _Page()
    parser.feed(page)
    parser.close()
    # only the tags the writer uses: no script, no link, no image, no handler attributes
    assert set(parser.tags) <= {
        "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3",
        "p", "ul", "li", "strong", "em", "table", "thead", "tbody", "tr", "th", "td",
        "footer",
    }  # fmt: skip
    assert "script" not in parser.tags
    assert not [
        name for name, _ in parser.attrs if name.startswith("on") or name in ("src", "href")
    ]
    shown = "".join(parser.text)
    for hostile in [*HOSTILE, CI_RESCOPED]:
        assert hostile in shown, hostile
    assert visible(CONTROL_NOTE) in shown and "\x1b" not in page and "\x07" not in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    # self-contained, and scripts could not run even if one slipped through
    assert "default-src 'none'" in page
    assert "@media print" in page
    assert "http://" not in page.replace(LINK_BLOCKER, "").replace("http://a", "")


def test_html_title_and_team_name_are_escaped(history: History) -> None:
    store = history.store
    with store.transaction():
        store.update("teams", history.leadership.id, {"name": "</title><script>x()</script>"})
    page = render(store, history.fixed_id, "html")
    parser = _Page()
    parser.feed(page)
    assert "script" not in parser.tags
    assert "&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;" in page


# --------------------------------------------------------------------------- JSON


def schema_problems(document: Any, schema: dict) -> list[str]:
    """Where the document breaks the schema (jsonschema, draft 2020-12), one line each."""
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(
        f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)
    )


def test_json_validates_against_the_published_schema(history: History) -> None:
    schema = minutes_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "campmeeting minutes"
    assert schema["additionalProperties"] is False
    for meeting_id in (history.first_id, history.fixed_id):
        document = json.loads(render(history.store, meeting_id, "json"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema_problems(document, schema) == []
        # and pydantic reads it back to the same minutes
        assert Minutes.model_validate(document) == build_minutes(history.store, meeting_id)


def test_the_schema_checker_can_fail(history: History) -> None:
    schema = minutes_json_schema()
    document = json.loads(render(history.store, history.fixed_id, "json"))
    document["accountability"]["records"][0]["outcome"] = "maybe"
    document["blockers"][0]["age_weeks"] = "1"
    del document["team"]
    document["extra"] = 1
    problems = schema_problems(document, schema)
    assert "$: 'team' is a required property" in problems
    assert any(p.startswith("$: Additional properties are not allowed ('extra'") for p in problems)
    assert "$.blockers[0].age_weeks: '1' is not of type 'integer'" in problems
    assert any(p.startswith("$.accountability.records[0].outcome") for p in problems)


def test_json_keeps_text_exactly_as_typed(history: History) -> None:
    document = json.loads(render(history.store, history.fixed_id, "json"))
    assert [n["text"] for n in document["notes"]] == [CONTROL_NOTE]
    texts = json.dumps(document, ensure_ascii=False)
    assert json.dumps(SCRIPT_BLOCKER, ensure_ascii=False) in texts


# --------------------------------------------------------------------------- ICS


def test_ics_is_a_series_from_the_next_meeting(history: History) -> None:
    calendar = Calendar.from_ical(render(history.store, history.fixed_id, "ics"))
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert str(start.tzinfo) == "Europe/Berlin"  # the team's zone, not the reader's
    assert event.decoded("dtend") - start == timedelta(hours=1)
    assert dict(event["rrule"]) == {
        "FREQ": ["WEEKLY"],
        "BYDAY": ["TU"],
        "BYHOUR": [9],
        "BYMINUTE": [0],
    }
    assert str(event["summary"]) == "Leadership camp meeting"
    assert "Open items: 10 (3 blockers, 4 commitments, 3 priorities)." in str(event["description"])
    assert "Rhythm: every Tuesday at 09:00." in str(event["description"])
    assert str(event["uid"]) == f"leadership-t{history.leadership.id}-meetings@campmeeting"
    attendees = event.get("attendee")
    names = sorted(a.params["cn"] for a in attendees)
    assert "Maria Keller" in names and all(str(a).startswith("urn:campmeeting:") for a in attendees)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    # a calendar app's view: the series' next occurrences, every Tuesday at 09:00 Berlin
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    assert [d.isoformat() for d in list(rule)[:2]] == [
        "2026-12-01T09:00:00+01:00",
        "2026-12-08T09:00:00+01:00",
    ]


def test_ics_uid_is_one_series_per_team(history: History) -> None:
    first = Calendar.from_ical(render(history.store, history.first_id, "ics"))
    fixed = Calendar.from_ical(render(history.store, history.fixed_id, "ics"))
    (a,), (b,) = first.walk("VEVENT"), fixed.walk("VEVENT")
    assert str(a["uid"]) == str(b["uid"])  # importing again updates the same series
    assert a.decoded("dtstart").date().isoformat() == "2026-11-24"


def test_ics_and_minutes_keep_the_teams_clock_in_another_zone(
    history: History, monkeypatch
) -> None:
    """Exported in New York, the minutes and the invitation still say 09:00 Berlin."""
    before = render(history.store, history.fixed_id, "md")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert render(history.store, history.fixed_id, "md") == before
    calendar = Calendar.from_ical(render(history.store, history.fixed_id, "ics"))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_ics_of_a_team_without_a_known_zone_is_in_utc(history: History) -> None:
    store = history.store
    with store.transaction():
        store.update("teams", history.leadership.id, {"timezone": None})
    calendar = Calendar.from_ical(render(store, history.fixed_id, "ics"))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert calendar.walk("VTIMEZONE") == []


def test_ics_without_a_next_meeting_is_refused(history: History) -> None:
    store = history.store
    with store.transaction():
        store.update("teams", history.leadership.id, {"cadence": None, "cadence_start": None})
        store.update("meetings", history.fixed_id, {"next_meeting_at": None})
    with pytest.raises(ValueError, match="has no next meeting"):
        render(store, history.fixed_id, "ics")
    assert "**Next meeting:** not scheduled" in render(store, history.fixed_id, "md")


# --------------------------------------------------------------------------- purity


@pytest.mark.parametrize(
    "path", sorted(Path(minutes.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_minutes_never_read_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not calls & {"now", "today", "utcnow", "time", "monotonic"}
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name and name.startswith("textual")}
