-- The store's schema, applied idempotently every time a read-write connection opens.
-- Money is DECIMAL(18,2) yuan. Logical keys are primary keys; every stored row carries the load_id
-- of the import that wrote it (lineage for auditors, undo for users).

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

CREATE TABLE IF NOT EXISTS imports (
    load_id       BIGINT PRIMARY KEY,
    kind          VARCHAR NOT NULL,          -- targets | spending | beneficiaries | ...
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_loaded   INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    rows_skipped  INTEGER NOT NULL DEFAULT 0,
    status        VARCHAR NOT NULL,          -- ok | replaced | undone
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    message       VARCHAR,
    is_demo       BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS units (
    unit_code     VARCHAR NOT NULL,
    unit_name     VARCHAR,
    fiscal_year   INTEGER NOT NULL,
    overall_goals VARCHAR,                   -- 部门整体绩效目标 (part 1 of the document), as text
    load_id       BIGINT NOT NULL,
    PRIMARY KEY (unit_code, fiscal_year)
);

CREATE TABLE IF NOT EXISTS projects (
    project_code      VARCHAR PRIMARY KEY,   -- 项目编码
    fiscal_year       INTEGER NOT NULL,
    unit_code         VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,      -- 项目名称
    budget_yuan       DECIMAL(18,2) NOT NULL,-- 预算数, original (年初) budget
    fiscal_yuan       DECIMAL(18,2),         -- 其中：财政资金
    other_yuan        DECIMAL(18,2),         -- 其他资金 (NULL when published blank)
    purpose           VARCHAR,               -- 资金用途
    goals             VARCHAR,               -- 绩效目标
    title             VARCHAR,               -- the table's title as published
    source_money_unit VARCHAR,               -- 万元 | 元: the unit the document used
    load_id           BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS spending_plan (
    project_code   VARCHAR NOT NULL,
    checkpoint     DATE NOT NULL,            -- end of the month named by the label
    label          VARCHAR NOT NULL,         -- as published: 3月底
    cumulative_pct DOUBLE NOT NULL,          -- 0..100
    source         VARCHAR NOT NULL,         -- published | carried | default
    raw            VARCHAR,                  -- the published cell text
    PRIMARY KEY (project_code, checkpoint)
);

CREATE TABLE IF NOT EXISTS indicators (
    project_code VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,           -- 1-based row order in the published table
    level1       VARCHAR,                    -- 一级指标
    level2       VARCHAR,                    -- 二级指标
    name         VARCHAR,                    -- 三级指标
    description  VARCHAR,                    -- 绩效指标描述
    target_raw   VARCHAR,                    -- 指标值, the published text unchanged
    operator     VARCHAR,
    target_value DOUBLE,                     -- money in yuan
    unit         VARCHAR,
    kind         VARCHAR NOT NULL,           -- quantity | percent | money | deadline | qualitative
    deadline     DATE,
    direction    VARCHAR,                    -- higher | lower
    basis        VARCHAR,                    -- 指标值确定依据
    PRIMARY KEY (project_code, seq)
);

CREATE TABLE IF NOT EXISTS target_findings (
    project_code  VARCHAR NOT NULL,
    indicator_seq INTEGER,                   -- NULL for project-level findings
    rule          VARCHAR NOT NULL,
    severity      VARCHAR NOT NULL,          -- warning | info
    message       VARCHAR NOT NULL,
    load_id       BIGINT NOT NULL
);

-- Records (issue: records in). Every row keeps the load that wrote it and its line in the file.
ALTER TABLE imports ADD COLUMN IF NOT EXISTS rows_duplicate INTEGER DEFAULT 0;
ALTER TABLE imports ADD COLUMN IF NOT EXISTS rows_total INTEGER DEFAULT 0;
ALTER TABLE imports ADD COLUMN IF NOT EXISTS options VARCHAR;      -- JSON: sheet, --map, --project
ALTER TABLE imports ADD COLUMN IF NOT EXISTS file_size BIGINT;

CREATE TABLE IF NOT EXISTS spending (
    -- project_code, pay_date and amount_yuan are never NULL in a committed load: the loader inserts
    -- a file's rows first and moves every row it cannot keep to rejected_rows in the same
    -- transaction (no NOT NULL here, so that an unreadable row is set aside, not fatal)
    project_code VARCHAR,
    pay_date     DATE,
    amount_yuan  DECIMAL(18,2),                -- negative: a reversal (冲销)
    voucher_no   VARCHAR,                      -- 凭证号 as published (NULL when the file has none)
    payee        VARCHAR,
    summary      VARCHAR,
    fund_source  VARCHAR,
    dedupe_key   VARCHAR,                      -- without a voucher: 'auto:' + hash of the row's fields
    load_id      BIGINT NOT NULL,
    row_no       INTEGER                       -- line (CSV) or row (Excel) in the loaded file
);
-- the amount cell as written when it could not be read: the loader rejects that row in the same
-- transaction, so a committed row always has it NULL (it only carries the text to the reason)
ALTER TABLE spending ADD COLUMN IF NOT EXISTS amount_raw VARCHAR;

-- the stored lines of a voucher a later load replaced (`--replace-changed`: the voucher came back
-- with another amount, date or project); undoing that load puts them back
CREATE TABLE IF NOT EXISTS spending_replaced (
    project_code VARCHAR,
    pay_date     DATE,
    amount_yuan  DECIMAL(18,2),
    voucher_no   VARCHAR,
    payee        VARCHAR,
    summary      VARCHAR,
    fund_source  VARCHAR,
    dedupe_key   VARCHAR,
    load_id      BIGINT NOT NULL,              -- the load that stored them
    row_no       INTEGER,
    replaced_by  BIGINT NOT NULL               -- the load that replaced them
);

CREATE TABLE IF NOT EXISTS beneficiaries (
    project_code VARCHAR NOT NULL,
    person_key   VARCHAR NOT NULL,             -- HMAC-SHA256 of the ID number; the key is not in this file
    name_masked  VARCHAR,                      -- 王*涵
    id_masked    VARCHAR NOT NULL,             -- 130434********123X
    birth_year   INTEGER,
    gender       VARCHAR,                      -- 男 | 女
    place        VARCHAR,                      -- school or township
    aid_date     DATE,
    amount_yuan  DECIMAL(18,2),
    items        VARCHAR,
    load_id      BIGINT NOT NULL,
    row_no       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator_actuals (
    project_code  VARCHAR NOT NULL,
    indicator_seq INTEGER NOT NULL,
    as_of         DATE NOT NULL,
    value         DOUBLE,                      -- numbers and percents (90% → 90)
    value_raw     VARCHAR NOT NULL,
    value_date    DATE,                        -- for deadline indicators: the completion date
    level         VARCHAR,                     -- 达成 | 部分达成 | 未达成 (qualitative)
    note          VARCHAR,
    load_id       BIGINT NOT NULL,
    row_no        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS survey_responses (
    project_code  VARCHAR NOT NULL,
    indicator_seq INTEGER NOT NULL,
    response_date DATE,
    answer        VARCHAR NOT NULL,            -- 满意 | 基本满意 | 不满意 | 1..5
    score         DOUBLE,                      -- 1..5 when a score was given
    satisfied     BOOLEAN NOT NULL,            -- 满意/基本满意, or a score ≥ 4 (configurable)
    respondent    VARCHAR,
    load_id       BIGINT NOT NULL,
    row_no        INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS budget_adjustments (
    project_code VARCHAR NOT NULL,
    adj_date     DATE NOT NULL,
    amount_yuan  DECIMAL(18,2) NOT NULL,       -- 追加 +, 调减 −
    doc_no       VARCHAR,
    reason       VARCHAR,
    load_id      BIGINT NOT NULL,
    row_no       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS rejected_rows (
    load_id  BIGINT NOT NULL,
    row_no   INTEGER NOT NULL,
    category VARCHAR NOT NULL,                 -- rejected | duplicate | skipped
    reason   VARCHAR NOT NULL,                 -- 第12行：项目编码 … 未在绩效目标中登记
    raw      VARCHAR                           -- the row as read (JSON), personal data masked
);
ALTER TABLE rejected_rows ADD COLUMN IF NOT EXISTS project_code VARCHAR;  -- when the row names a known code

-- Facts about the database itself (e.g. the fingerprint of the key person_keys were made with).
CREATE TABLE IF NOT EXISTS tracker_meta (
    name  VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- Monthly sums of each spending load (kept by the spending loader, removed by undo): the engine
-- reads these instead of every record when the as-of date is a month end.
CREATE TABLE IF NOT EXISTS spending_monthly (
    project_code  VARCHAR NOT NULL,
    month_start   DATE NOT NULL,
    spent_yuan    DECIMAL(18,2) NOT NULL,
    reversals     INTEGER NOT NULL,
    reversal_yuan DECIMAL(18,2) NOT NULL,
    records       INTEGER NOT NULL,
    load_id       BIGINT NOT NULL
);
-- databases from before this table: fill it once from the records
INSERT INTO spending_monthly
SELECT project_code, date_trunc('month', pay_date), sum(amount_yuan),
       count(*) FILTER (WHERE amount_yuan < 0),
       coalesce(sum(amount_yuan) FILTER (WHERE amount_yuan < 0), 0), count(*), load_id
FROM spending
WHERE NOT EXISTS (SELECT 1 FROM spending_monthly)
GROUP BY project_code, date_trunc('month', pay_date), load_id;

-- What people enter on the two official forms (issue: monitoring and self-evaluation). Every save
-- appends its lines under a new save_id; the form shows the latest save, the earlier ones stay.
CREATE TABLE IF NOT EXISTS monitoring_responses (
    save_id       BIGINT NOT NULL,
    project_code  VARCHAR NOT NULL,
    period_end    DATE NOT NULL,             -- 1月至该日 (default 7月31日)
    indicator_seq INTEGER NOT NULL,          -- 0: the budget execution line
    causes        VARCHAR[],                 -- 经费保障, 制度保障, 人员保障, 硬件条件保障, 其他
    likelihood    VARCHAR,                   -- 确定能 | 有可能 | 完全不可能
    explanation   VARCHAR,
    measures      VARCHAR,
    actual_text   VARCHAR,                   -- the engine's figures the person saw when saving
    expected_text VARCHAR,
    author        VARCHAR NOT NULL,
    saved_at      TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS evaluation_responses (
    save_id       BIGINT NOT NULL,
    project_code  VARCHAR NOT NULL,
    as_of         DATE NOT NULL,             -- 31 December, or the date of a preview
    indicator_seq INTEGER NOT NULL,          -- 0: the project line (the explanation of 执行率)
    level         VARCHAR,                   -- a qualitative indicator's level set by the reviewer
    points        DOUBLE,                    -- the reviewer's score inside the level's band
    reason        VARCHAR,                   -- why points were lost / the explanation
    measures      VARCHAR,                   -- improvements (改进措施), on the project line
    author        VARCHAR NOT NULL,
    saved_at      TIMESTAMP NOT NULL
);

-- Targets a newer document replaced (loaders/target_versions.py): undoing that load brings them back.
CREATE TABLE IF NOT EXISTS projects_replaced AS
    SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM projects LIMIT 0;
CREATE TABLE IF NOT EXISTS spending_plan_replaced AS
    SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM spending_plan LIMIT 0;
CREATE TABLE IF NOT EXISTS indicators_replaced AS
    SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM indicators LIMIT 0;
CREATE TABLE IF NOT EXISTS target_findings_replaced AS
    SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM target_findings LIMIT 0;
CREATE TABLE IF NOT EXISTS units_replaced AS
    SELECT *, CAST(NULL AS BIGINT) AS replaced_by FROM units LIMIT 0;

-- Accounts and the audit log (store/accounts.py, store/audit.py). A password is kept only as its
-- Argon2id hash; `units` are the unit codes a clerk may see (comma-separated, empty for all).
CREATE TABLE IF NOT EXISTS accounts (
    name          VARCHAR PRIMARY KEY,
    role          VARCHAR NOT NULL,          -- viewer | auditor | clerk | admin
    units         VARCHAR NOT NULL DEFAULT '',
    password_hash VARCHAR NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT false,
    failed_count  INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    changed_at    TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    seq       BIGINT PRIMARY KEY,
    done_at   TIMESTAMP NOT NULL,
    actor     VARCHAR NOT NULL,              -- an account, or os:<user> for the command line
    action    VARCHAR NOT NULL,              -- sign_in, load, undo, form_save, download, account_* …
    unit_code VARCHAR,
    detail    VARCHAR
);
ALTER TABLE imports ADD COLUMN IF NOT EXISTS actor VARCHAR;

-- The department's own goals (第一部分 部门整体绩效目标), read from units.overall_goals by
-- loaders/unit_goals.py whenever targets are loaded or a load is undone: one row per quantified
-- commitment (2 期 就业培训班) or qualitative item, numbered per unit.
CREATE TABLE IF NOT EXISTS unit_goals (
    unit_code   VARCHAR NOT NULL,
    fiscal_year INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    section     VARCHAR,                     -- 总体绩效目标 | 分项绩效目标 | NULL
    text        VARCHAR NOT NULL,            -- the sentence (quantified) or the item (qualitative)
    kind        VARCHAR NOT NULL,            -- quantity | percent | money | qualitative
    operator    VARCHAR,                     -- ≥ | ≤
    value       DOUBLE,
    unit        VARCHAR,                     -- the measure word: 期, 支, 次, %, 万元
    object      VARCHAR,                     -- what it counts: 就业培训班
    stale_year  INTEGER                      -- a year in the goal that is not the fiscal year
);

-- Progress reported on a unit goal (the actuals loader with 单位编码 + 目标序号, or the monitoring
-- page): the latest report on or before a date counts.
CREATE TABLE IF NOT EXISTS goal_actuals (
    unit_code VARCHAR NOT NULL,
    goal_seq  INTEGER NOT NULL,
    as_of     DATE NOT NULL,
    value     DOUBLE,
    value_raw VARCHAR,
    level     VARCHAR,                       -- 达成 | 部分达成 | 未达成 (a qualitative goal)
    note      VARCHAR,
    load_id   BIGINT NOT NULL,
    row_no    INTEGER
);

-- Target-quality findings on a unit's own goals (rule stale_year: a year in a goal that is not the
-- document's fiscal year), written with unit_goals by loaders/unit_goals.py.
CREATE TABLE IF NOT EXISTS unit_findings (
    unit_code   VARCHAR NOT NULL,
    fiscal_year INTEGER NOT NULL,
    goal_seq    INTEGER,
    rule        VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,
    message     VARCHAR NOT NULL
);

-- A clerk's decision on which project of an earlier year a project continues (year on year): the
-- name rule (engine/links.py) links projects of one unit whose names match without their year;
-- a row here overrides it for its project (previous_code NULL: no predecessor).
CREATE TABLE IF NOT EXISTS project_links (
    project_code  VARCHAR PRIMARY KEY,
    previous_code VARCHAR,
    actor         VARCHAR,
    changed_at    TIMESTAMP NOT NULL
);
