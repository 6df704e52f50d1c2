"""Data upgrades a schema change alone cannot make, each applied once per database (recorded in
`tracker_meta` as `migration:<name>`), in one transaction, when a read-write connection opens."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

# an ID masked the old way (first 6 and last 4 shown) inside a text: 130434********123X
OLD_MASK = r"([0-9]{6})(\*{5,})[0-9]{2}([0-9][0-9Xx])"


def _mask_last_two(con: duckdb.DuckDBPyConnection) -> None:
    """Masked ID numbers show 2 trailing characters instead of 4 (loaders.personal: about 3,300
    candidate IDs per person instead of 33), in the rosters and in rejected rows."""
    con.execute(
        f"UPDATE beneficiaries SET id_masked = regexp_replace(id_masked, '^{OLD_MASK}$',"
        " '\\1\\2**\\3') WHERE regexp_full_match(id_masked, ?)",
        [OLD_MASK],
    )
    for column in ("reason", "raw"):
        con.execute(
            f"UPDATE rejected_rows SET {column} = regexp_replace({column}, ?, '\\1\\2**\\3', 'g')"
            f" WHERE regexp_matches({column}, ?)",
            [OLD_MASK, OLD_MASK],
        )


MIGRATIONS: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], object]]] = [
    ("id_mask_last_two", _mask_last_two),
]


def register(name: str, migrate: Callable[[duckdb.DuckDBPyConnection], object]) -> None:
    """A migration whose code lives in a layer above the store (e.g. loaders.unit_goals fills a
    table read from text it alone knows how to read): it runs, once per database, wherever that
    module has been imported before the database is opened read-write."""
    if all(existing != name for existing, _ in MIGRATIONS):
        MIGRATIONS.append((name, migrate))


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Run the migrations this database has not had yet."""
    done = {
        row[0]
        for row in con.execute(
            "SELECT name FROM tracker_meta WHERE name LIKE 'migration:%'"
        ).fetchall()
    }
    for name, migrate in MIGRATIONS:
        if f"migration:{name}" in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migrate(con)
            con.execute("INSERT INTO tracker_meta VALUES (?, 'done')", [f"migration:{name}"])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
