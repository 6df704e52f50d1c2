"""Chart builders: `(DataFrame, …) -> go.Figure`, pure (no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

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
