"""The catalogue's words for the department's own goals (engine.goals): the unit's view, the
monitoring and self-evaluation pages, `tracker goals` and the meeting pack's section 八. Merged into
`presentation.strings.STRINGS`; (Chinese, English) like every entry there."""

from __future__ import annotations

GOAL_STRINGS: dict[str, tuple[str, str]] = {
    "goals_title": ("部门整体目标", "Department goals"),
    "goals_caption": (
        "读自绩效目标表第一部分（部门整体绩效目标）：量化的承诺按与项目指标相同的规则预警，"
        "没有数字的目标按 达成/部分达成/未达成 评定。进展用「指标实际值」导入（单位编码 + 目标序号）或在绩效监控页填报。",
        "Read from part 1 of the target document (部门整体绩效目标): quantified commitments are "
        "warned on by the same rules as project indicators; goals without a number are rated "
        "达成 / 部分达成 / 未达成. Report progress with an actuals file (unit code + goal number) "
        "or on the monitoring page.",
    ),
    "goals_none": ("这个单位没有部门整体目标。", "This unit has no department goals."),
    "goals_cli_title": (
        "{unit} {name} 部门整体目标（截至 {day}）",
        "{unit} {name} department goals (as of {day})",
    ),
    "goal_text": ("目标", "Goal"),
    "goals_progress_title": ("部门整体目标进展 · {unit}", "Department goals · {unit}"),
    "goals_report_intro": (
        "填报截至 {day} 的进展：量化目标填完成数，其他目标选完成等级；只保存填写了的目标。",
        "Report progress as of {day}: a number for a quantified goal, a level for the others; "
        "only the goals filled in are saved.",
    ),
    "goals_value_hint": ("完成数（{unit}）", "done so far ({unit})"),
    "goals_save": ("保存部门目标进展", "Save goal progress"),
    "goals_nothing": ("没有填写任何目标的进展。", "No goal progress was filled in."),
    "goals_some_rejected": ("以下进展未保存：", "Not saved:"),
    "goals_saved": (
        "已保存 {n} 条部门目标进展（导入批次 {load_id}，可在数据导入页撤销）。",
        "Saved {n} goal reports (load {load_id}; the import page can undo it).",
    ),
    "goals_unchanged": (
        "与导入批次 {load_id} 的填报相同，没有变化。",
        "The same as load {load_id}: nothing changed.",
    ),
    "goal_target": ("目标值", "Target"),
    "goal_object": ("对象", "Of"),
    "review_sec_goals": (
        "八、部门整体目标（量化目标及已评定的目标，红、黄在前）",
        "8. Department goals (quantified, and the others once rated; red and yellow first)",
    ),
    "review_sheet_goals": ("部门整体目标", "Department goals"),
    "review_empty_goals": (
        "没有部门整体目标（读自绩效目标表第一部分）。",
        "No department goals (read from part 1 of the target documents).",
    ),
}
