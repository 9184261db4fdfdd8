"""The user's config file: `config.toml` in the platformdirs config folder.

    theme = "textual-light"        # remembered when the theme is changed in the app

    [keymap]                       # binding id = keys (see `campmeeting config`)
    "meeting.capture" = "c"
    "meeting.next" = "n,right"

A file that cannot be read or used is reported in one line naming the key, and is
never overwritten: the theme is only written back into a file that loaded cleanly
(tomlkit keeps the user's comments and layout).
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
import tomlkit

from campmeeting.safe_toml import UnsafeFile, read_small_file, shape_problem

ENV_CONFIG = "CAMPMEETING_CONFIG"
KNOWN_KEYS = ("theme", "keymap")
MAX_CONFIG_BYTES = 64 * 1024  # a theme and a keymap: far less


class ConfigError(Exception):
    """The config file cannot be used; the message is one line naming the file and key."""


@dataclass(frozen=True)
class Config:
    path: Path
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    exists: bool = False


def config_path() -> Path:
    """`$CAMPMEETING_CONFIG`, else `<user config dir>/campmeeting/config.toml`."""
    chosen = os.environ.get(ENV_CONFIG)
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_config_path("campmeeting") / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file (a missing file is an empty config)."""
    path = path or config_path()
    try:
        raw = read_small_file(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Config(path)
    except UnsafeFile as error:
        raise ConfigError(f"{path}: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config file ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
        shape = shape_problem(text, max_nesting=5, max_key_parts=5)
        if shape:
            raise ConfigError(f"{path}: {shape}")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {' '.join(str(error).split())}") from None
    for key in data:
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{path}: {key}: unknown key (known: {', '.join(KNOWN_KEYS)})")
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise ConfigError(f'{path}: theme: must be the name of a theme, e.g. "textual-dark"')
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise ConfigError(f'{path}: keymap: must be a table of binding id = "keys"')
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f'{path}: keymap.{binding_id}: must be keys like "c" or "n,right"')
    return Config(path, theme, dict(keymap), exists=True)


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Remember the theme, keeping everything else in the file as the user wrote it.

    Raises ConfigError (and writes nothing) when the file exists but does not load."""
    path = path or config_path()
    load_config(path)  # never overwrite a file we could not read
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        document = tomlkit.document()
    document["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(tomlkit.dumps(document))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
