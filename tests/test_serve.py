"""`campmeeting serve`: textual-serve serves the read-only follow (or review) app. A real
server runs in a subprocess on a free port; the page is fetched over HTTP and a browser's
websocket is played with aiohttp, which starts the follow app; the file stays unchanged."""

from __future__ import annotations

import asyncio
import hashlib
import os
import queue
import re
import shlex
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from campmeeting.agenda import Agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting
from campmeeting.serve import app_command, is_loopback
from campmeeting.store import Store
from tests.cli_support import assert_one_line_error, run_main
from tests.tui_support import seed_team

WAIT = 60  # seconds a subprocess may take to answer on a busy machine (a bound, not a sleep)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def meeting_file(tmp_path: Path, source: FakeTime, camp: Agenda) -> Path:
    """A file with Leadership's meeting live at check-in; its writer closed."""
    path = tmp_path / "camp.db"
    store = Store.open(path)
    team = seed_team(store, source)
    live = LiveMeeting.start(store, source, team, camp, "camp")
    live.capture("We closed Acme @ana")
    store.close()
    return path


class Served:
    """`campmeeting serve` in a subprocess; lines of its stdout and stderr as they come."""

    def __init__(self, db: Path, *args: str) -> None:
        command = [sys.executable, "-m", "campmeeting", "--db", str(db), "serve", *args]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        self.out: queue.Queue[str] = queue.Queue()
        self.err: queue.Queue[str] = queue.Queue()
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _pump(stream, lines: queue.Queue[str]) -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put("")  # closed

    def line(self, lines: queue.Queue[str], containing: str) -> str:
        """The first line containing `containing` (waits for it, bounded)."""
        while True:
            line = lines.get(timeout=WAIT)
            if containing in line:
                return line
            assert line or self.process.poll() is None, f"serve stopped: {self.process.poll()}"

    def url(self) -> str:
        line = self.line(self.out, "Serving")
        return line.split(" on ", 1)[1].split(" ")[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture
def serve() -> Iterator:
    started: list[Served] = []

    def start(db: Path, *args: str) -> Served:
        served = Served(db, *args)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


ESCAPES = re.compile(r"\x1b\[[0-9;?$]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


async def play_browser(url: str, *wanted: str) -> str:
    """Open the app's websocket as the page does; return the text the app drew (escape
    sequences removed) once every `wanted` string is in it."""
    drawn = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"ws{url[4:]}/ws?width=100&height=30") as socket:
            while True:
                text = ESCAPES.sub("", drawn.decode("utf-8", "replace"))
                if all(word in text for word in wanted):
                    return text
                message = await socket.receive(timeout=WAIT)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
                if message.type == aiohttp.WSMsgType.BINARY:
                    drawn += message.data


def test_serve_gives_the_page_and_the_read_only_follow_app(meeting_file: Path, serve) -> None:
    before = digest(meeting_file)
    served = serve(meeting_file, "--port", "0")
    url = served.url()
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=WAIT) as response:
        assert response.status == 200
        page = response.read().decode("utf-8")
    # textual-serve's page: its terminal script and the app's websocket
    assert "static/js/textual.js" in page
    assert f"ws{url[4:]}/ws" in page
    assert "campmeeting follow" in page
    # the follow app, following Leadership's meeting (read-only, said on its screen)
    asyncio.run(play_browser(url, "1/8  Check-in", "We closed Acme", "read-only"))
    served.stop()
    assert served.process.returncode is not None
    assert digest(meeting_file) == before  # serving and following never wrote


def test_a_public_address_is_warned_about_once(meeting_file: Path, serve) -> None:
    served = serve(meeting_file, "--host", "0.0.0.0", "--port", "0", "--app", "review")
    warning = served.line(served.err, "warning")
    assert "no authentication" in warning and "reverse proxy" in warning
    assert "0.0.0.0" in served.url()
    served.stop()
    rest = []
    while not served.err.empty():
        rest.append(served.err.get_nowait())
    assert not [line for line in rest if "no authentication" in line]  # once


def test_only_read_only_apps_are_served(tmp_path: Path) -> None:
    command = shlex.split(app_command(tmp_path / "a b.db", "follow", "Ops & Sales"))
    assert command[-4:] == [str((tmp_path / "a b.db").resolve()), "follow", "--team", "Ops & Sales"]
    assert shlex.split(app_command(tmp_path / "x.db", "review"))[-1] == "review"
    with pytest.raises(ValueError, match="read-only"):
        app_command(tmp_path / "x.db", "run")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True)]
    + [("0.0.0.0", False), ("192.168.1.5", False), ("::", False), ("example.org", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refusals(capsys, meeting_file: Path, tmp_path: Path) -> None:
    db = ["--db", str(meeting_file), "serve"]
    assert_one_line_error(run_main(capsys, [*db, "--team", "Nope"]), "no team named 'Nope'")
    assert_one_line_error(run_main(capsys, [*db, "--port", "70000"]), "--port 70000")
    assert_one_line_error(run_main(capsys, [*db, "--app", "run"]), "'run'")
    missing = ["--db", str(tmp_path / "none.db"), "serve"]
    assert_one_line_error(run_main(capsys, missing), "no such database")


async def test_served_review_sends_minutes_to_the_browser(
    tmp_path: Path, source: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a browser, review's export is a download: nothing is written on the server."""
    from io import StringIO

    from campmeeting.minutes import minutes_filename
    from campmeeting.tui.app import CampApp
    from campmeeting.tui.dialogs.choice import ChoiceScreen
    from tests.test_history import seed_file
    from tests.tui_support import settle, wait_for_screen, wait_until

    seeded = seed_file(tmp_path / "camp.db", source)
    out = tmp_path / "cwd"
    out.mkdir()
    monkeypatch.chdir(out)
    delivered: list[tuple[str, str | None]] = []

    def deliver_text(self, path_or_file, *, save_filename=None, **_kwargs):
        assert isinstance(path_or_file, StringIO)
        delivered.append((path_or_file.getvalue(), save_filename))
        return "key"

    monkeypatch.setattr(CampApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(CampApp, "deliver_text", deliver_text)
    reader = Store.open_readonly(tmp_path / "camp.db")
    app = CampApp(reader, source=source, tick_seconds=None, mode="review")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, ChoiceScreen)
        await pilot.press("enter")  # Markdown
        await wait_until(pilot, lambda: delivered, "the download")
    [(text, name)] = delivered
    assert name == minutes_filename(reader, seeded.m3, "md")
    reader.close()
    assert "Fix the CI cache" in text
    assert list(out.iterdir()) == []  # nothing written on the server


async def test_a_browser_choosing_a_theme_writes_no_config(
    tmp_path: Path, source: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from campmeeting.config import load_config
    from campmeeting.tui.app import FOLLOW_MODE, CampApp

    store = Store.memory()
    seed_team(store, source)
    config = load_config()
    monkeypatch.setattr(CampApp, "is_web", property(lambda self: True))
    app = CampApp(store, source, tick_seconds=None, mode=FOLLOW_MODE, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert not config.path.exists()  # the server's config file is the server's
