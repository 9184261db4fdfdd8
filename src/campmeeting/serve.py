"""`campmeeting serve`: the read-only apps in a browser, through textual-serve.

textual-serve runs one process per browser tab: here always `campmeeting --db FILE
follow` or `... review`, which open the database read-only (mode=ro, query_only), so
nothing served can write it. There is no authentication: by default only this machine
(127.0.0.1) can connect; a public address belongs behind a reverse proxy that
authenticates (the CLI says so once).

The socket is bound here before the server starts, so `--port 0` takes any free port,
and one line names the URL once the server is listening (a test waits for that line).
"""

from __future__ import annotations

import asyncio
import ipaddress
import shlex
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.server import Server

SERVED_APPS = ("follow", "review")  # only ever the read-only apps


class ServeError(Exception):
    """The server cannot start (the address is taken ...); one line for the user."""


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1, localhost: only this machine can connect."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(db_path: Path, app: str, team: str | None = None) -> str:
    """The shell command textual-serve runs for each browser: a read-only app."""
    if app not in SERVED_APPS:
        raise ValueError(f"serve only serves the read-only apps ({', '.join(SERVED_APPS)})")
    words = [sys.executable, "-m", "campmeeting", "--db", str(Path(db_path).resolve()), app]
    if team:
        words += ["--team", team]
    return shlex.join(words)


class CampServer(Server):
    """textual-serve's server, quiet at startup: `run_server` says where it listens."""

    async def on_startup(self, app: web.Application) -> None:
        return None


def bind(host: str, port: int) -> socket.socket:
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host.strip("[]"), port), family=family)
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port} ({error.strerror or error})") from None


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def run_server(
    command: str,
    host: str,
    port: int,
    public_url: str | None = None,
    title: str = "campmeeting",
    ready: Any = None,
) -> None:
    """Serve `command` until Ctrl+C (or SIGTERM); `ready(url)` is called once listening
    (default: print one line)."""
    sock = bind(host, port)
    port = sock.getsockname()[1]
    url = public_url or f"http://{url_host(host)}:{port}"
    server = CampServer(command, host=host, port=port, title=title, public_url=url)
    server.initialize_logging()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, server.request_exit)
        except (NotImplementedError, RuntimeError):
            pass

    def listening(*_args: object) -> None:
        if ready is not None:
            ready(url)
        else:
            print(f"Serving {title} (read-only) on {url} · Ctrl+C stops", flush=True)

    # textual-serve's own serve() binds by host and port; this binds first (--port 0)
    web.run_app(
        server._make_app(),
        sock=sock,
        handle_signals=False,
        loop=loop,
        print=listening,
    )
