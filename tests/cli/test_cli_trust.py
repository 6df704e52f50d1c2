"""The command line under hostile conditions: a closed pipe, a folder as the file, a runaway
reader in the bounded child process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT
from loaders.bounded import BoundedRunFailed, run_bounded
from loaders.errors import LoadError


def test_a_closed_pipe_ends_quietly(county_demo):
    """`tracker status --format json | head -c 200`: the reader goes away mid-output."""
    tracker = [sys.executable, "-m", "cli.main"]
    status = subprocess.Popen(
        [*tracker, "status", "--format", "json", "--db", str(county_demo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert status.stdout is not None and status.stderr is not None
    assert len(status.stdout.read(200)) == 200
    status.stdout.close()  # what head does
    err = status.stderr.read().decode()
    assert status.wait() == 0
    assert err == ""  # no BrokenPipeError, no "内部错误"


def test_a_folder_given_as_the_file(tracker, tmp_path):
    code, _, err = tracker("load", "spending", str(tmp_path))
    assert code == 2 and "这是一个文件夹" in err and "Traceback" not in err


@pytest.fixture
def child_path(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "tests"))


def test_the_bounded_child_returns_and_reports(child_path):
    seen = []
    assert run_bounded("bounded_targets:echo", 21, on_message=seen.append) == 42
    assert seen == [("got", 21)]
    with pytest.raises(LoadError, match="这个文件不行"):
        run_bounded("bounded_targets:refuse")


def test_a_runaway_reader_is_stopped_by_its_memory_limit(child_path):
    seen = []
    with pytest.raises(BoundedRunFailed) as failed:
        run_bounded("bounded_targets:eat_memory", on_message=seen.append, memory_mb=700)
    assert seen == ["started"]
    assert "服务器不受影响" in str(failed.value) or "内存" in str(failed.value)


def test_a_runaway_reader_is_stopped_by_its_time_limit(child_path):
    with pytest.raises(BoundedRunFailed, match="时间上限"):
        run_bounded("bounded_targets:spin", seconds=2)


def test_serve_passes_the_upload_limit_to_streamlit(tmp_path, monkeypatch, capsys):
    from cli.main import main
    from store.settings import settings

    config = tmp_path / "tracker.toml"
    config.write_text("[limits]\nmax_upload_mb = 50\n")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    settings.cache_clear()
    try:
        assert main(["serve", "--port", "8600", "--print-command"]) == 0
    finally:
        settings.cache_clear()
    command = capsys.readouterr().out.split()
    assert command[command.index("--server.maxUploadSize") + 1] == "50"
    assert command[command.index("--server.port") + 1] == "8600"


def test_streamlit_config_matches_the_default_upload_limit():
    import tomllib

    from store.settings import LimitSettings

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == LimitSettings().max_upload_mb
