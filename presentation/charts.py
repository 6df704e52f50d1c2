"""Chart builders: `(DataFrame, …) -> go.Figure`, pure (no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from presentation.safe_text import chart_text

SOURCE_SYMBOLS = {"published": "circle", "carried": "circle-open", "default": "diamond-open"}


def plan_chart(
    plan: pd.DataFrame, fiscal_year: int, title: str, labels: dict[str, str]
) -> go.Figure:
    """The cumulative spending plan: linear from 0% on 1 January through every checkpoint.

    `plan` has columns checkpoint, label, cumulative_pct, source; `labels` maps each source to
    its display name (markers differ by source so they read in black-and-white print too).
    """
    start = pd.DataFrame(
        {"checkpoint": [dt.date(fiscal_year, 1, 1)], "cumulative_pct": [0.0], "label": ["1月1日"]}
    )
    line = pd.concat([start, plan[["checkpoint", "cumulative_pct", "label"]]], ignore_index=True)
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=line["checkpoint"],
            y=line["cumulative_pct"],
            mode="lines",
            line={"color": "#c0392b", "width": 2},
            name=title,
            hoverinfo="skip",
        )
    )
    for source, group in plan.groupby("source", sort=False):
        figure.add_trace(
            go.Scatter(
                x=group["checkpoint"],
                y=group["cumulative_pct"],
                mode="markers+text",
                marker={"symbol": SOURCE_SYMBOLS.get(str(source), "circle"), "size": 11},
                text=[f"{v:g}%" for v in group["cumulative_pct"]],
                textposition="top center",
                cliponaxis=False,
                name=labels.get(str(source), str(source)),
                customdata=group["label"],
                hovertemplate="%{customdata}: %{y:.1f}%<extra></extra>",
            )
        )
    figure.update_layout(
        title=title,
        yaxis={"range": [0, 110], "ticksuffix": "%"},
        xaxis={"range": [dt.date(fiscal_year, 1, 1), dt.date(fiscal_year, 12, 31)]},
        height=320,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


# colours of the engine's states; every chart also writes the state in words (print, colour-blind)
COLOURS = {
    "red": "#d62728",
    "yellow": "#e6a700",
    "green": "#2ca02c",
    "blue": "#1f77b4",
    "not_due": "#9e9e9e",
}
PLAN_COLOUR = "#555555"
# bar fills that differ in black-and-white print too
PATTERNS = {"red": "/", "yellow": ".", "green": "", "blue": "x", "not_due": "-"}


def gap_chart(
    frame: pd.DataFrame, labels: dict[str, str], words: dict[str, str], limit: int = 80
) -> go.Figure:
    """Each project's execution (bar, coloured by its warning) against its plan to date (a black
    tick), sorted by the gap, most behind on top. `frame` has project_code, name, execution_pct,
    plan_pct, warning; `labels` the axis and legend texts (execution, plan, gap, title); `words`
    each warning's word. At most `limit` projects (the largest gaps); customdata = project code."""
    data = frame.assign(gap=frame["execution_pct"].fillna(0) - frame["plan_pct"].fillna(0))
    data = data.sort_values("gap", kind="stable").head(limit).iloc[::-1]
    names = [  # names from files: literal text, never plotly's HTML
        chart_text(f"{n[:14]}… {c[-6:]}" if len(n) > 15 else f"{n} {c[-6:]}")
        for n, c in zip(data["name"].fillna(""), data["project_code"], strict=True)
    ]
    figure = go.Figure()
    for warning, group in data.groupby("warning", sort=False):
        rows = data.index.isin(group.index)
        figure.add_trace(
            go.Bar(
                x=group["execution_pct"],
                y=[n for n, keep in zip(names, rows, strict=True) if keep],
                orientation="h",
                marker={
                    "color": COLOURS.get(str(warning), "#999"),
                    "pattern": {"shape": PATTERNS.get(str(warning), "")},
                },
                name=words.get(str(warning), str(warning)),
                customdata=group[["project_code", "plan_pct", "gap"]].to_numpy(),
                hovertemplate=(
                    f"%{{y}}<br>{labels['execution']} %{{x:.1f}}%<br>{labels['plan']}"
                    f" %{{customdata[1]:.1f}}%<br>{labels['gap']} %{{customdata[2]:.1f}}<extra></extra>"
                ),
            )
        )
    figure.add_trace(
        go.Scatter(
            x=data["plan_pct"],
            y=names,
            mode="markers",
            marker={"symbol": "line-ns", "size": 14, "line": {"width": 3, "color": PLAN_COLOUR}},
            name=labels["plan"],
            customdata=data[["project_code", "plan_pct", "gap"]].to_numpy(),
            hoverinfo="skip",
        )
    )
    height = max(320, 22 * len(data) + 140)
    figure.update_layout(
        title={"text": labels["title"], "y": 1 - 12 / height, "yanchor": "top", "x": 0.01},
        barmode="overlay",
        height=height,
        xaxis={"ticksuffix": "%", "title": labels["execution"], "side": "top"},
        yaxis={"categoryorder": "array", "categoryarray": names, "automargin": True},
        margin={"l": 10, "r": 10, "t": 110, "b": 10},
        legend={
            "orientation": "h",
            "y": 1 - 40 / height,
            "yanchor": "top",
            "x": 0,
            "yref": "container",
        },
    )
    return figure


def s_curve(
    points: pd.DataFrame,
    labels: dict[str, str],
    checkpoints: pd.DataFrame | None = None,
    forecast: tuple[dt.date, float, dt.date, float] | None = None,
) -> go.Figure:
    """Cumulative execution against the plan, in % of the budget. `points` has day, execution_pct
    (None after as-of), plan_pct, time_pct. `checkpoints` (optional) has checkpoint, target_pct,
    status text, shortfall text; `forecast` (as-of, execution, year end, forecast %) draws the
    forecast as a dashed line. `labels`: title, execution, plan, time, checkpoints, forecast."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=points["day"],
            y=points["plan_pct"],
            mode="lines",
            name=labels["plan"],
            line={"color": PLAN_COLOUR, "width": 2},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=points["day"],
            y=points["time_pct"],
            mode="lines",
            name=labels["time"],
            line={"color": "#999999", "width": 1, "dash": "dot"},
        )
    )
    spent = points.dropna(subset=["execution_pct"])
    figure.add_trace(
        go.Scatter(
            x=spent["day"],
            y=spent["execution_pct"],
            mode="lines",
            name=labels["execution"],
            line={"color": COLOURS["blue"], "width": 3},
            line_shape="hv",
        )
    )
    if checkpoints is not None and not checkpoints.empty:
        figure.add_trace(
            go.Scatter(
                x=checkpoints["checkpoint"],
                y=checkpoints["target_pct"],
                mode="markers+text",
                name=labels["checkpoints"],
                marker={
                    "size": 12,
                    "symbol": checkpoints["symbol"],
                    "color": checkpoints["colour"],
                    "line": {"width": 1, "color": "#333"},
                },
                text=checkpoints["text"],
                textposition="top left",
                cliponaxis=False,
                hovertemplate="%{x}<br>%{text}<extra></extra>",
            )
        )
    if forecast is not None:
        day, value, end, expected = forecast
        figure.add_trace(
            go.Scatter(
                x=[day, end],
                y=[value, expected],
                mode="lines+markers",
                name=labels["forecast"],
                line={"color": COLOURS["blue"], "dash": "dash"},
            )
        )
    figure.update_layout(
        title=labels["title"],
        xaxis={"tickformat": "%Y-%m"},
        yaxis={"ticksuffix": "%", "rangemode": "tozero"},
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def monthly_bars(months: pd.DataFrame, title: str, value_label: str) -> go.Figure:
    """Spending per month (`months`: month label, wan) as bars with their values written."""
    figure = go.Figure(
        go.Bar(
            x=months["month"],
            y=months["wan"],
            text=[f"{v:,.2f}" for v in months["wan"]],
            textposition="outside",
            marker={"color": COLOURS["blue"]},
            name=value_label,
            cliponaxis=False,
        )
    )
    figure.update_layout(
        title=title,
        height=300,
        yaxis={"title": value_label},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return figure


def bullet_chart(indicators: pd.DataFrame, title: str, target_word: str) -> go.Figure:
    """One bullet per quantitative indicator: the actual as a bar against the target (the
    threshold), coloured by the indicator's colour. `indicators` has name, actual, target_value,
    unit, colour, word (the colour in words)."""
    count = max(len(indicators), 1)
    figure = go.Figure()
    step = 1 / count
    for k, row in enumerate(indicators.itertuples(index=False)):
        top = 1 - k * step
        target, actual = float(row.target_value), float(row.actual)
        figure.add_trace(
            go.Indicator(
                mode="number+gauge",
                value=actual,
                number={
                    "suffix": f" {row.unit or ''}",
                    "font": {"size": 14},
                    "valueformat": ",.4~g",
                },
                title={
                    "text": f"{chart_text(row.name)}<br><span style='font-size:11px'>{row.word} · "
                    f"{target_word} {target:,.6g}</span>",
                    "font": {"size": 12},
                },
                domain={
                    "x": [0.3, 0.92],
                    "y": [max(top - step + 0.04 * step, 0), top - 0.15 * step],
                },
                gauge={
                    "shape": "bullet",
                    "axis": {"range": [0, max(target, actual) * 1.15 or 1]},
                    "threshold": {
                        "line": {"color": "#000", "width": 3},
                        "value": target,
                        "thickness": 0.9,
                    },
                    "bar": {"color": COLOURS.get(str(row.colour), "#999")},
                },
            )
        )
    figure.update_layout(
        title=title, height=90 * count + 60, margin={"l": 10, "r": 30, "t": 50, "b": 10}
    )
    return figure


def checkpoint_marks(
    plan: pd.DataFrame, past: pd.DataFrame, texts: dict[str, str], shortfall_text
) -> pd.DataFrame:
    """The S-curve's checkpoint markers: every planned checkpoint (`plan`: checkpoint,
    cumulative_pct) marked by its result in `past` (the engine's past checkpoints: checkpoint,
    status, shortfall_yuan): met ●, missed ✗ with the shortfall, not yet due ○. `texts` has the
    "met", "missed" and "due" labels with {target} (and {short} for missed); `shortfall_text`
    formats the shortfall. Columns: checkpoint, target_pct, symbol, colour, text."""
    results = past.set_index("checkpoint") if not past.empty else pd.DataFrame()
    rows = []
    for checkpoint, target in zip(plan["checkpoint"], plan["cumulative_pct"], strict=True):
        pct = f"{target:g}"
        if checkpoint not in results.index:
            rows.append(
                (checkpoint, target, "circle-open", "#777", texts["due"].format(target=pct))
            )
        elif results.loc[checkpoint, "status"] == "met":
            rows.append(
                (checkpoint, target, "circle", COLOURS["green"], texts["met"].format(target=pct))
            )
        else:
            short = shortfall_text(results.loc[checkpoint, "shortfall_yuan"])
            text = texts["missed"].format(target=pct, short=short)
            rows.append((checkpoint, target, "x", COLOURS["red"], text))
    return pd.DataFrame(rows, columns=["checkpoint", "target_pct", "symbol", "colour", "text"])


def monthly_totals(daily: pd.DataFrame) -> pd.DataFrame:
    """Daily spending (pay_date, spent) summed by month: month (`3月`), wan (万元)."""
    months = [f"{d.month}月" for d in daily["pay_date"]]
    sums = daily.assign(month=months).groupby("month", sort=False)["spent"].sum()
    return sums.reset_index().assign(wan=lambda f: f["spent"] / 10000)


def bullet_rows(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicators a bullet chart can draw: a quantity, rate or amount with a positive
    numeric target and a numeric actual."""
    return indicators[
        indicators["kind"].isin(["quantity", "percent", "money"])
        & pd.to_numeric(indicators["target_value"], errors="coerce").gt(0)
        & indicators["actual"].map(lambda v: isinstance(v, (int, float)))
    ]
