"""The command line's tables (tracker status / score / findings): which engine columns, under which
headers, read how (presentation.tables)."""

from __future__ import annotations

from presentation.tables import Column

CLI_STATUS = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("warning", "cli_warning", "state_short"),
    Column("colour", "cli_state", "state_short"),
    Column("execution_pct", "cli_execution", "pct"),
    Column("plan_pct", "cli_plan", "pct"),
    Column("shortfall_yuan", "cli_shortfall", "wan"),
    Column("forecast_pct", "cli_forecast", "pct"),
    Column("spent_out_date", "cli_spent_out", "date"),
)
CLI_YOY = Column("execution_yoy", "cli_yoy", "points")  # tracker status --compare
CLI_SCORES = (
    Column("project_code", "project_code", "code"),
    Column("name", "project_name"),
    Column("execution_pct", "cli_execution", "pct"),
    Column("total", "cli_total", "number"),
    Column("grade", "score_grade", "grade"),
    Column("explanation_required", "cli_explain", "flag"),
)
CLI_SCORE_LINES = (
    Column("name", "indicator_name"),
    Column("target", "target_raw", "target"),
    Column("actual_text", "actual"),
    Column("weight", "weight", "number"),
    Column("points", "points", "number"),
    Column("reason", "points_lost_why", "reason"),
)
CLI_FINDINGS = (
    Column("project_code", "project_code", "code"),
    Column("project_name", "project_name"),
    Column("indicator_seq", "seq", "int"),
    Column("indicator", "indicator_name"),
    Column("severity", "severity", "severity"),
    Column("rule", "rule", "rule"),
    Column("message", "message", "finding"),
)
