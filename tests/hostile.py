"""A hostile corpus: files as an attacker or a careless export makes them, each built small on disk
by a function here, with the outcome the loaders must give (README: Trust the numbers).

`CORPUS[name] = (kind, build, expected)`: `build(path)` writes the file at `path` (its name is the
corpus name, so the suffix is the container); `expected` is either `("refused", text)` — exit 2,
one line naming the file that contains `text`, nothing written — or `("loaded", counts)` with
`counts` = (total, stored, duplicates, rejected, skipped) and, where it matters, a reason every
rejected row carries.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl

from builders import build_xlsx, sample_document
from conftest import SAMPLE_TXT
from records_files import P1, P2, TITLE, spending_row

SPENDING_HEADER = [
    "支付日期",
    "项目编码",
    "项目名称",
    "支付金额",
    "支付凭证号",
    "收款单位",
    "摘要",
    "资金来源",
]
ROSTER_HEADER = ["项目编码", "姓名", "身份证号", "学校", "发放日期", "金额"]


def check_char(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def person_id(serial: int) -> str:
    first = f"13043420100315{serial % 1000:03d}"
    return first + check_char(first)


# -- text files ---------------------------------------------------------------------------------
def csv_text(rows: list[list], header: list[str], title: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if title:
        writer.writerow([TITLE])
        writer.writerow(["单位：元"])
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def pay(n: int = 19, amount: str = "100.00") -> list[list]:
    return [spending_row(f"2025-03-{i % 28 + 1:02d}", P1, amount, f"H{i:04d}") for i in range(n)]


NAMES = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏"]


def roster(n: int = 12) -> list[list]:
    return [
        [
            P2,
            NAMES[i % 10] + "一二三四五"[i // 10 % 5],
            person_id(i),
            "魏县第一中学",
            "2025-03-05",
            "500",
        ]
        for i in range(n)
    ]


def write_text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


def write_bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def spending_with(*extra: list, n: int = 4, **kw) -> Callable[[Path], None]:
    return write_text(csv_text([*pay(n), *extra], SPENDING_HEADER), **kw)


def roster_with(*extra: list, n: int = 4) -> Callable[[Path], None]:
    return write_text(csv_text([*roster(n), *extra], ROSTER_HEADER))


def unclosed_quote(header: list[str], rows: list[list]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        lines = csv_text(rows, header).splitlines()
        lines[6] = lines[6].replace(",", ',"', 1)  # line 7: a quote opened, never closed
        path.write_text("\n".join(lines) + "\n", "utf-8")

    return build


def with_nul(header: list[str], rows: list[list]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        lines = csv_text(rows, header).splitlines()
        lines[5] = lines[5] + "\x00"  # one NUL in a text: refused naming its line
        path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))

    return build


def cr_only(header: list[str], rows: list[list]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(csv_text(rows, header).replace("\n", "\r").encode())


def bom_then_gbk(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(pay(3), SPENDING_HEADER).encode("gbk"))


def blank_lines(path: Path) -> None:
    lines = csv_text(pay(6), SPENDING_HEADER).splitlines()
    lines[5:5] = ["", ""]
    path.write_text("\n".join(lines) + "\n\n", "utf-8")


def overlong(header: list[str], rows: list[list], column: int) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        rows[1] = list(rows[1])
        rows[1][column] = "长" * 150_000  # 150,000 characters, 450 KB in UTF-8
        path.write_text(csv_text(rows, header), "utf-8")

    return build


# -- targets (the sample document, one field changed) -------------------------------------------
def sample_with(old: str, new: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        text = SAMPLE_TXT.read_text("utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), "utf-8")

    return build


def template_with(header: list[str], row: list[str]) -> Callable[[Path], None]:
    base = {
        "单位编码": "712001", "项目编码": "13043425P00000000001A", "项目名称": "测试项目",
        "年度": "2025", "预算数": "10", "一级指标": "产出指标", "二级指标": "数量指标",
        "三级指标": "培训人数", "指标值": "≥100人",
    }  # fmt: skip

    def build(path: Path) -> None:
        values = [row[i] or base.get(h, "") for i, h in enumerate(header)]
        path.write_text(csv_text([values], header, title=False), "utf-8-sig")

    return build


TEMPLATE_HEADER = ["单位编码", "项目编码", "项目名称", "年度", "预算数", "一级指标", "二级指标",
                   "三级指标", "指标值"]  # fmt: skip


# -- zip containers -------------------------------------------------------------------------------
def xlsx_rows(path: Path, rows: list[list], *, far_cell: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["支付日期", "项目编码", "支付金额", "支付凭证号"], *rows]:
        sheet.append(row)
    if far_cell:
        sheet[far_cell] = "x"
    book.save(path)
    return path


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            new.writestr(info.filename, change(data) if info.filename == member else data)


def far_cell_xlsx(path: Path) -> None:
    xlsx_rows(path, [["2025-03-05", P1, 100, "F1"]], far_cell="XFD1048576")


def dimension_bomb(path: Path) -> None:
    xlsx_rows(path, [["2025-03-05", P1, 100, "F1"]])
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )


def merged_bomb(path: Path) -> None:
    build_xlsx(path, sample_document())
    rewrite_member(
        path,
        "xl/worksheets/sheet2.xml",
        lambda xml: (
            xml.replace(
                b"<mergeCells",
                b'<mergeCells><mergeCell ref="A100:XFD1048576"/></mergeCells><mergeCells',
                1,
            )
            if b"<mergeCells" in xml
            else xml
        ),
    )


def patch_sizes(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s uncompressed size set to `size` in both headers."""
    out = bytearray(data)
    name = member.encode()
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:  # central directory entries
        name_len = struct.unpack("<H", out[pos + 28 : pos + 30])[0]
        if bytes(out[pos + 46 : pos + 46 + name_len]) == name:
            out[pos + 24 : pos + 28] = struct.pack("<I", size)
            local = struct.unpack("<I", out[pos + 42 : pos + 46])[0]
            out[local + 22 : local + 26] = struct.pack("<I", size)
        pos += 4
    return bytes(out)


def declared_huge(path: Path) -> None:
    xlsx_rows(path, [["2025-03-05", P1, 100, "F1"]])
    path.write_bytes(patch_sizes(path.read_bytes(), "xl/worksheets/sheet1.xml", 0xF0000000))


def inflates_past_declared(path: Path) -> None:
    xlsx_rows(path, [["2025-03-05", P1, 100, "F1"]])
    rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml + b" " * 30_000_000)
    path.write_bytes(patch_sizes(path.read_bytes(), "xl/worksheets/sheet1.xml", 1000))


def ratio_bomb(suffix_member: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        if path.suffix == ".docx":
            document = docx.Document()
            document.add_paragraph("x")
            document.save(path)
        else:
            xlsx_rows(path, [["2025-03-05", P1, 100, "F1"]])
        rewrite_member(path, suffix_member, lambda xml: xml + b"\x20" * 40_000_000)

    return build


def truncated(make: Callable[[Path], object]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        make(path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])

    return build


def encrypted_flag(path: Path) -> None:
    xlsx_rows(path, [["2025-03-05", P1, 100, "F1"]])
    data = bytearray(path.read_bytes())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        data[pos + 8] |= 1  # general purpose flag: encrypted
        pos += 4
    path.write_bytes(bytes(data))


def many_paragraphs(path: Path) -> None:
    document = docx.Document()
    for i in range(700):
        document.add_paragraph(f"第 {i} 段：关于基层团组织建设的说明")
    document.save(path)


def xlsx_spending(rows: list[list]) -> Callable[[Path], None]:
    return lambda path: xlsx_rows(path, rows)


def roster_xlsx_far(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ROSTER_HEADER)
    sheet.append([P2, "学生", person_id(1), "一中", "2025-03-05", 500])
    sheet["XFD1048576"] = "x"
    book.save(path)


SMALL_LIMITS = "[limits]\nmax_file_mb = 1\nmax_document_blocks = 500\n"

# name → (kind, build, expected); names ending in @small run with SMALL_LIMITS in tracker.toml
CORPUS: dict[str, tuple[str, Callable[[Path], None], tuple]] = {
    # -- bombs and containers
    "far-cell.xlsx": ("spending", far_cell_xlsx, ("refused", "使用范围过大")),
    "far-cell-roster.xlsx": ("beneficiaries", roster_xlsx_far, ("refused", "使用范围过大")),
    "dimension-bomb.xlsx": ("spending", dimension_bomb, ("refused", "使用范围过大")),
    "merged-bomb.xlsx": ("targets", merged_bomb, ("refused", "合并单元格")),
    "declared-huge.xlsx": ("spending", declared_huge, ("refused", "解压后过大")),
    "inflates-past-declared.xlsx": ("spending", inflates_past_declared, ("refused", "比声明的大")),
    "ratio-bomb.xlsx": ("spending", ratio_bomb("xl/worksheets/sheet1.xml"), ("refused", "压缩比异常")),
    "ratio-bomb.docx": ("targets", ratio_bomb("word/document.xml"), ("refused", "压缩比异常")),
    "truncated.xlsx": ("spending", truncated(far_cell_xlsx), ("refused", "不是有效的 .xlsx")),
    "truncated.docx": ("targets", truncated(many_paragraphs), ("refused", "不是有效的 .docx")),
    "encrypted.xlsx": ("spending", encrypted_flag, ("refused", "加密")),
    "text-named.xlsx": ("spending", write_text("支付日期,金额\n"), ("refused", "不是有效的 .xlsx")),
    "many-paragraphs.docx@small": ("targets", many_paragraphs, ("refused", "段落和表格行过多")),
    "too-big.csv@small": ("spending", spending_with(n=12000), ("refused", "文件过大")),
    "too-big.txt@small": ("targets", sample_with("5.00", "5.00" + " " * 1_100_000), ("refused", "文件过大")),
    # -- empty, junk and encodings
    "empty.csv": ("spending", write_bytes(b""), ("refused", "文件是空的")),
    "only-bom.csv": ("spending", write_bytes(b"\xef\xbb\xbf"), ("refused", "文件是空的")),
    "spaces.csv": ("beneficiaries", write_bytes(b"  \n\n \n"), ("refused", "文件是空的")),
    "junk.csv": ("spending", write_bytes(bytes(range(256)) * 40), ("refused", "不是文本文件")),
    "utf16.csv": ("beneficiaries", write_text(csv_text(roster(2), ROSTER_HEADER), "utf-16"), ("refused", "不是文本文件")),
    "bom-then-gbk.csv": ("spending", bom_then_gbk, ("refused", "标记为 UTF-8（BOM）")),
    "roster-gbk.csv": ("beneficiaries", write_text(csv_text(roster(5), ROSTER_HEADER), "gbk"), ("loaded", (7, 5, 0, 0, 2))),
    "spending-gb18030.csv": ("spending", spending_with(encoding="gb18030"), ("loaded", (6, 4, 0, 0, 2))),
    "nul-in-the-middle.csv": ("spending", with_nul(SPENDING_HEADER, pay(8)), ("refused", "第 6 行含有空字符")),
    "nul-roster.csv": ("beneficiaries", with_nul(ROSTER_HEADER, roster(8)), ("refused", "第 6 行含有空字符")),
    "no-header.csv": ("spending", write_text("会议纪要\n今天讨论了预算\n"), ("refused", "找不到表头")),
    # -- structure: every line accounted for
    "unclosed-quote.csv": ("spending", unclosed_quote(SPENDING_HEADER, pay(19)), ("refused", "第 7 行引号没有配对")),
    "unclosed-quote-roster.csv": ("beneficiaries", unclosed_quote(ROSTER_HEADER, roster(30)), ("refused", "第 7 行引号没有配对")),
    "too-many-fields.csv": ("spending", spending_with(["2025-03-09", P1, "x", "9", "H9", "a", "b", "c", "EXTRA"]), ("loaded", (7, 4, 0, 1, 2))),
    "too-many-fields-roster.csv": ("beneficiaries", roster_with([P2, "某", person_id(99), "一中", "2025-03-05", "5", "多余"]), ("refused", "列数多于表头")),
    "overlong-cell.csv": ("spending", overlong(SPENDING_HEADER, pay(5), 6), ("loaded", (7, 4, 0, 1, 2))),
    "overlong-cell-roster.csv": ("beneficiaries", overlong(ROSTER_HEADER, roster(5), 3), ("refused", "超过 128 KB")),
    "cr-only.csv": ("spending", cr_only(SPENDING_HEADER, pay(5)), ("loaded", (7, 5, 0, 0, 2))),
    "cr-only-roster.csv": ("beneficiaries", cr_only(ROSTER_HEADER, roster(5)), ("loaded", (7, 5, 0, 0, 2))),
    "blank-lines.csv": ("spending", blank_lines, ("loaded", (11, 6, 0, 0, 5))),
    "header-only.csv": ("spending", spending_with(n=0), ("loaded", (2, 0, 0, 0, 2))),
    "total-row.csv": ("spending", spending_with(["合计", "", "", "400.00", "", "", "", ""]), ("loaded", (7, 4, 0, 0, 3))),
    # -- numbers strict and finite
    "decimal-comma.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "12,34", "N1")), ("loaded", (7, 4, 0, 1, 2), "无法识别")),
    "underscore.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "1_000", "N1")), ("loaded", (7, 4, 0, 1, 2), "无法识别")),
    "exponent.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "1e-5", "N1")), ("loaded", (7, 4, 0, 1, 2), "无法识别")),
    "nan.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "NaN", "N1")), ("loaded", (7, 4, 0, 1, 2), "无法识别")),
    "inf.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "-inf", "N1")), ("loaded", (7, 4, 0, 1, 2), "无法识别")),
    "plus-sign.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "+5", "N1")), ("loaded", (7, 4, 0, 1, 2), "无法识别")),
    "beyond-decimal.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "99999999999999999", "N1")), ("loaded", (7, 4, 0, 1, 2), "无法识别")),
    "month-sum-overflow.csv": ("spending", write_text(csv_text([spending_row("2025-03-09", P1, "9000000000000000", f"O{i}") for i in range(2)], SPENDING_HEADER)), ("refused", "支出合计超出可存储的范围")),
    "grouped-ok.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "1,234.56", "N1")), ("loaded", (7, 5, 0, 0, 2))),
    "roster-decimal-comma.csv": ("beneficiaries", roster_with([P2, "某", person_id(77), "一中", "2025-03-05", "12,34"]), ("loaded", (7, 4, 0, 1, 2), "金额")),
    "xlsx-exponent.xlsx": ("spending", xlsx_spending([["2025-03-05", P1, "1e-5", "X1"], ["2025-03-06", P1, 100, "X2"]]), ("loaded", (2, 1, 0, 1, 0), "无法识别")),
    "budget-nan.txt": ("targets", sample_with("\t预算数\n\t5.00\n", "\t预算数\n\tNaN\n"), ("refused", "预算数不是有限的数字")),
    "budget-inf.txt": ("targets", sample_with("\t预算数\n\t5.00\n", "\t预算数\n\tinf\n"), ("refused", "预算数不是有限的数字")),
    "budget-1e308.txt": ("targets", sample_with("\t预算数\n\t5.00\n", "\t预算数\n\t1e308\n"), ("refused", "预算数不是有限的数字")),
    "budget-negative.txt": ("targets", sample_with("\t预算数\n\t5.00\n", "\t预算数\n\t-10\n"), ("refused", "预算数不能是负数")),
    "budget-decimal-comma.txt": ("targets", sample_with("\t预算数\n\t5.00\n", "\t预算数\n\t5,00\n"), ("refused", "预算数不是数字")),
    "plan-nan.txt": ("targets", sample_with("\t30%\n\t30%\n", "\tnan%\n\t30%\n"), ("refused", "不是有限的百分比")),
    "plan-inf.txt": ("targets", sample_with("\t30%\n\t30%\n", "\tinf%\n\t30%\n"), ("refused", "不是有限的百分比")),
    "year-inf.csv": ("targets", template_with(TEMPLATE_HEADER, ["", "", "", "inf", "", "", "", "", ""]), ("refused", "年度应为四位年份")),
    "year-negative.csv": ("targets", template_with(TEMPLATE_HEADER, ["", "", "", "-1", "", "", "", "", ""]), ("refused", "年度应为四位年份")),
    # -- columns unambiguous
    "two-budget-columns.csv": ("targets", template_with([*TEMPLATE_HEADER, "预算数"], ["", "", "", "", "10", "", "", "", "", "999"]), ("refused", "两列对应同一项")),
    "two-budget-labels.txt": ("targets", sample_with("\t预算数\n\t5.00\n", "\t预算数\n\t5.00\n\t预算数\n\t999\n"), ("refused", "有两处「预算数」")),
    "two-amount-aliases.csv": ("spending", write_text(csv_text([["2025-03-05", P1, "8", "9", "T1"]], ["支付日期", "项目编码", "金额", "支付金额", "凭证号"])), ("refused", "都对应金额")),
    "repeated-header.csv": ("spending", write_text(csv_text([["2025-03-05", P1, "8", "9"]], ["支付日期", "项目编码", "金额", "金额"])), ("refused", "都对应金额")),
    "two-id-columns.csv": ("beneficiaries", write_text(csv_text([[P2, "某", person_id(5), person_id(6)]], ["项目编码", "姓名", "身份证号", "证件号码"])), ("refused", "都对应身份证号")),
    # -- codes and IDs clean
    "zero-width-code.csv": ("spending", spending_with(spending_row("2025-03-09", P1 + "\u200b", "10", "Z1")), ("loaded", (7, 5, 0, 0, 2))),
    "bidi-code-roster.csv": ("beneficiaries", roster_with(["\u202a" + P2 + "\u202c", "某", person_id(55), "一中", "2025-03-05", "5"]), ("loaded", (7, 5, 0, 0, 2))),
    "zero-width-id.csv": ("beneficiaries", roster_with([P2, "某", person_id(56)[:9] + "\u200d" + person_id(56)[9:], "一中", "2025-03-05", "5"]), ("loaded", (7, 5, 0, 0, 2))),
    "zero-width-target-code.txt": ("targets", sample_with("13043425P00450110058B", "13043425P00450110058B\u200b"), ("loaded", None)),
    "bad-target-code.txt": ("targets", sample_with("13043425P00450110058B", "无"), ("refused", "项目编码「无」")),
    # -- injection text: stored as text
    "formula-summary.csv": ("spending", spending_with(spending_row("2025-03-09", P1, "10", "I1", summary='=HYPERLINK("http://x.test/a","点")')), ("loaded", (7, 5, 0, 0, 2))),
    "formula-name-roster.csv": ("beneficiaries", roster_with([P2, '=HYPERLINK("http://x.test","点")', person_id(57), "@SUM(1)", "2025-03-05", "5"]), ("loaded", (7, 5, 0, 0, 2))),
    "markdown-purpose.txt": ("targets", sample_with("创建基层优秀团组织", "![x](http://x.test/px.png)创建基层优秀团组织"), ("loaded", None)),
}  # fmt: skip
