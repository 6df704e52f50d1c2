"""A sample of the hostile corpus uploaded on the import page in a real Chromium: each refused with
its reason, and the server still answers afterwards (health check and a page)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from hostile import CORPUS
from tests.e2e.screen import charts, headings, metrics, shoot

SAMPLE = ["far-cell.xlsx", "ratio-bomb.xlsx", "inflates-past-declared.xlsx", "unclosed-quote.csv"]


@pytest.mark.e2e
def test_bombs_and_broken_files_are_refused_and_the_server_keeps_answering(
    fresh_app_url, page, tmp_path
):
    page.goto(f"{fresh_app_url}/import")
    page.get_by_role("heading", name="数据导入").first.wait_for()
    kind = page.get_by_role("combobox", name=re.compile("导入内容"))
    kind.click()
    page.get_by_role("option", name="支出明细").click()
    files = []
    for name in SAMPLE:
        _, build, expected = CORPUS[name]
        path = tmp_path / name
        build(path)
        files.append((path, expected[1]))
    page.locator("input[type=file]").set_input_files([str(path) for path, _ in files])
    page.get_by_text("试运行预览（尚未写入）").first.wait_for()
    for path, reason in files:
        page.get_by_text(
            re.compile(re.escape(path.name) + ".*" + re.escape(reason))
        ).first.wait_for()
    shoot(page, "import-hostile-refused")
    # what the picture shows: each file refused with its reason, nothing to confirm, no figures
    # of a preview (a refused file is not counted) and no chart
    assert not page.get_by_role("button", name=re.compile("确认导入")).count()
    assert metrics(page) == {} and charts(page) == []
    assert headings(page)[:2] == ["数据导入", "试运行预览（尚未写入）"]
    with urllib.request.urlopen(f"{fresh_app_url}/_stcore/health", timeout=120) as response:
        assert response.status == 200
    page.goto(f"{fresh_app_url}/")
    page.get_by_role("heading", name=re.compile("总览")).first.wait_for()
