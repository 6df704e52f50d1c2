"""Beneficiary rosters (受助名单): who received aid from a project, without storing who they are.

A roster row names a person (姓名, 身份证号), where they study or live (学校/乡镇), the date of the aid
(发放日期) and what they received (金额, or 物品). The project comes from a 项目编码 column, or from
`--project` for the rows that have none.

Rules, in the order a row is judged (the first that applies wins):
1. an empty row → skipped; a total row (合计/小计/总计/累计 in the first cell or in the project, name,
   ID or place cell, and no valid ID number) → skipped;
2. no project code, no name, no ID number → rejected;
3. an ID number that fails GB 11643 (length, characters, birth date, check character) → rejected;
   a name holding digits (the ID and name columns swapped, usually) → rejected;
4. a project with no loaded targets (`项目编码 … 未在绩效目标中登记`) → rejected;
5. a date or amount that cannot be read, an aid date outside the project's fiscal year, a negative
   amount → rejected;
6. the same person (same `person_key`) already in the same project, from this file or an earlier
   load → duplicate: stored once. The same person in two projects is stored in both, and counted in
   the load's notes (`同一人出现在 2 个项目中：3 人`).

Privacy: full names and ID numbers are never stored (not even in `rejected_rows.raw` or in reasons),
never printed and never logged. Rows keep `name_masked`, `id_masked`, birth year, gender and the
keyed `person_key` (see `loaders.personal`). Other cells of a row have the person's name and ID
starred out too, in case a clerk typed them into a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from loaders.columns import ColumnMap
from loaders.id_numbers import (
    birth_year,
    gender,
    id_problem,
    mask_id,
    mask_name,
    normalise_id,
    normalise_name,
)
from loaders.personal import connection_key, person_key
from loaders.record_base import Counts, LoadContext
from loaders.record_rows import (
    DATE_HINT,
    RecordRow,
    RowProblem,
    count_rows,
    insert_frame,
    insert_set_aside,
    is_total_row,
    judge_rows,
    known_projects,
    parse_amount,
    parse_date,
    raw_record,
    read_record_rows,
    require_project,
)
from loaders.record_sources import Source

# --------------------------------------------------------------------------- beneficiaries

COLUMNS = [
    "project_code", "person_key", "name_masked", "id_masked", "birth_year", "gender", "place",
    "aid_date", "amount_yuan", "items", "load_id", "row_no",
]  # fmt: skip


@dataclass
class _Person:
    name: str
    number: str
    key: str
    name_masked: str
    id_masked: str

    def scrub(self, text: str | None) -> str | None:
        """`text` with this person's name and ID starred out (a note that names them)."""
        if text is None:
            return None
        if len(self.name) >= 2:
            text = text.replace(self.name, self.name_masked)
        if len(self.number) >= 15:  # the ID, also with a lower-case x or without its check char
            for form in (self.number, self.number.lower(), self.number[:17]):
                text = text.replace(form, self.id_masked)
        return text


def stage_beneficiaries(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMap, ctx: LoadContext
) -> Counts:
    """Judge and store a roster's rows (see the module docstring for the rules).

    Writes `beneficiaries` (columns: project_code, person_key, name_masked, id_masked, birth_year,
    gender, place, aid_date, amount_yuan, items, load_id, row_no) and `rejected_rows`. Raises
    LoadError for an unreadable file or key file.
    """
    require_project(source, mapping, ctx)
    rows = read_record_rows(source, mapping)
    projects = known_projects(con)
    key = connection_key(con)
    scale = mapping.scale.get("amount", 1)

    def is_total(row: RecordRow) -> bool:
        return _person(row, key) is None and is_total_row(
            row.first_cell, row.get("project_code"), row.get("name"), row.get("id_number"),
            row.get("place"),
        )  # fmt: skip

    def judge(row: RecordRow) -> tuple:
        project = row.get("project_code") or ctx.project
        if project is None:
            raise RowProblem("缺少项目编码（文件没有项目编码列时，用 --project 指定）")
        if not row.get("name"):
            raise RowProblem("缺少姓名")
        number = normalise_id(row.get("id_number"))
        if not number:
            raise RowProblem("缺少身份证号")
        person = _person(row, key)
        if person is None:
            raise RowProblem(f"身份证号 {mask_id(number)} {id_problem(number)}")
        if re.search(r"[0-9]", person.name):
            raise RowProblem("姓名中含有数字，可能与身份证号等列错位，请核对")
        if project not in projects:
            raise RowProblem(f"项目编码 {project} 未在绩效目标中登记")
        masked = _masked_cells(row, person)
        aid_date = parse_date(row.get("aid_date"))
        if row.get("aid_date") and aid_date is None:
            raise RowProblem(f"发放日期「{masked['aid_date']}」无法识别（{DATE_HINT}）")
        fiscal_year = projects[project]
        if aid_date is not None and aid_date.year != fiscal_year:
            raise RowProblem(
                f"发放日期 {aid_date.isoformat()} 不在项目 {project} 的预算年度 {fiscal_year} 内"
            )
        amount = parse_amount(row.get("amount"), scale)
        if row.get("amount") and amount is None:
            raise RowProblem(f"金额「{masked['amount']}」不是数字")
        if amount is not None and amount < 0:
            raise RowProblem(f"金额 {amount} 为负数，受助名单中的金额应为发放数")
        return (
            project,
            person.key,
            person.name_masked,
            person.id_masked,
            birth_year(person.number),
            gender(person.number),
            masked["place"],
            aid_date.isoformat() if aid_date else None,
            None if amount is None else str(amount),
            masked["items"],
            ctx.load_id,
            row.row_no,
        )

    def masked_raw(row: RecordRow) -> object:
        return raw_record(row, mapping, _masked_cells(row, _person(row, key)))

    accepted, set_aside = judge_rows(rows, mapping, is_total, judge, masked_raw)
    earlier = _earlier_registrations(con, {(record[0], record[1]) for _, record in accepted})
    stored: list[tuple] = []
    first_in_file: dict[tuple[str, str], tuple[int, str]] = {}
    for row, record in accepted:
        pair = (record[0], record[1])
        name = normalise_name(row.get("name"))
        if pair in earlier:
            load_id, row_no, masked_name = earlier[pair]
            where, differs = f"导入批次 {load_id} 第{row_no}行", masked_name != record[2]
        elif pair in first_in_file:
            row_no, first_name = first_in_file[pair]
            where, differs = f"本文件第{row_no}行", first_name != name
        else:
            first_in_file[pair] = (row.row_no, name)
            stored.append(record)
            continue
        reason = (
            f"第{row.row_no}行：{record[2]}（{record[3]}）在本项目中已登记（{where}），未重复存入"
            + ("；注意：两处姓名不一致" if differs else "")
        )
        set_aside.append((row.row_no, "duplicate", reason, masked_raw(row)))

    insert_frame(con, "beneficiaries", COLUMNS, stored)
    insert_set_aside(con, ctx.load_id, set_aside)
    counts = count_rows(len(rows), len(stored), set_aside)
    counts.notes.extend(_notes(con, ctx.load_id))
    return counts


def _person(row: RecordRow, key: bytes) -> _Person | None:
    """The row's person when the ID number is valid (worked out once per row)."""
    if "person" not in row.memo:
        row.memo["person"] = _make_person(row, key)
    return row.memo["person"]


def _make_person(row: RecordRow, key: bytes) -> _Person | None:
    number = normalise_id(row.get("id_number"))
    if not number or id_problem(number) is not None:
        return None
    name = normalise_name(row.get("name"))
    return _Person(name, number, person_key(number, key), mask_name(name), mask_id(number))


def _masked_cells(row: RecordRow, person: _Person | None) -> dict[str, str | None]:
    """Every mapped cell as it may be kept: name and ID masked, others scrubbed of them."""
    name = normalise_name(row.get("name"))
    number = normalise_id(row.get("id_number"))
    scrubber = person or _Person(name, number, "", mask_name(name), mask_id(number))
    masked: dict[str, str | None] = {c: scrubber.scrub(row.get(c)) for c in row.cells}
    masked.update(
        {
            "name": mask_name(name) if name else None,
            "id_number": mask_id(number) if number else None,
        }
    )
    for column in ("place", "items", "aid_date", "amount"):
        masked.setdefault(column, None)
    return masked


def _earlier_registrations(
    con: duckdb.DuckDBPyConnection, pairs: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(project, person_key) already stored → (load_id, row_no, name_masked) of the first."""
    if not pairs:
        return {}
    keys = sorted({key for _, key in pairs})
    found = con.execute(
        """
        SELECT project_code, person_key, load_id, row_no, name_masked
        FROM beneficiaries
        WHERE list_contains(?, person_key)
        QUALIFY row_number() OVER (PARTITION BY project_code, person_key
                                   ORDER BY load_id, row_no) = 1
        """,
        [keys],
    ).fetchall()
    return {
        (str(p), str(k)): (int(load_id), int(row_no), str(masked))
        for p, k, load_id, row_no, masked in found
        if (p, k) in pairs
    }


def _notes(con: duckdb.DuckDBPyConnection, load_id: int) -> list[str]:
    notes = []
    # fetchall, not fetchone: DuckDB 2 refuses register() while a result is left unfinished
    (total,) = con.execute(
        "SELECT sum(amount_yuan), count(amount_yuan) FROM beneficiaries WHERE load_id = ?",
        [load_id],
    ).fetchall()
    if total[1]:
        notes.append(f"发放金额合计 {total[0]:,.2f} 元（{total[1]} 人次）")
    spread = con.execute(
        """
        WITH mine AS (SELECT DISTINCT person_key FROM beneficiaries WHERE load_id = ?)
        SELECT projects, count(*) FROM (
            SELECT person_key, count(DISTINCT project_code) AS projects
            FROM beneficiaries SEMI JOIN mine USING (person_key)
            GROUP BY person_key
        ) WHERE projects > 1 GROUP BY projects ORDER BY projects
        """,
        [load_id],
    ).fetchall()
    notes.extend(f"同一人出现在 {projects} 个项目中：{people} 人" for projects, people in spread)
    return notes
