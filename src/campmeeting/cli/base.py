"""What every command shares: the database it opens, one-line errors, safe output."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from campmeeting.text import visible

if TYPE_CHECKING:
    from campmeeting.records import Team
    from campmeeting.store import Store

EXIT_BAD_INPUT = 2
EXIT_FAULT = 1


class BadInput(click.ClickException):
    """Bad input: exit 2 with one clear line."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:
        click.echo(f"campmeeting: {visible(self.format_message())}", err=True)


def say(text: str = "", err: bool = False) -> None:
    """Print one line that may hold user text: control characters, line breaks included,
    are made visible, so nothing typed by anyone can drive the terminal or forge a line.
    Text of several lines (an agenda's prompt) is said line by line by its caller."""
    click.echo(visible(text), err=err)


def say_columns(rows: list[list[str]], gap: int = 2) -> None:
    """Rows of cells, each column as wide as its widest cell (the last one unpadded)."""
    from rich.cells import cell_len

    shown = [[visible(cell) for cell in row] for row in rows]
    widths = [max(cell_len(row[n]) for row in shown) for n in range(len(shown[0]))] if shown else []
    for row in shown:
        cells = [cell + " " * (widths[n] - cell_len(cell)) for n, cell in enumerate(row[:-1])]
        click.echo((" " * gap).join([*cells, row[-1]]).rstrip())


def exit_with(code: int) -> None:
    """The app stopped on an unexpected error (Textual has shown it): exit 1."""
    if code:
        sys.exit(EXIT_FAULT)


def has_terminal() -> bool:
    """Whether the screens can be drawn: stdin and stdout are a terminal, or Textual has
    been given a driver of its own (textual-serve's browser, for `campmeeting serve`)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def need_terminal() -> None:
    """Refuse (exit 2) to open the screens without a terminal, rather than run blind."""
    if not has_terminal():
        raise BadInput(
            "the screens need a terminal (stdin or stdout is not one); "
            "every other command works without: campmeeting --help"
        )


def open_screens(store: Store, config: Any, **kwargs: Any) -> None:
    """Run the app on `store` (home, or the screen `kwargs` ask for: a team's meeting,
    review, follow) with the user's `config`, checked by the caller before anything
    opened; refused first when there is no terminal; exit 1 if the app failed."""
    need_terminal()
    from campmeeting.tui.app import run_app

    exit_with(run_app(store, config=config, **kwargs))


def default_db_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("campmeeting") / "campmeeting.db"


def demo_db_path() -> Path:
    return default_db_path().with_name("campmeeting-demo.db")


class Context:
    """The global options: which database, and whether to show tracebacks."""

    def __init__(self, db: str | None, debug: bool) -> None:
        self.db_path = Path(db) if db else default_db_path()
        self.chosen = db is not None  # --db or CAMPMEETING_DB: a path someone typed
        self.debug = debug

    def store(self, background_checkpoints: bool = False) -> Store:
        """The database, read-write (`background_checkpoints`: for the app, which stays
        open: see Store.open)."""
        from campmeeting.store import Store

        folder = self.db_path.expanduser().parent
        if self.chosen and not self.db_path.exists() and not folder.is_dir():
            raise BadInput(
                f"--db {self.db_path}: the folder {folder} does not exist (a typo?); "
                "nothing was created"
            )
        return _closed_at_exit(
            Store.open(self.db_path, background_checkpoints=background_checkpoints)
        )

    def readonly_store(self) -> Store:
        from campmeeting.store import Store

        return _closed_at_exit(Store.open_readonly(self.db_path))


def _closed_at_exit(store: Store) -> Store:
    """The store is closed when the command ends (PRAGMA optimize, the WAL thread
    stopped), whatever way it ends."""
    context = click.get_current_context(silent=True)
    if context is not None:
        context.find_root().call_on_close(store.close)
    return store


pass_context = click.make_pass_decorator(Context)


def find_team(store: Store, name: str) -> Team:
    team = store.team_by_name(name)
    if team is None:
        names = ", ".join(t.name for t in store.teams()) or "none yet"
        raise BadInput(f"no team named {name!r} (teams: {names})")
    return team


def load_user_config() -> Any:
    """The config file, checked (a bad file is one line and exit 2, never overwritten)."""
    from campmeeting.config import ConfigError, load_config
    from campmeeting.tui.keys import check_keymap

    try:
        config = load_config()
        check_keymap(config)
    except ConfigError as error:
        raise BadInput(str(error)) from None
    return config
