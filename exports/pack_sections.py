"""The meeting pack's tables (exports/meeting_pack.py): the columns of each section as people read
them, the S-curve's table and the headline figures. The page, the workbook, the HTML and the PDF
all print these."""

from __future__ import annotations

from dataclasses import dataclass

from presentation.tables import Column


@dataclass(frozen=True)
class Section:
    """A table of the pack: `frame` is the Pack attribute holding it, `title` / `sheet` / `empty`
    catalogue keys (heading, worksheet name, text when it has no rows)."""

    frame: str
    title: str
    sheet: str
    empty: str
    columns: tuple[Column, ...]


UNIT = Column("unit_name", "unit_name")
CODE = Column("project_code", "project_code", "code")
NAME = Column("name", "project_name")

SECTIONS = (
    Section(
        "units",
        "review_sec_units",
        "review_sheet_units",
        "review_empty_units",
        (
            Column("unit_name", "unit_name"),
            Column("projects", "projects", "int"),
            Column("budget_yuan", "budget_total_wan", "wan"),
            Column("spent_yuan", "spent_total_wan", "wan"),
            Column("execution_pct", "execution", "pct"),
            Column("plan_pct", "plan_to_date", "pct"),
            Column("execution_change", "review_col_month_gain", "points"),
            Column("execution_ly", "execution_ly", "pct"),
            Column("execution_yoy", "execution_yoy", "points"),
            Column("warning", "warning", "state"),
            Column("red", "combined_red", "int"),
            Column("yellow", "combined_yellow", "int"),
            Column("green", "combined_green", "int"),
            Column("changed", "review_col_changed", "int"),
        ),
    ),
    Section(
        "changes",
        "review_sec_changes",
        "review_sheet_changes",
        "review_empty_changes",
        (
            UNIT,
            CODE,
            NAME,
            Column("colour_before", "review_col_from", "state"),
            Column("colour", "review_col_to", "state"),
            Column("change", "review_col_change", "change"),
            Column("execution_pct", "execution", "pct"),
            Column("plan_pct", "plan_to_date", "pct"),
        ),
    ),
    Section(
        "lagging",
        "review_sec_lagging",
        "review_sheet_lagging",
        "review_empty_lagging",
        (
            UNIT,
            CODE,
            NAME,
            Column("warning", "warning", "state"),
            Column("execution_pct", "execution", "pct"),
            Column("plan_pct", "plan_to_date", "pct"),
            Column("last_checkpoint_status", "last_status", "checkpoint"),
            Column("shortfall_yuan", "shortfall_wan", "wan"),
            Column("to_spend_yuan", "to_spend_wan", "wan"),
            Column("days_left", "days_left", "int"),
            Column("forecast_pct", "forecast", "pct"),
        ),
    ),
    Section(
        "missed",
        "review_sec_missed",
        "review_sheet_missed",
        "review_empty_missed",
        (
            UNIT,
            CODE,
            NAME,
            Column("label", "review_col_label"),
            Column("checkpoint", "review_col_date", "date"),
            Column("target_pct", "review_col_target_pct", "pct"),
            Column("reached_pct", "review_col_reached_pct", "pct"),
            Column("shortfall_yuan", "shortfall_wan", "wan"),
        ),
    ),
    Section(
        "due",
        "review_sec_due",
        "review_sheet_due",
        "review_empty_due",
        (
            UNIT,
            CODE,
            NAME,
            Column("next_checkpoint", "next_checkpoint", "date"),
            Column("next_target_pct", "review_col_target_pct", "pct"),
            Column("execution_pct", "execution", "pct"),
            Column("to_spend_yuan", "to_spend_wan", "wan"),
            Column("days_left", "days_left", "int"),
            Column("per_day_yuan", "per_day_yuan", "yuan"),
        ),
    ),
    Section(
        "indicators",
        "review_sec_indicators",
        "review_sheet_indicators",
        "review_empty_indicators",
        (
            UNIT,
            CODE,
            NAME,
            Column("indicator", "indicator_name"),
            Column("target_raw", "target_raw", "target"),
            Column("actual_text", "actual", "level"),  # a level in the page's language
            Column("ratio_pct", "ratio_pct", "ratio"),
            Column("colour", "colour_indicator", "state"),
            Column("reason", "why", "reason"),
        ),
    ),
    Section(
        "goals",
        "review_sec_goals",
        "review_sheet_goals",
        "review_empty_goals",
        (
            UNIT,
            Column("seq", "seq", "int"),
            Column("text", "goal_text"),
            Column("target", "goal_target"),
            Column("object", "goal_object"),
            Column("actual_text", "actual", "level"),
            Column("ratio_pct", "ratio_pct", "ratio"),
            Column("colour", "colour_indicator", "state"),
            Column("reason", "why", "reason"),
        ),
    ),
    Section(
        "yoy",
        "review_sec_yoy",
        "review_sheet_yoy",
        "review_empty_yoy",
        (Column("sentence", "review_col_sentence", "yoy"),),
    ),
)
CURVE = Section(
    "curve",
    "curve_title",
    "review_sheet_curve",
    "review_empty_curve",
    (
        Column("day", "review_col_month_end", "date"),
        Column("plan_yuan", "review_col_plan_wan", "wan"),
        Column("spent_yuan", "spent_total_wan", "wan"),
        Column("plan_pct", "plan_to_date", "pct"),
        Column("execution_pct", "execution", "pct"),
        Column("time_pct", "time_progress", "pct"),
    ),
)
# the headline figures: (key in Pack.headline, catalogue key of the label, kind)
HEADLINE = (
    ("projects", "projects", "int"),
    ("budget_yuan", "budget_total_wan", "wan"),
    ("spent_yuan", "spent_total_wan", "wan"),
    ("month_spent_yuan", "review_month_spent", "wan"),
    ("execution_pct", "execution", "pct"),
    ("plan_pct", "plan_to_date", "pct"),
    ("time_pct", "time_progress", "pct"),
    ("gap_points", "gap", "points"),
    ("red", "combined_red", "int"),
    ("yellow", "combined_yellow", "int"),
    ("green", "combined_green", "int"),
    ("warning_over", "review_over_count", "int"),
)
