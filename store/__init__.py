"""The store: the DuckDB file's schema (`schema.sql`), opening it (`db`: the one-writer lock, short
read-only connections), every threshold (`settings`, from `tracker.toml`) and the errors every layer
shares (`errors`).

May import: nothing of ours (only the standard library, duckdb and pandas). Everything else imports it.
"""
