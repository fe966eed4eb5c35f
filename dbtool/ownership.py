"""Every object of the project's schemas is owned by hc_owner (issue 7).

At the end of every deploy (and rollback), in the deploy's transaction, each
schema, relation, routine and type in the project's schemas that hc_owner does
not own yet is ALTERed to be owned by it. Before the roles migration has run
(no hc_owner role) this does nothing.

Why a pass at the end rather than `SET LOCAL ROLE hc_owner` while applying:
- the migration that creates the roles, extension creation and other
  superuser-only statements cannot run as hc_owner, and neither can dbtool's
  own bookkeeping (schema dbtool is not hc_owner's), so a role switch would
  have to be toggled around individual statements;
- objects created before the roles existed (0001's schemas, earlier tables)
  must be handed over anyway, and so must anything created by hand: one
  idempotent catalog query covers all of those and repairs drift every deploy;
- it is one place to read, and `dbtool apply` prints what it handed over.
The cost is one catalog query per deploy, and ALTERs only for new objects.

Consequence: SECURITY DEFINER routines run as hc_owner, which owns the tables,
so row-level security does not apply inside them (the owner bypasses RLS unless
the table has FORCE ROW LEVEL SECURITY). Such a routine must authorize its
caller itself (audit.current_actor(), the staff mapping): docs/security.md.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

OWNER_ROLE = "hc_owner"
PROJECT_SCHEMAS = (
    "util", "ref", "clinic", "billing", "pharmacy", "audit", "audit_archive", "dw", "reporting", "staging",
)

_ALTER_KIND = {
    "schema": "schema",
    "r": "table",
    "p": "table",
    "v": "view",
    "m": "materialized view",
    "S": "sequence",
    "f": "foreign table",
    "routine": "routine",
    "type": "type",
    "domain": "domain",
}

# (kind, schema, name, routine signature) of every object not owned by hc_owner;
# extension members (ext's, or any extension's) and the sequences behind
# identity/serial columns (they follow their table) are left out
_NOT_OWNED = """
with owner as (select oid from pg_roles where rolname = %(owner)s),
     nsp as (select oid, nspname, nspowner from pg_namespace where nspname = any(%(schemas)s))
select 'schema', n.nspname, n.nspname, null
  from nsp n where n.nspowner <> (select oid from owner)
union all
select c.relkind::text, n.nspname, c.relname, null
  from pg_class c join nsp n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and c.relowner <> (select oid from owner)
   and not exists (select 1 from pg_depend d
                    where d.classid = 'pg_class'::regclass and d.objid = c.oid
                      and (d.deptype = 'e' or (c.relkind = 'S' and d.deptype in ('a', 'i'))))
union all
select 'routine', n.nspname, p.proname,
       format('%%I.%%I(%%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
  from pg_proc p join nsp n on n.oid = p.pronamespace
 where p.proowner <> (select oid from owner)
   and not exists (select 1 from pg_depend d
                    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
union all
select case t.typtype when 'd' then 'domain' else 'type' end, n.nspname, t.typname, null
  from pg_type t join nsp n on n.oid = t.typnamespace
 where t.typtype in ('c', 'd', 'e', 'r') and t.typowner <> (select oid from owner)
   and (t.typrelid = 0 or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')
   and not exists (select 1 from pg_depend d
                    where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
order by 1, 2, 3
"""


def owner_role_exists(conn: psycopg.Connection) -> bool:
    row = conn.execute("select exists (select 1 from pg_roles where rolname = %s)", (OWNER_ROLE,)).fetchone()
    return bool(row and row[0])


def not_owned(conn: psycopg.Connection) -> list[tuple[str, str, str, str | None]]:
    """Objects of the project's schemas that hc_owner does not own (empty if the role is missing)."""
    if not owner_role_exists(conn):
        return []
    rows = conn.execute(_NOT_OWNED, {"owner": OWNER_ROLE, "schemas": list(PROJECT_SCHEMAS)}).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def transfer_to_owner(conn: psycopg.Connection) -> list[str]:
    """ALTER ... OWNER TO hc_owner for every object not owned by it; returns what changed."""
    changed = []
    for kind, schema, name, signature in not_owned(conn):
        if kind == "schema":
            target = sql.Identifier(name)
        elif kind == "routine":
            target = sql.SQL(signature or "")  # built with format('%I.%I(%s)') by the catalog query
        else:
            target = sql.Identifier(schema, name)
        conn.execute(
            sql.SQL("alter {} {} owner to {}").format(
                sql.SQL(_ALTER_KIND[kind]), target, sql.Identifier(OWNER_ROLE)
            )
        )
        changed.append(f"{_ALTER_KIND[kind]} {signature or (name if kind == 'schema' else f'{schema}.{name}')}")
    return changed
