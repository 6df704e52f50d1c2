"""Where the tracker keeps its secrets: a per-user configuration folder, never the data folder.

The folder is `$TRACKER_CONFIG_DIR`, else `$XDG_CONFIG_HOME/budget-tracker`, else
`~/.config/budget-tracker`; it is created owner-only (0700) and every secret file in it is created
owner-only (0600, with O_CREAT|O_EXCL so two processes cannot both create one). Keeping secrets
apart from the database means a copy of the data folder alone reveals nothing they protect (the
HMAC key of the ID numbers); back the folder up separately (README: Personal data).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CONFIG_DIR_ENV = "TRACKER_CONFIG_DIR"
APP_FOLDER = "budget-tracker"


def config_folder() -> Path:
    """The configuration folder (see the module docstring); not created here."""
    configured = os.environ.get(CONFIG_DIR_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_FOLDER


def ensure_private_folder(folder: Path) -> Path:
    """Create `folder` (and its parents) if needed; the folder itself is made owner-only."""
    folder.mkdir(parents=True, exist_ok=True)
    # a folder someone else set up (a shared $TRACKER_CONFIG_DIR): leave its mode as it is
    with contextlib.suppress(PermissionError):
        os.chmod(folder, 0o700)
    return folder


def write_secret(path: Path, text: str) -> bool:
    """Write `text` to a new owner-only file. Returns False when the file already exists (another
    process was first: use its content)."""
    ensure_private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    try:
        os.fchmod(fd, 0o600)  # whatever the umask says
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return True
