"""Chart builders: `(DataFrame, …) -> go.Figure`, pure (no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from presentation.safe_text import chart_text
from presentation.tables import indicator_number

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
    "over": "#7b1fa2",
    "red": "#d62728",
    "yellow": "#e6a700",
    "green": "#2ca02c",
    "blue": "#1f77b4",
    "not_due": "#9e9e9e",
}
PLAN_COLOUR = "#555555"
# bar fills that differ in black-and-white print too
PATTERNS = {"over": "+", "red": "/", "yellow": ".", "green": "", "blue": "x", "not_due": "-"}
SYMBOLS = {"over": "x", "red": "triangle-up", "yellow": "diamond", "green": "circle",
           "blue": "square", "not_due": "circle-open"}  # fmt: skip
CAP_PCT = 100.0  # execution bars stop at the budget; what is above it is marked, not drawn


def gap_chart(
    frame: pd.DataFrame, labels: dict[str, str], words: dict[str, str], limit: int = 80
) -> go.Figure:
    """Each project's execution (bar, coloured by its spending warning) against its plan to date
    (a black tick), sorted by the gap, most behind on top. `frame` has project_code, name,
    execution_pct, plan_pct, warning; `labels` the axis and legend texts (execution, plan, gap,
    title); `words` each warning's word. At most `limit` projects (the largest gaps);
    customdata = project code.

    Every bar carries its value; a project at 0% still shows a mark (its state's symbol at 0); a
    bar over budget stops at 100% with an ✖ and the real figure (`超预算 108.0%`)."""
    data = frame.assign(gap=frame["execution_pct"].fillna(0) - frame["plan_pct"].fillna(0))
    data = data.sort_values("gap", kind="stable").head(limit).iloc[::-1]
    names = [  # names from files: literal text, never plotly's HTML
        chart_text(f"{n[:14]}… {c[-6:]}" if len(n) > 15 else f"{n} {c[-6:]}")
        for n, c in zip(data["name"].fillna(""), data["project_code"], strict=True)
    ]
    execution = data["execution_pct"].astype(float)
    shown = execution.clip(upper=CAP_PCT).fillna(0)
    figure = go.Figure()
    for warning, group in data.groupby("warning", sort=False):
        rows = data.index.isin(group.index)
        key = str(warning)
        values = execution[rows]
        prefix = f"{words.get('over', '')} " if key == "over" else ""  # the state, not a float
        label = ["—" if pd.isna(v) else f"{prefix}{v:.1f}%" for v in values]
        figure.add_trace(
            go.Bar(
                x=shown[rows],
                y=[n for n, keep in zip(names, rows, strict=True) if keep],
                orientation="h",
                marker={
                    "color": COLOURS.get(key, "#999"),
                    "pattern": {"shape": PATTERNS.get(key, "")},
                },
                text=label,
                textposition="outside",
                cliponaxis=False,
                name=words.get(key, key),
                customdata=group[["project_code", "plan_pct", "gap"]].to_numpy(),
                hovertemplate=(
                    f"%{{y}}<br>{labels['execution']} %{{text}}<br>{labels['plan']}"
                    f" %{{customdata[1]:.1f}}%<br>{labels['gap']} %{{customdata[2]:.1f}}<extra></extra>"
                ),
            )
        )
        figure.add_trace(  # the state's shape at the bar's end: visible at 0% and in print
            go.Scatter(
                x=shown[rows],
                y=[n for n, keep in zip(names, rows, strict=True) if keep],
                mode="markers",
                marker={
                    "symbol": SYMBOLS.get(key, "circle"),
                    "size": 9,
                    "color": COLOURS.get(key, "#999"),
                    "line": {"width": 1, "color": "#000"},
                },
                showlegend=False,
                hoverinfo="skip",
                customdata=group[["project_code", "plan_pct", "gap"]].to_numpy(),
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
    top = 96  # title, legend, the axis's ticks: nothing else above the first bar
    height = 24 * len(data) + top + 12
    figure.update_layout(
        title={"text": labels["title"], "x": 0.01, "y": 1 - 6 / height, "yanchor": "top",
               "yref": "container", "font": {"size": 15}},
        barmode="overlay",
        height=height,
        xaxis={"ticksuffix": "%", "side": "top", "range": [0, CAP_PCT * 1.22],
               "fixedrange": True},
        yaxis={"categoryorder": "array", "categoryarray": names, "automargin": True,
               "fixedrange": True, "range": [-0.6, len(names) - 0.4]},  # no padding band
        margin={"l": 10, "r": 10, "t": top, "b": 12},
        legend={"orientation": "h", "y": 1 - 34 / height, "yanchor": "top", "x": 0,
                "yref": "container"},
        uniformtext={"minsize": 9, "mode": "show"},
    )  # fmt: skip
    return figure


def s_curve(
    points: pd.DataFrame,
    labels: dict[str, str],
    checkpoints: pd.DataFrame | None = None,
    forecast: tuple[dt.date, float, dt.date, float] | None = None,
    previous: pd.DataFrame | None = None,
) -> go.Figure:
    """Cumulative execution against the plan, in % of the budget. `points` has day, execution_pct
    (None after as-of), plan_pct, time_pct. `checkpoints` (optional) has checkpoint, target_pct,
    status text, shortfall text; `forecast` (as-of, execution, year end, forecast %) draws the
    forecast as a dashed line; `previous` (engine.compare.previous_curve: last year's points
    moved one year on) draws last year's execution as a faint line behind (labels["previous"]).
    `labels`: title, execution, plan, time, checkpoints, forecast."""
    figure = go.Figure()
    if previous is not None and not previous.empty:
        before = previous.dropna(subset=["execution_pct"])
        figure.add_trace(
            go.Scatter(
                x=before["day"],
                y=before["execution_pct"],
                mode="lines",
                name=labels.get("previous", "last year"),
                line={"color": COLOURS["blue"], "width": 2},
                opacity=0.3,
                line_shape="hv",
            )
        )
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


def bullet_chart(indicators: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """One bullet per quantitative indicator, all on one scale: the actual as a share of the
    target (a bar coloured by the indicator's colour, its value written beside it in the
    indicator's own unit), the target at 100% (a black tick) and, for the kinds compared with
    the time elapsed, the target to date (a grey tick: target × months / 12) — the legend names
    it, so a 60% bar at mid-year reads as on track. `indicators` has name, actual, target_value,
    expected_value, prorated, kind, unit, colour, word; `labels`: title, target, expected."""
    data = indicators.iloc[::-1]
    target = data["target_value"].astype(float)
    actual = data["actual"].astype(float)
    share = (actual / target * 100).clip(upper=160)
    names = [chart_text(n if len(n) <= 16 else n[:15] + "…") for n in data["name"].fillna("")]
    texts = [
        f"{indicator_number(a, k, u)} / {indicator_number(t_, k, u)}"
        for a, t_, k, u in zip(actual, target, data["kind"], data["unit"], strict=True)
    ]
    colours = [COLOURS.get(str(c), "#999") for c in data["colour"]]
    figure = go.Figure(
        go.Bar(
            x=share,
            y=names,
            orientation="h",
            marker={"color": colours},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    figure.add_trace(  # the values, right of the bar and of the target tick: never under a tick
        go.Scatter(
            x=[max(v, 100) + 4 if pd.notna(v) else 104 for v in share],
            y=names,
            mode="text",
            text=[f"{w} · {t_}" for w, t_ in zip(data["word"], texts, strict=True)],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[100] * len(data),
            y=names,
            mode="markers",
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#000"}},
            name=labels["target"],
            hoverinfo="skip",
        )
    )
    prorated = data["prorated"].astype(bool).to_numpy()
    if prorated.any():
        expected = (data["expected_value"].astype(float) / target * 100)[prorated]
        figure.add_trace(
            go.Scatter(
                x=expected,
                y=[n for n, keep in zip(names, prorated, strict=True) if keep],
                mode="markers",
                marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#888"}},
                name=labels["expected"],
                hoverinfo="skip",
            )
        )
    height = 34 * len(data) + 110
    figure.update_layout(
        title={"text": labels["title"], "x": 0.01},
        height=height,
        xaxis={
            "ticksuffix": "%",
            "range": [0, 240],
            "fixedrange": True,
            "tickvals": [0, 50, 100, 150],
        },
        yaxis={"automargin": True, "fixedrange": True, "range": [-0.6, len(data) - 0.4]},
        margin={"l": 10, "r": 20, "t": 80, "b": 40},
        legend={"orientation": "h", "y": 1, "yanchor": "bottom", "x": 0},
        bargap=0.45,
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


MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def monthly_totals(daily: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Daily spending (pay_date, spent) summed by month: month (`3月` / `Mar`), wan (万元)."""
    months = [f"{d.month}月" if lang == "zh" else MONTHS_EN[d.month - 1] for d in daily["pay_date"]]
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
