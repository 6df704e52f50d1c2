"""The engine: DOMAIN.md's rules on the store, for any as-of date. It only reads.

`aggregates` scans the records in plain, portable SQL into small per-project frames; `rules` holds
the pure rules (plan, warnings, forecast, indicator colours, score); `status` joins them into every
project's status, the unit and county totals, the curves and the score; `queries` answers the pages'
questions (one parameterised query each); `forms` fills and checks the two official forms.

May import: `store`. Never `loaders` (the engine reads, loaders write), never Streamlit, never a face
(`presentation`, `exports`, `dashboard`, `cli`); writes no files.
"""
