"""The department's goals read from part 1 of a target document (loaders/unit_goals.py, issue 15):
the sample's three commitments and its stale year, and sentences of the kinds found in published
department goals — counts of events, teams, sessions, people, percentages, money — with two
numbers and with none."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_TXT, table_rows
from loaders.unit_goals import commitments, extract_goals

PART_ONE = SAMPLE_TXT.read_text("utf-8").split("第二部分")[0]


def test_the_samples_three_commitments():
    goals = extract_goals(PART_ONE, 2025)
    quantified = [(g.seq, g.value, g.unit, g.object) for g in goals if g.kind != "qualitative"]
    assert quantified == [
        (2, 2.0, "期", "就业培训班"),
        (5, 5.0, "支", "志愿服务团队"),
        (6, 10.0, "次", "志愿服务"),
    ]
    two, five, six = (goals[i - 1] for i in (2, 5, 6))
    assert two.text == "计划2022年开展2期就业培训班。"  # the sentence kept beside it
    assert five.text == six.text and "志愿服务团队5支" in five.text
    assert all(g.operator == "≥" for g in (two, five, six))


def test_the_sample_goals_are_the_goal_sections_items():
    goals = extract_goals(PART_ONE, 2025)
    assert [g.seq for g in goals] == list(range(1, len(goals) + 1))
    sections = {g.section for g in goals}
    assert sections == {"总体绩效目标", "分项绩效目标"}  # 工作保障措施 are measures, not goals
    assert not any("党团组织配合" in g.text for g in goals)
    qualitative = [g for g in goals if g.kind == "qualitative"]
    assert len(qualitative) == 7
    assert qualitative[0].text.startswith("围绕县委、县政府工作思路")
    # items 3 and 4 share a line in the published text and are two goals
    assert any(g.text.startswith("做好大学生救助") for g in goals)
    assert any(g.text.startswith("全面加强团委信息工作") for g in goals)


def test_a_year_that_is_not_the_fiscal_year_is_stale():
    goals = extract_goals(PART_ONE, 2025)
    assert [(g.seq, g.stale_year) for g in goals if g.stale_year] == [(2, 2022)]
    assert not [g for g in extract_goals(PART_ONE, 2022) if g.stale_year]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("计划2022年开展2期就业培训班", [("≥", 2, "期", "就业培训班")]),
        (
            "建立助学、助残、扶老、环保等各类专业志愿服务团队5支，计划开展志愿服务10次",
            [("≥", 5, "支", "志愿服务团队"), ("≥", 10, "次", "志愿服务")],
        ),
        ("全年举办青少年法治讲座不少于12场", [("≥", 12, "场", "青少年法治讲座")]),
        ("培训农村青年电商人才300人", [("≥", 300, "人", "农村青年电商人才")]),
        (
            "救助困难学生120名，发放救助金不超过60万元",
            [("≥", 120, "名", "困难学生"), ("≤", 60, "万元", "救助金")],
        ),
        ("青年志愿者注册率达到85%", [("≥", 85, "%", "青年志愿者注册率")]),
        ("团员发展质量合格率不低于95%", [("≥", 95, "%", "团员发展质量合格率")]),
        ("办公经费支出控制在5万元以内", [("≤", 5, "万元", "办公经费支出")]),
        ("走访慰问困难青少年两次", [("≥", 2, "次", "困难青少年")]),
        ("新建青年之家3所", [("≥", 3, "所", "青年之家")]),
        ("帮扶贫困户20户", [("≥", 20, "户", "贫困户")]),
        ("争取上级资金30万元以上", [("≥", 30, "万元", "上级资金")]),
        ("覆盖全县二十个乡镇", [("≥", 20, "个", "乡镇")]),
        ("1-9月累计开展主题团日活动8次", [("≥", 8, "次", "主题团日活动")]),
        ("于12月底前完成团组织换届", []),  # a month is a date, not a count
        ("推荐优秀团员第2批入党", []),  # an ordinal
        ("组建一支青年突击队", []),  # 一 alone is an article
        ("全面从严治团，提升团组织凝聚力", []),  # no number at all
        ("农村青年创业贷款发放额度达1.5亿元", [("≥", 1.5, "亿元", "农村青年创业贷款发放额度")]),
    ],
)
def test_commitments_in_a_sentence(sentence, expected):
    assert [(op, v, u, o) for op, v, u, o in commitments(sentence)] == expected


def test_template_text_without_headings_is_all_goals():
    text = "1.开展2期培训班；2.建立志愿服务队3支\n3.做好团员教育管理工作"
    goals = extract_goals(text, 2025)
    assert [(g.seq, g.kind, g.value, g.object) for g in goals] == [
        (1, "quantity", 2.0, "培训班"),
        (2, "quantity", 3.0, "志愿服务队"),
        (3, "qualitative", None, None),
    ]
    assert goals[2].text == "做好团员教育管理工作"
    assert extract_goals(None, 2025) == [] and extract_goals("", 2025) == []


def test_loading_and_undoing_targets_keeps_goals_in_step(tracker, sample_txt, db_path):
    code, _, err = tracker("load", "targets", str(sample_txt))
    assert code == 0, err
    rows = table_rows(
        db_path,
        "SELECT unit_code, seq, kind, value, unit, object, stale_year FROM unit_goals"
        " WHERE kind <> 'qualitative' ORDER BY seq",
    )
    assert rows == [
        ("712001", 2, "quantity", 2.0, "期", "就业培训班", 2022),
        ("712001", 5, "quantity", 5.0, "支", "志愿服务团队", None),
        ("712001", 6, "quantity", 10.0, "次", "志愿服务", None),
    ]
    assert tracker("undo", "1")[0] == 0
    assert table_rows(db_path, "SELECT count(*) FROM unit_goals") == [(0,)]
