"""Every user-visible string of the dashboard, in Chinese (default) and English."""

from __future__ import annotations

from presentation.strings_forms import FORM_STRINGS
from presentation.strings_goals import GOAL_STRINGS

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
    "direction_note": (
        "按 {evaluated} 评价（原文 {published}）",
        "evaluated as {evaluated} (published {published})",
    ),
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
    # --- shared by the pages (ui.py) ---
    "as_of": ("截至日期", "As of"),
    "data_as_of": ("数据截至 {day}", "Data up to {day}"),
    "as_of_help": (
        "所有数字按该日当天结束时计算；默认为最后一条记录（支出、受益对象或指标）的日期。"
        "在各页面之间切换时保留，也保存在网址中。",
        "Every figure is computed at the end of this day; default: the date of the latest record "
        "of any kind (spending, beneficiaries, indicators). It stays when you change page and is "
        "kept in the URL.",
    ),
    # --- sign-in and roles (dashboard/auth.py, dashboard/access.py) ---
    "auth_title": ("登录 · 预算执行与绩效目标监控", "Sign in · Budget Tracker"),
    "auth_name": ("账号", "Account"),
    "auth_password": ("密码", "Password"),
    "auth_submit": ("登录", "Sign in"),
    "auth_hint": (
        "请用管理员为您开设的账号登录。连续 5 次密码错误将锁定账号 15 分钟。",
        "Sign in with the account your administrator gave you. Five wrong passwords in a row lock "
        "the account for 15 minutes.",
    ),
    "auth_idle": (
        "超过 {minutes} 分钟未操作，已自动退出，请重新登录。",
        "Signed out after {minutes} minutes without use; please sign in again.",
    ),
    "auth_disabled": ("账号已停用或已删除，已退出登录。", "The account was disabled; signed out."),
    "auth_signed_in_as": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "auth_sign_out": ("退出登录", "Sign out"),
    "auth_refused_page": (
        "您的角色（{role}）无权打开此页面。",
        "Your role ({role}) may not open this page.",
    ),
    "auth_refused_unit": (
        "此项目属于其他单位，您的账号只能查看：{units}。",
        "This project belongs to another unit; your account sees only: {units}.",
    ),
    "auth_refused_write": (
        "您的角色（{role}）只能查看，不能保存或导入。",
        "Your role ({role}) is read-only: it cannot save or import.",
    ),
    "roster_hidden": (
        "受助名单是个人信息，您的角色只能看到上面的人数。",
        "The roster is personal data: your role sees the counts above only.",
    ),
    "role_viewer": ("领导", "leadership"),
    "role_auditor": ("审计", "auditor"),
    "role_clerk": ("填报员", "clerk"),
    "role_admin": ("管理员", "administrator"),
    "page_audit": ("审计日志", "Audit log"),
    "audit_title": ("审计日志", "Audit log"),
    "audit_caption": (
        "谁在何时对哪个单位做了什么：登录、导入、撤销、表格保存、明细下载、账号变更。命令行操作记为 os:系统用户。",
        "Who did what, when, to which unit: sign-ins, loads, undo, form saves, downloads of "
        "row-level data, account changes. The command line is recorded as os:<user>.",
    ),
    "audit_since": ("起始日期", "Since"),
    "audit_at": ("时间", "When"),
    "audit_actor": ("账号", "Account"),
    "audit_action": ("操作", "Action"),
    "audit_detail": ("内容", "Detail"),
    "audit_role": ("角色", "Role"),
    "audit_units": ("单位", "Units"),
    "audit_disabled": ("已停用", "Disabled"),
    "audit_failed": ("连续失败次数", "Failed sign-ins"),
    "audit_locked_until": ("锁定至", "Locked until"),
    "audit_changed_at": ("修改时间", "Changed at"),
    "audit_action_sign_in": ("登录", "signed in"),
    "audit_action_sign_in_failed": ("登录失败", "sign-in failed"),
    "audit_action_sign_out": ("退出", "signed out"),
    "audit_action_load": ("导入", "load"),
    "audit_action_undo": ("撤销导入", "undo"),
    "audit_action_form_save": ("保存表格", "form saved"),
    "audit_action_download": ("下载明细", "download"),
    "audit_action_account_add": ("新增账号", "account added"),
    "audit_action_account_password": ("重设密码", "password set"),
    "audit_action_account_disable": ("停用账号", "account disabled"),
    "audit_action_account_unlock": ("解锁账号", "account unlocked"),
    "audit_action_refused": ("拒绝访问", "refused"),
    "accounts_title": ("账号管理", "Accounts"),
    "accounts_open": (
        "数据库中还没有账号，仪表盘对所有人开放。请用命令行 tracker users add 创建第一个管理员账号。",
        "The store has no account yet, so the dashboard is open to anyone. Create the first "
        "administrator with `tracker users add NAME --role admin`.",
    ),
    "accounts_add": ("新增账号", "Add an account"),
    "accounts_role": ("角色", "Role"),
    "accounts_units": ("单位编码（填报员，逗号分隔）", "Unit codes (clerk, comma-separated)"),
    "accounts_password": ("初始密码（至少 10 个字符）", "Initial password (10 characters or more)"),
    "accounts_create": ("创建", "Create"),
    "accounts_pick": ("选择账号", "Account"),
    "accounts_reset": ("重设密码", "Set password"),
    "accounts_disable": ("停用", "Disable"),
    "accounts_unlock": ("解锁", "Unlock"),
    "accounts_done": ("已完成：{what}", "Done: {what}"),
    "page_accounts": ("账号管理", "Accounts"),
    "go_import": ("前往数据导入", "Go to data import"),
    "colour_red": ("红（预警）", "red (alert)"),
    "colour_yellow": ("黄（关注）", "yellow (watch)"),
    "colour_green": ("绿（正常）", "green (on plan)"),
    "colour_blue": ("蓝（超额完成）", "blue (above target)"),
    "colour_not_due": ("未到支出节点", "nothing due yet"),
    "colour_over": ("超预算", "over budget"),
    # states in a word, for the terminal's narrow columns (tracker status)
    "state_short_red": ("红", "red"),
    "state_short_yellow": ("黄", "yellow"),
    "state_short_green": ("绿", "green"),
    "state_short_blue": ("蓝", "blue"),
    "state_short_not_due": ("未到节点", "not due"),
    "state_short_over": ("超预算", "over"),
    # the command line's short headers (tracker status / score)
    "cli_warning": ("支出预警", "Warning"),
    "cli_state": ("综合状态", "State"),
    "cli_execution": ("执行率", "Spent"),
    "cli_plan": ("计划", "Plan"),
    "cli_shortfall": ("差额(万元)", "Gap (10k)"),
    "cli_forecast": ("年底预测", "Forecast"),
    "cli_spent_out": ("预计用完", "Spent out"),
    "cli_total": ("总分", "Score"),
    "cli_explain": ("须说明", "Explain"),
    "cli_status_total": (
        "截至 {day}，共 {n} 个项目：红 {red}，黄 {yellow}，绿 {green}；超预算 {over} 个",
        "As of {day}, {n} projects: red {red}, yellow {yellow}, green {green}; over budget {over}",
    ),
    "cli_findings_total": ("共 {n} 条目标质量提示", "{n} target-quality findings"),
    "cli_score_title": (
        "{code} {name}  绩效自评（截至 {day}）",
        "{code} {name}  self-evaluation (as of {day})",
    ),
    "cli_score_total": ("总分 {total:.2f}，等级 {grade}", "Score {total:.2f}, grade {grade}"),
    "cli_scores_total": (
        "截至 {day}，共 {n} 个项目的绩效自评预评分；用 --project 查看一个项目的各项得分",
        "Self-evaluation preview of {n} projects as of {day}; --project shows one project's lines",
    ),
    "execution_label": ("预算执行率", "Budget execution"),
    # level-1 categories of the score, target-quality rules (README: Target-quality findings)
    "cat_output": ("产出", "output"),
    "cat_benefit": ("效益", "benefit"),
    "cat_satisfaction": ("满意度", "satisfaction"),
    "rule_direction_wrong": ("方向疑误", "direction looks wrong"),
    "rule_cost_above_budget": ("成本目标高于预算", "cost target above the budget"),
    "rule_rate_above_100": ("比率目标超过 100%", "rate target above 100%"),
    "rule_missing_unit": ("数值缺少单位", "number without a unit"),
    "rule_qualitative_value": ("量化指标只有文字", "quantitative indicator with text only"),
    "rule_timeliness_without_date": ("时效指标没有日期", "timeliness indicator without a date"),
    "rule_no_satisfaction": ("没有满意度指标", "no satisfaction indicator"),
    "rule_satisfaction_low": ("满意度目标偏低", "satisfaction target too low"),
    "rule_plan_not_monotonic": ("支出计划前高后低", "spending plan decreases"),
    "rule_plan_out_of_range": ("支出计划超出 0–100%", "spending plan outside 0–100%"),
    "rule_plan_unreadable": ("支出计划无法识别", "spending plan unreadable"),
    "rule_plan_missing": ("没有支出计划", "no spending plan"),
    "rule_budget_parts_mismatch": ("资金构成与预算数不符", "budget parts do not add up"),
    "rule_budget_zero": ("预算数为 0", "zero budget"),
    "rule_no_indicators": ("没有绩效指标", "no indicators"),
    "rule_missing_value": ("指标值为空", "empty target value"),
    "rule_money_unit_assumed": ("未写金额单位，按万元", "no money unit: read as 10k yuan"),
    "rule_stale_year": ("年份与预算年度不符", "a year other than the fiscal year"),
    "import_category_stored": ("存入", "stored"),
    "spent_out_on": (
        "按近期进度，{day} 将支出完毕",
        "At the recent rate the money runs out on {day}",
    ),
    "over_budget_note": (
        "超预算：已支出 {spent} 万元，超过当前预算 {budget} 万元（{pct}）。请核对是否漏记预算调整或数据有误。",
        "Over budget: {spent} (10k yuan) spent, above the current budget of {budget} ({pct}). "
        "Check for a missing budget adjustment or a data error.",
    ),
    # reasons the engine gives (codes, `reason_text`): an indicator's colour, lost points
    "reason_above_target": ("超额完成，目标可能偏低", "above target: maybe set too low"),
    "reason_target_unreadable": ("指标值无法解析", "the target value could not be read"),
    "reason_no_actual": ("尚无实际值", "no actual value yet"),
    "reason_not_rated": (
        "尚未评定（达成 / 部分达成 / 未达成）",
        "not rated yet (achieved / partly / not)",
    ),
    "reason_not_assessed": ("尚未到考核时点", "not assessed yet"),
    "reason_deadline_pending": ("未到完成时限", "deadline not reached yet"),
    "reason_deadline_late": ("逾期完成", "done after the deadline"),
    "reason_deadline_missed": ("已过完成时限，未完成", "deadline passed, not done"),
    "reason_deadline_unreported": ("已过完成时限，未报完成", "deadline passed, not reported done"),
    "reason_level_not_rated": ("未评定完成等级", "level not rated"),
    "reason_level_share": ("{0}（按 {1}% 计分）", "{0} (scored at {1}%)"),
    "reason_zero_target": ("目标值为 0", "the target is 0"),
    "reason_above_limit_double": (
        "实际 {0} 超过目标 {1} 一倍及以上",
        "actual {0} at least twice the limit {1}",
    ),
    "reason_above_limit": ("实际 {0} 超过目标 {1}", "actual {0} above the limit {1}"),
    "reason_below_target": ("实际 {0} 未达目标 {1}", "actual {0} below the target {1}"),
    "level_达成": ("达成", "achieved"),
    "level_部分达成": ("部分达成", "partly achieved"),
    "level_未达成": ("未达成", "not achieved"),
    "grade_优": ("优", "excellent"),
    "grade_良": ("良", "good"),
    "grade_中": ("中", "fair"),
    "grade_差": ("差", "poor"),
    "colour": ("综合状态", "Combined state"),
    "yuan": ("元", "yuan"),
    "wan": ("万元", "10k yuan"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "page_overview": ("总览", "Overview"),
    "page_project": ("项目详情", "Project"),
    "page_lagging": ("滞后预警", "Lagging & audit"),
    "page_review": ("月度例会", "Monthly review"),
    "page_import": ("数据导入", "Import"),
    # --- overview (views/overview.py) ---
    "overview_title": ("预算执行总览", "Budget execution overview"),
    "overview_caption": (
        "截至 {day}：全部项目的支出进度与绩效状态。点击图中的项目查看详情。",
        "As of {day}: spending progress and performance status of every project. "
        "Click a project in the chart for its detail.",
    ),
    "budget_total_wan": ("预算（万元）", "Budget (10k yuan)"),
    "spent_total_wan": ("已支出（万元）", "Spent (10k yuan)"),
    "execution": ("执行率", "Execution"),
    "execution_vs_plan": ("计划 {plan}", "plan {plan}"),
    "time_progress": ("序时进度", "Time elapsed"),
    "projects_by_colour": ("项目状态", "Projects by status"),
    "plan_to_date": ("计划进度", "Plan to date"),
    "gap": ("差距（百分点）", "Gap (points)"),
    "gap_chart_title": ("各项目执行率与计划进度（按差距排序）", "Execution against plan, by gap"),
    "gap_chart_limited": (
        "图中为差距最大的 {shown} 个项目（共 {total} 个）；选择单位可查看该单位全部项目。",
        "The chart shows the {shown} projects with the largest gaps (of {total}); "
        "choose a unit to see all of its projects.",
    ),
    "curve_title": ("累计支出与计划（S 曲线）", "Cumulative spending against plan (S-curve)"),
    "curve_execution": ("累计执行率", "Cumulative execution"),
    "curve_plan": ("计划进度", "Plan"),
    "curve_time": ("序时进度", "Time elapsed"),
    "curve_checkpoints": ("支出节点", "Checkpoints"),
    "curve_forecast": ("年底预测", "Year-end forecast"),
    "units_title": ("各单位执行情况", "Execution by unit"),
    "units_hint": ("选中一行查看该单位的项目。", "Select a row to see the unit's projects."),
    "unit_projects": ("{unit} 的项目", "Projects of {unit}"),
    "open_project": ("打开", "open"),
    "red_count": ("红", "red"),
    "yellow_count": ("黄", "yellow"),
    "green_count": ("绿", "green"),
    "warning": ("支出预警", "Spending warning"),
    "warning_counts_title": ("支出预警（项目数）", "Spending warning (projects)"),
    "over_budget_list": (
        "超预算（支出超过当前预算）：{names}。请核对是否漏记预算调整或数据有误。",
        "Over budget (spent more than the current budget): {names}. Check for a missing budget "
        "adjustment or a data error.",
    ),
    "units_chart_title": ("各单位执行率与计划进度", "Execution against plan, by unit"),
    "combined_legend": (
        "综合状态由支出预警和绩效指标合成：支出预警为红、黄或超预算 → ▲红；支出正常但有红、黄指标 → ◆黄；"
        "都正常 → ●绿。支出预警：执行率 ÷ 计划进度 < 60% 红，< 80% 黄，否则绿；超过预算为超预算。",
        "The combined state joins the spending warning and the indicators: a red, yellow or "
        "over-budget spending warning → ▲ red; spending on plan but a red or yellow indicator "
        "→ ◆ yellow; both fine → ● green. Spending warning: execution ÷ plan to date below 60% "
        "red, below 80% yellow, else green; above the budget: over budget.",
    ),
    "combined_red": ("综合 ▲红", "Combined ▲ red"),
    "why_red": (
        "支出预警为 {warning} → 综合状态 ▲红",
        "Spending warning {warning} → combined ▲ red",
    ),
    "why_yellow": (
        "支出正常，但指标 {names} 为红或黄 → 综合状态 ◆黄",
        "Spending on plan, but indicator(s) {names} red or yellow → combined ◆ yellow",
    ),
    "why_green": (
        "支出正常，指标无红、黄 → 综合状态 ●绿",
        "Spending and indicators on plan → combined ● green",
    ),
    "expected_to_date": ("按进度应达", "Target to date"),
    "indicator_texts": ("指标的层级、描述和确定依据", "Levels, descriptions and bases"),
    "indicator_details": ("指标的层级、数据来源和报送日期", "Levels, sources and report dates"),
    "over_budget_caption": (
        "超预算：这些项目的支出已超过当前预算，通常是漏记了预算调整（追加），或支出数据有误，请逐一核对。",
        "These projects spent more than their current budget: usually a missing budget "
        "adjustment or a data error. Check each one.",
    ),
    "lagging_click": (
        "点击一行查看上一节点、下一节点和预计支出完毕日期。",
        "Click a row for its last and next checkpoints and the date the money runs out.",
    ),
    "colour_indicator": ("指标状态", "Indicator state"),
    "why": ("说明", "Why"),
    "points_lost_why": ("扣分原因", "Why points were lost"),
    "person_name_masked": ("姓名（脱敏）", "Name (masked)"),
    "person_id_masked": ("身份证号（脱敏）", "ID number (masked)"),
    "birth_year": ("出生年份", "Born"),
    "gender": ("性别", "Gender"),
    "place": ("学校 / 乡镇", "School / township"),
    "aid_date": ("发放日期", "Aid date"),
    "items": ("物品", "Items"),
    "spent_out_date": ("预计支出完毕日期", "Money runs out on"),
    "bullet_target": ("目标值（100%）", "target (100%)"),
    "bullet_expected": (
        "按时间进度应达（目标 × 已过月数 / 12）",
        "target to date (target × months / 12)",
    ),
    "combined_yellow": ("综合 ◆黄", "Combined ◆ yellow"),
    "combined_green": ("综合 ●绿", "Combined ● green"),
    # --- project detail (views/project.py) ---
    "project_caption": (
        "项目编码 {code} · {unit} · {year} 年度 · 截至 {day}",
        "Project {code} · {unit} · {year} · as of {day}",
    ),
    "budget_original_wan": ("年初预算（万元）", "Original budget (10k yuan)"),
    "adjustments_wan": ("预算调整（万元）", "Adjustments (10k yuan)"),
    "budget_current_wan": ("调整后预算（万元）", "Current budget (10k yuan)"),
    "adjustments_title": ("预算调整记录", "Budget adjustments"),
    "adj_date": ("调整日期", "Date"),
    "amount_yuan": ("金额（元）", "Amount (yuan)"),
    "doc_no": ("文号", "Document"),
    "reason": ("原因", "Reason"),
    "project_curve_title": (
        "累计支出进度（占调整后预算）",
        "Cumulative spending (% of current budget)",
    ),
    "checkpoint_met": ("{target}% ✓ 达成", "{target}% ✓ met"),
    "checkpoint_missed": (
        "{target}% ✗ 未达成，差 {short} 万元",
        "{target}% ✗ missed, {short} short",
    ),
    "checkpoint_due": ("{target}% 待到期", "{target}% due"),
    "monthly_title": ("每月支出（万元）", "Spending by month (10k yuan)"),
    "catch_up": ("追赶计划", "Catching up"),
    "next_checkpoint": ("下一支出节点", "Next checkpoint"),
    "to_spend_wan": ("还需支出（万元）", "Still to spend (10k yuan)"),
    "days_left": ("剩余天数", "Days left"),
    "per_day_yuan": ("日均需支出（元）", "Needed per day (yuan)"),
    "no_next_checkpoint": ("本年度已无后续支出节点。", "No checkpoint left this year."),
    "forecast": ("年底预测执行率", "Year-end forecast"),
    "last_checkpoint": ("上一节点", "Last checkpoint"),
    "bullet_title": (
        "定量指标：实际值占目标值的比例（灰线：按时间进度应达）",
        "Quantitative indicators: actual as a share of the target (grey: the target to date)",
    ),
    "target": ("目标", "target"),
    "actual": ("实际值", "Actual"),
    "ratio_pct": (
        "完成比例 %（计数、金额按时间进度）",
        "Ratio % (counts and amounts against the target to date)",
    ),
    "actual_source": ("来源", "Source"),
    "reported_on": ("报送日期", "Reported on"),
    "value_raw": ("实际值（原文）", "Value (as written)"),
    "value_date": ("完成日期", "Completed on"),
    "note": ("备注", "Note"),
    "response_date": ("答卷日期", "Answered on"),
    "answer": ("回答", "Answer"),
    "score": ("评分", "Score"),
    "satisfied": ("计为满意", "Counted as satisfied"),
    "respondent": ("答卷人", "Respondent"),
    "source_spending": ("支出记录", "spending records"),
    "source_beneficiaries": ("受益对象名册", "beneficiary roster"),
    "source_survey": ("满意度问卷", "survey answers"),
    "source_reported": ("报送值", "reported value"),
    "beneficiaries_title": ("受益对象", "Beneficiaries"),
    "aid_rows": ("受助记录", "Aid records"),
    "people": ("受助人数（去重）", "People (distinct)"),
    "no_beneficiaries": ("尚未加载受益对象名册。", "No beneficiary roster loaded."),
    "records_title": (
        "支出明细（数字背后的记录）",
        "Spending records (the rows behind the numbers)",
    ),
    "records_search": ("搜索凭证号、收款人或摘要", "Search voucher, payee or summary"),
    "records_count": ("{n} 笔，合计 {total} 元", "{n} records, {total} yuan in all"),
    "pay_date": ("支付日期", "Date"),
    "voucher_no": ("凭证号", "Voucher"),
    "payee": ("收款人", "Payee"),
    "summary": ("摘要", "Summary"),
    "fund_source": ("资金来源", "Fund source"),
    "load_id": ("导入批次", "Load"),
    "row_no": ("文件行号", "File line"),
    "score_title": ("绩效自评预览", "Self-evaluation preview"),
    "score_total": ("总分", "Total"),
    "score_grade": ("等级", "Grade"),
    "execution_points": ("预算执行率得分", "Execution points"),
    "score_note": (
        "按当前数据预评分（定性指标取所在档次下限，待评审人员打分）。",
        "A preview on the data to date (qualitative indicators at their band's lower bound until "
        "a reviewer scores them).",
    ),
    "weight": ("分值", "Weight"),
    "points": ("得分", "Points"),
    "category": ("类别", "Category"),
    "explanation_required": (
        "执行率低于 90%，自评时须说明原因。",
        "Execution is below 90%: the self-evaluation must explain why.",
    ),
    "level": ("完成等级", "Level"),
    # --- lagging & audit (views/lagging.py) ---
    "lagging_title": ("滞后预警与审计", "Lagging projects and audit"),
    "lagging_caption": (
        "截至 {day}：支出滞后或节点未达成的项目、目标设置问题和可疑记录。",
        "As of {day}: projects behind plan or past a missed checkpoint, target-quality problems "
        "and suspicious records.",
    ),
    "filter_colours": ("按预警筛选", "Filter by warning"),
    "filter_colours_help": (
        "滞后项目：支出预警为红或黄，或上一支出节点未达成（支出预警可能为绿）。",
        "Lagging: a red or yellow budget warning, or the last checkpoint missed (the warning may "
        "then be green).",
    ),
    "filter_missed_only": (
        "只看上一节点未达成的项目",
        "Only projects that missed their last checkpoint",
    ),
    "filter_checkpoint": ("上一节点", "Last checkpoint"),
    "all_checkpoints": ("全部节点", "All checkpoints"),
    "lagging_list": ("滞后项目（按差额排序）", "Lagging projects, by shortfall"),
    "lagging_count": (
        "{n} 个项目滞后，共差 {short} 万元",
        "{n} projects behind, {short} (10k yuan) short",
    ),
    "no_lagging": ("没有滞后项目。", "No project is behind."),
    "shortfall_wan": ("节点差额（万元）", "Shortfall (10k yuan)"),
    "last_status": ("节点结果", "Checkpoint result"),
    "status_met": ("✓ 达成", "✓ met"),
    "status_missed": ("✗ 未达成", "✗ missed"),
    "findings_all": ("目标设置问题（全部项目）", "Target-quality findings (all projects)"),
    "flags_title": ("记录异常", "Record flags"),
    "flags_caption": (
        "选中一个项目查看其冲销记录与未存入的行。",
        "Select a project to see its reversals and the rows set aside.",
    ),
    "flag_duplicates": ("重复记录", "Duplicates"),
    "flag_reversals": ("冲销笔数", "Reversals"),
    "flag_reversal_wan": ("冲销金额（万元）", "Reversed (10k yuan)"),
    "flag_rush": ("年底突击支出", "Year-end rush"),
    "flag_rush_share": ("年底月份支出占比 %", "Share spent in the last months %"),
    "flag_above_budget": ("超预算", "Above budget"),
    "flag_rejected": ("被拒记录", "Rejected rows"),
    "yes": ("是", "yes"),
    "reversals_of": ("{code} 的冲销记录", "Reversals of {code}"),
    "set_aside_of": (
        "{code} 未存入的行（重复、被拒）",
        "Rows of {code} set aside (duplicates, rejected)",
    ),
    "unknown_rows": (
        "被拒的行（未登记项目、无效身份证号、年度外日期等）",
        "Rejected rows (unknown projects, invalid IDs, dates outside the year, …)",
    ),
    "no_unknown_rows": ("没有被拒的行。", "No rejected rows."),
    "file_name": ("文件", "File"),
    "kind_load": ("类型", "Kind"),
    "category_rejected": ("被拒", "rejected"),
    "category_duplicate": ("重复", "duplicate"),
    "category_skipped": ("跳过", "skipped"),
    "category_changed": ("凭证变更", "changed voucher"),
    # --- monthly review (views/review.py, exports/meeting_pack.py) ---
    "review_title": ("月度例会", "Monthly review"),
    "review_caption": (
        "{month}：本月支出与累计执行、状态变化、支出节点、风险指标和滞后项目（按月末 {end} 计算）。",
        "{month}: spending this month and to date, status changes, checkpoints, indicators at risk "
        "and lagging projects (at the month end, {end}).",
    ),
    "review_month": ("月份", "Month"),
    "review_month_help": (
        "所有数字按该月最后一天结束时计算；默认为侧栏截至日期所在的月份。",
        "Every figure is computed at the end of the month's last day; default: the month of the "
        "as-of date in the sidebar.",
    ),
    "review_month_name": ("{year}年{month}月", "{year}-{month:02d}"),
    "review_pack_title": (
        "{month} 月度例会材料 · 截至 {end} · {scope}",
        "Monthly review pack {month} · as of {end} · {scope}",
    ),
    "review_month_spent": ("本月支出（万元）", "Spent this month (10k yuan)"),
    "review_vs_plan": ("{gap} 个百分点（与计划相比）", "{gap} points against plan"),
    "review_sec_headline": ("一、本月概况", "1. The month at a glance"),
    "review_sec_units": ("二、各单位执行情况", "2. Units"),
    "review_sec_changes": (
        "三、状态变化的项目（与上月末相比）",
        "3. Projects whose state changed since the previous month end",
    ),
    "review_sec_lagging": (
        "四、超预算与滞后项目（超预算在前，滞后按节点差额排序）",
        "4. Over-budget and lagging projects (over budget first, then by shortfall)",
    ),
    "review_sec_missed": ("五、本月未达成的支出节点", "5. Checkpoints missed this month"),
    "review_sec_due": ("六、下月到期的支出节点", "6. Checkpoints due next month"),
    "review_sec_indicators": (
        "七、有风险的绩效指标（红、黄）",
        "7. Indicators at risk (red, yellow)",
    ),
    "review_sheet_units": ("各单位", "Units"),
    "review_empty_units": ("没有单位。", "No unit."),
    "review_col_month_gain": ("本月执行率增加（百分点）", "Gained this month (points)"),
    "review_col_changed": ("状态变化（项目）", "Changed state (projects)"),
    "review_over_count": ("超预算项目", "Projects over budget"),
    "review_page": ("第 ", "Page "),
    "review_page_of": (" 页，共 ", " of "),
    "review_pages": (" 页", ""),
    "review_sheet_headline": ("概况", "Summary"),
    "review_sheet_curve": ("累计支出曲线", "S-curve"),
    "review_sheet_changes": ("状态变化", "Status changes"),
    "review_sheet_missed": ("本月未达成节点", "Missed this month"),
    "review_sheet_due": ("下月到期节点", "Due next month"),
    "review_sheet_indicators": ("风险指标", "Indicators at risk"),
    "review_sheet_lagging": ("滞后项目", "Lagging projects"),
    "review_empty_curve": ("没有数据。", "No data."),
    "review_empty_changes": (
        "与上月末相比，没有项目的状态发生变化。",
        "No project changed status since the previous month end.",
    ),
    "review_empty_missed": ("本月没有未达成的支出节点。", "No checkpoint was missed this month."),
    "review_empty_due": ("下月没有到期的支出节点。", "No checkpoint falls due next month."),
    "review_empty_indicators": ("没有红、黄状态的指标。", "No indicator is red or yellow."),
    "review_empty_lagging": ("没有超预算或滞后的项目。", "No project is over budget or behind."),
    "review_col_from": ("上月末状态", "Status at previous month end"),
    "review_col_to": ("本月末状态", "Status at month end"),
    "review_col_change": ("变化", "Change"),
    "review_worse": ("↓ 变差", "↓ worse"),
    "review_better": ("↑ 好转", "↑ better"),
    "review_col_label": ("节点", "Checkpoint"),
    "review_col_date": ("日期", "Date"),
    "review_col_target_pct": ("节点计划", "Checkpoint plan"),
    "review_col_reached_pct": ("节点执行率", "Reached at checkpoint"),
    "review_col_month_end": ("月末", "Month end"),
    "review_col_plan_wan": ("计划累计支出（万元）", "Planned to date (10k yuan)"),
    "review_col_item": ("内容", "Item"),
    "review_col_value": ("数值", "Value"),
    "review_chart_lagging": (
        "滞后项目：执行率与计划进度（差距最大的 {n} 个）",
        "Lagging projects: execution against plan (the {n} largest gaps)",
    ),
    "review_html_note": (
        "金额单位：万元（另注明者除外）；百分比保留一位小数；状态均以文字标明，黑白打印可读。",
        "Money in 10k yuan unless stated; percents with one decimal; every status is written in "
        "words, so the pack reads in black-and-white print.",
    ),
    "review_downloads": ("会议材料", "Meeting pack"),
    "review_download_xlsx": ("下载 Excel 工作簿", "Download Excel workbook"),
    "review_download_html": ("下载 HTML（可打印）", "Download HTML (printable)"),
    "review_download_pdf": ("下载 PDF", "Download PDF"),
    "review_no_chromium": (
        "本机没有 Chromium 浏览器，无法生成 PDF：请下载 HTML，在浏览器中打印为 PDF。",
        "No Chromium on this machine, so no PDF: download the HTML and print it to PDF "
        "in a browser.",
    ),
    "review_file": ("月度例会-{month}", "monthly-review-{month}"),
    # --- import (views/imports.py) ---
    "import_title": ("数据导入", "Data import"),
    "import_caption": (
        "上传绩效目标表或记录文件：先试运行预览（不写入任何数据），确认后再导入；每次导入都可撤销。",
        "Upload target tables or record files: a dry-run preview first (nothing is written), "
        "then confirm; every load can be undone.",
    ),
    "import_no_db": (
        "还没有数据库：第一次导入时会自动创建。建议先导入绩效目标表。",
        "No database yet: the first load creates it. Load the target tables first.",
    ),
    "import_kind": ("导入内容", "What to load"),
    "import_kind_targets": ("绩效目标表", "Performance target tables"),
    "import_kind_spending": ("支出明细", "Spending records"),
    "import_kind_beneficiaries": ("受益对象名册", "Beneficiary rosters"),
    "import_kind_actuals": ("指标实际值", "Indicator actuals"),
    "import_kind_surveys": ("满意度调查", "Satisfaction surveys"),
    "import_kind_adjustments": ("预算调整", "Budget adjustments"),
    "import_targets_help": (
        "按标签识别项目绩效目标表（Word 导出的 .txt、.docx、预算系统导出的 .xlsx），也可填写下方模板。",
        "Target tables are recognised by their labels (.txt exported from Word, .docx, .xlsx "
        "exports), or fill in the template below.",
    ),
    "import_required": (
        "必需的列：{columns}（也认常见别名，列的顺序不限）",
        "Required columns: {columns} (common aliases work too, in any order)",
    ),
    "import_project": ("项目编码（可选）", "Project code (optional)"),
    "import_project_help": (
        "文件没有项目编码列时，所有行都属于这个项目（如受益对象名册）。",
        "When the file has no project code column, every row belongs to this project "
        "(e.g. a beneficiary roster).",
    ),
    "import_files": (
        "选择文件（可多选；.txt .docx .xlsx .xls .csv）",
        "Choose files (several at once; .txt .docx .xlsx .xls .csv)",
    ),
    "import_templates": ("下载空白模板：", "Blank templates:"),
    "import_example": ("下载示例文件（标准列）：", "Example file (standard columns):"),
    "import_preview": ("试运行预览（尚未写入）", "Dry-run preview (nothing written yet)"),
    "import_result": ("导入结果", "Load result"),
    "import_status_dry_run": ("可以导入", "ready to load"),
    "import_status_loaded": ("已导入，批次 {load_id}", "loaded as load {load_id}"),
    "import_unchanged": (
        "{name}：此前已导入（批次 {load_id}），不会重复导入。",
        "{name}: already loaded (load {load_id}); it will not be loaded again.",
    ),
    "import_nothing_written": (
        "该文件不会写入任何数据。",
        "Nothing from this file is written.",
    ),
    "import_total": ("总行数", "Rows"),
    "import_loaded": ("存入", "Stored"),
    "import_duplicates": ("重复", "Duplicates"),
    "import_rejected": ("拒收", "Rejected"),
    "import_skipped": ("跳过", "Skipped"),
    "import_projects": ("项目", "Projects"),
    "import_indicators": ("指标", "Indicators"),
    "import_findings": ("目标质量提示", "Findings"),
    "import_replaced": (
        "替换这些项目原有的绩效目标：{codes}",
        "Replaces the earlier targets of: {codes}",
    ),
    "import_stored_rows": ("将存入的前 {n} 行", "First {n} rows to be stored"),
    "import_set_aside": ("不存入的行及原因", "Rows not stored, with reasons"),
    "import_row_no": ("行号", "Row"),
    "import_category": ("类别", "Category"),
    "import_reason": ("原因", "Reason"),
    "import_category_rejected": ("拒收", "rejected"),
    "import_category_duplicate": ("重复", "duplicate"),
    "import_category_skipped": ("跳过", "skipped"),
    "import_category_changed": ("凭证变更", "changed voucher"),
    "import_replace_changed": (
        "用文件中的新版本替换已变更的凭证（原记录保留在历史中，撤销本次导入即可恢复）",
        "Replace the changed vouchers with this file's version (the old lines are kept; undoing "
        "this load brings them back)",
    ),
    "import_confirm": ("确认导入 {n} 个文件", "Load {n} file(s)"),
    "import_confirm_note": (
        "有错误或此前已导入的文件不会导入。",
        "Files with errors or loaded before are left out.",
    ),
    "import_progress": ("正在导入 {name}（{done}/{total}）", "Loading {name} ({done}/{total})"),
    "import_busy": (
        "数据库正忙（另一个程序正在写入数据），没有写入任何数据。请稍等片刻后点「重试」。",
        "The database is busy (another program is writing to it); nothing was written. "
        "Wait a moment, then click Retry.",
    ),
    "import_retry": ("重试", "Retry"),
    "import_failed": (
        "出错了：{error}。请检查文件后重试。",
        "Something went wrong: {error}. Check the file and try again.",
    ),
    "import_history": ("导入历史", "Load history"),
    "import_no_history": ("还没有导入记录。", "Nothing loaded yet."),
    "import_load_id": ("批次", "Load"),
    "import_file_name": ("文件", "File"),
    "import_status": ("状态", "Status"),
    "import_status_ok": ("有效", "in use"),
    "import_status_replaced": ("已被新表替换", "replaced"),
    "import_status_undone": ("已撤销", "undone"),
    "import_demo": ("演示", "Demo"),
    "import_started_at": ("导入时间", "Loaded at"),
    "import_actor": ("导入人", "Loaded by"),
    "import_refused_units": (
        "文件含有其他单位（{units}）的项目，您的账号只能导入本单位的数据；已撤销，未保留任何行。",
        "The file holds projects of other units ({units}); your account may load only its own "
        "units' data. The load was undone; nothing was kept.",
    ),
    "import_read_only": (
        "您的角色（{role}）只能查看导入历史，不能导入或撤销。",
        "Your role ({role}) sees the load history only: it cannot load or undo.",
    ),
    "import_message": ("说明", "Note"),
    "import_undo_choose": ("选择要撤销的导入批次", "Load to undo"),
    "import_undo": ("撤销该批次", "Undo this load"),
    "import_undo_confirm": (
        "确认撤销批次 {load}？该批次存入的全部数据将被删除，不能恢复。",
        "Undo load {load}? Every row it stored is deleted; this cannot be reversed.",
    ),
    "import_undo_yes": ("确认撤销", "Yes, undo"),
    "import_undone": (
        "已撤销批次 {load_id}：删除 {rows} 行。",
        "Load {load_id} undone: {rows} rows deleted.",
    ),
}
STRINGS.update(FORM_STRINGS)
STRINGS.update(GOAL_STRINGS)


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The text for `key` in `lang` ('zh' or 'en'), formatted with `values`."""
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def reason_text(code: object, lang: str = "zh") -> str:
    """An engine reason in words: `code` or `code|arg|arg` (`engine.rules`); a level inside it
    (达成 …) in the page's language too. — when there is none; text that is not a code as is."""
    if code is None or code == "" or (isinstance(code, float) and code != code):
        return "—"
    name, *args = str(code).split("|")
    key = f"reason_{name}"
    if key not in STRINGS:
        return str(code)
    shown = [level_text(a, lang) for a in args]
    return t(key, lang).format(*shown) if shown else t(key, lang)


def level_text(level: object, lang: str = "zh") -> str:
    """达成 / 部分达成 / 未达成 in the page's language; anything else as is."""
    key = f"level_{level}"
    return t(key, lang) if key in STRINGS else str(level)


def grade_text(grade: object, lang: str = "zh") -> str:
    """优 / 良 / 中 / 差 in the page's language; — when there is none."""
    key = f"grade_{grade}"
    return t(key, lang) if key in STRINGS else ("—" if grade is None else str(grade))
