"""`campmeeting insights`: text for a terminal, JSON valid against `--schema`, one
self-contained HTML page with charts and no script; user text never runs."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from campmeeting import insights, insights_report
from campmeeting.clock import FakeTime
from campmeeting.minutes.html import CSP
from campmeeting.store import Store
from tests.cli_support import Result, assert_one_line_error, run_main
from tests.insights_support import HOSTILE, STORY_TODAY, story

AS_OF = ["--as-of", STORY_TODAY.isoformat()]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database for the module: every command here only reads it."""
    path = tmp_path_factory.mktemp("insights") / "camp.db"
    store = Store.open(path)
    story(store, FakeTime(datetime(2026, 1, 1)))
    store.close()
    return path


@pytest.fixture
def cm(capsys: pytest.CaptureFixture[str], db: Path):
    def run(*args: str) -> Result:
        return run_main(capsys, ["--db", str(db), "insights", *args])

    return run


def test_text_for_a_terminal(cm) -> None:
    result = cm(*AS_OF)
    assert (result.code, result.err) == (0, "")
    out = result.out
    assert out.startswith("Insights · 13 weeks, Wed 26 Aug to Tue 24 Nov · every team\n")
    assert "  Completion        ·▁▁▁" in out  # n/a, then 0% three times
    assert "Decision velocity: no blockers resolved in 13 weeks" in out
    for title in ("Stuck blockers", "Slipping commitments", "Priorities adrift"):
        assert f"! {title}" in out
    assert "Chronic overrun (1)" in out and "Honesty gap (1)" in out
    assert "No meeting on Tue 17 Nov" in out
    assert "Ops → Platform: Freeze starts 1 Dec" in out
    # user text shown literally, its control characters made visible
    assert "\x1b" not in out and "[bold]x[/]" in out
    one = cm("--team", "Platform", *AS_OF)
    assert one.code == 0 and "Ops · " not in one.out and "Platform · 4 meetings" in one.out


def test_json_validates_against_the_schema(cm) -> None:
    schema = cm("--schema")
    assert schema.code == 0
    published = json.loads(schema.out)
    assert published == insights_report.insights_json_schema()
    result = cm("--format", "json", "--weeks", "6", *AS_OF)
    assert result.code == 0
    data = json.loads(result.out)
    jsonschema.validate(data, published)
    assert data["window"] == {"weeks": 6, "start": "2026-10-14", "end": "2026-11-24"}
    kinds = {s["kind"] for team in data["teams"] for s in team["signals"]}
    assert kinds == {k.value for k in insights.SignalKind} - {"measurable_off_goal"}
    assert "\x1b" not in result.out  # JSON escapes it
    (hostile,) = data["hand_offs"]
    assert hostile["text"] == f"Printer {HOSTILE}"


def test_html_is_one_page_with_charts_and_no_script(cm, tmp_path: Path) -> None:
    target = tmp_path / "insights.html"
    result = cm("--format", "html", "-o", str(target), *AS_OF)
    assert (result.code, result.out.strip()) == (0, str(target))
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert f'content="{CSP}"' in page
    assert "script-src" not in page and "default-src 'none'" in page
    assert "<script" not in page.lower()  # pygal's scripts are removed; hostile text escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\\x1b" not in page
    assert not re.search(r"(?:src|href)=", page)  # nothing loaded from anywhere
    # real charts: four inline SVG charts per team with a meeting, with fixed ids
    assert page.count("<svg") == 8
    assert 'id="chart-t1-done"' in page and "Target 90%" in page
    assert "<!--" not in page  # pygal's generator comments (with the date) are gone
    # the same insights give the same page
    again = cm("--format", "html", *AS_OF)
    assert again.out == page


def test_output_to_stdout_or_a_file_and_bad_input(cm, tmp_path: Path) -> None:
    assert cm("--format", "json", "-o", "-", *AS_OF).out.startswith("{")
    assert_one_line_error(cm("--team", "Nope"), "no team named 'Nope'", "Ops", "Platform")
    assert_one_line_error(cm("--weeks", "0"), "--weeks")
    assert_one_line_error(cm("--as-of", "yesterday"), "'yesterday' is not a date")
    assert_one_line_error(cm("--format", "pdf"), "pdf")
    assert_one_line_error(cm("-o", str(tmp_path)), "is a folder")
    assert_one_line_error(cm("-o", str(tmp_path / "no" / "x.txt")), "does not exist")


def test_the_report_reads_a_file_read_only(cm, db: Path) -> None:
    before = db.read_bytes()
    assert cm(*AS_OF).code == 0
    assert db.read_bytes() == before
