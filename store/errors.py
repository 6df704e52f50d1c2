"""The errors every layer shares: each names where the problem is and what to do about it.

`TrackerError` is the base of every error meant for a user (bad input, an unknown project, a form
that cannot be saved): the CLI and the pages print `str(error)`, never a traceback, and the CLI
exits with status 2. `DatabaseBusyError` is another process holding the write lock (exit 3).
"""

from __future__ import annotations

from pathlib import Path


class TrackerError(Exception):
    """Something a user must fix: a file, a code, a value, a form.

    Attributes name the place (file, sheet, row, column, value) so the message can point a clerk at
    the cell to fix; `hint` says what to do.
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        hint: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = Path(file).name if file is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value
        self.hint = hint
        super().__init__(self.message())

    def message(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.sheet:
            where.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"列「{self.column}」")
        text = "：".join(["，".join(where), self.reason]) if where else self.reason
        if self.value is not None and self.value != "":
            shown = str(self.value)
            if len(shown) > 60:
                shown = shown[:57] + "…"
            text += f"（值：{shown}）"
        if self.hint:
            text += f"。{self.hint}"
        return text

    def with_file(self, file: str | Path) -> TrackerError:
        """Return the same error, naming `file` when it did not name one yet."""
        if self.file is None:
            self.file = Path(file).name
            self.args = (self.message(),)
        return self


class DatabaseBusyError(Exception):
    """Another process holds the database's write lock for longer than we waited."""
