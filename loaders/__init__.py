"""Loaders: the only code that writes the store. Files → rows → typed records → tables.

Targets: `documents` reads containers into blocks, `target_forms` / `target_template` recognise the
forms, `target_values` parses 指标值, `findings` flags targets, `targets` saves, `target_versions`
keeps replaced targets for undo. Records: `record_sources` reads CSV/Excel, `columns` maps headers,
`records` dispatches to the per-kind loaders (`spending`, `beneficiaries`, `indicator_records`,
`adjustments`), which share `record_base` and `record_rows`. `personal` masks and keys personal data;
`responses` saves the official forms' answers; `demo/` builds the demo year.

May import: `store`. Never `engine`, `presentation`, `exports`, `dashboard` or `cli`.
Public API: `parse_target_value` (指标值 parser) and its `TargetValue`.
"""

from loaders.target_values import TargetValue, parse_target_value

__all__ = ["TargetValue", "parse_target_value"]
