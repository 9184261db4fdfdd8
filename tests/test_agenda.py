"""Agenda files: the bundled agendas, one-line problems for bad files, lookup order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campmeeting.agenda import (
    Agenda,
    AgendaError,
    AgendaSection,
    agenda_json_schema,
    bundled_agenda_dir,
    list_agendas,
    load_agenda,
    parse_agenda,
    resolve_agenda,
    user_agenda_dir,
)
from campmeeting.model import SectionKind

SRC = "agendas/x.toml"
KINDS = ", ".join(k.value for k in SectionKind)


def section(
    title: str = "Check-in", kind: str = "checkin", minutes: str = "5", **extra: str
) -> str:
    """One [[sections]] table; values are TOML literals, except title and kind."""
    lines = ["[[sections]]", f'title = "{title}"', f'kind = "{kind}"', f"minutes = {minutes}"]
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def doc(*sections: str, top: str = "") -> str:
    return f'name = "Test"\n{top}\n' + "\n".join(sections)


def problems(text: str) -> list[str]:
    with pytest.raises(AgendaError) as info:
        parse_agenda(text, SRC)
    err = info.value
    assert str(err) == "\n".join(err.problems)
    assert all("\n" not in p and "http" not in p for p in err.problems)
    return err.problems


def write(folder: Path, name: str, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(f'name = "{title}"\n\n' + section(), encoding="utf-8")
    return path


# --- the bundled agendas ------------------------------------------------------------


def test_bundled_agendas_all_load() -> None:
    names = {name for name, _, _ in list_agendas(Path("/nonexistent-user-dir"))}
    assert {"camp", "level10", "scaling-up"} <= names
    for name in ("camp", "level10", "scaling-up"):
        agenda = load_agenda(bundled_agenda_dir() / f"{name}.toml")
        assert agenda.description
        assert all(s.prompt for s in agenda.sections), name


def test_camp_is_the_default_sixty_minutes() -> None:
    agenda = load_agenda(bundled_agenda_dir() / "camp.toml")
    assert agenda.name == "Weekly Camp Meeting"
    assert agenda.planned_minutes == 60
    assert [(s.kind.value, s.minutes) for s in agenda.sections] == [
        ("checkin", 5),
        ("accountability", 10),
        ("priorities", 5),
        ("blockers", 5),
        ("act", 25),
        ("commitments", 5),
        ("cascade", 2),
        ("close", 3),
    ]


def test_level10_is_ninety_minutes_with_sixty_of_ids() -> None:
    agenda = load_agenda(bundled_agenda_dir() / "level10.toml")
    assert agenda.planned_minutes == 90
    assert [s.kind for s in agenda.sections] == [
        SectionKind.CHECKIN,
        SectionKind.SCORECARD,
        SectionKind.PRIORITIES,
        SectionKind.CHECKIN,
        SectionKind.ACCOUNTABILITY,
        SectionKind.ACT,
        SectionKind.CLOSE,
    ]
    assert agenda.sections[5].title == "IDS" and agenda.sections[5].minutes == 60


def test_scaling_up_runs_an_hour_to_ninety_minutes() -> None:
    agenda = load_agenda(bundled_agenda_dir() / "scaling-up.toml")
    assert 60 <= agenda.planned_minutes <= 90
    kinds = [s.kind for s in agenda.sections]
    assert kinds[0] == SectionKind.CHECKIN and kinds[-1] == SectionKind.CLOSE
    assert kinds.index(SectionKind.BLOCKERS) < kinds.index(SectionKind.ACT)
    assert SectionKind.COMMITMENTS in kinds


# --- a good file ----------------------------------------------------------------------


def test_parse_a_good_agenda_with_fractions_and_prompt() -> None:
    text = doc(
        section("Check-in", minutes="0.5", prompt='"Wins."'),
        section("Act", "act", "20"),
        top='description = "Short."',
    )
    agenda = parse_agenda(text, SRC)
    assert agenda.name == "Test" and agenda.description == "Short."
    assert agenda.sections[0] == AgendaSection(
        title="Check-in", kind=SectionKind.CHECKIN, minutes=0.5, prompt="Wins."
    )
    assert agenda.sections[1].prompt is None
    assert agenda.planned_minutes == 20.5


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + doc(section()).encode())
    assert load_agenda(path).sections[0].title == "Check-in"


# --- one exact line per problem -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            doc(section(), section("Act", "act", "0")),
            "sections[2].minutes: must be greater than 0",
            id="minutes-zero",
        ),
        pytest.param(
            doc(section(minutes="-2.5")),
            "sections[1].minutes: must be greater than 0",
            id="minutes-negative",
        ),
        pytest.param(
            doc(section(minutes='"ten"')),
            "sections[1].minutes: must be a number, not 'ten'",
            id="minutes-string",
        ),
        pytest.param(
            doc(section(minutes='"5"')),
            "sections[1].minutes: must be a number, not '5'",
            id="minutes-digits-in-a-string",
        ),
        pytest.param(
            doc(section(minutes="true")),
            "sections[1].minutes: must be a number, not true",
            id="minutes-boolean",
        ),
        pytest.param(
            doc(section(minutes="inf")),
            "sections[1].minutes: must be a finite number, not inf",
            id="minutes-infinite",
        ),
        pytest.param(
            doc(section("A"), section("B"), section("Stand", "standup")),
            f"sections[3].kind: 'standup' is not a section kind; expected one of {KINDS}",
            id="unknown-kind",
        ),
        pytest.param(
            doc(section(), top='colour = "red"'),
            "colour: unknown key",
            id="unknown-top-level-key",
        ),
        pytest.param(
            doc(section(colour='"red"')),
            "sections[1].colour: unknown key",
            id="unknown-section-key",
        ),
        pytest.param(
            'name = "Test"\n',
            "sections: at least one section is required",
            id="no-sections",
        ),
        pytest.param(
            'name = "Test"\nsections = []\n',
            "sections: at least one section is required",
            id="empty-sections-list",
        ),
        pytest.param(
            'name = "Test"\nsections = "all of them"\n',
            "sections: must be an array of [[sections]] tables, not 'all of them'",
            id="sections-not-a-list",
        ),
        pytest.param(
            'name = "Test"\nsections = [5]\n',
            "sections[1]: must be a table, not 5",
            id="section-not-a-table",
        ),
        pytest.param(
            doc(
                section(),
                section("Blockers", "blockers"),
                section("Act", "act"),
                section("blockers", "blockers"),
            ),
            "sections[4].title: duplicate title 'blockers' (also sections[2])",
            id="duplicate-title-any-case",
        ),
        pytest.param(
            doc('[[sections]]\nkind = "act"\nminutes = 5\n'),
            "sections[1].title: is required",
            id="missing-title",
        ),
        pytest.param(
            doc(section("   ")),
            "sections[1].title: must not be empty",
            id="blank-title",
        ),
        pytest.param(
            doc(section(title="Act", kind="act", minutes="5", prompt="3")),
            "sections[1].prompt: must be a string, not 3",
            id="prompt-not-a-string",
        ),
        pytest.param(
            section(),
            "name: is required",
            id="missing-name",
        ),
        pytest.param(
            'name = ""\n' + section(),
            "name: must not be empty",
            id="empty-name",
        ),
        pytest.param(
            'name = "Test"\n\n[[sections]]\ntitle = "A" "B"\n',
            "line 4, column 13: Expected newline or end of document after a statement",
            id="broken-toml-line-column",
        ),
        pytest.param(
            'name = "Test"\nsections = [\n',
            "line 3, column 1: Invalid value",
            id="broken-toml-at-end-of-document",
        ),
    ],
)
def test_each_bad_file_gives_one_exact_line(text: str, expected: str) -> None:
    assert problems(text) == [f"{SRC}: {expected}"]


def test_many_problems_give_many_lines_in_file_order() -> None:
    text = doc(
        section("Check-in", minutes="0"),
        section("Act", "standup", colour='"red"'),
        section("check-IN", "act"),
        '[[sections]]\nkind = "act"\nminutes = "x"\n',
        top="owner = 3",
    )
    assert problems(text) == [
        f"{SRC}: owner: unknown key",
        f"{SRC}: sections[1].minutes: must be greater than 0",
        f"{SRC}: sections[2].kind: 'standup' is not a section kind; expected one of {KINDS}",
        f"{SRC}: sections[2].colour: unknown key",
        f"{SRC}: sections[3].title: duplicate title 'check-IN' (also sections[1])",
        f"{SRC}: sections[4].title: is required",
        f"{SRC}: sections[4].minutes: must be a number, not 'x'",
    ]


def test_missing_file_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AgendaError) as info:
        load_agenda("x.toml")
    assert info.value.problems == ["x.toml: cannot read file: No such file or directory"]


def test_a_directory_is_not_readable_as_a_file(tmp_path: Path) -> None:
    with pytest.raises(AgendaError) as info:
        load_agenda(tmp_path)
    assert info.value.problems == [f"{tmp_path}: not a regular file (a folder)"]


def test_non_utf8_bytes_are_named_with_their_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("latin1.toml").write_bytes('name = "Test"\nx = "Café"\n'.encode("latin-1"))
    with pytest.raises(AgendaError) as info:
        load_agenda(Path("latin1.toml"))
    assert str(info.value) == (
        "latin1.toml: line 2, column 9: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    )


def test_load_agenda_names_the_file_as_given(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(doc(section(minutes="0")), encoding="utf-8")
    with pytest.raises(AgendaError) as info:
        load_agenda(path)
    assert info.value.problems == [f"{path}: sections[1].minutes: must be greater than 0"]


def test_models_refuse_bad_values_when_built_in_code() -> None:
    good = {"title": "A", "kind": "act", "minutes": 1}
    with pytest.raises(ValueError, match="duplicate title 'a' at sections\\[2\\]"):
        Agenda(name="T", sections=[good, {**good, "title": "a"}])
    with pytest.raises(ValueError, match="extra"):
        AgendaSection(**good, colour="red")
    with pytest.raises(ValueError, match="at least 1"):
        Agenda(name="T", sections=[])


def test_agenda_error_accepts_a_single_line() -> None:
    err = AgendaError("x.toml: broken")
    assert err.problems == ["x.toml: broken"] and str(err) == "x.toml: broken"


# --- finding agendas ------------------------------------------------------------------


def test_user_agenda_dir_is_under_the_user_config_dir() -> None:
    path = user_agenda_dir()
    assert path.name == "agendas" and path.parent.name == "campmeeting"


def test_lookup_order_path_then_user_dir_then_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user"
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    assert resolve_agenda("camp", user) == bundled_agenda_dir() / "camp.toml"

    user_camp = write(user, "camp", "Our Camp")
    assert resolve_agenda("camp", user) == user_camp
    assert resolve_agenda("camp.toml", user) == user_camp
    assert load_agenda(resolve_agenda("camp", user)).name == "Our Camp"

    local = write(here, "camp", "Local file")
    assert resolve_agenda("camp.toml", user) == Path("camp.toml")
    assert load_agenda(resolve_agenda(str(local), user)).name == "Local file"
    assert resolve_agenda("camp", user) == user_camp  # a bare name is not a path


def test_unknown_agenda_lists_the_available_names(tmp_path: Path) -> None:
    write(tmp_path, "standup", "Daily")
    with pytest.raises(AgendaError) as info:
        resolve_agenda("nope", tmp_path)
    (line,) = info.value.problems
    assert line.startswith("nope: no such agenda file or name; available agendas: ")
    assert "camp, level10, scaling-up, standup" in line
    assert str(tmp_path) in line


def test_a_missing_path_is_not_looked_up_as_a_name(tmp_path: Path) -> None:
    write(tmp_path, "camp", "Ours")
    with pytest.raises(AgendaError, match="^elsewhere/camp.toml: no such agenda"):
        resolve_agenda("elsewhere/camp.toml", tmp_path)


def test_user_agenda_shadows_bundled_in_the_list(tmp_path: Path) -> None:
    user_camp = write(tmp_path, "camp", "Ours")
    mine = write(tmp_path, "mine", "Mine")
    (tmp_path / "notes.txt").write_text("not an agenda", encoding="utf-8")
    listed = {name: (path, origin) for name, path, origin in list_agendas(tmp_path)}
    assert listed["camp"] == (user_camp, "user")
    assert listed["mine"] == (mine, "user")
    assert listed["level10"] == (bundled_agenda_dir() / "level10.toml", "bundled")
    assert "notes" not in listed
    names = [name for name, _, _ in list_agendas(tmp_path)]
    assert names == sorted(names) and names.count("camp") == 1


# --- schema -------------------------------------------------------------------------


def test_schema_is_json_and_describes_sections() -> None:
    schema = json.loads(json.dumps(agenda_json_schema()))
    assert schema["title"] == "campmeeting agenda" and schema["description"]
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert set(schema["required"]) == {"name", "sections"}
    assert schema["properties"]["sections"]["type"] == "array"
    assert schema["properties"]["sections"]["minItems"] == 1
    section_schema = schema["$defs"]["AgendaSection"]
    assert section_schema["properties"]["minutes"]["exclusiveMinimum"] == 0
    assert schema["$defs"]["SectionKind"]["enum"] == [k.value for k in SectionKind]
