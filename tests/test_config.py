"""The user's config file: theme remembered, keys remapped by binding id, bad files refused
with one line and never overwritten."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from campmeeting.config import ConfigError, config_path, load_config, save_theme
from campmeeting.tui.app import CampApp
from campmeeting.tui.keys import binding_table, check_keymap
from campmeeting.tui.screens.meeting import MeetingScreen
from tests.cli_support import assert_one_line_error, run_main
from tests.tui_support import seed_team, wait_for_screen, wait_until


def test_the_config_file_is_per_user_and_can_be_chosen(tmp_path: Path) -> None:
    assert config_path() == Path(os.environ["CAMPMEETING_CONFIG"])  # conftest: never the real one
    assert load_config(tmp_path / "missing.toml").exists is False


def test_a_config_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "textual-light"\n[keymap]\n"meeting.capture" = "c"\n')
    config = load_config(path)
    assert (config.theme, config.keymap, config.exists) == (
        "textual-light",
        {"meeting.capture": "c"},
        True,
    )
    check_keymap(config)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("theme = 3\n", "theme"),
        ('colour = "red"\n', "colour: unknown key"),
        ('keymap = "c"\n', "keymap: must be a table"),
        ('[keymap]\n"meeting.capture" = ""\n', "keymap.meeting.capture"),
        ("theme = \n", "line 1"),
    ],
)
def test_a_bad_config_file_names_the_key(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert named in str(raised.value) and str(path) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_unknown_binding_id_or_theme_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"meeting.fly" = "f"\n')
    with pytest.raises(ConfigError, match=r"keymap\.meeting\.fly: no key binding has this id"):
        check_keymap(load_config(path))
    path.write_text('theme = "neon"\n')
    with pytest.raises(ConfigError, match="'neon' is not a theme"):
        check_keymap(load_config(path))


def test_saving_the_theme_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# my keys\n[keymap]\n"meeting.capture" = "c"  # c for capture\n')
    save_theme("nord", path)
    text = path.read_text()
    assert 'theme = "nord"' in text and "# c for capture" in text and "# my keys" in text
    assert load_config(path).keymap == {"meeting.capture": "c"}


def test_a_broken_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"theme = [broken\n")
    with pytest.raises(ConfigError):
        save_theme("nord", path)
    assert path.read_bytes() == b"theme = [broken\n"


def test_every_binding_has_a_unique_id() -> None:
    ids = [binding_id for binding_id, _keys, _what in binding_table()]
    assert len(ids) == len(set(ids)) > 40


async def test_the_keymap_remaps_a_key_and_the_theme_is_remembered(tmp_path, source) -> None:
    from campmeeting.config import Config
    from tests.tui_support import file_store, make_app

    store = file_store(tmp_path)
    team = seed_team(store, source)
    path = tmp_path / "config.toml"
    config = Config(path, theme="textual-light", keymap={"meeting.next": "right"}, exists=False)
    app: CampApp = make_app(store, source, team=team, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, MeetingScreen)
        assert app.theme == "textual-light"
        await pilot.press("n")  # remapped away: nothing happens
        assert store.scalar("select current_position from meetings") == 0
        await pilot.press("right")
        await wait_until(pilot, lambda: store.scalar("select current_position from meetings") == 1)
        app.theme = "nord"  # as the palette's "Theme" command does
        await wait_until(pilot, path.exists, "the config file")
    assert load_config(path).theme == "nord"


def test_campmeeting_config_shows_the_file_and_the_bindings(capsys, tmp_path: Path) -> None:
    result = run_main(capsys, ["--db", str(tmp_path / "x.db"), "config"])
    assert result.code == 0, result.err
    assert f"Config file: {os.environ['CAMPMEETING_CONFIG']}" in result.out
    assert "meeting.capture" in result.out and "Capture an item" in result.out


def test_a_bad_config_stops_the_app_with_one_line(capsys, tmp_path: Path) -> None:
    Path(os.environ["CAMPMEETING_CONFIG"]).write_text('[keymap]\n"nope" = "x"\n')
    result = run_main(capsys, ["--db", str(tmp_path / "x.db"), "config"])
    assert_one_line_error(result, "keymap.nope")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("theme = " + "[" * 30_000 + "]" * 30_000 + "\n", "nested more than 5 deep"),
        (".".join(["k"] * 30_000) + " = 1\n", "a dotted key of more than 5 parts"),
        ("# " + "x" * 70_000 + "\n", "larger than 64 KiB"),
    ],
    ids=["deep", "dotted", "large"],
)
def test_a_hostile_config_file_is_one_line(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: ") and words in str(info.value)
    assert "\n" not in str(info.value)


def test_a_config_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: not a regular file (a FIFO)"
