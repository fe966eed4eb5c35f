"""Loading a parsed Synthea export: COPY into staging, then ONE procedure call.

Both happen in one transaction: a folder that fails anywhere (in the reader, in
the procedure's checks, or on a constraint of the clinic model) leaves nothing
behind. Re-importing a folder is a no-op: the procedure skips every Synthea id
it already mapped (staging.synthea_id_map).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

from dbtool import synthea

STAGING_TABLE = {
    "organizations.csv": "synthea_organization",
    "providers.csv": "synthea_provider",
    "payers.csv": "synthea_payer",
    "patients.csv": "synthea_patient",
    "encounters.csv": "synthea_encounter",
    "conditions.csv": "synthea_condition",
    "procedures.csv": "synthea_procedure",
    "medications.csv": "synthea_medication",
}

# the reader's canonical names that are SQL keywords get another staging column name
STAGING_COLUMN = {
    "start": "started", "stop": "stopped", "name": "display_name", "first": "first_name", "last": "last_name",
    "provider": "care_provider", "system": "code_system", "prefix": "name_prefix",
}


def load(conn: psycopg.Connection, export: synthea.Export) -> dict[str, object]:
    """Stage and import a parsed export in one transaction; returns the procedure's summary."""
    with conn.transaction():
        conn.execute("set local timezone = 'UTC'")
        for table in STAGING_TABLE.values():
            conn.execute(sql.SQL("truncate staging.{}").format(sql.Identifier(table)))
        for file, parsed in export.files.items():
            columns = ["line_no", *(STAGING_COLUMN.get(column, column) for column in parsed.columns)]
            statement = sql.SQL("copy staging.{} ({}) from stdin").format(
                sql.Identifier(STAGING_TABLE[file]), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with conn.cursor().copy(statement) as copy:
                for line, values in parsed.rows:
                    copy.write_row([line, *(values.get(column) for column in parsed.columns)])
        row = conn.execute("call staging.import_synthea()").fetchone()
        summary = row[0] if row else {}
        for table in STAGING_TABLE.values():
            conn.execute(sql.SQL("truncate staging.{}").format(sql.Identifier(table)))
    return dict(summary if isinstance(summary, dict) else json.loads(summary))


def import_folder(conn: psycopg.Connection, folder: Path, out: Callable[[str], None] = print) -> dict[str, object]:
    export = synthea.read_export(folder)
    counts = ", ".join(f"{export.count(name):,} {name.removesuffix('.csv')}" for name in STAGING_TABLE)
    out(f"read {folder}: {counts}")
    summary = load(conn, export)
    out("imported (new rows): " + ", ".join(f"{key} {value:,}" for key, value in summary.items()
                                             if isinstance(value, int)))
    return summary
