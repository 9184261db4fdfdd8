"""Running the `campmeeting` command in-process, and what a refusal must look like."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from campmeeting.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_main(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Result:
    """`campmeeting ARGV...` as a user runs it: its exit code, stdout and stderr."""
    capsys.readouterr()
    try:
        main(argv)
        code = 0
    except SystemExit as done:
        code = 0 if done.code is None else int(done.code)
    out, err = capsys.readouterr()
    return Result(code, out, err)


def assert_one_line_error(result: Result, *words: str) -> None:
    """Bad input: exit 2, one line on stderr naming what was wrong, no traceback."""
    assert result.code == 2, (result.code, result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    assert "Traceback" not in result.err
    for word in words:
        assert word in result.err, result.err
