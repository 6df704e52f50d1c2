"""`tracker.toml` (README, Configuration): "Unknown keys are an error, so a typo never silently
keeps a default." A typo at the top level, inside a section or in a section's name, and a known
key of the wrong type, are refused naming the key (store.settings.load_settings); the dashboard
says so on the page instead of showing a traceback; `tracker.example.toml` lists every key and
only known ones. The command line's exit status for a bad file: tests/cli/test_exit_status.py."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, use_db
from store.settings import Settings, SettingsError, load_settings, settings


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracker.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        # a key above every section header belongs to no section
        ("rush_share_pct = 30\n", r"未知设置 rush_share_pct（不在任何一段内，应写在 \[budget\] 段内）"),
        ("red_below = 50\n", r"red_below.*\[budget\] 或 \[indicators\]"),  # two homes, both named
        ("[budget]\nrush_shares_pct = 30\n", r"\[budget\]: 未知设置 rush_shares_pct（是否应为 rush_share_pct？）"),
        ("[budget]\nrush_share_pct = 30\nwindow = 60\n", r"\[budget\]: 未知设置 window$"),
        ("[bugdet]\nrush_share_pct = 30\n", r"未知设置段 \[bugdet\]（是否应为 \[budget\]？）"),
        ("[spark.conf]\n\"executor.memory\" = \"4g\"\n", r"不是 spark\.\* 设置：executor\.memory"),
    ],
)  # fmt: skip
def test_an_unknown_key_is_refused_naming_it(tmp_path, toml, message):
    path = written(tmp_path, toml)
    with pytest.raises(SettingsError, match=message) as refused:
        load_settings(path)
    assert str(refused.value).startswith(str(path))  # the file named, whatever it is called


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[budget]\nrush_share_pct = "40"\n', r"\[budget\] rush_share_pct = '40'：应为数字"),
        ("[budget]\nred_below = true\n", r"red_below = True：应为数字"),  # a boolean is no number
        ("[budget]\nforecast_window_days = 90.5\n", r"forecast_window_days = 90\.5：应为整数"),
        ("[budget]\nrush_months = 11\n", r"rush_months = 11：应为整数列表"),
        ('[budget]\nrush_months = [11, "12"]\n', r"rush_months = \[11, '12'\]：应为整数列表"),
        ('[indicators]\nprorate_kinds = "money"\n', r"prorate_kinds = 'money'：应为文字列表"),
        ("[indicators]\ndirection = 1\n", r"direction = 1：应为文字"),
        ("[limits]\nmax_file_mb = \"2G\"\n", r"max_file_mb = '2G'：应为整数"),
        ('[spark]\nconf = ["spark.executor.memory"]\n', r"\[spark\] conf = .*应为一段设置"),
        ("budget = 40\n", r"budget 应为一段设置 \[budget\]，而不是一个值"),
    ],
)  # fmt: skip
def test_a_known_key_of_the_wrong_type_is_refused(tmp_path, toml, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(written(tmp_path, toml))


def test_values_of_the_right_type_are_taken(tmp_path):
    """The near cases: an integer where a number is expected is that number; an empty list is a
    list; numbers of `[spark.conf]` are given to Spark as text."""
    path = written(
        tmp_path,
        "[budget]\nred_below = 50\nrush_share_pct = 33.5\nrush_months = []\n"
        '[indicators]\nprorate_kinds = ["quantity"]\n[limits]\nmax_file_mb = 10\n'
        '[spark.conf]\n"spark.executor.cores" = 4\n',
    )
    loaded = load_settings(path)
    assert loaded.budget.red_below == 50.0 and isinstance(loaded.budget.red_below, float)
    assert loaded.budget.rush_share_pct == 33.5 and loaded.budget.rush_months == ()
    assert loaded.indicators.prorate_kinds == ("quantity",)
    assert loaded.limits.max_file_mb == 10
    assert loaded.spark.conf == (("spark.executor.cores", "4"),)
    assert loaded.budget.yellow_below == 80.0  # what the file does not set keeps its default


def test_the_example_lists_every_key_and_no_other():
    """README: tracker.example.toml "lists every key with its default"; it loads, so every key in
    it is known (tests/engine/test_rules.py: its values are the defaults)."""
    example = tomllib.loads((ROOT / "tracker.example.toml").read_text("utf-8"))
    defaults = Settings()
    listed = {(name, key) for name, section in example.items() for key in section}
    known = {(s.name, f.name) for s in fields(defaults) for f in fields(getattr(defaults, s.name))}
    assert listed == known
    load_settings(ROOT / "tracker.example.toml")


# -- the dashboard: a bad tracker.toml is said on the page, never a traceback -------------------


@pytest.fixture
def page_with(tracker, sample_txt, db_path, monkeypatch, tmp_path):
    """The dashboard's first page on the sample's targets, with `text` as tracker.toml."""
    code, _, err = tracker("load", "targets", str(sample_txt))
    assert code == 0, err
    use_db(monkeypatch, db_path)

    def open_with(text: str):
        monkeypatch.setenv("TRACKER_CONFIG", str(written(tmp_path, text)))
        settings.cache_clear()
        # as tests/dashboard/app_pages.visit: the app as a browser opens it, run once
        return AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120).run()

    yield open_with
    settings.cache_clear()


def shown(elements) -> str:
    """The text of page elements, Markdown escapes removed (`rush\\_shares\\_pct`)."""
    return re.sub(r"\\(.)", r"\1", " ".join(str(e.value) for e in elements))


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[budget]\nrush_shares_pct = 30\n", "rush_shares_pct"),
        ("rush_share_pct = 30\n", "rush_share_pct"),
        ('[budget]\nrush_share_pct = "30"\n', "rush_share_pct"),
    ],
)
def test_the_dashboard_shows_a_bad_tracker_toml_as_an_error(page_with, toml, key):
    at = page_with(toml)
    assert not at.exception, at.exception
    errors = shown(at.error)
    assert key in errors and "tracker.toml" in errors
    assert "Traceback" not in errors


def test_the_dashboard_with_a_good_tracker_toml_shows_no_error(page_with):
    at = page_with("[budget]\nrush_share_pct = 30\n")
    assert not at.exception and not at.error
