"""Limits checked before a file is parsed, so that no file, however crafted, takes a process past
its memory or time: its size; for .xlsx and .docx (zip containers) the number of members, their
declared and actual expanded sizes and their compression ratio, counted while inflating in chunks;
a worksheet's used range from its `dimension`, its merged ranges and the cells actually present
(the grid a reader would build from A1 to the last cell, never built here); a Word document's
paragraphs and table rows, counted while streaming its XML.

Every limit is in `tracker.toml` `[limits]` (`store.settings.LimitSettings`). A file over a limit
is refused with one line naming the file, what was found and the limit (`LoadError`).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from loaders.errors import LoadError
from loaders.inputs import FileInput
from store.settings import LimitSettings, settings

MB = 1 << 20
CHUNK = 1 << 20
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".docx")
CELL_REF = re.compile(rb"<c\b[^>]{0,400}?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
ROW_REF = re.compile(rb"<row\b[^>]{0,400}?\br=\"([0-9]{1,7})\"")
RANGE_REF = re.compile(
    rb"<(dimension|mergeCell)\b[^>]{0,400}?\bref=\"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?\""
)
DOCX_BLOCK = re.compile(rb"<w:(p|tr)[ >/]")
TAIL = 512  # bytes carried between chunks so a tag cut in two is still seen


def limits() -> LimitSettings:
    return settings().limits


def size_text(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size:,} 字节"


def check_size(file: FileInput) -> int:
    """The file's size, refused above `max_upload_mb` (in memory: an upload) or `max_file_mb`."""
    file.check_readable()
    size = file.size()
    key = "max_upload_mb" if file.in_memory else "max_file_mb"
    cap = getattr(limits(), key)
    if size > cap * MB:
        raise LoadError(
            f"文件过大（{size_text(size)}，上限 {cap} MB）",
            file=file.name,
            hint=f"上限可在 tracker.toml 的 [limits] {key} 中调整；大文件请用 tracker load 命令导入",
        )
    return size


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _SheetScan:
    """The used range of one worksheet's XML, fed in chunks: the largest row and column of the
    cells present, of the declared `dimension` and of merged ranges."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = self.cols = 0
        self.declared = 0  # rows × columns of the dimension or of the largest merged range
        self.merged = 0
        self.tail = b""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        block = self.tail + chunk
        cut = len(block) if final else max(0, len(block) - TAIL)
        for col, row in CELL_REF.findall(block):  # maxima: seeing a tag twice does no harm
            self.cols = max(self.cols, column_number(col))
            self.rows = max(self.rows, int(row))
        for row in ROW_REF.findall(block):
            self.rows = max(self.rows, int(row))
        for match in RANGE_REF.finditer(block):
            kind, c1, r1, c2, r2 = match.groups()
            if not c2:
                continue
            if kind == b"dimension":
                self.declared = max(self.declared, column_number(c2) * int(r2))
            elif match.start() < cut:  # a sum: each merged range once
                rows = abs(int(r2) - int(r1)) + 1
                self.merged += rows * (abs(column_number(c2) - column_number(c1)) + 1)
        self.tail = block[cut:]

    def check(self, file: FileInput, cap: int) -> None:
        self.feed(b"", final=True)
        sheet = self.name.rsplit("/", 1)[-1].removesuffix(".xml")
        found = max(self.rows * self.cols, self.declared)
        if found > cap:
            raise LoadError(
                f"工作表 {sheet} 的使用范围过大（{self.rows:,} 行 × {self.cols:,} 列，"
                f"{found:,} 个单元格；上限 {cap:,} 个）",
                file=file.name,
                hint="工作表右下方可能有误填的单元格：请删除多余的行列后另存，或导出为 CSV；"
                "上限见 tracker.toml [limits] max_sheet_cells",
            )
        if self.merged > cap:
            raise LoadError(
                f"工作表 {sheet} 的合并单元格覆盖 {self.merged:,} 个单元格（上限 {cap:,} 个）",
                file=file.name,
                hint="请取消多余的合并单元格后另存",
            )


class _DocumentScan:
    """Paragraphs and table rows of a Word document's XML, counted while streaming."""

    def __init__(self) -> None:
        self.blocks = 0
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        block = self.tail + chunk
        cut = max(0, len(block) - TAIL)
        # count only the tags that start before the carried tail (the rest is counted next time)
        self.blocks += sum(1 for m in DOCX_BLOCK.finditer(block) if m.start() < cut)
        self.tail = block[cut:]

    def finish(self) -> None:
        self.blocks += len(DOCX_BLOCK.findall(self.tail))
        self.tail = b""

    def check(self, file: FileInput, cap: int) -> None:
        self.finish()
        if self.blocks > cap:
            raise LoadError(
                f"文档的段落和表格行过多（{self.blocks:,} 个，上限 {cap:,} 个）",
                file=file.name,
                hint="上限见 tracker.toml [limits] max_document_blocks",
            )


def _member_chunks(handle: BinaryIO, info: zipfile.ZipInfo, bound: int) -> Iterator[bytes]:
    """A member's expanded bytes in chunks, inflated here (not by zipfile, which stops at the
    declared size): what a reader that trusts the stream would really get. Stops after `bound`
    bytes."""
    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    remaining = info.compress_size
    produced = 0
    if info.compress_type == zipfile.ZIP_STORED:
        while remaining > 0 and produced <= bound:
            raw = handle.read(min(CHUNK, remaining))
            if not raw:
                break
            remaining -= len(raw)
            produced += len(raw)
            yield raw
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"compression {info.compress_type}")
    inflater = zlib.decompressobj(-15)
    while remaining > 0 and produced <= bound:
        raw = handle.read(min(CHUNK, remaining))
        if not raw:
            break
        remaining -= len(raw)
        data = raw
        while data and produced <= bound:
            out = inflater.decompress(data, CHUNK)
            produced += len(out)
            yield out
            data = inflater.unconsumed_tail
    if produced <= bound:
        yield inflater.flush()


def check_zip(file: FileInput) -> None:
    """Refuse a zip container (.xlsx, .docx) that would expand past the limits, or whose sheets
    or document are too large to read; see the module docstring."""
    cap = limits()
    with file.open() as handle:
        try:
            archive = zipfile.ZipFile(handle)
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise LoadError(
                f"不是有效的 {file.suffix} 文件（内容已损坏或被截断）(corrupt or truncated)",
                file=file.name,
                hint="请在 Word/Excel/WPS 中打开后重新保存",
            ) from None
        if len(infos) > cap.max_zip_members:
            raise LoadError(
                f"压缩包内文件过多（{len(infos):,} 个，上限 {cap.max_zip_members:,} 个）",
                file=file.name,
            )
        budget = cap.max_unzipped_mb * MB
        declared = sum(info.file_size for info in infos)
        if declared > budget:
            raise LoadError(
                f"解压后过大（声明 {size_text(declared)}，上限 {cap.max_unzipped_mb} MB）",
                file=file.name,
                hint="上限见 tracker.toml [limits] max_unzipped_mb",
            )
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise LoadError("文件已加密（有密码），无法读取", file=file.name)
            packed = max(info.compress_size, 1)
            if info.file_size > MB and info.file_size / packed > cap.max_zip_ratio:
                raise LoadError(
                    f"压缩比异常（{info.filename} 由 {size_text(info.compress_size)} 解压为 "
                    f"{size_text(info.file_size)}，超过 {cap.max_zip_ratio} 倍），疑为压缩炸弹",
                    file=file.name,
                    hint="上限见 tracker.toml [limits] max_zip_ratio",
                )
            scan = _scanner(file, info.filename)
            actual = 0
            try:
                for chunk in _member_chunks(handle, info, info.file_size):
                    actual += len(chunk)
                    if scan is not None:
                        scan.feed(chunk)
            except (zipfile.BadZipFile, zlib.error, OSError, struct.error):
                raise LoadError(
                    f"不是有效的 {file.suffix} 文件（{info.filename} 已损坏）",
                    file=file.name,
                    hint="请在 Word/Excel/WPS 中打开后重新保存",
                ) from None
            if actual > info.file_size:
                raise LoadError(
                    f"压缩包成员 {info.filename} 解压后比声明的大（声明 "
                    f"{size_text(info.file_size)}），疑为压缩炸弹",
                    file=file.name,
                )
            total += actual
            if total > budget:
                raise LoadError(f"解压后过大（超过 {cap.max_unzipped_mb} MB）", file=file.name)
            if isinstance(scan, _SheetScan):
                scan.check(file, cap.max_sheet_cells)
            elif isinstance(scan, _DocumentScan):
                scan.check(file, cap.max_document_blocks)


def _scanner(file: FileInput, member: str) -> _SheetScan | _DocumentScan | None:
    if file.suffix in (".xlsx", ".xlsm") and re.fullmatch(r"xl/worksheets/[^/]+\.xml", member):
        return _SheetScan(member)
    if file.suffix == ".docx" and member == "word/document.xml":
        return _DocumentScan()
    return None


def check_before_reading(file: FileInput) -> int:
    """Size first, then a zip container's contents. Returns the size."""
    size = check_size(file)
    if size and file.suffix in ZIP_SUFFIXES:
        check_zip(file)
    return size
