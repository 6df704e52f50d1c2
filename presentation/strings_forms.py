"""The words of the official forms' pages (绩效监控 / 绩效自评), in Chinese and English: part of
`presentation.strings.STRINGS`, kept apart because there are many."""

from __future__ import annotations

# --- monitoring and self-evaluation forms (views/monitoring.py, views/evaluation.py) ---
FORM_STRINGS: dict[str, tuple[str, str]] = {
    "page_monitoring": ("绩效监控", "Monitoring"),
    "page_evaluation": ("绩效自评", "Self-evaluation"),
    "form_period": ("监控期间", "Period"),
    "form_period_option": ("{year}年1—{month}月", "Jan–{name} {year}"),
    "form_period_help": (
        "从1月1日到所选月份月底。默认为侧栏截至日期前最近一个完整的月份；年中监控通常为1—7月。",
        "From 1 January to the end of the chosen month. Default: the last whole month by the "
        "as-of date in the sidebar; the mid-year monitoring usually covers January to July.",
    ),
    "form_target": ("目标值", "Target"),
    "form_engine_meets": ("预计可完成", "expected to be met"),
    "form_engine_misses": ("预计难以完成", "expected to be missed"),
    "form_engine_unknown": ("无法判断", "cannot tell"),
    "form_cause_funding": ("经费保障", "Funding"),
    "form_cause_rules": ("制度保障", "Rules and procedures"),
    "form_cause_staff": ("人员保障", "Staffing"),
    "form_cause_equipment": ("硬件条件保障", "Facilities and equipment"),
    "form_cause_other": ("其他", "Other"),
    "form_likely_sure": ("确定能", "certain"),
    "form_likely_maybe": ("有可能", "possible"),
    "form_likely_no": ("完全不可能", "impossible"),
    "form_level_achieved": ("达成", "achieved"),
    "form_level_partly": ("部分达成", "partly achieved"),
    "form_level_missed": ("未达成", "not achieved"),
    "form_grade_excellent": ("优", "excellent (优)"),
    "form_grade_good": ("良", "good (良)"),
    "form_grade_fair": ("中", "fair (中)"),
    "form_grade_poor": ("差", "poor (差)"),
    "form_choose": ("请选择", "Choose"),
    "form_latest": (
        "最近一次保存：{who}，{when}（共保存 {n} 次，历次保存均保留）。",
        "Last saved by {who} at {when} ({n} saves, every one kept).",
    ),
    "form_author": ("填报人", "Filled in by"),
    "form_save": ("保存", "Save"),
    "form_saved": (
        "已保存（第 {save_id} 号保存）。此前的保存仍保留在历史中。",
        "Saved (save no. {save_id}). Earlier saves stay in the history.",
    ),
    "form_not_saved": ("未保存任何内容，请补全：", "Nothing was saved. Complete the following:"),
    "form_busy": (
        "数据库正忙（另一个程序正在写入），没有保存。请稍候再点「保存」。",
        "The database is busy (another program is writing to it); nothing was saved. "
        "Wait a moment, then click Save again.",
    ),
    "form_history": ("保存历史（{n} 次）", "Save history ({n})"),
    "form_save_id": ("保存号", "Save no."),
    "form_saved_at": ("保存时间", "Saved at"),
    "form_lines": ("行数", "Lines"),
    "form_downloads": ("导出表格", "Export the form"),
    "form_download_project": ("本项目 {fmt}", "This project {fmt}"),
    "form_download_unit": ("本单位全部项目 {fmt}", "Every project of the unit {fmt}"),
    "form_yes": ("是", "yes"),
    "form_no": ("否", "no"),
    "mon_title": ("绩效监控情况表", "Performance monitoring form"),
    "mon_caption": (
        "{unit} · 项目编码 {code} · 监控期间 {period}。数字由系统按记录预填，"
        "请逐项补全偏差原因、完成可能性和原因说明。",
        "{unit} · project {code} · {period}. The figures come from the records; complete the "
        "causes, the likelihood and the explanation of each line.",
    ),
    "mon_forecast": ("全年预计执行率", "Expected full-year execution"),
    "form_never_saved": (
        "尚未保存：以下为系统预填内容。",
        "Not saved yet: what follows is filled in from the records.",
    ),
    "mon_actual": ("1—{month}月实际", "Actual Jan–{name}"),
    "mon_expected": ("全年预计", "Expected full year"),
    "mon_budget_line": ("预算执行率", "Budget execution rate"),
    "mon_budget_level": ("预算执行", "Budget"),
    "mon_engine": ("系统判断", "Engine's view"),
    "mon_likelihood": ("完成目标可能性", "Likelihood of meeting the target"),
    "mon_causes": ("偏差原因", "Causes of deviation"),
    "mon_explanation": (
        "原因说明（除「{sure}」外必填）",
        "Explanation (required unless “{sure}”)",
    ),
    "mon_measures": ("纠偏措施", "Corrective measures"),
    "mon_disagrees": (
        "系统预计该目标难以完成，但填报为「确定能」：请核实，或在原因说明中写明依据。",
        "The engine expects this target to be missed, but the form says “certain”: check it, "
        "or give the grounds in the explanation.",
    ),
    "eval_title": ("绩效自评表", "Performance self-evaluation form"),
    "eval_caption": (
        "{unit} · 项目编码 {code} · 评价截至 {day}",
        "{unit} · project {code} · evaluated as of {day}",
    ),
    "eval_preview": (
        "预评：按截至 {day}（侧栏的截至日期）的数据评分，不是年度自评；年度自评请把截至日期设为 {end}。",
        "Preview: scored on the data to {day} (the as-of date in the sidebar), not the year-end "
        "evaluation; for that, set the as-of date to {end}.",
    ),
    "eval_review": ("定性指标评审", "Qualitative indicators: the reviewer's score"),
    "eval_review_help": (
        "记录中没有完成等级的，由评审人员选择等级；再在该等级的分值范围内打分，总分随即重算。",
        "Pick the level where the records hold none, then a score inside the level's band; the "
        "total is recomputed at once.",
    ),
    "eval_level": ("完成等级（评审选择）", "Level (reviewer)"),
    "eval_level_recorded": ("完成等级（记录）：**{level}**", "Level (records): **{level}**"),
    "eval_pick_level_first": (
        "先选择完成等级，再在该等级的分值范围内打分。",
        "Pick the level first, then a score inside its band.",
    ),
    "eval_points": ("评审得分（{low}–{high} 分）", "Reviewer's points ({low}–{high})"),
    "eval_points_placeholder": ("不填按下限 {low} 分计", "empty: the band's floor, {low}"),
    "eval_score": ("自评得分", "Score"),
    "eval_engine_reason": ("扣分原因（系统）", "Points lost (engine)"),
    "eval_never_saved": (
        "尚未保存：得分按当前数据和评审输入计算。",
        "Not saved yet: scored on the data and the reviewer's input.",
    ),
    "eval_reason": ("「{name}」扣分原因", "Why “{name}” lost points"),
    "eval_explanation": (
        "执行率低于 90% 的原因说明（必填）",
        "Why execution is below 90% (required)",
    ),
    "eval_explanation_optional": ("预算执行情况说明", "Notes on budget execution"),
    "eval_measures": ("改进措施", "Improvements"),
    "eval_summary": ("单位汇总（报财政局）", "Unit summary (for the finance bureau)"),
    "eval_summary_caption": (
        "{unit}：{n} 个项目，截至 {day}；得分含已保存的评审打分。",
        "{unit}: {n} projects as of {day}; scores include the saved reviews.",
    ),
    "eval_reviewed": ("已评审", "Reviewed"),
    "eval_summary_file": ("绩效自评汇总-{day}", "self-evaluation-summary-{day}"),
}
