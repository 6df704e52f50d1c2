"""Typed records of a performance target document (项目绩效目标表), independent of its container."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from loaders.target_values import TargetValue


@dataclass
class Indicator:
    seq: int
    level1: str | None  # 一级指标
    level2: str | None  # 二级指标
    name: str | None  # 三级指标
    description: str | None  # 绩效指标描述
    target_raw: str  # 指标值, as published
    basis: str | None  # 指标值确定依据
    target: TargetValue
    line: int = 0


@dataclass
class PlanPoint:
    checkpoint: dt.date
    label: str
    cumulative_pct: float
    source: str  # published | carried | default
    raw: str | None = None


@dataclass
class Finding:
    rule: str
    severity: str  # warning | info
    message: str
    indicator_seq: int | None = None


@dataclass
class ProjectTargets:
    project_code: str
    fiscal_year: int
    unit_code: str
    unit_name: str | None
    name: str
    budget_yuan: Decimal
    fiscal_yuan: Decimal | None
    other_yuan: Decimal | None
    purpose: str | None
    goals: str | None
    title: str | None
    money_unit: str
    plan: list[PlanPoint] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Unit:
    unit_code: str
    unit_name: str | None
    fiscal_year: int
    overall_goals: str | None


@dataclass
class TargetDocument:
    file_name: str
    units: list[Unit]
    projects: list[ProjectTargets]
