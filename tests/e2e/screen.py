"""What a page in the browser shows, read the way a person reads it, and its picture.

Every wait here is for an event (Streamlit's run has ended, the charts and grids are drawn), bounded
only by the page's default timeout (conftest.HANG_GUARD_MS) so that a broken page cannot hang the
tests. A picture goes to test-output/e2e/<name>.png (stable names, kept for a person to look at);
the test that takes it asserts what it shows: the figures on the metric cards, the headings, and
the charts (drawn plotly svgs, their titles and the trace names in their legends). The tables
(st.dataframe) draw on a canvas, so their cells are not asserted here.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import OUTPUT

# Streamlit's run has ended (stApp's script state), no element is still loading its code (the
# skeletons), every plotly chart has drawn its svg as wide as its box, and every table that is
# not inside a closed expander has drawn its grid
DRAWN = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid=stSkeleton], [data-testid=stStatusWidget]')) return false;
  const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
  if (!charts.every(c => {
    const svg = c.querySelector('.js-plotly-plot .main-svg');
    return svg && Math.abs(svg.getAttribute('width') - svg.closest('.js-plotly-plot').clientWidth) <= 1;
  })) return false;
  return [...document.querySelectorAll('[data-testid=stDataFrame]')]
    .filter(d => !d.closest('details:not([open])'))
    .every(d => d.querySelector('.dvn-scroller'));
}"""

CHARTS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(c => ({
  svgs: c.querySelectorAll('.js-plotly-plot .main-svg').length,
  title: [...c.querySelectorAll('.gtitle')].map(t => t.textContent).join(' '),
  legend: [...c.querySelectorAll('.legendtext')].map(t => t.textContent),
  ticks: [...c.querySelectorAll('.ytick text')].map(t => t.textContent),
  labels: [...c.querySelectorAll('.textpoint text, text.bartext')].map(t => t.textContent),
}))"""


def settled(page) -> None:
    """Streamlit's run has ended (a run has happened: the state is `initial` before the first)
    and the page's charts and grids are drawn."""
    page.wait_for_function(DRAWN)


def shoot(page, name: str, folder: Path = OUTPUT) -> Path:
    """The whole page, once it has settled, to <folder>/<name>.png. Streamlit scrolls inside its
    main block, so the window is made as tall as the page for the picture (the charts settle again
    at that size), then set back."""
    settled(page)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 16_000)})
    page.wait_for_function(DRAWN)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def metric(page, label: str) -> str:
    """The value of the st.metric labelled `label`."""
    box = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    return box.locator("[data-testid=stMetricValue]").inner_text()


def metrics(page) -> dict[str, str]:
    """Every metric card of the page: label → value."""
    cards = page.locator("[data-testid=stMetric]")
    return {
        cards.nth(i).locator("[data-testid=stMetricLabel]").inner_text().strip(): (
            cards.nth(i).locator("[data-testid=stMetricValue]").inner_text().strip()
        )
        for i in range(cards.count())
    }


def headings(page) -> list[str]:
    """The page's headings (title, headers, subheaders), in order."""
    main = page.get_by_test_id("stMain")
    return [h.strip() for h in main.locator("h1, h2, h3").all_inner_texts()]


def charts(page) -> list[dict]:
    """Each plotly chart of the page, in order: `svgs` (its drawn .main-svg layers), `title`,
    `legend` (trace names), `ticks` (the y axis's labels) and `labels` (text on the bars)."""
    return page.evaluate(CHARTS)


def wan(yuan) -> str:
    """An amount in yuan as the metric cards show it in 万元: 230218900 → '23,021.89'."""
    return f"{yuan / 10000:,.2f}"
