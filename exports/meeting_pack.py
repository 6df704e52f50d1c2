"""月度例会 The monthly meeting pack: what happened in a month, from the engine's numbers.

`build_pack(con, "2025-06", unit)` computes the status at the month end and at the previous month end
(`engine.status.compute_status`) and the S-curve (`engine.status.curve`); `assemble` turns them
into the sections a meeting goes through: the headline, projects whose colour changed, checkpoints
missed this month and due next month, indicators at risk, and the lagging list. Every figure is the
engine's; this module only selects, sorts and formats.

`table(pack, section, lang)` is a section as people read it (money in 万元 with two decimals, percents
with one, colours as words). The page (`views/review.py`) shows those tables, and the writers turn
the same tables into an `.xlsx` workbook, one self-contained printable HTML file (plotly.js embedded
once, no network), or a PDF printed from that HTML by the system Chromium. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go

from engine import rules
from engine.aggregates import view_year
from engine.compare import previous_summary, with_previous
from engine.goals import GOAL_COLUMNS, unit_goals
from engine.status import Status, compute_status, curve, lagging, summaries
from exports.pack_sections import CURVE, HEADLINE, SECTIONS, Section
from presentation import dates, tables
from presentation.charts import gap_chart, s_curve
from presentation.safe_text import XLSX_OPTIONS
from presentation.strings import t
from store.errors import TrackerError

FORMATS = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".pdf": "pdf"}
CHROMIUM_DEFAULT = "/usr/bin/chromium"
CHROMIUM_TIMEOUT_SECONDS = 120
LAGGING_CHART_TOP = 20  # bars in the lagging chart (one A4 page); the table lists them all
COLOUR_CODES = (rules.OVER, rules.RED, rules.YELLOW, rules.GREEN, rules.BLUE, rules.NOT_DUE)
NUMERIC = tables.NUMBER_KINDS  # Column kinds written as numbers
XLSX_HEADER_ROW = 2  # row 0: the pack's title, row 1: the section's title, row 2: the header


class ReportError(TrackerError):
    """A meeting pack cannot be made: a bad month, an unknown format, no Chromium for the PDF."""


@dataclass
class Pack:
    """The meeting pack of one month: every figure at the end of `end` (the month's last day).
    `headline` holds the HEADLINE figures; the frames hold engine rows (yuan, colour codes)."""

    month: str
    start: dt.date
    end: dt.date
    unit: str | None
    unit_name: str | None
    headline: dict[str, float | int | None]
    curve: pd.DataFrame
    units: pd.DataFrame
    changes: pd.DataFrame
    missed: pd.DataFrame
    due: pd.DataFrame
    indicators: pd.DataFrame
    lagging: pd.DataFrame
    goals: pd.DataFrame  # the units' own goals (engine.goals), through tables.goal_rows
    yoy: pd.DataFrame  # 同比: one sentence (a `yoy` cell) for the scope, then one per unit


# -- months ----------------------------------------------------------------------------------------


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    """The first and the last day of a month written `YYYY-MM` (or 2025-6, 2025/06, 202506);
    ReportError otherwise."""
    try:
        year, month = dates.parse_month(text)
    except dates.DateTextError as error:
        raise ReportError(error.reason, hint=error.hint) from None
    start = dt.date(year, month, 1)
    return start, _month_end(start)


def _month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def month_choices(
    last_record: dt.date | None, fiscal_years: Iterable[int], today: dt.date
) -> tuple[list[str], str]:
    """The months (`YYYY-MM`) of every fiscal year loaded and of the data year, and the default
    one. The data year is the year of the last record, else the latest fiscal year loaded, else
    this year; the default month is the last record's, else this month clipped into the data
    year."""
    years = [int(y) for y in fiscal_years if pd.notna(y)]
    year = last_record.year if last_record else max(years, default=today.year)
    if last_record:
        month = last_record.month
    else:
        month = today.month if today.year == year else (12 if today.year > year else 1)
    every = sorted({*years, year})
    return [f"{y}-{m:02d}" for y in every for m in range(1, 13)], f"{year}-{month:02d}"


def month_name(month: str, lang: str) -> str:
    """`2025-06` as people say it: 2025年6月 / 2025-06."""
    start, _ = parse_month(month)
    return t("review_month_name", lang, year=start.year, month=start.month)


# -- the pack ----------------------------------------------------------------------------------------


def build_pack(con: duckdb.DuckDBPyConnection, month: str, unit: str | None = None) -> Pack:
    """The pack of `month` (`YYYY-MM`) for the whole county or one unit, from the engine at the
    month end and the previous month end. ReportError on a bad month or when no project is in
    scope."""
    start, end = parse_month(month)
    now = compute_status(con, end, unit)
    if now.projects.empty:
        where = f"单位 {unit} " if unit else "数据库中"
        raise ReportError(f"{where}没有项目", hint="请先加载绩效目标表，或检查 --unit")
    before = compute_status(con, start - dt.timedelta(days=1), unit)
    year = view_year(con, end)
    earlier = previous_summary(con, end, year, unit) if year is not None else None
    return assemble(
        month, now, before, curve(con, end, unit), unit, unit_goals(con, end, unit), earlier
    )


def assemble(
    month: str,
    now: Status,
    before: Status,
    line: pd.DataFrame,
    unit: str | None = None,
    goals: pd.DataFrame | None = None,
    earlier: tuple[pd.DataFrame, dict] | None = None,
) -> Pack:
    """The pack from the engine's results: `now` at the month end, `before` at the previous month
    end, `line` the S-curve (`status.curve`) at the month end, `goals` the units' own goals at
    the month end (`engine.goals.unit_goals`), `earlier` last year's `summaries` at the same day
    (`engine.compare.previous_summary`)."""
    start, end = parse_month(month)
    projects = now.projects
    names = projects[["project_code", "unit_code", "unit_name", "name"]]
    unit_name = projects["unit_name"].iloc[0] if unit and not projects.empty else None
    changes = _changes(now, before)
    return Pack(
        month=f"{start:%Y-%m}",
        start=start,
        end=end,
        unit=unit,
        unit_name=unit_name,
        headline=_headline(now, before),
        curve=line,
        units=with_previous(
            _units(now, before, changes), earlier[0] if earlier else None, "unit_code"
        ),
        changes=changes,
        missed=_missed(now, names, start, end),
        due=_due(now, end),
        indicators=_indicators_at_risk(now, names),
        lagging=_over_and_lagging(now),
        goals=_goals(goals),
        yoy=_yoy(now, earlier, end, unit),
    )


def _yoy(now: Status, earlier: tuple | None, end: dt.date, unit: str | None) -> pd.DataFrame:
    """The 同比 sentences: the scope's, then each unit's (none without last year's figures)."""
    if earlier is None:
        return pd.DataFrame(columns=["sentence"])
    units, totals = summaries(now)
    then_units, then_total = earlier
    scope = units["unit_name"].iloc[0] if unit and len(units) else "全县"
    before = then_units.set_index("unit_code")["execution_pct"]
    rows = [(scope, end, totals["execution_pct"], then_total["execution_pct"])]
    if not unit:
        rows += [
            (name or code, end, execution, before.get(code))
            for code, name, execution in zip(
                units["unit_code"], units["unit_name"], units["execution_pct"], strict=True
            )
        ]
    return pd.DataFrame({"sentence": rows})


def _goals(goals: pd.DataFrame | None) -> pd.DataFrame:
    """The units' goals a meeting talks about — every quantified commitment, and the others once
    rated — as the pack reads them (zh: `table` types the cells per language), red and yellow
    first."""
    if goals is not None:
        goals = goals[(goals["kind"] != "qualitative") | goals["colour"].notna()]
    if goals is None or goals.empty:
        return pd.DataFrame(columns=[*GOAL_COLUMNS, "target", "actual_text"])
    frame = tables.goal_rows(goals, "zh").assign(
        order=lambda f: -f["colour"].map(rules.SEVERITY).fillna(0).astype(float)
    )
    return frame.sort_values(["order", "unit_code", "seq"], kind="stable").drop(columns="order")


def _over_and_lagging(now: Status) -> pd.DataFrame:
    """The projects a meeting must talk about: over budget first (the most overspent first), then
    the lagging ones (`status.lagging`, the largest shortfall first)."""
    projects = now.projects
    over = projects[projects["warning"] == rules.OVER].sort_values(
        "execution_pct", ascending=False, kind="stable", key=lambda c: c.astype(float)
    )
    behind = lagging(now)
    return pd.concat([over, behind[~behind["project_code"].isin(over["project_code"])]])


def _headline(now: Status, before: Status) -> dict:
    """HEADLINE figures: the scope's totals at the month end (`status.summaries`: budget, spent,
    execution, combined plan and 序时进度, colours), the month's spending and execution − plan."""
    _, totals = summaries(now)
    _, earlier = summaries(before)
    execution, plan = totals["execution_pct"], totals["plan_pct"]
    return {
        **{key: totals[key] for key, _, _ in HEADLINE if key in totals},
        "month_spent_yuan": totals["spent_yuan"] - earlier["spent_yuan"],
        "gap_points": execution - plan if execution is not None and plan is not None else None,
    }


def _units(now: Status, before: Status, changes: pd.DataFrame) -> pd.DataFrame:
    """Every unit at the month end (`status.summaries`) with the month's gain in execution
    (percentage points) and how many of its projects changed state."""
    units, _ = summaries(now)
    earlier, _ = summaries(before)
    gain = units["unit_code"].map(earlier.set_index("unit_code")["execution_pct"])
    counts = changes.groupby("unit_code").size() if not changes.empty else pd.Series(dtype=int)
    return units.assign(
        execution_change=units["execution_pct"] - gain,
        changed=units["unit_code"].map(counts).fillna(0).astype(int),
    )


def _changes(now: Status, before: Status) -> pd.DataFrame:
    """Projects whose colour differs from the previous month end, worsened ones first."""
    then = before.projects.set_index("project_code")["colour"]
    frame = now.projects.assign(colour_before=now.projects["project_code"].map(then))
    frame = frame[frame["colour_before"].notna() & (frame["colour"] != frame["colour_before"])]
    step = frame["colour"].map(rules.SEVERITY).astype(float) - frame["colour_before"].map(
        rules.SEVERITY
    ).astype(float)
    change = step.map(lambda d: "worse" if d > 0 else "better" if d < 0 else None)
    frame = frame.assign(change=change.astype(object), order=-step)
    return frame.sort_values(["order", "unit_code", "project_code"]).drop(columns="order")


def _missed(now: Status, names: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Checkpoints dated inside the month and missed, largest shortfall first."""
    points = now.checkpoints
    inside = points["checkpoint"].map(lambda day: start <= day <= end).astype(bool)
    missed = points[inside & (points["status"] == "missed")]
    return missed.merge(names, on="project_code").sort_values(
        "shortfall_yuan", ascending=False, kind="stable"
    )


def _due(now: Status, end: dt.date) -> pd.DataFrame:
    """Projects whose next checkpoint falls in the next month, most still to spend first."""
    first = end + dt.timedelta(days=1)
    last = _month_end(first)
    projects = now.projects
    due = projects["next_checkpoint"].map(lambda day: day is not None and first <= day <= last)
    return projects[due.astype(bool)].sort_values("to_spend_yuan", ascending=False, kind="stable")


def _indicators_at_risk(now: Status, names: pd.DataFrame) -> pd.DataFrame:
    """Red and yellow indicators, red first, then by ratio."""
    frame = now.indicators[now.indicators["colour"].isin([rules.RED, rules.YELLOW])]
    frame = tables.indicator_rows(frame, "zh")  # actual: a number in its unit, or a level
    frame = frame.rename(columns={"name": "indicator"}).merge(names, on="project_code")
    frame = frame.assign(order=-frame["colour"].map(rules.SEVERITY).astype(float))
    return frame.sort_values(["order", "ratio_pct", "unit_code", "project_code", "seq"]).drop(
        columns="order"
    )


# -- tables as people read them ---------------------------------------------------------------------


def _missing(value) -> bool:
    """None, NaN or NaT: an unknown value."""
    return tables.missing(value)


def colour_word(colour, lang: str) -> str:
    """A colour (or a warning) with its shape and word, readable without colour; — if none."""
    return tables.state_text(colour, lang)


def table(pack: Pack, section: Section, lang: str) -> pd.DataFrame:
    """A section as people read it: headers from the catalogue, yuan as 万元 (two decimals),
    percents with one decimal, colours and checkpoint results as words."""
    return tables.typed(getattr(pack, section.frame), section.columns, lang)


def headline_rows(pack: Pack, lang: str) -> list[tuple[str, object, str]]:
    """The headline as (label, display value, kind) rows."""
    return [
        (t(label, lang), tables.cell(pack.headline.get(key), kind, lang), kind)
        for key, label, kind in HEADLINE
    ]


def title(pack: Pack, lang: str) -> str:
    """The pack's title line: month, as-of date and scope."""
    scope = f"{pack.unit} {pack.unit_name or ''}".strip() if pack.unit else t("all_units", lang)
    return t(
        "review_pack_title", lang, month=month_name(pack.month, lang), end=pack.end, scope=scope
    )


def charts(pack: Pack, lang: str) -> dict[str, go.Figure]:
    """The pack's figures, from the dashboard's chart builders: `curve` (the S-curve of the scope:
    execution against the combined plan and 序时进度 at month ends) and `lagging` (execution against
    plan of the lagging projects with the largest gaps)."""
    curve_labels = {k: t(f"curve_{k}", lang) for k in ("execution", "plan", "time")}
    lagging_labels = {
        "execution": t("execution", lang),
        "plan": t("plan_to_date", lang),
        "gap": t("gap", lang),
        "title": t("review_chart_lagging", lang, n=min(len(pack.lagging), LAGGING_CHART_TOP)),
    }
    words = {colour: colour_word(colour, lang) for colour in COLOUR_CODES}
    return {
        "curve": s_curve(pack.curve, curve_labels | {"title": t("curve_title", lang)}),
        "lagging": gap_chart(pack.lagging, lagging_labels, words, limit=LAGGING_CHART_TOP),
    }


# -- writers ----------------------------------------------------------------------------------------


def pack_format(path: str | Path) -> str:
    """html, xlsx or pdf, from the file's extension; ReportError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(
            f"不支持的文件类型「{suffix or Path(path).name}」",
            hint="输出文件请以 .html、.xlsx 或 .pdf 结尾",
        )
    return FORMATS[suffix]


def write_pack(pack: Pack, path: str | Path, lang: str = "zh") -> Path:
    """Write the pack in the format its extension names (.html, .xlsx, .pdf); returns the path."""
    writers = {"html": write_html, "xlsx": write_xlsx, "pdf": write_pdf}
    target = Path(path)
    writer = writers[pack_format(target)]
    if not target.parent.is_dir():  # a mistyped folder is an error, never created silently
        raise ReportError(
            f"输出文件夹 {target.parent} 不存在", hint="请先创建文件夹，或换一个已有的文件夹"
        )
    writer(pack, target, lang)
    return target


def xlsx_bytes(pack: Pack, lang: str = "zh") -> bytes:
    """The workbook: a headline sheet, the S-curve figures and a sheet per section. Each sheet has
    the pack's title and the section's title above a formatted header row (the three rows frozen,
    the header repeated on printed A4 pages), numbers with their formats, fitted column widths."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, XLSX_OPTIONS)  # text is never a formula
    base = {"font_size": 10, "border": 1, "valign": "top"}
    excel_formats = {
        "wan": "#,##0.00",
        "yuan": "#,##0.00",
        "pct": '0.0"%"',
        "points": "+0.0;-0.0;0.0",
        "int": "0",
        "date": "yyyy-mm-dd",
    }
    formats = {
        kind: book.add_format({**base, "num_format": f}) for kind, f in excel_formats.items()
    }
    formats["text"] = book.add_format({**base, "text_wrap": True})
    header_format = book.add_format(
        {**base, "bold": True, "bg_color": "#D9D9D9", "text_wrap": True}
    )
    title_format = book.add_format({"bold": True, "font_size": 13})
    subtitle_format = book.add_format({"bold": True, "font_size": 11})
    note_format = book.add_format({"italic": True})
    heading = title(pack, lang)

    def add_sheet(name: str, subtitle: str, header: list[str], body: list, empty: str) -> None:
        sheet = book.add_worksheet(name[:31])
        sheet.write(0, 0, heading, title_format)
        sheet.write(1, 0, subtitle, subtitle_format)
        sheet.write_row(XLSX_HEADER_ROW, 0, header, header_format)
        sheet.freeze_panes(XLSX_HEADER_ROW + 1, 0)
        sheet.repeat_rows(XLSX_HEADER_ROW)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        widths = [_text_width(h) for h in header]
        for r, row in enumerate(body, start=XLSX_HEADER_ROW + 1):
            for c, (value, kind) in enumerate(row):
                if _missing(value):
                    sheet.write_blank(r, c, None, formats[kind])
                elif kind == "date":
                    sheet.write_datetime(r, c, value, formats[kind])
                elif kind in NUMERIC:
                    sheet.write_number(r, c, value, formats[kind])
                else:
                    sheet.write_string(r, c, str(value), formats[kind])
                widths[c] = max(widths[c], _text_width(_shown(value, kind)))
        if not body:
            sheet.write(XLSX_HEADER_ROW + 1, 0, empty, note_format)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, min(max(width + 2, 8), 48))

    add_sheet(
        t("review_sheet_headline", lang),
        t("review_sec_headline", lang),
        [t("review_col_item", lang), t("review_col_value", lang)],
        [[(label, "text"), (value, kind)] for label, value, kind in headline_rows(pack, lang)],
        "",
    )
    for section in (CURVE, *SECTIONS):
        frame = table(pack, section, lang)
        kinds = [c.kind if c.kind in excel_formats else "text" for c in section.columns]
        add_sheet(
            t(section.sheet, lang),
            t(section.title, lang),
            list(frame.columns),
            [list(zip(row, kinds, strict=True)) for row in frame.itertuples(index=False)],
            t(section.empty, lang),
        )
    book.close()
    return buffer.getvalue()


def _text_width(text: str) -> int:
    """Characters in Excel's width units: a CJK character is two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _shown(value, kind: str) -> str:
    """A cell as it reads in a table (HTML, and the column widths of the workbook)."""
    if _missing(value):
        return "—"
    if kind in ("wan", "yuan"):
        return f"{value:,.2f}"
    if kind == "pct":
        return f"{value:.1f}%"
    if kind == "points":
        return f"{value:+.1f}"
    if kind == "date":
        return value.isoformat()
    return str(value)


def write_xlsx(pack: Pack, path: str | Path, lang: str = "zh") -> None:
    """Write `xlsx_bytes` to `path`."""
    Path(path).write_bytes(xlsx_bytes(pack, lang))


HTML_STYLE = """
@page {
  size: A4 landscape;
  margin: 16mm 12mm 14mm;
  @top-left { content: var(--title); font: 8.5pt "Noto Sans CJK SC", sans-serif; color: #333; }
  @bottom-right { content: var(--page) counter(page) var(--of) counter(pages) var(--pages);
                  font: 8.5pt "Noto Sans CJK SC", sans-serif; color: #333; }
}
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun",
       sans-serif; font-size: 9.5pt; color: #000; margin: 0 auto; max-width: 273mm; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; border-bottom: 1.2pt solid #000;
     break-after: avoid; page-break-after: avoid; }
p.note { margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2mm; }
th, td { border: 0.6pt solid #000; padding: 0.7mm 1.1mm; vertical-align: top; font-size: 8.5pt;
         word-break: keep-all; overflow-wrap: normal; }
th { background: #e6e6e6; font-weight: bold; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.n, td.k { white-space: nowrap; }
td.n { text-align: right; }
table.headline td, table.headline th { width: 12.5%; white-space: nowrap; }
.note, .empty { color: #333; font-size: 8.5pt; }
.empty { margin: 0 0 2mm; }
.chart { break-inside: avoid; page-break-inside: avoid; margin: 1mm 0; }
.block { break-inside: avoid; page-break-inside: avoid; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""
PRINT_WIDTH_PX = 1000  # A4 landscape inside the margins, at 96 px per inch
KEEP_ON_ONE_LINE = ("code", "date", "state", "checkpoint", "change", *tables.NUMBER_KINDS)


def html_text(pack: Pack, lang: str = "zh") -> str:
    """One self-contained HTML page (plotly.js inline once, no network), printed on A4 landscape:
    every page headed with the month, the as-of date and the scope and numbered; the headline
    figures, the units table, the S-curve, then each section flowing on (no section starts a page
    of its own); numbers, dates, codes and states never break across lines."""
    from plotly.offline import get_plotlyjs

    figures = charts(pack, lang)
    heading = title(pack, lang)
    cells = [
        (t(label, lang), pack.headline.get(key), kind) for key, label, kind in HEADLINE
    ]  # raw values: `tables.text` formats them
    half = (len(cells) + 1) // 2
    rows = []
    for chunk in (cells[:half], cells[half:]):
        rows.append(
            "<tr>"
            + "".join(
                f"<th>{html.escape(label)}</th><td class='n'>"
                f"{html.escape(tables.text(value, kind, lang))}</td>"
                for label, value, kind in chunk
            )
            + "</tr>"
        )
    parts = [
        f"<h1>{html.escape(heading)}</h1>",
        f"<p class='note'>{html.escape(t('review_html_note', lang))}</p>",
        f"<div class='block'><h2>{html.escape(t('review_sec_headline', lang))}</h2>",
        f"<table class='headline'><tbody>{''.join(rows)}</tbody></table></div>",
    ]
    for section in SECTIONS:
        frame = tables.frame(getattr(pack, section.frame), section.columns, lang)
        parts.append(f"<h2>{html.escape(t(section.title, lang))}</h2>")
        parts.append(_table_html(frame, section, lang))
        if section.frame == "units":  # the units first, then the year's curve
            parts.append(_figure_html(figures["curve"], "curve", PRINT_WIDTH_PX, 300))
        if section.frame == "lagging" and not pack.lagging.empty:
            height = 24 * min(len(pack.lagging), LAGGING_CHART_TOP) + 110
            parts.append(_figure_html(figures["lagging"], "lagging", PRINT_WIDTH_PX, height))
    page_words = {
        "--title": heading,
        "--page": t("review_page", lang),
        "--of": t("review_page_of", lang),
        "--pages": t("review_pages", lang),
    }
    variables = "; ".join(f"{k}: {_css_string(v)}" for k, v in page_words.items())
    return (
        f"<!DOCTYPE html>\n<html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
        f"<meta charset='utf-8'><title>{html.escape(heading)}</title>"
        f"<style>{HTML_STYLE}\n:root {{ {variables}; }}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )


def _css_string(text: str) -> str:
    """`text` as a CSS string (for the page margin boxes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _figure_html(figure: go.Figure, name: str, width: int, height: int | None = None) -> str:
    """A static plot `width` px wide, drawn by the page's inline plotly.js."""
    sized = go.Figure(figure).update_layout(width=width, template="simple_white")
    if height:
        sized.update_layout(height=height)
    body = sized.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{name}",
        config={"staticPlot": True, "displayModeBar": False},
    )
    return f"<div class='chart'>{body}</div>"


def _table_html(frame: pd.DataFrame, section: Section, lang: str) -> str:
    """A section's table (text as people read it), or its empty text."""
    if frame.empty:
        return f"<p class='empty'>{html.escape(t(section.empty, lang))}</p>"
    classes = [
        " class='n'" if c.kind in tables.NUMBER_KINDS
        else " class='k'" if c.kind in KEEP_ON_ONE_LINE
        else ""
        for c in section.columns
    ]  # fmt: skip
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = (
            f"<td{css}>{html.escape(str(v))}</td>" for v, css in zip(row, classes, strict=True)
        )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def write_html(pack: Pack, path: str | Path, lang: str = "zh") -> None:
    """Write `html_text` to `path` (UTF-8)."""
    Path(path).write_text(html_text(pack, lang), encoding="utf-8")


def chromium_path() -> str | None:
    """The Chromium to print PDFs with: $TRACKER_CHROMIUM, else /usr/bin/chromium or `chromium`
    on PATH; None when there is none."""
    wanted = os.environ.get("TRACKER_CHROMIUM")
    candidates = [wanted] if wanted else [CHROMIUM_DEFAULT, "chromium", "chromium-browser"]
    for candidate in candidates:
        found = candidate if Path(candidate).is_file() else shutil.which(candidate)
        if found:
            return found
    return None


def pdf_bytes(pack: Pack, lang: str = "zh") -> bytes:
    """The HTML pack printed to PDF by headless Chromium (A4, charts drawn before printing).
    ReportError when Chromium is missing or fails."""
    browser = chromium_path()
    if browser is None:
        raise ReportError(
            f"找不到 Chromium 浏览器（{os.environ.get('TRACKER_CHROMIUM') or CHROMIUM_DEFAULT}），无法生成 PDF",
            hint="请安装 chromium 和 fonts-noto-cjk（apt-get install chromium fonts-noto-cjk），"
            "或用环境变量 TRACKER_CHROMIUM 指定浏览器；也可以导出 .html 后在浏览器中打印",
        )
    with tempfile.TemporaryDirectory(prefix="tracker-pack-") as work:
        page = Path(work) / "pack.html"
        out = Path(work) / "pack.pdf"
        page.write_text(html_text(pack, lang), encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(work) / 'profile'}",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=20000",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:
            raise ReportError(
                f"Chromium 在 {CHROMIUM_TIMEOUT_SECONDS} 秒内没有生成 PDF",
                hint="请改为导出 .html，在浏览器中打印",
            ) from None
        data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"%PDF"):
        detail = (done.stderr or "").strip().splitlines()[-1:] or [f"退出码 {done.returncode}"]
        raise ReportError(
            f"Chromium 未能生成 PDF（{detail[0][:200]}）",
            hint="请改为导出 .html，在浏览器中打印",
        )
    return data


def write_pdf(pack: Pack, path: str | Path, lang: str = "zh") -> None:
    """Write `pdf_bytes` to `path`."""
    Path(path).write_bytes(pdf_bytes(pack, lang))


# each format's content, as bytes or text, and its MIME type (the page's download buttons)
PRODUCERS = {"xlsx": xlsx_bytes, "html": html_text, "pdf": pdf_bytes}
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "pdf": "application/pdf",
}
