"""Personal data in beneficiary rosters (受助名单): ID number checks, masking and keyed hashes.

The store never holds a full name or a full citizen ID number (公民身份号码). What it keeps instead:

* `mask_name` — the name with its inner characters starred: `王小涵` → `王*涵`, `张三` → `张*`;
* `mask_id` — the ID with all but its first 6 and last 2 characters starred:
  `130434**********3X`;
* `birth_year` and `gender` (for the roster's statistics);
* `person_key` — HMAC-SHA256 of the normalised ID under a secret key, in hex, to recognise the same
  person again (de-duplication) without being able to recover or guess the ID from the database:
  a plain hash of an 18-digit ID with a known structure can be brute-forced in minutes, a keyed
  hash cannot without the key, and the key never goes into the database or its folder.

How much that leaves to guess, for someone holding the database folder but not the key: the
masked ID gives the region (6 digits), the 17th digit (gender, stored anyway) and the check
character; the birth year is stored. Unknown are the birth month and day (365 or 366 days) and
the 15th and 16th digits (100 values), and the check character, which is known, rules out 10 of
every 11 of those combinations: about 365 × 100 / 11 ≈ 3,300 candidate ID numbers per person
(at least 3,318 in a common year), and nothing in the store tells which one is right. (Showing the
last 4 characters, as before, left about 33: too few.)

The key (`load_key`): `$TRACKER_KEY` when set and not empty (any string, used as UTF-8 bytes); else
the key file `$TRACKER_KEY_FILE`; else `tracker.key` in the per-user configuration folder
(`store.secrets`: `$TRACKER_CONFIG_DIR`, `$XDG_CONFIG_HOME/budget-tracker` or
`~/.config/budget-tracker`), never beside the database; a key an earlier version kept beside the
database is moved there the first time it is needed. A missing key file is created on first use
with 32 random bytes (64 hex characters), readable by its owner only (0o600, created with
O_CREAT|O_EXCL so two processes cannot both create it). Back the key up, apart from the database:
with another key the same person gets another `person_key`, and earlier loads are no longer
recognised as the same people (the database keeps the key's fingerprint and refuses another key).

The checks of ID numbers and the masks: `loaders.id_numbers`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

import duckdb

from loaders.errors import LoadError
from loaders.id_numbers import normalise_id
from store.db import resolve_db_path
from store.secrets import config_folder, write_secret

KEY_FILE_NAME = "tracker.key"
KEY_ENV = "TRACKER_KEY"
KEY_FILE_ENV = "TRACKER_KEY_FILE"
KEY_BYTES = 32


# --------------------------------------------------------------------------- the key


def key_path(db_path: str | Path | None = None) -> Path:
    """Where the key file is: `$TRACKER_KEY_FILE`, else `tracker.key` in the per-user
    configuration folder (`store.secrets.config_folder`), never beside the database."""
    configured = os.environ.get(KEY_FILE_ENV)
    if configured:
        return Path(configured)
    return config_folder() / KEY_FILE_NAME


def load_key(db_path: str | Path | None = None) -> bytes:
    """The HMAC key for `person_key`: `$TRACKER_KEY`, else the key file (created on first use).

    A key file an earlier version kept beside the database is moved to the configuration folder
    the first time it is needed (when that folder has none yet), so the data folder no longer
    holds what reverses its masked IDs. Raises LoadError when the key file cannot be created or
    read, or is empty.
    """
    configured = os.environ.get(KEY_ENV)
    if configured:
        return configured.encode("utf-8")
    path = key_path(db_path)
    try:
        if not path.exists() and not os.environ.get(KEY_FILE_ENV):
            _adopt_legacy_key(resolve_db_path(db_path).parent / KEY_FILE_NAME, path)
        return _read_key(path) if path.exists() else _create_key(path)
    except OSError as error:
        raise LoadError(
            f"无法读取或创建密钥文件 {path}（{type(error).__name__}）",
            hint=f"请检查该文件夹的权限，或用环境变量 {KEY_ENV} / {KEY_FILE_ENV} 指定密钥",
        ) from error


def _adopt_legacy_key(legacy: Path, path: Path) -> None:
    if legacy.is_file():
        text = legacy.read_text(encoding="utf-8").strip()
        if text and write_secret(path, text + "\n"):
            legacy.unlink()


def _create_key(path: Path) -> bytes:
    text = secrets.token_hex(KEY_BYTES)
    if not write_secret(path, text + "\n"):  # another process created it first: use theirs
        return _read_key(path)
    return _key_bytes(text)


def _read_key(path: Path) -> bytes:
    # A process that has just created the file may not have written it yet: wait a moment.
    for _ in range(20):
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return _key_bytes(text)
        time.sleep(0.05)
    raise LoadError(
        f"密钥文件 {path} 是空的",
        hint=f"请从备份恢复该文件；确认从未导入过受助名单时可删除它，下次导入会重新生成（或设置 {KEY_ENV}）",
    )


def _key_bytes(text: str) -> bytes:
    try:
        return bytes.fromhex(text) if len(text) == 2 * KEY_BYTES else text.encode("utf-8")
    except ValueError:
        return text.encode("utf-8")


def database_path(con: duckdb.DuckDBPyConnection) -> Path:
    """The file behind `con`'s current database; the default database path for in-memory ones."""
    rows = con.execute(  # fetchall: DuckDB 2 blocks register() behind an unfinished result
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    if rows and rows[0][0]:
        return Path(rows[0][0])
    return resolve_db_path()


def connection_key(con: duckdb.DuckDBPyConnection) -> bytes:
    """`load_key` for the database `con` writes to, checked against the fingerprint the database
    keeps of the key its person_keys were made with (stored on first use).

    Raises LoadError when the key differs: with another key the same person would get another
    person_key, and duplicates across loads would silently stop being recognised.
    """
    key = load_key(database_path(con))
    fingerprint = hmac.new(key, b"budget-tracker key check", hashlib.sha256).hexdigest()[:16]
    stored = con.execute(
        "SELECT value FROM tracker_meta WHERE name = 'person_key_fingerprint'"
    ).fetchall()
    if not stored:
        con.execute("INSERT INTO tracker_meta VALUES ('person_key_fingerprint', ?)", [fingerprint])
    elif stored[0][0] != fingerprint:
        raise LoadError(
            "身份证号加密密钥与这个数据库以前使用的不一致 (the key differs from the one this"
            " database was built with)",
            hint="请恢复原来的 tracker.key 文件或 $TRACKER_KEY；换用新密钥会使同一人无法被识别为重复",
        )
    return key


def person_key(number: str, key: bytes) -> str:
    """HMAC-SHA256(key, normalised ID) in hex: the same person gives the same key."""
    return hmac.new(key, normalise_id(number).encode("utf-8"), hashlib.sha256).hexdigest()
