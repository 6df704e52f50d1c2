"""Builders of record files as clerks really have them: encodings, title rows, totals, Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

from loaders.columns import SPENDING_EXPORT_HEADER

P1 = "13043425P00450110058B"  # 2025年基层团组织经费, 5万元
P2 = "13043425P00437410002E"  # 2025年特困生救助金, 5万元
TITLE = "魏县财政国库集中支付明细表（2025年1-9月）"
SPENDING_HEADER = SPENDING_EXPORT_HEADER


def spending_row(date, project, amount, voucher, payee="魏县印刷厂", summary="印发资料") -> list:
    name = {P1: "基层团组织经费", P2: "特困生救助金"}.get(project, "其他")
    return [date, project, name, amount, voucher, payee, summary, "一般公共预算"]


def write_csv(
    path: Path,
    rows: list[list],
    *,
    header: list[str] = SPENDING_HEADER,
    title: list[str] | None = (TITLE, "单位：元"),
    encoding: str = "utf-8",
    delimiter: str = ",",
    total: bool = False,
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for line in title or ():
        writer.writerow([line])
    writer.writerow(header)
    writer.writerows(rows)
    if total:
        writer.writerow(["合计", "", "", "", "", "", "", ""])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path,
    rows: list[list],
    *,
    header: list[str] = SPENDING_HEADER,
    title: list[str] | None = (TITLE, "单位：元"),
    sheet: str = "支付明细",
    extra_sheet_first: bool = False,
) -> Path:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    if extra_sheet_first:
        first.title = "说明"
        first.append(["本表由财政一体化系统导出"])
        ws = workbook.create_sheet(sheet)
    else:
        ws = first
        ws.title = sheet
    for line in title or ():
        ws.append([line])
    ws.append(header)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    workbook.save(path)
    return path


def write_xls(path: Path, rows: list[list], *, header: list[str] = SPENDING_HEADER) -> Path:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    ws = workbook.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write(0, 0, TITLE)
    for c, value in enumerate(header):
        ws.write(1, c, value)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    workbook.save(str(path))
    return path
