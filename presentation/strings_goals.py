"""The catalogue's words for the department's own goals (engine.goals): the unit's view, the
monitoring and self-evaluation pages, `tracker goals` and the meeting pack's section 八. Merged into
`presentation.strings.STRINGS`; (Chinese, English) like every entry there."""

from __future__ import annotations

GOAL_STRINGS: dict[str, tuple[str, str]] = {
    "cli_yoy": ("同比", "YoY"),
    "county": ("全县", "The county"),
    "links_title": (
        "跨年度项目关联（{year} 年项目接续的上年项目）",
        "Continuing projects ({year} and the year before)",
    ),
    "links_caption": (
        "同一单位内，去掉年份前缀（2025年、2025年度、（2025））后名称相同的上年项目，视为接续项目；可在下方确认、更改或取消。",
        "Within a unit, a project whose name without its year prefix matches last year's continues it; confirm, change or remove a link below.",
    ),
    "links_previous_code": ("上年项目编码", "Last year's code"),
    "links_previous_name": ("上年项目名称", "Last year's project"),
    "links_source": ("依据", "Linked by"),
    "links_source_name": ("按名称", "name"),
    "links_source_manual": ("人工关联", "a clerk"),
    "links_source_removed": ("人工取消", "removed by a clerk"),
    "links_source_none": ("无", "none"),
    "links_project": ("本年项目", "This year's project"),
    "links_previous": ("接续的上年项目", "Continues"),
    "links_by_rule": ("（按名称规则）", "(by the name rule)"),
    "links_none": ("（不接续任何项目）", "(nothing)"),
    "links_save": ("保存关联", "Save the link"),
    "links_saved": ("已保存 {code} 的关联。", "Saved the link of {code}."),
    "review_sec_yoy": ("九、同比（与去年同期相比，可直接宣读）", "9. Year on year (to read out)"),
    "review_sheet_yoy": ("同比", "Year on year"),
    "review_empty_yoy": ("没有可比的上年数据。", "No figures of last year to compare with."),
    "review_col_sentence": ("说明", "Statement"),
    "yoy_faster": (
        "{name}：截至 {day} 执行率 {now:.1f}%，去年同期 {then:.1f}%，同比加快 {gap:.1f} 个百分点。",
        "{name}: {now:.1f}% spent by {day}, {then:.1f}% a year earlier: {gap:.1f} points ahead of last year.",
    ),
    "yoy_slower": (
        "{name}：截至 {day} 执行率 {now:.1f}%，去年同期 {then:.1f}%，同比放缓 {gap:.1f} 个百分点。",
        "{name}: {now:.1f}% spent by {day}, {then:.1f}% a year earlier: {gap:.1f} points behind last year.",
    ),
    "yoy_level": (
        "{name}：截至 {day} 执行率 {now:.1f}%，与去年同期持平。",
        "{name}: {now:.1f}% spent by {day}, level with a year earlier.",
    ),
    "yoy_no_last_year": (
        "{name}：截至 {day} 执行率 {now:.1f}%，没有去年同期的数据。",
        "{name}: {now:.1f}% spent by {day}; no figures for a year earlier.",
    ),
    "yoy_no_data": ("{name}：截至 {day} 没有执行数据。", "{name}: no spending figures by {day}."),
    "yoy_predecessor": (
        "上年项目 {name}（{code}）：上年同期（{day} 前一年）执行率 {then}，全年执行率 {final}，自评得分 {score}。",
        "Last year's project {name} ({code}): {then} spent a year before {day}, {final} by its year end, self-evaluation {score}.",
    ),
    "yoy_curve": ("去年（浅色）", "last year (faint)"),
    "execution_ly": ("去年同期执行率", "Execution a year earlier"),
    "execution_yoy": ("同比（百分点）", "YoY (points)"),
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
