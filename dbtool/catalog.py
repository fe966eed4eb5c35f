"""Reading definitions back from the PostgreSQL catalog.

Used for drift detection (an object changed in the database by hand), for
dropping objects whose template was removed, and by the tests to compare whole
catalogs (`snapshot`).
"""

from __future__ import annotations

import hashlib

import psycopg
from psycopg import sql

from dbtool.render import DbObject

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def definitions(conn: psycopg.Connection, obj: DbObject) -> list[str]:
    """The object's definition(s) as the server prints them; empty if absent."""
    if obj.kind in ("function", "procedure"):
        rows = conn.execute(
            """
            select pg_get_functiondef(p.oid) || coalesce(obj_description(p.oid, 'pg_proc'), '')
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = %s and p.proname = %s
             order by pg_get_function_identity_arguments(p.oid)
            """,
            (obj.schema, obj.name),
        ).fetchall()
    elif obj.kind in ("view", "materialized view"):
        rows = conn.execute(
            """
            select c.relkind::text || pg_get_viewdef(c.oid) || coalesce(obj_description(c.oid, 'pg_class'), '')
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = %s and c.relname = %s and c.relkind in ('v', 'm')
            """,
            (obj.schema, obj.name),
        ).fetchall()
    elif obj.kind == "trigger":
        rows = conn.execute(
            """
            select pg_get_triggerdef(t.oid) || t.tgenabled::text
              from pg_trigger t
              join pg_class c on c.oid = t.tgrelid
              join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = %s and c.relname = %s and t.tgname = %s
            """,
            (obj.schema, obj.table, obj.name),
        ).fetchall()
    else:
        raise ValueError(obj.kind)
    return [row[0] for row in rows]


def fingerprint(conn: psycopg.Connection, objects: list[DbObject]) -> str:
    digest = hashlib.sha256()
    for obj in objects:
        digest.update(obj.label().encode())
        for definition in definitions(conn, obj):
            digest.update(definition.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def drop(conn: psycopg.Connection, obj: DbObject) -> None:
    """Drop an object a template used to create (all overloads of a routine)."""
    if obj.kind in ("function", "procedure"):
        signatures = conn.execute(
            """
            select p.oid::regprocedure::text
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = %s and p.proname = %s
            """,
            (obj.schema, obj.name),
        ).fetchall()
        for (signature,) in signatures:
            # regprocedure text is already a quoted, schema-qualified signature
            conn.execute(sql.SQL("drop routine if exists {}").format(sql.SQL(signature)))
    elif obj.kind in ("view", "materialized view"):
        conn.execute(
            sql.SQL("drop {} if exists {}").format(sql.SQL(obj.kind), sql.Identifier(obj.schema, obj.name))
        )
    elif obj.kind == "trigger":
        table_exists = conn.execute("select to_regclass(%s) is not null", (f'"{obj.schema}"."{obj.table}"',)).fetchone()
        if table_exists and table_exists[0]:
            conn.execute(
                sql.SQL("drop trigger if exists {} on {}").format(
                    sql.Identifier(obj.name), sql.Identifier(obj.schema, obj.table or "")
                )
            )


def snapshot(conn: psycopg.Connection) -> dict[str, str]:
    """Every user object of the database with its definition: for comparing catalogs."""
    excluded = list(SYSTEM_SCHEMAS)
    result: dict[str, str] = {}
    queries = {
        "schema": """
            select n.nspname, coalesce(obj_description(n.oid, 'pg_namespace'), '') || coalesce(n.nspacl::text, '')
              from pg_namespace n where n.nspname <> all(%s) and n.nspname not like 'pg_temp%%'
               and n.nspname not like 'pg_toast_temp%%'""",
        "relation": """
            select n.nspname || '.' || c.relname,
                   c.relkind::text || coalesce(obj_description(c.oid, 'pg_class'), '') || coalesce(c.relacl::text, '')
                   || c.relrowsecurity::text
                   || coalesce(pg_get_viewdef(c.oid), '')
                   || coalesce(pg_get_partkeydef(c.oid), '')
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname <> all(%s) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')""",
        "column": """
            select n.nspname || '.' || c.relname || '.' || a.attname,
                   format_type(a.atttypid, a.atttypmod) || a.attnotnull::text
                   || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || a.attidentity::text || a.attgenerated::text
                   || coalesce(col_description(c.oid, a.attnum), '') || coalesce(a.attacl::text, '')
              from pg_attribute a
              join pg_class c on c.oid = a.attrelid
              join pg_namespace n on n.oid = c.relnamespace
              left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
             where n.nspname <> all(%s) and c.relkind in ('r', 'p', 'v', 'm', 'f')
               and a.attnum > 0 and not a.attisdropped""",
        "constraint": """
            select n.nspname || '.' || coalesce(c.relname, t.typname) || '.' || k.conname, pg_get_constraintdef(k.oid)
              from pg_constraint k
              join pg_namespace n on n.oid = k.connamespace
              left join pg_class c on c.oid = k.conrelid
              left join pg_type t on t.oid = k.contypid
             where n.nspname <> all(%s)""",
        "index": """
            select n.nspname || '.' || c.relname, pg_get_indexdef(c.oid)
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname <> all(%s) and c.relkind in ('i', 'I')""",
        "routine": """
            select n.nspname || '.' || p.oid::regprocedure::text,
                   pg_get_functiondef(p.oid) || coalesce(obj_description(p.oid, 'pg_proc'), '')
                   || coalesce(p.proacl::text, '')
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname <> all(%s) and p.prokind in ('f', 'p')
               and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')""",
        "trigger": """
            select n.nspname || '.' || c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid)
              from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
             where n.nspname <> all(%s) and not t.tgisinternal""",
        "policy": """
            select schemaname || '.' || tablename || '.' || policyname,
                   cmd || array_to_string(roles, ',') || coalesce(qual, '') || coalesce(with_check, '')
              from pg_policies where schemaname <> all(%s)""",
        "extension": "select extname, extversion from pg_extension where extname <> all(%s)",
        "type": """
            select n.nspname || '.' || t.typname, t.typtype::text
              from pg_type t join pg_namespace n on n.oid = t.typnamespace
             where n.nspname <> all(%s) and t.typtype in ('e', 'd', 'c')
               and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')""",
    }
    for kind, query in queries.items():
        for key, value in conn.execute(query, (excluded,)).fetchall():
            result[f"{kind} {key}"] = value
    return result
