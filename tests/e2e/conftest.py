"""End-to-end fixtures: the real dashboard served by `streamlit run`, driven by the system Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUTPUT = ROOT / "test-output" / "e2e"  # pictures and downloads kept for a person (not in git)
# every wait in the browser tests is for an event; this bound only stops a page that would hang
# (a loaded machine may take tens of seconds for a page: never a claim about speed)
HANG_GUARD_MS = 180_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + HANG_GUARD_MS / 1000
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


@pytest.fixture(scope="session")
def demo_db(county_demo: Path) -> Path:
    return county_demo


@pytest.fixture(scope="session")
def app_url(demo_db: Path) -> Iterator[str]:
    yield from _serve(demo_db, OUTPUT / "streamlit.log")


@pytest.fixture
def fresh_app_url(demo_db: Path, tmp_path: Path) -> Iterator[str]:
    """The dashboard on a copy of the demo database, for a test that writes (the import page)."""
    db = tmp_path / "tracker.duckdb"
    shutil.copy(demo_db, db)
    yield from _serve(db, OUTPUT / "streamlit-fresh.log")


def _serve(db: Path, log: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TRACKER_DB": str(db)}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with log.open("w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard" / "app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium "
            "fonts-noto-cjk) — .ci/run does this; the browser tests fail rather than skip."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(HANG_GUARD_MS)
    page = context.new_page()
    yield page
    context.close()
