"""A file handed to a loader: a path on disk (the CLI) or bytes in memory (an upload), one type.

Uploads stay in memory: rosters hold personal data, which is never written to disk in clear, not
even in a temporary file. The one reader that needs a file on disk (DuckDB's CSV reader, for
spending) gets a copy in a private work folder (`workspace.private_folder`), removed when the load
ends and swept at the next start if the process was killed.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from loaders.errors import LoadError


@dataclass(frozen=True)
class FileInput:
    """`name` is what messages call the file; exactly one of `path` and `data` is set."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def of(cls, value: str | Path | FileInput) -> FileInput:
        if isinstance(value, FileInput):
            return value
        path = Path(value)
        return cls(path.name, path=path)

    @classmethod
    def upload(cls, name: str, data: bytes) -> FileInput:
        """An uploaded file: its original name without any folder part."""
        base = Path(name.replace("\\", "/")).name
        return cls(base if base not in ("", ".", "..") else "upload", data=data)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    @property
    def in_memory(self) -> bool:
        return self.data is not None

    def check_readable(self) -> None:
        """Raise LoadError for a path that does not exist or is a folder."""
        if self.path is None:
            return
        if not self.path.exists():
            raise LoadError("文件不存在 (file not found)", file=self.name)
        if self.path.is_dir():
            raise LoadError("这是一个文件夹，不是文件 (a directory)", file=self.name)

    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        return self.path.stat().st_size

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as handle:
            while chunk := handle.read(1 << 24):
                digest.update(chunk)
        return digest.hexdigest()
