"""Every user-visible string of the dashboard, in Chinese (default) and English."""

from __future__ import annotations

LANGUAGES = {"zh": "中文", "en": "English"}

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("预算执行与绩效目标监控", "Budget Tracker"),
    "language": ("语言", "Language"),
    "demo_label": ("演示数据", "Demo data"),
    "demo_note": (
        "当前数据库包含演示数据（示例文件），不是真实业务数据。",
        "This database holds demo data (sample files), not real records.",
    ),
    "page_targets": ("绩效目标", "Targets"),
    "targets_title": ("项目绩效目标", "Project performance targets"),
    "targets_caption": (
        "已加载的项目绩效目标表：支出计划、指标（原文与解析结果）和目标质量提示。",
        "Loaded performance target tables: spending plans, indicators (as published and parsed) "
        "and target-quality findings.",
    ),
    "no_db": (
        "还没有数据库。请先加载绩效目标表：`tracker load targets 文件.txt`（或运行 `make run`，自动加载示例）。",
        "No database yet. Load a target table first: `tracker load targets FILE.txt` "
        "(or `make run`, which loads the sample).",
    ),
    "no_projects": (
        "数据库中还没有项目。请用 `tracker load targets 文件` 加载项目绩效目标表（.txt/.docx/.xlsx/.csv）。",
        "No projects yet. Load a target table with `tracker load targets FILE` "
        "(.txt/.docx/.xlsx/.csv).",
    ),
    "db_busy": (
        "数据库正在被写入（另一个程序正在加载数据），请稍候刷新页面。",
        "The database is being written by another program; refresh in a moment.",
    ),
    "db_error": ("无法读取数据库：{error}", "Cannot read the database: {error}"),
    "unit": ("单位", "Unit"),
    "all_units": ("全部单位", "All units"),
    "project": ("项目", "Project"),
    "projects": ("项目", "Projects"),
    "budget_wan": ("预算数（万元）", "Budget (10k yuan)"),
    "total_budget": ("预算总额（万元）", "Total budget (10k yuan)"),
    "indicator_count": ("指标数", "Indicators"),
    "finding_count": ("目标质量提示", "Findings"),
    "project_code": ("项目编码", "Project code"),
    "project_name": ("项目名称", "Project name"),
    "unit_code": ("单位编码", "Unit code"),
    "unit_name": ("单位名称", "Unit name"),
    "fiscal_year": ("年度", "Year"),
    "facts": ("项目信息", "Project facts"),
    "budget_yuan": ("预算数（元）", "Budget (yuan)"),
    "fiscal_yuan": ("其中：财政资金（元）", "of which fiscal funds (yuan)"),
    "other_yuan": ("其他资金（元）", "Other funds (yuan)"),
    "purpose": ("资金用途", "Use of funds"),
    "goals": ("绩效目标", "Performance goals"),
    "plan": ("资金支出计划（累计 %）", "Spending plan (cumulative %)"),
    "checkpoint": ("时间节点", "Checkpoint"),
    "label": ("原文", "Label"),
    "cumulative_pct": ("累计支出计划 %", "Cumulative plan %"),
    "source": ("来源", "Source"),
    "source_published": ("已公布", "published"),
    "source_carried": ("空白，沿用上期", "blank, carried"),
    "source_default": ("默认年底 100%", "default year-end 100%"),
    "plan_chart_title": ("累计支出计划", "Cumulative spending plan"),
    "indicators": ("绩效指标", "Performance indicators"),
    "seq": ("序号", "No."),
    "level1": ("一级指标", "Level 1"),
    "level2": ("二级指标", "Level 2"),
    "indicator_name": ("三级指标", "Indicator"),
    "description": ("指标描述", "Description"),
    "target_raw": ("指标值（原文）", "Target (as published)"),
    "operator": ("运算符", "Operator"),
    "target_value": ("解析值", "Parsed value"),
    "target_unit": ("单位", "Unit"),
    "kind": ("类型", "Kind"),
    "deadline": ("完成时限", "Deadline"),
    "direction": ("方向", "Direction"),
    "basis": ("确定依据", "Basis"),
    "kind_quantity": ("数量", "quantity"),
    "kind_percent": ("比率", "percent"),
    "kind_money": ("金额", "money"),
    "kind_deadline": ("时限", "deadline"),
    "kind_qualitative": ("定性", "qualitative"),
    "direction_higher": ("越高越好", "higher is better"),
    "direction_lower": ("越低越好", "lower is better"),
    "findings": ("目标质量提示", "Target-quality findings"),
    "no_findings": ("该项目没有目标质量提示。", "No findings for this project."),
    "severity": ("级别", "Severity"),
    "rule": ("规则", "Rule"),
    "message": ("说明", "Message"),
    "severity_warning": ("⚠ 警告", "⚠ warning"),
    "severity_info": ("ℹ 提示", "ℹ note"),
    "overall_goals": ("部门整体绩效目标", "Department's overall goals"),
}


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The text for `key` in `lang` ('zh' or 'en'), formatted with `values`."""
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text
