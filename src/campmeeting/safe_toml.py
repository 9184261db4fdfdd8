"""Reading small TOML files that anyone may have written: agendas, the config file.

- `read_small_file`: the bytes of a *regular* file of at most `limit` bytes. A FIFO, a
  device, a socket or a folder is refused without being read (reading a FIFO that
  nobody writes to blocks for ever); a larger file is refused after `limit + 1` bytes.
- `shape_problem`: a linear pass over TOML text, before `tomllib` sees it, that bounds
  what makes `tomllib` costly: arrays and inline tables nested deeper than its stack
  allows (100,000 levels raise RecursionError), and dotted keys of very many parts,
  whose cost grows with the square of the parts (20,000 parts take 1.5 GB).

Pure standard library; no campmeeting import, no textual.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["FileTooLarge", "UnsafeFile", "read_small_file", "shape_problem"]


class UnsafeFile(Exception):
    """A file that is not read: the message is one line, without the file's name."""


class FileTooLarge(UnsafeFile):
    """A regular file larger than the limit."""


_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises UnsafeFile (not a regular file), FileTooLarge, or OSError (cannot be opened
    or read: missing, no permission ...)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for
        # a writer; the fstat below then refuses it. It changes nothing for a file.
        fd = os.open(path, flags)
    except IsADirectoryError:  # where a folder cannot be opened at all
        raise UnsafeFile("not a regular file (a folder)") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
            raise UnsafeFile(f"not a regular file ({what})")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            total = max(os.fstat(fd).st_size, size)
            raise FileTooLarge(f"the file is larger than {limit // 1024} KiB ({total:,} bytes)")
    finally:
        os.close(fd)
    return b"".join(chunks)


def shape_problem(text: str, max_nesting: int, max_key_parts: int) -> str | None:
    """``line L, column C: ...`` when arrays and inline tables nest deeper than
    `max_nesting` or a dotted key has more than `max_key_parts` parts; else None.

    Strings and comments are skipped. It only bounds the shape: tomllib still reports
    every syntax error, so a malformed text may pass here."""
    stack: list[str] = []  # "[" or "{" of the open arrays and inline tables
    in_key = True  # reading a key (or a [table] header) rather than a value
    parts = 1
    line, line_start = 1, 0
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char == "#":
            newline = text.find("\n", i)
            i = end if newline < 0 else newline
            continue
        if char in "\"'":
            i = _string_end(text, i)
            continue
        if char == "\n":
            line, line_start = line + 1, i + 1
            if not stack:
                in_key, parts = True, 1
        elif in_key and char == ".":
            parts += 1
            if parts > max_key_parts:
                return (
                    f"line {line}, column {i - line_start + 1}: a dotted key of more than "
                    f"{max_key_parts} parts"
                )
        elif in_key and char == "=":
            in_key = False
        elif char in "[{" and (not in_key or stack):
            stack.append(char)
            if len(stack) > max_nesting:
                return (
                    f"line {line}, column {i - line_start + 1}: arrays and tables nested "
                    f"more than {max_nesting} deep"
                )
            in_key, parts = char == "{", 1
        elif char in "]}" and stack:
            stack.pop()
            in_key = False
        elif char == "," and stack:
            in_key, parts = stack[-1] == "{", 1
        i += 1
    return None


def _string_end(text: str, start: int) -> int:
    """The index just past the TOML string that opens at `start` (or the end of text)."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        close, i = quote * 3, start + 3
    else:
        close, i = quote, start + 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text.startswith(close, i):
            return i + len(close)
        if len(close) == 1 and text[i] == "\n":
            return i  # an unterminated one-line string: tomllib reports it
        i += 1
    return i
