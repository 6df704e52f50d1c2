"""Reproducible demo data: a realistic fiscal year 2025, written as real files, loaded by the real loaders.

`build_demo(db_path, scale="county", seed=42)` makes up a county's budget year from `random.Random(seed)`
and writes it the way clerks receive it: the published sample document, one filled target template
(.csv) per budget unit, the treasury's monthly payment exports (GBK CSV with a title row, a 单位：元 row
and a 本月合计 row), two budget-adjustment notices, the aid roster of the sample's 特困生 project,
quarterly indicator reports and satisfaction surveys. Then it loads every file through
`loaders.targets.load_targets` / `loaders.records.load_records` with `is_demo=True`, in the order a
clerk would have loaded them, so each `imports` row is marked demo and the loaders' own checks
(duplicates, rejected rows, reversals) show up exactly as they would for real files.

The same seed gives the same files, byte for byte, and so the same database content (apart from the
import timestamps; beneficiaries' `person_key` also depends on the HMAC key next to the database,
see `loaders.personal`). Building again into the same database changes nothing: every file is
recognised by its hash and reported `unchanged`.

The demo's "today" is `DEMO_AS_OF` (2025-11-30): data runs through November, so the 12月底 checkpoint
is still ahead, forecasts and catch-up amounts mean something, and December is empty. The year-end
rush case (突击花钱) is therefore a project that spent at least 40% of its money to date in November,
the last month loaded (`RUSH_MONTH`).

`CASES` names the projects that show each situation the pages must be able to show.

Scales: `county` is the sample's two projects plus 60 generated projects in 11 more units (about
1,500 payments; builds in about two seconds). `province` adds 19,938 projects in 488 units of 45
other Hebei counties and 10 million payments, generated inside DuckDB (`COPY (SELECT … FROM
range(n))`) with hash-based pseudo-randomness, for benchmarks (about 75 s on 2 cores, peak RSS about
1.3 GB, with DuckDB's memory limit at `PROVINCE_MEMORY`).

A database that holds real (non-demo) loads is refused: demo rows never mix with real ones.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import random
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from loaders.columns import SPENDING_EXPORT_HEADER
from loaders.db import first_row, open_db
from loaders.errors import LoadError
from loaders.personal import ID_CHECK_CHARS, ID_WEIGHTS
from loaders.records import RecordLoadResult, load_records
from loaders.target_template import TEMPLATE_COLUMNS
from loaders.target_values import TargetValue, parse_target_value
from loaders.targets import TargetLoadResult, load_targets, read_target_document

DEMO_YEAR = 2025
DEMO_AS_OF = dt.date(2025, 11, 30)  # the demo's "today": records run through November
RUSH_MONTH = 11  # the last month of data: the year-end rush case spends ≥ RUSH_SHARE of it here
RUSH_SHARE = 0.40
SCALES = ("county", "province")
SAMPLE_DOCUMENT = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "samples"
    / "weixian-youth-league-2025-targets.txt"
)
SAMPLE_LEAGUE = "13043425P00450110058B"  # 2025年基层团组织经费, 5万元
SAMPLE_AID = "13043425P00437410002E"  # 2025年特困生救助金, 5万元, 全县特困生救助人数 100人
COUNTY_CODE = "130434"  # 魏县
UNKNOWN_CODE = "13043425P00412300011A"  # 13043425P00412030011A with two digits swapped

# Which project shows which case. The codes are fixed (not drawn from the seed); the seed only
# decides the details (payment dates and splits, payees, names of the other projects, answers).
CASES: dict[str, list[str]] = {
    # budget execution (预算执行) against each project's own plan, at DEMO_AS_OF
    "on_plan": ["13043425P00412030011A", SAMPLE_AID],  # every checkpoint met
    "lagging": ["13043425P00425160023C"],  # missed 6月底 and still far behind (red)
    "catch_up": ["13043425P00431270035D"],  # missed 6月底, met 10月底, on plan now
    "year_end_rush": ["13043425P00418340047F"],  # ≥ 40% of its spending to date in November
    "over_budget": ["13043425P00429450052G"],  # cumulative spending above the budget
    "never_started": ["13043425P00433560068H"],  # no spending at all
    "reversals": ["13043425P00412030011A", "13043425P00427610074J"],  # 冲销 (negative) + re-payment
    "adjustment_increase": ["13043425P00427610074J"],  # 追加 +85万元 in July
    "adjustment_decrease": ["13043425P00436780089K"],  # 调减 −40万元 in September
    # what the loaders set aside (rejected_rows)
    "duplicate_vouchers": ["13043425P00412030011A", "13043425P00427610074J"],  # re-exported rows
    "unknown_project_code": [UNKNOWN_CODE],  # a payment on a code with no targets (rejected)
    "spending_outside_year": ["13043425P00429450052G"],  # a payment dated 2024-12-30 (rejected)
    # indicators (绩效指标)
    "beneficiaries": [SAMPLE_AID],  # roster of 100 children with valid ID numbers
    "indicator_at_risk": ["13043425P00431270035D", "13043425P00425160023C"],  # outputs far behind
    "deadline_overdue": ["13043425P00427630091L"],  # 2025年9月底前, reported 未达成
    "survey_low_satisfaction": ["13043425P00435120103M"],  # about half satisfied, target ≥ 90%
    "surveys": [
        SAMPLE_AID,
        "13043425P00412030011A",
        "13043425P00427610074J",
        "13043425P00435120103M",
        "13043425P00429450052G",
        "13043425P00427650115N",
        "13043425P00441020141R",
        "13043425P00418360139Q",
        "13043425P00425160023C",
        "13043425P00439170153S",
    ],
    # target quality (目标质量): findings the target loader must report
    "quality_satisfaction_direction": [SAMPLE_AID, "13043425P00427650115N"],  # 满意度 ≤100%
    "quality_cost_direction": ["13043425P00433580127P"],  # 成本 ≥X万元
    "quality_cost_above_budget": ["13043425P00418360139Q"],  # cost target above the budget
    "quality_satisfaction_low": ["13043425P00441020141R"],  # 满意度 ≥75%
    "quality_plan_not_monotonic": ["13043425P00439170153S"],  # 6月底 60% then 9月底 50%
    "quality_missing_unit": ["13043425P00446230165T"],  # a count without its unit: ≥3000
}
# the target-finding rule each quality case produces (loaders.findings)
QUALITY_RULES = {
    "quality_satisfaction_direction": "direction_wrong",
    "quality_cost_direction": "direction_wrong",
    "quality_cost_above_budget": "cost_above_budget",
    "quality_satisfaction_low": "satisfaction_low",
    "quality_plan_not_monotonic": "plan_not_monotonic",
    "quality_missing_unit": "missing_unit",
}

SPENDING_HEADER = SPENDING_EXPORT_HEADER
ADJUSTMENT_HEADER = ["项目编码", "调整日期", "调整金额", "文号", "调整原因"]
ROSTER_HEADER = ["姓名", "身份证号", "学校", "发放日期", "金额"]
ACTUALS_HEADER = ["项目编码", "指标序号", "截至日期", "实际值", "备注"]
SURVEY_HEADER = ["项目编码", "调查日期", "满意度", "问卷编号"]
REPORT_DATES = (dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30), DEMO_AS_OF)


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Kind:
    """A kind of project a unit runs, with what its indicators count."""

    name: str
    budget: tuple[float, float]  # 万元
    use: str  # 工程 | 设备 | 服务 | 补助: decides payees and payment summaries
    outputs: tuple[tuple[str, str, int, int], ...]  # 数量指标: (三级指标, unit, low, high)
    quality: tuple[str, str]  # 质量指标: (三级指标, 指标值)
    benefit: tuple[str, str, str]  # (二级指标, 三级指标, 指标值)
    subject: str  # whose satisfaction: 师生 → 师生满意度


@dataclass(frozen=True)
class Department:
    code: int  # the first three digits of a unit code: 701 … 711
    name: str  # without the county: 教育局
    checkpoints: tuple[int, ...]  # the months of the spending plan, 资金支出计划
    kinds: tuple[Kind, ...]


K = Kind
DEPARTMENTS: tuple[Department, ...] = (
    Department(701, "教育局", (3, 6, 9, 12), (
        K("义务教育薄弱环节改善与能力提升", (600, 900), "工程",
          (("改造薄弱学校数量", "所", 8, 15), ("新增学位数", "个", 300, 600),
           ("购置教学设备", "台(套)", 200, 500)),
          ("工程验收合格率", "100%"), ("社会效益指标", "办学条件改善情况", "明显改善"), "师生"),
        K("学前教育幼儿资助", (80, 150), "补助", (("资助幼儿人数", "人", 800, 1500),),
          ("资助对象认定准确率", "100%"), ("社会效益指标", "家庭经济负担", "有效减轻"), "受助家庭"),
        K("农村义务教育学生营养改善计划", (900, 1400), "服务",
          (("受益学生人数", "人", 18000, 26000), ("覆盖学校数量", "所", 80, 130)),
          ("供餐食品抽检合格率", "100%"), ("社会效益指标", "学生营养健康状况", "持续改善"), "学生家长"),
        K("中小学教师培训", (45, 90), "服务", (("培训教师人次", "人次", 1200, 2500),),
          ("培训合格率", "≥95%"), ("可持续影响指标", "教师专业能力", "明显提升"), "参训教师"),
        K("普通高中国家助学金", (300, 450), "补助", (("资助学生人数", "人", 1500, 2600),),
          ("资金发放准确率", "100%"), ("社会效益指标", "困难学生顺利完成学业", "有效保障"), "受助学生"),
        K("校园安全设施建设", (120, 220), "设备",
          (("安装视频监控设备", "套", 300, 600), ("覆盖学校数量", "所", 60, 110)),
          ("设备验收合格率", "100%"), ("社会效益指标", "校园安全防范能力", "明显增强"), "师生"),
        K("中小学校舍维修改造", (200, 380), "工程", (("维修改造校舍面积", "平方米", 8000, 15000),),
          ("工程验收合格率", "100%"), ("社会效益指标", "校舍安全状况", "明显改善"), "师生"),
    )),
    Department(702, "卫生健康局", (3, 6, 9, 12), (
        K("基本公共卫生服务项目", (380, 460), "服务",
          (("居民电子健康档案建档人数", "人", 820000, 880000),
           ("65岁以上老年人健康管理人数", "人", 80000, 95000)),
          ("高血压患者规范管理率", "≥65%"), ("社会效益指标", "居民健康素养水平", "≥25%"), "城乡居民"),
        K("家庭医生签约服务", (60, 110), "服务", (("家庭医生签约服务人数", "人", 300000, 380000),),
          ("重点人群签约服务覆盖率", "≥75%"), ("社会效益指标", "群众就医便利程度", "明显提高"), "签约居民"),
        K("村卫生室标准化建设", (80, 120), "工程", (("标准化建设村卫生室", "个", 40, 70),),
          ("工程验收合格率", "100%"), ("社会效益指标", "基层医疗服务能力", "明显提升"), "村民"),
        K("重大传染病防控", (90, 160), "服务", (("免疫规划疫苗接种剂次", "剂次", 150000, 200000),),
          ("适龄儿童免疫规划疫苗接种率", "≥95%"), ("社会效益指标", "传染病疫情", "无暴发流行"), "群众"),
        K("计划生育家庭奖励扶助", (500, 700), "补助", (("奖励扶助对象人数", "人", 9000, 13000),),
          ("资金发放准确率", "100%"), ("社会效益指标", "计生家庭生活保障水平", "有效提高"), "扶助对象"),
        K("乡镇卫生院医疗设备购置", (150, 300), "设备",
          (("购置医疗设备", "台(套)", 40, 90), ("受益卫生院数量", "所", 10, 21)),
          ("设备验收合格率", "100%"), ("社会效益指标", "乡镇卫生院诊疗能力", "明显提升"), "患者"),
        K("妇女两癌免费筛查", (60, 100), "服务", (("两癌筛查人数", "人", 12000, 20000),),
          ("筛查结果反馈率", "≥95%"), ("社会效益指标", "两癌早诊率", "≥55%"), "受检妇女"),
    )),
    Department(703, "农业农村局", (3, 6, 10, 12), (
        K("高标准农田建设", (1100, 1500), "工程",
          (("新建高标准农田面积", "亩", 20000, 30000), ("新打配套机井", "眼", 120, 260)),
          ("工程质量合格率", "100%"), ("经济效益指标", "亩均粮食产能提高", "≥100公斤"), "项目区农户"),
        K("耕地地力保护补贴", (4500, 5600), "补助", (("补贴面积", "亩", 950000, 1050000),),
          ("补贴资金兑付准确率", "100%"), ("经济效益指标", "农民种粮收益", "稳步增加"), "种粮农户"),
        K("农作物病虫害统防统治", (80, 140), "服务", (("统防统治面积", "亩", 150000, 260000),),
          ("病虫害防治效果", "≥85%"), ("经济效益指标", "挽回粮食损失", "≥5000吨"), "农户"),
        K("农村人居环境整治", (220, 300), "工程",
          (("改造农村户厕", "座", 1500, 3000), ("治理村庄数量", "个", 40, 80)),
          ("农村生活垃圾收运处置体系覆盖率", "≥95%"), ("生态效益指标", "村容村貌", "明显改善"), "村民"),
        K("动物疫病强制免疫", (60, 110), "服务", (("开展集中免疫村庄", "个", 500, 560),),
          ("强制免疫病种应免密度", "≥90%"), ("社会效益指标", "重大动物疫情", "无区域性重大动物疫情"),
          "养殖户"),
        K("农民专业合作社发展扶持", (50, 100), "补助", (("扶持合作社数量", "家", 15, 30),),
          ("资金使用合规率", "100%"), ("经济效益指标", "带动农户", "≥3000户"), "合作社成员"),
        K("农业技术推广与培训", (30, 60), "服务", (("培训农民人次", "人次", 3000, 6000),),
          ("培训合格率", "≥90%"), ("可持续影响指标", "主推技术到位率", "≥95%"), "参训农民"),
    )),
    Department(704, "民政局", (3, 6, 9, 12), (
        K("城乡困难群众临时救助", (300, 400), "补助", (("临时救助人次", "人次", 2500, 4000),),
          ("救助对象认定准确率", "100%"), ("社会效益指标", "困难群众基本生活", "有效保障"), "救助对象"),
        K("城乡居民最低生活保障", (6000, 8000), "补助", (("保障城乡低保对象", "人", 15000, 19000),),
          ("应保尽保率", "100%"), ("社会效益指标", "低保对象基本生活", "有效保障"), "低保对象"),
        K("特困人员救助供养", (900, 1300), "补助", (("救助供养特困人员", "人", 2200, 3000),),
          ("集中供养机构安全达标率", "100%"), ("社会效益指标", "特困人员基本生活", "有效保障"),
          "特困人员"),
        K("高龄老人津贴", (200, 350), "补助", (("发放高龄津贴人数", "人", 5000, 8000),),
          ("津贴发放准确率", "100%"), ("社会效益指标", "高龄老人生活质量", "有效提高"), "高龄老人"),
        K("困难残疾人生活补贴和重度残疾人护理补贴", (500, 800), "补助",
          (("补贴残疾人人数", "人", 9000, 13000),),
          ("补贴资金发放及时率", "100%"), ("社会效益指标", "残疾人生活状况", "有效改善"), "残疾人"),
        K("农村敬老院运营补助", (100, 180), "补助", (("补助敬老院数量", "所", 15, 22),),
          ("消防安全达标率", "100%"), ("社会效益指标", "入住老人生活条件", "明显改善"), "入住老人"),
        K("社区养老服务设施建设", (150, 260), "工程", (("建设社区养老服务站", "个", 10, 20),),
          ("工程验收合格率", "100%"), ("社会效益指标", "居家养老服务覆盖面", "逐步扩大"), "老年人"),
    )),
    Department(705, "水利局", (3, 6, 9, 12), (
        K("卫河堤防险工险段加固", (200, 260), "工程", (("加固堤防长度", "公里", 5, 12),),
          ("工程质量合格率", "100%"), ("社会效益指标", "防洪保安能力", "明显提高"), "沿河群众"),
        K("农村饮水安全巩固提升", (260, 360), "工程",
          (("受益人口", "人", 40000, 80000), ("改造供水管网", "公里", 60, 120)),
          ("农村集中供水水质达标率", "≥95%"), ("社会效益指标", "农村自来水普及率", "≥98%"), "受益群众"),
        K("河道清淤治理", (150, 220), "工程", (("清淤河道长度", "公里", 20, 40),),
          ("工程验收合格率", "100%"), ("生态效益指标", "河道水环境", "明显改善"), "沿岸群众"),
        K("地下水超采综合治理", (400, 600), "工程", (("压减地下水开采量", "万立方米", 300, 600),),
          ("压采工程验收合格率", "100%"), ("生态效益指标", "地下水位下降趋势", "有效遏制"), "群众"),
        K("农田水利设施维修养护", (60, 120), "工程",
          (("维修机井", "眼", 200, 400), ("维修扬水站", "座", 5, 12)),
          ("维修工程合格率", "100%"), ("经济效益指标", "保障有效灌溉面积", "≥60万亩"), "受益农户"),
        K("河长制工作经费", (30, 60), "服务", (("河道巡查次数", "次", 1500, 3000),),
          ("问题整改完成率", "≥95%"), ("生态效益指标", "河湖四乱问题", "动态清零"), "沿河群众"),
        K("防汛应急度汛工程", (100, 200), "工程", (("实施应急度汛工程", "处", 8, 20),),
          ("工程验收合格率", "100%"), ("社会效益指标", "安全度汛", "有效保障"), "群众"),
    )),
    Department(706, "交通运输局", (3, 6, 10, 12), (
        K("农村公路养护工程", (420, 520), "工程",
          (("农村公路养护里程", "公里", 900, 1300), ("修复路面坑槽面积", "平方米", 30000, 60000)),
          ("农村公路优良中等路率", "≥85%"), ("社会效益指标", "群众出行条件", "明显改善"), "沿线群众"),
        K("农村公路危桥改造", (200, 350), "工程", (("改造危桥", "座", 6, 12),),
          ("工程交工验收合格率", "100%"), ("社会效益指标", "通行安全", "明显提高"), "沿线群众"),
        K("城乡公交运营补贴", (300, 450), "补助",
          (("城乡公交线路", "条", 20, 30), ("运营公交车辆", "辆", 150, 220)),
          ("建制村通客车率", "100%"), ("社会效益指标", "群众出行成本", "有效降低"), "乘客"),
        K("公路安全生命防护工程", (150, 260), "工程", (("实施安防工程里程", "公里", 80, 150),),
          ("工程验收合格率", "100%"), ("社会效益指标", "道路交通事故", "有效减少"), "群众"),
        K("农村客运候车亭建设", (60, 120), "工程", (("建设农村客运候车亭", "个", 60, 120),),
          ("工程验收合格率", "100%"), ("社会效益指标", "群众候车条件", "明显改善"), "乘客"),
        K("路域环境整治", (80, 150), "服务", (("整治路段里程", "公里", 100, 200),),
          ("路域环境达标率", "≥90%"), ("生态效益指标", "公路沿线环境", "明显改善"), "沿线群众"),
    )),
    Department(707, "文化广电和旅游局", (3, 6, 9, 12), (
        K("乡村文化活动中心设备购置", (100, 150), "设备",
          (("配备文化活动设备", "套", 200, 400), ("覆盖行政村", "个", 200, 400)),
          ("设备验收合格率", "100%"), ("社会效益指标", "群众文化生活", "日益丰富"), "村民"),
        K("送戏下乡", (40, 60), "服务", (("送戏下乡演出场次", "场", 200, 350),),
          ("演出质量达标率", "≥95%"), ("社会效益指标", "群众文化获得感", "明显增强"), "观众"),
        K("农村公益电影放映", (60, 90), "服务", (("公益电影放映场次", "场", 6000, 6800),),
          ("放映完成率", "100%"), ("社会效益指标", "农村群众文化生活", "有效丰富"), "观众"),
        K("公共图书馆文化馆免费开放", (30, 50), "服务", (("接待读者人次", "人次", 80000, 150000),),
          ("免费开放服务达标率", "100%"), ("社会效益指标", "公共文化服务水平", "明显提升"), "读者"),
        K("文物保护修缮", (80, 200), "工程", (("保护修缮文物点", "处", 3, 8),),
          ("修缮工程验收合格率", "100%"), ("可持续影响指标", "文物安全状况", "持续向好"), "群众"),
        K("全域旅游宣传推介", (50, 100), "服务", (("开展宣传推介活动", "次", 10, 25),),
          ("宣传内容审核合格率", "100%"), ("经济效益指标", "旅游接待人次增长", "≥10%"), "游客"),
        K("梨花节文化旅游活动", (80, 150), "服务", (("举办系列活动", "场", 10, 20),),
          ("活动方案执行率", "100%"), ("经济效益指标", "游客接待量", "≥30万人次"), "游客"),
    )),
    Department(708, "人力资源和社会保障局", (3, 6, 9, 12), (
        K("职业技能提升培训", (150, 260), "服务", (("培训人数", "人", 3000, 5000),),
          ("培训合格率", "≥90%"), ("社会效益指标", "培训后就业率", "≥70%"), "参训学员"),
        K("就业见习补贴", (50, 80), "补助", (("就业见习人数", "人", 300, 500),),
          ("见习期满留用率", "≥40%"), ("社会效益指标", "高校毕业生就业能力", "有效提升"), "见习人员"),
        K("城乡居民基本养老保险政府补贴", (1200, 1600), "补助",
          (("参保缴费人数", "人", 420000, 480000),),
          ("养老金按时足额发放率", "100%"), ("社会效益指标", "城乡居民养老保障水平", "稳步提高"),
          "参保居民"),
        K("创业担保贷款贴息", (100, 200), "补助", (("享受贴息人数", "人", 400, 800),),
          ("贴息资金审核准确率", "100%"), ("经济效益指标", "带动就业人数", "≥1500人"), "创业人员"),
        K("公益性岗位补贴", (250, 400), "补助", (("开发公益性岗位", "个", 800, 1200),),
          ("补贴发放准确率", "100%"), ("社会效益指标", "就业困难人员就业", "有效促进"), "上岗人员"),
        K("根治欠薪专项行动", (20, 40), "服务", (("检查用人单位", "家", 300, 600),),
          ("欠薪案件结案率", "≥95%"), ("社会效益指标", "劳动者合法权益", "有效维护"), "劳动者"),
    )),
    Department(709, "住房和城乡建设局", (3, 6, 9, 12), (
        K("城镇老旧小区改造", (1400, 1800), "工程",
          (("改造老旧小区", "个", 15, 30), ("受益居民", "户", 3000, 6000)),
          ("工程质量验收合格率", "100%"), ("社会效益指标", "居民居住条件", "明显改善"), "小区居民"),
        K("农村低收入群体危房改造", (150, 260), "补助", (("改造农村危房", "户", 200, 400),),
          ("改造后住房安全达标率", "100%"), ("社会效益指标", "农村低收入群体住房安全", "有效保障"),
          "改造户"),
        K("城区道路维修", (200, 350), "工程", (("维修道路面积", "平方米", 50000, 90000),),
          ("工程验收合格率", "100%"), ("社会效益指标", "城区通行条件", "明显改善"), "市民"),
        K("市政路灯维护", (60, 100), "服务", (("维护路灯", "盏", 6000, 9000),),
          ("路灯亮灯率", "≥98%"), ("社会效益指标", "夜间出行安全", "有效保障"), "市民"),
        K("城镇污水处理厂运营", (500, 700), "服务", (("处理污水量", "万吨", 700, 900),),
          ("出水水质达标率", "100%"), ("生态效益指标", "水环境质量", "持续改善"), "市民"),
        K("城市园林绿化养护", (150, 250), "服务", (("养护绿地面积", "平方米", 800000, 1200000),),
          ("绿化苗木成活率", "≥95%"), ("生态效益指标", "城市人居环境", "明显改善"), "市民"),
    )),
    Department(710, "应急管理局", (3, 6, 9, 12), (
        K("防汛抗旱物资储备", (30, 50), "设备", (("储备防汛物资", "件(套)", 2000, 5000),),
          ("物资验收合格率", "100%"), ("社会效益指标", "防汛抢险保障能力", "有效提升"), "群众"),
        K("安全生产执法检查", (40, 70), "服务", (("检查生产经营单位", "家", 800, 1500),),
          ("隐患整改完成率", "≥95%"), ("社会效益指标", "生产安全事故起数", "同比下降"), "企业"),
        K("应急救援队伍建设", (60, 120), "设备", (("培训救援队员", "人次", 300, 600),),
          ("训练考核合格率", "≥95%"), ("可持续影响指标", "应急救援能力", "持续增强"), "群众"),
        K("自然灾害生活救助", (100, 200), "补助", (("救助受灾群众", "人次", 3000, 6000),),
          ("救助资金发放准确率", "100%"), ("社会效益指标", "受灾群众基本生活", "有效保障"), "受灾群众"),
        K("应急广播体系建设", (80, 150), "设备", (("建设村级应急广播终端", "个", 400, 561),),
          ("系统验收合格率", "100%"), ("社会效益指标", "预警信息覆盖面", "明显扩大"), "村民"),
        K("安全生产宣传教育", (20, 40), "服务", (("开展宣传活动", "场", 30, 60),),
          ("群众安全知识知晓率", "≥85%"), ("社会效益指标", "群众安全意识", "明显增强"), "群众"),
    )),
    Department(711, "魏城镇人民政府", (3, 6, 9, 12), (
        K("农村环境卫生保洁", (120, 200), "服务", (("保洁村庄数量", "个", 40, 60),),
          ("村庄保洁达标率", "≥90%"), ("生态效益指标", "村庄环境卫生", "明显改善"), "村民"),
        K("美丽乡村建设", (300, 500), "工程", (("建设美丽乡村", "个", 5, 10),),
          ("工程验收合格率", "100%"), ("社会效益指标", "乡村面貌", "明显改善"), "村民"),
        K("村级组织运转经费", (150, 250), "补助", (("保障村级组织数量", "个", 50, 60),),
          ("资金拨付及时率", "100%"), ("社会效益指标", "村级组织正常运转", "有效保障"), "村干部"),
        K("农村道路亮化工程", (60, 120), "工程", (("安装太阳能路灯", "盏", 800, 1500),),
          ("路灯亮灯率", "≥98%"), ("社会效益指标", "群众夜间出行", "更加安全便利"), "村民"),
        K("镇区绿化提升", (50, 100), "工程", (("新增绿化面积", "平方米", 20000, 50000),),
          ("苗木成活率", "≥95%"), ("生态效益指标", "镇区环境", "明显改善"), "居民"),
        K("梨果产业发展扶持", (80, 150), "补助", (("扶持梨果种植户", "户", 300, 600),),
          ("补贴发放准确率", "100%"), ("经济效益指标", "种植户收入", "明显增加"), "种植户"),
    )),
)  # fmt: skip
del K
KINDS = {kind.name: kind for dept in DEPARTMENTS for kind in dept.kinds}
# county scale: how many generated projects each department runs (60 in all)
COUNTY_PROJECTS = {
    701: 6,
    702: 6,
    703: 6,
    704: 5,
    705: 6,
    706: 5,
    707: 5,
    708: 5,
    709: 5,
    710: 5,
    711: 6,
}


@dataclass(frozen=True)
class Featured:
    """A project with a fixed code that shows named cases (see CASES)."""

    code: str
    dept: int
    kind: str
    budget_wan: float
    profile: str  # how its spending runs: see _cumulative
    quality: str | None = None  # a deliberate target-quality problem: see _spoil


FEATURED: tuple[Featured, ...] = (
    Featured("13043425P00412030011A", 701, "义务教育薄弱环节改善与能力提升", 860.00, "on_plan"),
    Featured("13043425P00425160023C", 706, "农村公路养护工程", 480.00, "lagging"),
    Featured("13043425P00431270035D", 703, "高标准农田建设", 1250.00, "catch_up"),
    Featured("13043425P00418340047F", 707, "乡村文化活动中心设备购置", 120.00, "rush"),
    Featured("13043425P00429450052G", 704, "城乡困难群众临时救助", 350.00, "over_budget"),
    Featured("13043425P00433560068H", 705, "卫河堤防险工险段加固", 230.00, "never_started"),
    Featured("13043425P00427610074J", 702, "基本公共卫生服务项目", 420.00, "on_plan"),
    Featured("13043425P00436780089K", 703, "农村人居环境整治", 260.00, "on_plan"),
    Featured("13043425P00427630091L", 702, "村卫生室标准化建设", 96.00, "yellow", "deadline_sep"),
    Featured("13043425P00435120103M", 705, "农村饮水安全巩固提升", 310.00, "on_plan"),
    Featured("13043425P00427650115N", 702, "家庭医生签约服务", 85.00, "on_plan", "sat_reverse"),
    Featured("13043425P00433580127P", 705, "河道清淤治理", 180.00, "yellow", "cost_reverse"),
    Featured("13043425P00418360139Q", 707, "送戏下乡", 45.00, "on_plan", "cost_above_budget"),
    Featured("13043425P00441020141R", 708, "就业见习补贴", 64.00, "on_plan", "sat_low"),
    Featured("13043425P00439170153S", 709, "城镇老旧小区改造", 1580.00, "yellow", "plan_not_monotonic"),
    Featured("13043425P00446230165T", 710, "防汛抗旱物资储备", 38.00, "early", "missing_unit"),
)  # fmt: skip
# budget adjustments: (code, date, amount in yuan, 文号, reason)
ADJUSTMENTS = (
    ("13043425P00427610074J", dt.date(2025, 7, 18), 850_000, "魏财预〔2025〕38号",
     "上级追加基本公共卫生服务补助资金"),
    ("13043425P00436780089K", dt.date(2025, 9, 12), -400_000, "魏财预〔2025〕61号",
     "项目实施内容调整，调减部分户厕改造任务"),
)  # fmt: skip
LOW_SATISFACTION = "13043425P00435120103M"
AT_RISK = set(CASES["indicator_at_risk"])
REVERSAL_MONTHS = {"13043425P00412030011A": 5, "13043425P00427610074J": 8}  # original payment month
DUPLICATED = {9: "13043425P00412030011A", 10: "13043425P00427610074J"}  # month → re-exported rows

# 44 other counties of Hebei for the province scale (administrative code, name)
PROVINCE_COUNTIES = (
    ("130423", "临漳县"), ("130424", "成安县"), ("130425", "大名县"), ("130426", "涉县"),
    ("130427", "磁县"), ("130430", "邱县"), ("130431", "鸡泽县"), ("130432", "广平县"),
    ("130433", "馆陶县"), ("130435", "曲周县"), ("130481", "武安市"), ("130522", "临城县"),
    ("130523", "内丘县"), ("130524", "柏乡县"), ("130525", "隆尧县"), ("130528", "宁晋县"),
    ("130529", "巨鹿县"), ("130530", "新河县"), ("130531", "广宗县"), ("130532", "平乡县"),
    ("130533", "威县"), ("130534", "清河县"), ("130535", "临西县"), ("130581", "南宫市"),
    ("130582", "沙河市"), ("130623", "涞水县"), ("130624", "阜平县"), ("130626", "定兴县"),
    ("130627", "唐县"), ("130628", "高阳县"), ("130629", "容城县"), ("130630", "涞源县"),
    ("130631", "望都县"), ("130632", "安新县"), ("130633", "易县"), ("130634", "曲阳县"),
    ("130635", "蠡县"), ("130636", "顺平县"), ("130637", "博野县"), ("130638", "雄县"),
    ("131121", "枣强县"), ("131122", "武邑县"), ("131123", "武强县"), ("131124", "饶阳县"),
)  # fmt: skip
PROVINCE_PROJECTS = 20_000
PROVINCE_UNITS = 500
PROVINCE_SPENDING_ROWS = 10_000_000
# the share of a year's payments made in each month, January to November (finance exports)
MONTH_WEIGHTS = (4, 6, 8, 8, 9, 9, 8, 9, 10, 12, 17)

FIRMS = ("恒通", "鑫源", "宏达", "广厦", "顺安", "华信", "博远", "金誉", "瑞丰", "中冀", "冀南", "永盛",
         "佳和", "天宇", "嘉禾", "联创", "德泰", "正元", "兴业", "润泽")  # fmt: skip
PAYEE_FORMS = {
    "工程": ("魏县{}建筑工程有限公司", "河北{}路桥工程有限公司", "邯郸市{}建设集团有限公司",
             "魏县{}水利工程有限公司", "河北{}工程监理有限公司"),
    "设备": ("邯郸市{}科技有限公司", "河北{}商贸有限公司", "魏县{}办公设备经销部",
             "石家庄{}电子设备有限公司"),
    "服务": ("魏县{}文化传媒有限公司", "河北{}咨询服务有限公司", "魏县{}劳务服务有限公司",
             "魏县{}物业服务有限公司", "邯郸市{}信息技术有限公司"),
    "补助": ("魏县农村信用合作联社（代发）", "中国邮政储蓄银行魏县支行（代发）",
             "河北魏县农村商业银行（代发）"),
}  # fmt: skip
SUMMARY_WORDS = {
    "工程": ("工程进度款", "工程预付款", "材料款", "监理费", "设计费"),
    "设备": ("设备购置款", "设备安装调试费", "物资采购款"),
    "服务": ("服务费", "劳务费", "培训费", "印刷费", "委托业务费"),
    "补助": ("补助资金发放", "补贴资金代发", "资金发放"),
}
FUND_SOURCES = ("一般公共预算", "一般公共预算", "中央转移支付", "省级转移支付", "政府性基金预算")
SUSTAIN = (
    ("项目长效运行机制", "建立健全"),
    ("设施设备持续使用年限", "≥5年"),
    ("项目效益持续发挥", "长期"),
)
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁宋谢唐韩冯于董曹程袁邓许傅沈曾彭吕苏卢"
            "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟"
            "龙万段雷钱汤尹常武乔贺赖龚文")  # fmt: skip
BOY_CHARS = "浩宇轩博文俊杰明辉鹏飞昊然睿泽铭晨阳磊强伟凯旭航洋硕嘉梓皓天子豪振国建志"
GIRL_CHARS = "欣怡雨萱梦琪佳慧静婷雪瑶涵悦可馨思彤诗雅丽娜颖晓玉芳敏楠倩妍紫"
TOWNS = ("魏城镇", "德政镇", "北皋镇", "双井镇", "牙里镇", "车往镇", "回隆镇", "张二庄镇", "东代固镇",
         "院堡镇", "棘针寨乡", "南双庙镇", "沙口集乡", "野胡拐乡", "仕望集乡", "前大磨乡", "大辛庄乡",
         "泊口乡", "边马乡", "大马村乡", "北台头乡")  # fmt: skip
SCHOOLS = {
    "小学": ("魏县第一实验小学", "魏县第二实验小学", *(f"{town}中心小学" for town in TOWNS)),
    "初中": ("魏县第二中学", "魏县第三中学", "魏县实验中学", "德政镇中学", "北皋镇中学", "双井镇中学",
             "牙里镇中学", "回隆镇中学", "院堡镇中学", "沙口集乡中学"),
    "高中": ("魏县第一中学", "魏县第五中学", "魏县职业技术教育中心"),
}  # fmt: skip


# --------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class DemoUnit:
    code: str  # 6 digits: department (701…) and county number (001 is 魏县)
    name: str
    dept: Department
    county: str  # 魏县
    county_code: str  # 130434


@dataclass
class DemoIndicator:
    level1: str
    level2: str
    name: str
    description: str
    target: str  # 指标值 as published
    basis: str
    role: str  # output | quality | deadline | cost | benefit | sustain | satisfaction


@dataclass
class DemoProject:
    code: str
    unit: DemoUnit
    name: str
    kind: Kind
    budget_cents: int  # 预算数 in fen (万元 × 1,000,000)
    plan: list[tuple[int, str]]  # (month, published cell text), e.g. (3, "30%"); "" is blank
    indicators: list[DemoIndicator]
    profile: str
    payees: tuple[str, ...]
    fund: str

    @property
    def short_name(self) -> str:
        return self.name.removeprefix(f"{DEMO_YEAR}年")

    def adjusted_cents(self) -> int:
        return self.budget_cents + sum(a[2] * 100 for a in ADJUSTMENTS if a[0] == self.code)

    def plan_points(self) -> list[tuple[dt.date, float]]:
        """The cumulative plan as the target loader reads it: a blank 12月底 is 100%."""
        points: list[tuple[dt.date, float]] = []
        for month, text in self.plan:
            if text:
                points.append((month_end(month), float(text.rstrip("%"))))
            elif month == 12:
                points.append((month_end(12), 100.0))
            elif points:
                points.append((month_end(month), points[-1][1]))
        if not points or points[-1][0].month != 12:
            points.append((month_end(12), 100.0))
        return points


@dataclass
class Payment:
    pay_date: dt.date
    code: str
    name: str
    cents: int
    payee: str
    summary: str
    fund: str
    voucher: str = ""

    def cells(self) -> list[str]:
        return [
            self.pay_date.isoformat(),
            self.code,
            self.name,
            yuan(self.cents),
            self.voucher,
            self.payee,
            self.summary,
            self.fund,
        ]


@dataclass
class World:
    """Everything the county demo consists of, before it is written to files."""

    units: list[DemoUnit]
    projects: list[DemoProject]  # generated ones; the sample's two come from its document
    payments: dict[int, list[Payment]]  # month → rows of that month's export, in file order
    roster: list[list[str]]
    actuals: dict[dt.date, list[list[str]]]  # report date → rows
    surveys: dict[str, list[list[str]]]  # project code → answers


def month_end(month: int, year: int = DEMO_YEAR) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def plan_at(points: list[tuple[dt.date, float]], day: dt.date) -> float:
    """Cumulative plan % at `day`: linear between checkpoints, from 0% on 1 January."""
    before = (dt.date(day.year, 1, 1), 0.0)
    for point in points:
        if day <= point[0]:
            span = (point[0] - before[0]).days
            return before[1] + (point[1] - before[1]) * (day - before[0]).days / span
        before = point
    return points[-1][1]


def yuan(cents: int) -> str:
    """Fen as a yuan amount with 2 decimals: 1234567 → 12345.67, -500 → -5.00."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def wan_text(cents: int) -> str:
    """Fen as 万元 without needless decimals, for target texts: 8,600,000.00 元 → 860."""
    return f"{cents / 1_000_000:.2f}".rstrip("0").rstrip(".")


def nice(number: int) -> int:
    """Round a drawn count the way targets are written (12, 450, 3800, 85000)."""
    for limit, step in ((100_000, 1000), (10_000, 500), (1000, 100), (100, 10)):
        if number >= limit:
            return round(number / step) * step
    return number


def streams(seed: int) -> dict[str, random.Random]:
    """One random stream per part of the demo, so that changing one part leaves the others alone."""
    parts = ("projects", "spending", "roster", "actuals", "surveys", "province")
    return {part: random.Random(f"{seed}:{part}") for part in parts}


def unit_for(
    dept: Department, county: str = "魏县", county_code: str = COUNTY_CODE, number: int = 1
) -> DemoUnit:
    """A department of a county: unit code 7xx + the county's number (001 is 魏县)."""
    name = f"{county}{dept.name}"
    if dept.code == 711 and county != "魏县":  # every county has its own seat town
        name = f"{county}城关镇人民政府"
    return DemoUnit(f"{dept.code}{number:03d}", name, dept, county, county_code)


def draw_plan(months: Sequence[int], rng: random.Random) -> list[tuple[int, str]]:
    """A plausible cumulative spending plan: 3月底 10–30%, then rising, 12月底 often left blank."""
    values: list[int] = []
    for month in months:
        if month == 12:
            values.append(100)
        elif not values:
            values.append(rng.choice((10, 15, 20, 25, 30)))
        else:
            step = rng.choice((20, 25, 30)) if len(values) == 1 else rng.choice((15, 20, 25, 30))
            values.append(min(90, values[-1] + step))
    blank_year_end = rng.random() < 0.3
    return [
        (month, "" if month == 12 and blank_year_end else f"{value}%")
        for month, value in zip(months, values, strict=True)
    ]


def draw_indicators(
    kind: Kind, budget_cents: int, rng: random.Random, spoil: str | None = None
) -> list[DemoIndicator]:
    """5–9 indicators: outputs, quality, deadline, cost, benefit, sustainability, satisfaction.

    `spoil` plants one target-quality problem (see Featured.quality and CASES).
    """
    basis = rng.choice(("年度工作计划", "项目实施方案", "单位年度工作计划"))

    def add(
        level1: str,
        level2: str,
        name: str,
        description: str,
        target: str,
        role: str,
        source: str = basis,
    ) -> None:
        result.append(DemoIndicator(level1, level2, name, description, target, source, role))

    result: list[DemoIndicator] = []
    for name, unit, low, high in kind.outputs[: rng.randint(1, len(kind.outputs))]:
        count = nice(rng.randint(low, high))
        shown = "" if spoil == "missing_unit" and not result else unit
        add("产出指标", "数量指标", name, f"{name}{count}{unit}", f"≥{count}{shown}", "output")
    name, target = kind.quality
    add("产出指标", "质量指标", name, f"{name}达到{target.lstrip('≥')}", target, "quality")
    if spoil == "deadline_sep" or rng.random() < 0.8:
        overdue = spoil == "deadline_sep"  # due at the end of September, not done by November
        month = 9 if overdue else rng.choice((12, 12, 12, 11))
        name = "建设任务完成时限" if overdue else rng.choice(("项目完成时限", "任务完成时间"))
        target = f"{DEMO_YEAR}年{month}月底前"
        add("产出指标", "时效指标", name, f"{target}完成", target, "deadline")
    wan = wan_text(budget_cents)
    cost = f"≤{wan}万元"
    if spoil == "cost_reverse":
        cost = f"≥{wan}万元"
    elif spoil == "cost_above_budget":
        cost = f"≤{wan_text(budget_cents * 8 // 5)}万元"
    name = rng.choice(("项目总成本", "预算控制数"))
    add("产出指标", "成本指标", name, f"项目成本控制在{wan}万元以内", cost, "cost", "预算批复")
    level2, name, target = kind.benefit
    described = f"{name}达到{target.lstrip('≥')}" if target.startswith("≥") else f"{name}{target}"
    add("效益指标", level2, name, described, target, "benefit")
    if level2 != "可持续影响指标" and rng.random() < 0.5:
        name, target = rng.choice(SUSTAIN)
        add("效益指标", "可持续影响指标", name, f"{name}{target}", target, "sustain")
    level = {"sat_reverse": "≤100%", "sat_low": "≥75%"}.get(spoil or "")
    level = level or f"≥{rng.choice((85, 90, 90, 95))}%"
    name = f"{kind.subject}满意度"
    add(
        "满意度指标",
        "服务对象满意度指标",
        name,
        f"{name}达到{level.strip('≥≤')}",
        level,
        "satisfaction",
        "问卷调查",
    )
    return result


# --------------------------------------------------------------------------- projects


def draw_code(rng: random.Random, taken: set[str], county_code: str = COUNTY_CODE) -> str:
    """A project code like the real ones: 130434 25 P 11 digits a letter (13043425P00450110058B)."""
    while True:
        digits = f"004{rng.randint(10, 49)}{rng.randint(10, 99)}{rng.randint(0, 9999):04d}"
        code = f"{county_code}{DEMO_YEAR % 100}P{digits}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}"
        if code not in taken:
            taken.add(code)
            return code


def draw_budget(kind: Kind, rng: random.Random) -> int:
    """A budget in fen inside the kind's range: whole 万元 half of the time, else 2 decimals."""
    wan = rng.uniform(*kind.budget)
    return round(wan) * 1_000_000 if rng.random() < 0.5 else round(wan * 100) * 10_000


def draw_payees(kind: Kind, rng: random.Random) -> tuple[str, ...]:
    forms = rng.sample(PAYEE_FORMS[kind.use], k=min(len(PAYEE_FORMS[kind.use]), rng.randint(1, 3)))
    return tuple(form.format(rng.choice(FIRMS)) for form in forms)


def draw_project(
    kind: Kind,
    unit: DemoUnit,
    rng: random.Random,
    taken: set[str],
    featured: Featured | None = None,
) -> DemoProject:
    if featured is not None:
        code, name, profile = featured.code, kind.name, featured.profile
        budget = round(featured.budget_wan * 100) * 10_000
    else:
        code, budget = draw_code(rng, taken, unit.county_code), draw_budget(kind, rng)
        profile = rng.choices(("on_plan", "yellow", "lagging", "early"), (50, 20, 10, 20))[0]
        name = f"{DEMO_YEAR}年{kind.name}" if rng.random() < 0.3 else kind.name
    plan = draw_plan(unit.dept.checkpoints, rng)
    spoil = featured.quality if featured else None
    if spoil == "plan_not_monotonic":
        plan = [(3, "30%"), (6, "60%"), (9, "50%"), (12, "100%")]
    return DemoProject(
        code=code,
        unit=unit,
        name=name,
        kind=kind,
        budget_cents=budget,
        plan=plan,
        indicators=draw_indicators(kind, budget, rng, spoil),
        profile=profile,
        payees=draw_payees(kind, rng),
        fund=rng.choice(FUND_SOURCES),
    )


def draw_county(rng: random.Random) -> tuple[list[DemoUnit], list[DemoProject]]:
    """The county's 11 generated units and 60 projects (the featured ones among them)."""
    units = [unit_for(dept) for dept in DEPARTMENTS]
    taken = {f.code for f in FEATURED} | {SAMPLE_LEAGUE, SAMPLE_AID, UNKNOWN_CODE}
    projects: list[DemoProject] = []
    for dept, unit in zip(DEPARTMENTS, units, strict=True):
        featured = [f for f in FEATURED if f.dept == dept.code]
        spare = [k for k in dept.kinds if k.name not in {f.kind for f in featured}]
        chosen = rng.sample(spare, COUNTY_PROJECTS[dept.code] - len(featured))
        own = [draw_project(KINDS[f.kind], unit, rng, taken, f) for f in featured]
        own += [draw_project(kind, unit, rng, taken) for kind in chosen]
        projects.extend(sorted(own, key=lambda p: p.code))
    return units, projects


# --------------------------------------------------------------------------- spending

HOLIDAYS = {
    dt.date(2025, 1, 1), *(dt.date(2025, 1, 28) + dt.timedelta(days=d) for d in range(8)),
    dt.date(2025, 4, 4), *(dt.date(2025, 5, 1) + dt.timedelta(days=d) for d in range(5)),
    dt.date(2025, 6, 2), *(dt.date(2025, 10, 1) + dt.timedelta(days=d) for d in range(8)),
}  # fmt: skip


def working_days(month: int) -> list[dt.date]:
    last = min(month_end(month), DEMO_AS_OF)
    days = [dt.date(DEMO_YEAR, month, d) for d in range(1, last.day + 1)]
    return [d for d in days if d.weekday() < 5 and d not in HOLIDAYS]


def cumulative(project: DemoProject, rng: random.Random) -> list[float]:
    """The share of the (adjusted) budget spent by the end of each month: index 0 is 1 January.

    Profiles: on_plan (3–10% ahead of the plan at every month end), yellow (66–76% of the plan),
    lagging (38–48%), catch_up (half the plan to June, ahead from October), rush (a third of the
    plan to October, then November more than doubles it), over_budget (108% by November), early
    (done by autumn), never_started.
    """
    points = project.plan_points()
    plan = [0.0] + [plan_at(points, month_end(m)) / 100 for m in range(1, DEMO_AS_OF.month + 1)]
    profile = project.profile
    level = {
        "on_plan": rng.uniform(1.04, 1.09),
        "yellow": rng.uniform(0.67, 0.75),
        "lagging": rng.uniform(0.39, 0.47),
    }.get(profile, 1.0)
    result = [0.0]
    for month in range(1, DEMO_AS_OF.month + 1):
        target = plan[month]
        if profile in ("on_plan", "yellow", "lagging"):
            share = target * (level + rng.uniform(-0.01, 0.01))
            share = min(share, 0.98)
        elif profile == "catch_up":
            share = target * {7: 0.75, 8: 0.9, 9: 0.97}.get(month, 0.5 if month <= 6 else 1.06)
        elif profile == "rush":
            share = target * 0.35 if month < RUSH_MONTH else result[-1] * 2.1
        elif profile == "over_budget":
            share = min(1.0, target * 1.18) if month < DEMO_AS_OF.month else 1.08
        elif profile == "early":
            share = min(1.0, target * 1.35)
        else:  # never_started
            share = 0.0
        result.append(max(result[-1], share))
    return result


def split_payments(
    project: DemoProject, month: int, total: int, rng: random.Random
) -> list[Payment]:
    """One month's spending of a project as 1–5 payments on working days."""
    budget = project.adjusted_cents()
    count = max(1, min(5, round(total / (budget * 0.03)) + rng.randint(-1, 1)))
    if project.kind.use == "补助":
        count = min(count, 2)
    if total < count * 1_000_00:
        count = 1
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    pieces = [int(total * w / sum(weights)) for w in weights[:-1]]
    if rng.random() < 0.5:  # progress payments are often whole hundreds
        pieces = [p // 10_000 * 10_000 for p in pieces]
    pieces.append(total - sum(pieces))
    if min(pieces) <= 0:
        pieces = [total]
    days = sorted(rng.choice(working_days(month)) for _ in pieces)
    words = SUMMARY_WORDS[project.kind.use]
    return [
        Payment(
            day,
            project.code,
            project.name,
            cents,
            rng.choice(project.payees),
            project.short_name + rng.choice(words),
            project.fund,
        )
        for day, cents in zip(days, pieces, strict=True)
    ]


def sample_payments(rng: random.Random) -> list[Payment]:
    """The sample's two projects: 特困生救助金 paid with the roster (30% in March, the rest in
    September: on plan); 基层团组织经费 at 76% by November (missed its 10月底 100% checkpoint)."""
    aid = "2025年特困生救助金"
    bank = PAYEE_FORMS["补助"][0]
    rows = [
        Payment(
            dt.date(2025, 3, 20),
            SAMPLE_AID,
            aid,
            15_000_00,
            bank,
            "2025年春季特困生救助金发放（第一批30人）",
            "一般公共预算",
        ),
        Payment(
            dt.date(2025, 9, 18),
            SAMPLE_AID,
            aid,
            35_000_00,
            bank,
            "2025年秋季特困生救助金发放（第二批70人）",
            "一般公共预算",
        ),
    ]
    league = "2025年基层团组织经费"
    printer, shop = (
        f"魏县{rng.choice(FIRMS)}文化传媒有限公司",
        f"魏县{rng.choice(FIRMS)}办公设备经销部",
    )
    for month, cents, payee, summary in (
        (3, 15_000_00, printer, "基层团组织学习资料印制费"),
        (5, 4_800_00, shop, "团组织用品采购款"),
        (8, 6_500_00, printer, "优秀团组织创建活动费"),
        (10, 8_200_00, printer, "团员教育培训费"),
        (11, 3_500_00, shop, "表彰活动物品采购款"),
    ):
        day = rng.choice(working_days(month))
        rows.append(Payment(day, SAMPLE_LEAGUE, league, cents, payee, summary, "一般公共预算"))
    return rows


def draw_payments(
    projects: list[DemoProject], rng: random.Random
) -> tuple[dict[int, list[Payment]], dict[str, list[float]]]:
    """Each month's treasury export, and each project's spent share of its budget by month end.

    The exports also hold what a real one holds: reversals (冲销) with their re-payment, rows
    exported again in the next month's file, a payment on a mistyped project code and one dated in
    the previous year.
    """
    months = range(1, DEMO_AS_OF.month + 1)
    by_month: dict[int, list[Payment]] = {m: [] for m in months}
    progress: dict[str, list[float]] = {}
    for project in projects:
        shares = cumulative(project, rng)
        progress[project.code] = shares
        budget = project.adjusted_cents()
        for month in months:
            total = round(budget * shares[month]) - round(budget * shares[month - 1])
            if total > 0:
                by_month[month].extend(split_payments(project, month, total, rng))
    for payment in sample_payments(rng):
        by_month[payment.pay_date.month].append(payment)
    budgets = {SAMPLE_AID: 50_000_00, SAMPLE_LEAGUE: 50_000_00}
    for code, budget in budgets.items():
        paid = [
            sum(p.cents for m in months if m <= end for p in by_month[m] if p.code == code)
            for end in months
        ]
        progress[code] = [0.0] + [cents / budget for cents in paid]
    relief = next(p for p in projects if p.code == CASES["spending_outside_year"][0])
    by_month[1].append(
        Payment(
            dt.date(DEMO_YEAR - 1, 12, 30),
            relief.code,
            relief.name,
            12_800_00,
            relief.payees[0],
            f"{DEMO_YEAR - 1}年12月临时救助资金（跨年入账）",
            relief.fund,
        )
    )
    school = next(p for p in projects if p.code == CASES["on_plan"][0])
    by_month[7].append(
        Payment(
            dt.date(2025, 7, 16),
            UNKNOWN_CODE,
            school.name,
            58_600_00,
            school.payees[0],
            f"{school.short_name}工程进度款",
            school.fund,
        )
    )
    number = 0
    for month in months:
        for code, original_month in REVERSAL_MONTHS.items():
            if original_month == month - 1:
                by_month[month].extend(reversal(by_month[month - 1], code, month, rng))
        by_month[month].sort(key=lambda p: (p.pay_date, p.code, -p.cents, p.summary))
        for payment in by_month[month]:
            number += 1
            payment.voucher = f"ZF{DEMO_YEAR}{number:07d}"
    for month, code in DUPLICATED.items():  # the next export repeats the month's last rows
        repeated = [p for p in by_month[month] if p.code == code and p.cents > 0][-2:]
        by_month[month + 1] = repeated + by_month[month + 1]
    return by_month, progress


def reversal(previous: list[Payment], code: str, month: int, rng: random.Random) -> list[Payment]:
    """A payment of last month sent back (冲销, a negative row) and paid again to the right account."""
    original = max((p for p in previous if p.code == code), key=lambda p: p.cents)
    day = rng.choice(working_days(month)[:5])
    return [
        Payment(
            day,
            code,
            original.name,
            -original.cents,
            original.payee,
            f"冲销{original.voucher}（收款账号有误，资金退回）",
            original.fund,
        ),
        Payment(
            day,
            code,
            original.name,
            original.cents,
            original.payee,
            f"重新支付{original.voucher}退回款项",
            original.fund,
        ),
    ]


# --------------------------------------------------------------------------- records


def id_number(born: dt.date, male: bool, rng: random.Random) -> str:
    """A valid 18-digit citizen ID of 魏县 (GB 11643: the 17th digit odd for men, check digit)."""
    sequence = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{COUNTY_CODE}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK_CHARS[total % 11]


def draw_roster(rng: random.Random) -> list[list[str]]:
    """100 children (born 2008–2018) aided by 特困生救助金: 30 in March, 70 in September, 500 元 each."""
    rows: list[list[str]] = []
    seen: set[str] = set()
    first, last = dt.date(2008, 1, 1), dt.date(2018, 12, 31)
    while len(rows) < 100:
        born = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        male = rng.random() < 0.5
        number = id_number(born, male, rng)
        if number in seen:
            continue
        seen.add(number)
        chars = BOY_CHARS if male else GIRL_CHARS
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(chars) for _ in range(rng.choice((1, 2, 2)))
        )
        age = DEMO_YEAR - born.year
        stage = "小学" if age <= 12 else "初中" if age <= 15 else "高中"
        day = dt.date(2025, 3, 20) if len(rows) < 30 else dt.date(2025, 9, 18)
        rows.append([name, number, rng.choice(SCHOOLS[stage]), day.isoformat(), "500.00"])
    return rows


@dataclass(frozen=True)
class Reported:
    """An indicator as a clerk's report sees it: project, position in the table, published texts."""

    code: str
    seq: int
    level1: str
    level2: str
    name: str
    target: str


def reported_indicators(projects: list[DemoProject]) -> list[Reported]:
    """Every indicator of the demo, the sample document's included (read by the real reader)."""
    result = [
        Reported(p.code, seq, i.level1, i.level2, i.name, i.target)
        for p in projects
        for seq, i in enumerate(p.indicators, start=1)
    ]
    for project in read_target_document(SAMPLE_DOCUMENT).projects:
        for i in project.indicators:
            result.append(
                Reported(
                    project.project_code,
                    i.seq,
                    i.level1 or "",
                    i.level2 or "",
                    i.name or "",
                    i.target_raw,
                )
            )
    return result


def draw_actuals(
    projects: list[DemoProject], progress: dict[str, list[float]], rng: random.Random
) -> dict[dt.date, list[list[str]]]:
    """Quarterly indicator reports (and one at DEMO_AS_OF), as a department's clerk fills them.

    Counts are cumulative and follow the project's spending (the at-risk ones stay far behind);
    rates hover around their target from June; deadlines get a completion date once the work is
    done (or 未达成 when overdue); qualitative targets a level. Cost indicators (from spending) and
    satisfaction (from surveys) are not reported. About one project in seven does not report.
    """
    profiles = {p.code: p.profile for p in projects}
    profiles.update({SAMPLE_AID: "on_plan", SAMPLE_LEAGUE: "yellow"})
    featured = {f.code for f in FEATURED}
    silent = {p.code for p in projects if p.code not in featured and rng.random() < 0.15}
    reports: dict[dt.date, list[list[str]]] = {day: [] for day in REPORT_DATES}
    pace = {code: rng.uniform(0.95, 1.12) for code in profiles}
    for ind in reported_indicators(projects):
        text = ind.level1 + ind.level2 + ind.name
        if ind.code in silent or "满意" in text or "成本" in ind.level2:
            continue
        if ind.code == SAMPLE_AID and ind.level2.startswith("数量"):
            continue  # counted from the roster (distinct beneficiaries)
        target = parse_target_value(ind.target, ind.level2, fiscal_year=DEMO_YEAR)
        profile = profiles[ind.code]
        for day in REPORT_DATES:
            value, note = actual_value(
                ind, target, profile, progress[ind.code][day.month], pace[ind.code], day, rng
            )
            if value is not None:
                reports[day].append([ind.code, str(ind.seq), day.isoformat(), value, note])
    return reports


def actual_value(
    ind: Reported,
    target: TargetValue,
    profile: str,
    spent: float,
    pace: float,
    day: dt.date,
    rng: random.Random,
) -> tuple[str | None, str]:
    """One reported value (text as a clerk writes it, note), or (None, "") when not reported."""
    at_risk = ind.code in AT_RISK
    if target.kind == "quantity" and target.value:
        if ind.level1.startswith("效益") and day != DEMO_AS_OF:
            return None, ""  # outcomes are measured once, late in the year
        if profile == "never_started":
            return "0", "项目尚未开工"
        done = day.month / 12 * rng.uniform(0.3, 0.42) if at_risk else min(1.1, spent * pace)
        number = target.value * done
        text = f"{number:.1f}" if target.unit in ("公里", "平方公里") else str(round(number))
        return text, "进度滞后，正在督促" if at_risk else ""
    if target.kind == "percent" and target.value and day.month >= 6:
        if profile == "never_started":
            return None, ""
        if at_risk:
            rate = target.value - rng.uniform(15, 25)
        elif target.value >= 100:
            rate = rng.choice((100.0, 100.0, 100.0, 99.5))
        else:
            rate = min(100.0, target.value + rng.uniform(-2, 4))
        return f"{rate:.1f}%".replace(".0%", "%"), ""
    if target.kind == "deadline" and target.deadline is not None:
        if target.deadline <= day and spent < 0.97:
            return "未达成", "部分建设任务未完成，正在加快推进"
        if day == DEMO_AS_OF and spent >= 0.97:
            finished = rng.choice(working_days(rng.choice((10, 11))))
            return finished.isoformat(), "已完成"
        return None, ""
    if target.kind == "qualitative" and day.month in (6, DEMO_AS_OF.month):
        if profile == "never_started":
            return "未达成", "项目尚未开工"
        good = profile in ("on_plan", "early", "rush", "over_budget") and not at_risk
        return ("达成", "") if good else ("部分达成", "按计划推进中")
    return None, ""


def draw_surveys(rng: random.Random) -> dict[str, list[list[str]]]:
    """Satisfaction answers (满意/基本满意/不满意) for the surveyed projects, in October–November."""
    start = dt.date(2025, 10, 9)
    result: dict[str, list[list[str]]] = {}
    for number, code in enumerate(CASES["surveys"], start=1):
        low = code == LOW_SATISFACTION
        weights = (25, 25, 50) if low else (78, 17, 5)
        rows = []
        for respondent in range(1, rng.randint(40, 80) + 1):
            day = start + dt.timedelta(days=rng.randrange((DEMO_AS_OF - start).days - 4))
            answer = rng.choices(("满意", "基本满意", "不满意"), weights)[0]
            rows.append([code, day.isoformat(), answer, f"WJ{number:02d}{respondent:03d}"])
        result[code] = sorted(rows, key=lambda r: (r[1], r[3]))
    return result


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class Step:
    """One load, in the order a clerk would have made them through the year."""

    when: dt.date
    kind: str  # targets | spending | adjustments | beneficiaries | actuals | surveys
    paths: tuple[Path, ...]
    project: str | None = None


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str],
    title: Sequence[str] = (),
    encoding: str = "utf-8-sig",
) -> Path:
    """A CSV as exported by Excel or a finance system: title lines, the header, the rows (CRLF)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        for line in title:
            writer.writerow([line])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def template_header(months: Sequence[int]) -> list[str]:
    """The template's columns (TEMPLATE_COLUMNS) with the unit's own plan months."""
    header: list[str] = []
    for name, key, _, _ in TEMPLATE_COLUMNS:
        if key != "plan":
            header.append(name)
        elif not any(h.endswith("月底") for h in header):
            header.extend(f"{month}月底" for month in months)
    return header


def template_rows(unit: DemoUnit, projects: list[DemoProject]) -> list[list[str]]:
    """One row per indicator; project fields on each project's first row, as clerks fill it."""
    header = template_header(unit.dept.checkpoints)
    rows: list[list[str]] = []
    uses = {
        "工程": "工程建设及相关费用",
        "设备": "设备采购及安装",
        "服务": "购买服务及组织实施",
        "补助": "补助资金发放",
    }
    for project in projects:
        outputs = "、".join(i.description for i in project.indicators if i.role == "output")
        benefit = next(i.description for i in project.indicators if i.role == "benefit")
        budget = f"{project.budget_cents / 1_000_000:.2f}"
        first = {
            "单位编码": unit.code,
            "单位名称": unit.name,
            "项目编码": project.code,
            "项目名称": project.name,
            "年度": str(DEMO_YEAR),
            "金额单位": "万元",
            "预算数": budget,
            "财政资金": budget,
            "资金用途": f"用于{project.short_name}{uses[project.kind.use]}",
            "绩效目标": f"1.{DEMO_YEAR}年{outputs}；\n2.{benefit}。",
            **{f"{month}月底": text for month, text in project.plan},
        }
        if not rows:
            first["部门整体绩效目标"] = (
                f"围绕县委、县政府中心工作，扎实推进{unit.dept.name}各项重点任务，"
                "全年预算执行率不低于90%，项目绩效目标全面完成。"
            )
        for index, ind in enumerate(project.indicators):
            cells = dict(first) if index == 0 else {"项目编码": project.code}
            cells.update(
                {
                    "一级指标": ind.level1,
                    "二级指标": ind.level2,
                    "三级指标": ind.name,
                    "绩效指标描述": ind.description,
                    "指标值": ind.target,
                    "指标值确定依据": ind.basis,
                }
            )
            rows.append([cells.get(column, "") for column in header])
    return rows


def write_targets(
    directory: Path, units: list[DemoUnit], projects: list[DemoProject]
) -> list[Path]:
    """One filled template per budget unit (绩效目标_701001_魏县教育局.csv)."""
    by_unit: dict[str, list[DemoProject]] = {unit.code: [] for unit in units}
    for project in projects:
        by_unit[project.unit.code].append(project)
    return [
        write_csv(
            directory / f"绩效目标_{unit.code}_{unit.name}.csv",
            template_rows(unit, by_unit[unit.code]),
            header=template_header(unit.dept.checkpoints),
        )
        for unit in units
    ]


def write_county(directory: Path, seed: int) -> tuple[list[Step], World]:
    """Write the county's files; return the loads to make, in a clerk's order, and the world."""
    rng = streams(seed)
    units, projects = draw_county(rng["projects"])
    payments, progress = draw_payments(projects, rng["spending"])
    world = World(
        units=units,
        projects=projects,
        payments=payments,
        roster=draw_roster(rng["roster"]),
        actuals=draw_actuals(projects, progress, rng["actuals"]),
        surveys=draw_surveys(rng["surveys"]),
    )
    sample = directory / SAMPLE_DOCUMENT.name
    shutil.copyfile(SAMPLE_DOCUMENT, sample)
    steps = [
        Step(dt.date(2025, 1, 10), "targets", (sample, *write_targets(directory, units, projects)))
    ]
    for month, rows in payments.items():
        total = sum(p.cents for p in rows)
        path = write_csv(
            directory / f"国库集中支付明细_{DEMO_YEAR}年{month:02d}月.csv",
            [p.cells() for p in rows] + [["本月合计", "", "", yuan(total), "", "", "", ""]],
            header=SPENDING_HEADER,
            title=(f"魏县财政国库集中支付明细表（{DEMO_YEAR}年{month}月）", "单位：元"),
            encoding="gbk",  # as the treasury system exports it
        )
        loaded = min(month_end(month) + dt.timedelta(days=1), DEMO_AS_OF)
        steps.append(Step(loaded, "spending", (path,)))
    for code, day, amount, document, reason in ADJUSTMENTS:
        path = write_csv(
            directory / f"预算调整_{day:%Y%m%d}.csv",
            [[code, day.isoformat(), yuan(amount * 100), document, reason]],
            header=ADJUSTMENT_HEADER,
            title=(
                f"魏县{DEMO_YEAR}年预算调整明细（{'追加' if amount > 0 else '调减'}）",
                "单位：元",
            ),
        )
        steps.append(Step(day + dt.timedelta(days=3), "adjustments", (path,)))
    roster = write_csv(
        directory / f"{DEMO_YEAR}年特困生救助金发放名单.csv",
        world.roster,
        header=ROSTER_HEADER,
        title=(f"{DEMO_YEAR}年魏县特困生救助金发放名单",),
    )
    steps.append(Step(dt.date(2025, 9, 25), "beneficiaries", (roster,), SAMPLE_AID))
    for day, report in world.actuals.items():
        path = write_csv(
            directory / f"绩效指标完成情况_{day:%Y%m%d}.csv",
            report,
            header=ACTUALS_HEADER,
            title=(f"魏县{DEMO_YEAR}年预算项目绩效指标完成情况（截至{day.month}月{day.day}日）",),
        )
        steps.append(Step(min(day + dt.timedelta(days=5), DEMO_AS_OF), "actuals", (path,)))
    names = {p.code: p.name for p in projects} | {SAMPLE_AID: "2025年特困生救助金"}
    for code, answers in world.surveys.items():
        path = write_csv(
            directory / f"满意度调查_{code}.csv",
            answers,
            header=SURVEY_HEADER,
            title=(f"{names[code]}满意度问卷调查结果",),
        )
        steps.append(Step(DEMO_AS_OF, "surveys", (path,)))
    return steps, world


# --------------------------------------------------------------------------- province scale

NUMERALS = "一二三四五六七八九十"
PROVINCE_MEMORY = "1GB"  # DuckDB's memory limit while generating and loading (peak RSS < 2 GB)


def draw_province(
    rng: random.Random, units_wanted: int, projects_wanted: int
) -> tuple[list[DemoUnit], list[DemoProject]]:
    """Units of other counties (11 departments each) and their projects, names from the catalogue."""
    counties = [*PROVINCE_COUNTIES, ("131125", "安平县"), ("131126", "故城县")]
    units = [
        unit_for(dept, county, code, number)
        for number, (code, county) in enumerate(counties, start=2)
        for dept in DEPARTMENTS
    ][:units_wanted]
    per_unit, extra = divmod(projects_wanted, len(units))
    projects: list[DemoProject] = []
    for index, unit in enumerate(units):
        kinds = unit.dept.kinds
        for k in range(per_unit + (index < extra)):
            kind = kinds[k % len(kinds)]
            phase = k // len(kinds)
            name = (
                f"{DEMO_YEAR}年{kind.name}" if phase == 0 else f"{kind.name}（{NUMERALS[phase]}期）"
            )
            code = (
                f"{unit.county_code}{DEMO_YEAR % 100}P00{unit.dept.code}"
                f"{k * 1000 + rng.randrange(1000):06d}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}"
            )
            budget = draw_budget(kind, rng)
            projects.append(
                DemoProject(
                    code=code,
                    unit=unit,
                    name=name,
                    kind=kind,
                    budget_cents=budget,
                    plan=draw_plan(unit.dept.checkpoints, rng),
                    indicators=draw_indicators(kind, budget, rng),
                    profile="bulk",
                    payees=(),
                    fund=rng.choice(FUND_SOURCES),
                )
            )
    return units, projects


def write_province(
    directory: Path,
    seed: int,
    *,
    units: int,
    projects: int,
    rows: int = PROVINCE_SPENDING_ROWS,
) -> list[Step]:
    """Target templates of `units` more units with `projects` projects, and `rows` payments in
    monthly exports (UTF-8), in the folder `province`.

    The payments are generated inside DuckDB from `range(rows)`: every field is a function of
    hash(row, seed, field), and each file is written in row order, so the files are the same on
    every run, and no Python loop touches a row.
    """
    rng = streams(seed)["province"]
    bulk_units, bulk = draw_province(rng, units, projects)
    folder = directory / "province"
    folder.mkdir(exist_ok=True)
    steps = [Step(dt.date(2025, 1, 10), "targets", tuple(write_targets(folder, bulk_units, bulk)))]
    firms = FIRMS[:4]
    frame = pd.DataFrame(
        {
            "idx": range(len(bulk)),
            "code": [p.code for p in bulk],
            "name": [p.name for p in bulk],
            "fund": [p.fund for p in bulk],
            # what the project has spent by November, in yuan: 35%–100% of its budget
            "spent": [p.budget_cents / 100 * rng.uniform(0.35, 1.0) for p in bulk],
            "payees": [
                [
                    f.replace("魏县", p.unit.county).format(firm)
                    for f in PAYEE_FORMS[p.kind.use]
                    for firm in firms
                ]
                for p in bulk
            ],
            "words": [[p.name + w for w in SUMMARY_WORDS[p.kind.use]] for p in bulk],
        }
    )
    months = range(1, DEMO_AS_OF.month + 1)
    bounds = [round(rows * sum(MONTH_WEIGHTS[:m]) / sum(MONTH_WEIGHTS)) for m in (0, *months)]
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{PROVINCE_MEMORY}'")
        con.register("bulk_frame", frame)
        con.execute("CREATE TABLE bulk AS SELECT * FROM bulk_frame")
        for month in months:
            path = folder / f"全省国库集中支付明细_{DEMO_YEAR}年{month:02d}月.csv"
            body = folder / f"body_{month:02d}.csv"
            con.execute(
                f"""
                COPY (
                    SELECT strftime(DATE '{DEMO_YEAR}-{month:02d}-01'
                               + CAST(hash(i, $seed, 1) % {month_end(month).day} AS INTEGER),
                               '%Y-%m-%d'),
                           p.code,
                           p.name,
                           CASE WHEN hash(i, $seed, 5) % 4000 = 0 THEN '-' ELSE '' END
                           || printf('%.2f', greatest(1.0, p.spent * {len(bulk) / rows}
                                                      * (0.5 + hash(i, $seed, 3) % 1000 / 1000))),
                           'ZF{DEMO_YEAR}' || lpad(CAST(i AS VARCHAR), 10, '0'),
                           p.payees[1 + CAST(hash(i, $seed, 4) % len(p.payees) AS BIGINT)],
                           p.words[1 + CAST(hash(i, $seed, 6) % len(p.words) AS BIGINT)],
                           p.fund
                    FROM range({bounds[month - 1]}, {bounds[month]}) r(i)
                    JOIN bulk p ON p.idx = hash(i, $seed, 2) % {len(bulk)}
                    ORDER BY i
                ) TO '{str(body).replace("'", "''")}' (HEADER false)
                """,
                {"seed": seed},
            )
            title = f"河北省县级财政国库集中支付明细汇总表（{DEMO_YEAR}年{month}月）"
            with path.open("wb") as out, body.open("rb") as generated:
                out.write(f"{title}\n单位：元\n{','.join(SPENDING_HEADER)}\n".encode())
                shutil.copyfileobj(generated, out, 1 << 24)
            body.unlink()
            loaded = min(month_end(month) + dt.timedelta(days=1), DEMO_AS_OF)
            steps.append(Step(loaded, "spending", (path,)))
    finally:
        con.close()
    return steps


# --------------------------------------------------------------------------- build


@dataclass
class DemoSummary:
    """What `build_demo` wrote and loaded. Counts are rows stored in the database afterwards."""

    db_path: Path
    scale: str
    seed: int
    as_of: dt.date
    projects: int
    units: int
    spending_rows: int
    beneficiaries: int
    actuals: int
    surveys: int
    adjustments: int
    files: list[Path]  # relative to `workdir`
    workdir: Path | None  # None when the files were written to a temporary folder, now removed
    target_results: list[TargetLoadResult] = field(default_factory=list)
    record_results: list[RecordLoadResult] = field(default_factory=list)
    cases: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def unchanged(self) -> bool:
        """Every file had been loaded before: the build changed nothing."""
        statuses = [r.status for r in self.target_results] + [r.status for r in self.record_results]
        return all(status == "unchanged" for status in statuses)

    def lines(self) -> list[str]:
        """The report the CLI prints."""
        loaded = sum(r.status == "loaded" for r in self.target_results + self.record_results)
        lines = [
            f"演示数据（{self.scale}，种子 {self.seed}，数据截至 {self.as_of:%Y-%m-%d}）→ {self.db_path}",
            f"{self.units} 个单位，{self.projects} 个项目，{self.spending_rows:,} 笔支出，"
            f"{self.adjustments} 笔预算调整，{self.beneficiaries} 名受助人，{self.actuals} 条指标实际值，"
            f"{self.surveys} 份问卷",
            f"写出 {len(self.files)} 个文件，新加载 {loaded} 个，用时 {self.seconds:.1f} 秒",
        ]
        if self.unchanged:
            lines.append("所有文件均已加载过，数据库未做任何修改")
        if self.workdir is not None:
            lines.append(f"文件保存在 {self.workdir}")
        return lines


@contextmanager
def _folder(workdir: str | Path | None) -> Iterator[Path]:
    if workdir is not None:
        path = Path(workdir)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="tracker-demo-") as temporary:
        yield Path(temporary)


def refuse_real_data(con: duckdb.DuckDBPyConnection, db_path: str | Path) -> None:
    """Demo rows must never mix with real ones: raise LoadError when the store holds real loads."""
    row = first_row(
        con.execute("SELECT count(*) FROM imports WHERE NOT is_demo AND status <> 'undone'")
    )
    if row and row[0]:
        raise LoadError(
            f"数据库 {db_path} 中已有 {row[0]} 次正式数据导入，演示数据不会写入其中",
            hint="请为演示数据另建一个数据库，例如 tracker demo --db data/demo.duckdb",
        )


KIND_ORDER = ("targets", "adjustments", "spending", "beneficiaries", "actuals", "surveys")
COUNTED = (
    "projects", "units", "spending", "beneficiaries", "indicator_actuals", "survey_responses",
    "budget_adjustments",
)  # fmt: skip


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = first_row(con.execute(f"SELECT count(*) FROM {table}"))
    return int(row[0]) if row else 0


def build_demo(
    db_path: str | Path,
    scale: str = "county",
    seed: int = 42,
    workdir: str | Path | None = None,
) -> DemoSummary:
    """Write the demo's files (into `workdir`, else a temporary folder) and load them, as demo.

    Returns the counts stored and every load's result. Raises LoadError for an unknown scale or a
    database that already holds real (non-demo) loads; loader errors propagate (a bug in the demo).
    """
    if scale not in SCALES:
        raise LoadError(f"未知的演示规模 {scale}", hint=f"可选：{'、'.join(SCALES)}")
    started = time.perf_counter()
    with _folder(workdir) as directory:
        steps, world = write_county(directory, seed)
        if scale == "province":
            steps += write_province(
                directory,
                seed,
                units=PROVINCE_UNITS - len(world.units) - 1,  # the sample's unit is the 12th
                projects=PROVINCE_PROJECTS - len(world.projects) - 2,
            )
        steps.sort(key=lambda s: (s.when, KIND_ORDER.index(s.kind)))
        targets: list[TargetLoadResult] = []
        records: list[RecordLoadResult] = []
        con = open_db(db_path)
        try:
            refuse_real_data(con, db_path)
            if scale == "province":
                con.execute(f"SET memory_limit = '{PROVINCE_MEMORY}'")
            for step in steps:
                if step.kind == "targets":
                    targets += load_targets(con, list(step.paths), is_demo=True)
                    continue
                for path in step.paths:
                    records.append(
                        load_records(con, step.kind, path, project=step.project, is_demo=True)
                    )
            counts = {table: count_rows(con, table) for table in COUNTED}
        finally:
            con.close()
        files = sorted(p.relative_to(directory) for step in steps for p in step.paths)
    return DemoSummary(
        db_path=Path(db_path),
        scale=scale,
        seed=seed,
        as_of=DEMO_AS_OF,
        projects=counts["projects"],
        units=counts["units"],
        spending_rows=counts["spending"],
        beneficiaries=counts["beneficiaries"],
        actuals=counts["indicator_actuals"],
        surveys=counts["survey_responses"],
        adjustments=counts["budget_adjustments"],
        files=files,
        workdir=Path(workdir) if workdir is not None else None,
        target_results=targets,
        record_results=records,
        cases={case: list(codes) for case, codes in CASES.items()},
        seconds=time.perf_counter() - started,
    )
