"""Loaders: everything that writes the tracker's DuckDB store.

Public API: `parse_target_value` (指标值 parser), `load_targets` and `read_target_document`.
"""

from loaders.target_values import TargetValue, parse_target_value

__all__ = ["TargetValue", "parse_target_value"]
