"""`campmeeting export`: choosing meetings, stdout or files, --all -o DIR, --schema, errors."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest

from campmeeting import exporting, minutes
from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.cli import main
from campmeeting.clock import FakeTime
from campmeeting.exporting import export_meetings, select_meetings
from campmeeting.meeting import LiveMeeting, create_team
from campmeeting.store import Store
from tests.cli_support import Result, assert_one_line_error, run_main
from tests.minutes_fixture import History, build_history, run_next_week

GOLDEN = Path(__file__).parent / "__snapshots__" / "test_minutes"  # reviewed golden files


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, History]:
    """The fixed history in a database file (closed: export opens it read-only)."""
    db = tmp_path / "camp.db"
    store = Store.open(db)
    history = build_history(store)
    store.close()
    return db, history


@pytest.fixture
def export(capsys: pytest.CaptureFixture[str], built):
    db, _history = built

    def run(*args: str) -> Result:
        return run_main(capsys, ["--db", str(db), "export", *args])

    return run


def golden_path(name: str) -> Path:
    """The golden file of test_minutes for `2026-11-24-leadership-m3.md` and the like."""
    fmt = name.rsplit(".", 1)[1]
    return GOLDEN / f"test_golden_file_per_format[{fmt}].{fmt}"


def golden(name: str) -> str:
    return golden_path(name).read_bytes().decode("utf-8")


FIXED = "2026-11-24-leadership-m3"


# --------------------------------------------------------------------------- stdout


def test_last_prints_markdown_by_default(export) -> None:
    result = export("--team", "leadership", "--last")
    assert (result.code, result.err) == (0, "")
    assert result.out == golden(f"{FIXED}.md")


@pytest.mark.parametrize("fmt", ["md", "json", "html", "ics"])
def test_one_meeting_in_each_format(export, fmt: str) -> None:
    result = export("--meeting", "3", "--format", fmt)
    assert (result.code, result.err) == (0, "")
    assert result.out == golden(f"{FIXED}.{fmt}")


def test_last_names_the_team_unless_there_is_one(export, tmp_path: Path, capsys) -> None:
    assert_one_line_error(export("--last"), "name the team: --team NAME", "Leadership, Product")
    db = tmp_path / "one.db"
    store = Store.open(db)
    source = FakeTime(datetime(2026, 11, 24, 9, 0))
    team = create_team(store, source, "Solo")
    live = LiveMeeting.start(store, source, team, load_agenda(resolve_agenda("camp")), "camp")
    source.advance(minutes=30)
    live.end()
    store.close()
    main(["--db", str(db), "export", "--last"])
    assert capsys.readouterr().out.startswith("# Solo camp meeting, Tuesday 24 November 2026\n")


def test_last_is_the_last_ended_meeting_while_one_is_live(built, export) -> None:
    """During a live meeting, --last gives last week's final minutes; the live one is
    exported by its id, marked in progress."""
    db, history = built
    store = Store.open(db)
    history.store = store
    live = run_next_week(history)
    store.close()
    result = export("--team", "Leadership", "--last", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["status"] == "ended"
    assert document["meeting_id"] != live.meeting_id
    result = export("--meeting", str(live.meeting_id), "--format", "json")
    document = json.loads(result.out)
    assert (document["meeting_id"], document["status"]) == (live.meeting_id, "in_progress")


# --------------------------------------------------------------------------- files


def test_output_file_is_written_and_named_on_stdout(export, tmp_path: Path) -> None:
    target = tmp_path / "out" / "minutes.html"
    target.parent.mkdir()
    result = export("--meeting", "3", "--format", "html", "-o", str(target))
    assert (result.code, result.err) == (0, "")
    assert result.out == f"{target}\n"
    assert target.read_bytes().decode("utf-8") == golden(f"{FIXED}.html")
    assert [p.name for p in target.parent.iterdir()] == ["minutes.html"]  # no temp file left


def test_output_folder_gets_the_stable_name(export, tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    result = export("--meeting", "3", "--format", "ics", "-o", str(folder))
    assert result.code == 0, result.err
    written = folder / f"{FIXED}.ics"
    assert result.out == f"{written}\n"
    assert written.read_bytes() == golden_path(f"{FIXED}.ics").read_bytes()  # CRLF kept


def test_all_writes_one_file_per_meeting_with_stable_names(export, tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "minutes"
    result = export("--all", "-o", str(folder))
    assert result.code == 0, result.err
    names = [
        "2026-11-17-leadership-m1.md",
        "2026-11-19-product-m2.md",
        f"{FIXED}.md",
    ]
    assert result.out.splitlines() == [str(folder / name) for name in names]
    assert sorted(p.name for p in folder.iterdir()) == names
    assert (folder / f"{FIXED}.md").read_text(encoding="utf-8") == golden(f"{FIXED}.md")
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    # again: the same files, overwritten with the same bytes, nothing added
    assert export("--all", "-o", str(folder)).code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first


def test_all_in_worker_processes_writes_the_same_files_told_in_the_same_order(
    export, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large exports render in worker processes, a batch of meetings each: the same
    bytes, the paths told oldest first as with one process."""
    alone = export("--all", "--jobs", "1", "-o", str(tmp_path / "alone"))
    monkeypatch.setattr(exporting, "PARALLEL_FROM", 1)
    monkeypatch.setattr(exporting, "BATCH", 1)  # three meetings, three batches
    together = export("--all", "--jobs", "2", "-o", str(tmp_path / "together"))
    assert (alone.code, together.code) == (0, 0), together.err
    names = [Path(line).name for line in alone.out.splitlines()]
    assert [Path(line).name for line in together.out.splitlines()] == names
    assert str(tmp_path / "together") in together.out
    for name in names:
        assert (tmp_path / "together" / name).read_bytes() == (
            tmp_path / "alone" / name
        ).read_bytes()
    assert not [p for p in (tmp_path / "together").iterdir() if p.name not in names]


def test_a_file_a_worker_cannot_write_stops_the_export_with_one_line(
    export, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PARALLEL_FROM", 1)
    monkeypatch.setattr(exporting, "BATCH", 1)
    folder = tmp_path / "out"
    (folder / f"{FIXED}.md").mkdir(parents=True)  # a folder where the file goes
    result = export("--all", "--jobs", "2", "-o", str(folder))
    assert_one_line_error(result, f"{FIXED}.md: cannot write")
    assert (folder / "2026-11-17-leadership-m1.md").read_text(encoding="utf-8").startswith("#")
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_all_of_one_team(export, tmp_path: Path) -> None:
    result = export("--team", "Leadership", "--all", "--format", "json", "-o", str(tmp_path / "j"))
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "j").iterdir()) == [
        "2026-11-17-leadership-m1.json",
        f"{FIXED}.json",
    ]


def test_all_of_a_team_with_one_meeting_may_go_to_stdout(export) -> None:
    result = export("--team", "Product", "--all")
    assert result.code == 0, result.err
    assert result.out.startswith("# Product camp meeting, Thursday 19 November 2026\n")


def test_export_never_changes_the_database(built, export, tmp_path: Path) -> None:
    db, _ = built
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert export("--all", "-o", str(tmp_path / "x")).code == 0
    assert export("--last", "--team", "Leadership", "--format", "ics").code == 0
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


# --------------------------------------------------------------------------- schema


def test_schema_prints_the_published_json_schema(export) -> None:
    result = export("--schema")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == minutes.minutes_json_schema()


def test_schema_needs_no_database(tmp_path: Path, capsys) -> None:
    main(["--db", str(tmp_path / "missing.db"), "export", "--schema"])
    assert json.loads(capsys.readouterr().out)["title"] == "campmeeting minutes"
    assert not (tmp_path / "missing.db").exists()


# --------------------------------------------------------------------------- errors


def test_errors_are_one_line_and_exit_2(export, tmp_path: Path) -> None:
    assert_one_line_error(export(), "choose exactly one of --last, --meeting ID or --all")
    assert_one_line_error(export("--last", "--all"), "choose exactly one")
    assert_one_line_error(export("--meeting", "99"), "no meeting with id 99")
    assert_one_line_error(export("--meeting", "abc"), "abc")
    assert_one_line_error(export("--team", "Nope", "--last"), "no team named 'Nope'", "Leadership")
    assert_one_line_error(
        export("--team", "Product", "--meeting", "3"), "meeting 3 is not a meeting of Product"
    )
    assert_one_line_error(export("--team", "R&D [labs]", "--last"), "R&D [labs] has no meetings")
    assert_one_line_error(export("--all"), "--all found 3 meetings", "-o DIR")
    assert_one_line_error(export("--last", "--team", "Leadership", "--format", "pdf"), "pdf")
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert_one_line_error(export("--all", "-o", str(afile)), "is a file")
    missing = tmp_path / "no" / "such" / "m.md"
    assert_one_line_error(export("--meeting", "3", "-o", str(missing)), "does not exist")


def test_a_missing_database_is_one_line(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--db", str(tmp_path / "missing.db"), "export", "--last"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "no such database" in err
    assert not (tmp_path / "missing.db").exists()


def test_ics_without_next_meeting_is_one_line(built, export) -> None:
    db, history = built
    store = Store.open(db)
    with store.transaction():
        store.update("teams", history.product.id, {"cadence": None, "cadence_start": None})
        store.db.execute("update meetings set next_meeting_at = null where team_id = ?", [2])
    store.close()
    assert_one_line_error(
        export("--team", "Product", "--last", "--format", "ics"), "no next meeting"
    )


# --------------------------------------------------------------------------- the core API


def test_select_and_export_without_the_cli(tmp_path: Path) -> None:
    store = Store.memory()
    history = build_history(store)
    meetings = select_meetings(store, None, False, None, True)
    assert [m.id for m in meetings] == [history.first_id, 2, history.fixed_id]
    paths, text = export_meetings(store, meetings, "json", tmp_path / "all", all_=True)
    assert text is None
    assert [p.name for p in paths] == [minutes.minutes_filename(store, m, "json") for m in meetings]
    paths, text = export_meetings(store, meetings[-1:], "md", None)
    assert paths == [] and text == golden(f"{FIXED}.md")
