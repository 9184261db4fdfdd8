"""The screens need a terminal: without one (a pipe, a cron job) the commands that open
them say so in one line and exit 2 instead of drawing blind; `demo` writes its database
and says how to open it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def campmeeting(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "CAMPMEETING_DB": str(tmp_path / "c.db"),
        "CAMPMEETING_CONFIG": str(tmp_path / "config.toml"),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "campmeeting", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("args", [(), ("review",), ("run", "--team", "Ops"), ("follow",)])
def test_the_screens_refuse_to_open_without_a_terminal(tmp_path: Path, args) -> None:
    assert campmeeting(tmp_path, "teams", "add", "Ops").returncode == 0
    done = campmeeting(tmp_path, *args)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "campmeeting: the screens need a terminal (stdin or stdout is not one); "
        "every other command works without: campmeeting --help"
    ]


def test_demo_without_a_terminal_writes_its_database_and_says_how_to_open_it(
    tmp_path: Path,
) -> None:
    done = campmeeting(tmp_path, "demo", "--db", str(tmp_path / "demo.db"))
    assert done.returncode == 0, done.stderr
    assert f"Not a terminal: open it with  campmeeting --db {tmp_path / 'demo.db'}" in done.stderr
    assert (tmp_path / "demo.db").exists()
