"""The loaders' errors: a file that cannot be loaded, named down to its sheet, row and cell."""

from __future__ import annotations

from store.errors import TrackerError


class LoadError(TrackerError):
    """A file cannot be loaded (nothing of it is written)."""


class TargetFormError(LoadError):
    """A document does not hold a recognisable performance target table (项目绩效目标表)."""
