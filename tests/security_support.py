"""Shared helpers of the tests/test_security_*.py files (issue 7).

- `readable_columns` / `identifier_exposure`: the de-identification guard,
  over the live catalog, so it keeps checking as clinic, dw and reporting land.
- `make_audited_probe`: a throw-away audited table (wired with the real
  audit_trigger macro) and a SECURITY DEFINER writer, the way the core tables
  will be wired at merge.
- HOSTILE_TEXT / REFUSED_APP_USERS: injection strings and hostile Unicode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pytest
from conftest import PROJECT

from dbtool.render import Renderer

PROJECT_SCHEMAS = ("util", "ref", "clinic", "billing", "pharmacy", "audit", "audit_archive", "dw", "reporting")
APP_ROLES = ("hc_receptionist", "hc_clinician", "hc_billing_clerk", "hc_pharmacist", "hc_app")
ALL_ROLES = ("hc_owner", "hc_dba", *APP_ROLES, "hc_analyst", "hc_bi_reader")

# -- de-identification guard ---------------------------------------------------

# Column names that carry a HIPAA Safe Harbor direct identifier. De-identified
# replacements must be named so they do not match: birth_year, age_band, zip3.
IDENTIFIER_NAME = re.compile(
    r"""(
        (^|_)(first|last|given|family|middle|maiden|full|nick|preferred|display|patient|person|contact|kin)_?names?$
      | ^(surname|forename|name_(first|last|given|family)|full_name)$
      | phone | mobile | (^|_)cell(ular)?(_?phone)?(_|$) | (^|_)fax(_|$) | e_?mail | (^|_)url$ | web_?site | ip_?addr
      | address | street | (^|_)addr(_|$) | (^|_)(city|town|county|precinct)$ | house_?(number|no)
      | (^|_)(zip|zip_?code|postal_?code|post_?code)$
      | birth_?date | date_of_birth | (^|_)dob$ | birthday | death_?date | date_of_death | deceased_(at|on|date)
      | (^|_)ssn$ | social_security | national_id | passport | driver_?s?_?licen[cs]e | licen[cs]e_?(number|no)
      | (^|_)mrn$ | medical_record | chart_?number | policy_?(number|no|id)$ | member_?(number|no|id)$ | subscriber_?id
      | account_?(number|no) | certificate_?(number|no) | device_?serial | serial_?number | vehicle | licen[cs]e_?plate
      | biometric | fingerprint | photo | face_?image
      | (^|_)notes?$ | narrative | free_?text | remarks? | clinical_text | comment_text
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Column comments that tag a direct identifier (the convention for the core
# tables: a comment containing "direct identifier" or "[PHI]").
IDENTIFIER_COMMENT = re.compile(r"direct identifier|\[phi\]", re.IGNORECASE)


@dataclass(frozen=True)
class ReadableColumn:
    role: str
    relation: str  # schema.name
    column: str
    comment: str

    def __str__(self) -> str:
        return f"{self.role} can read {self.relation}.{self.column}" + (f" ({self.comment})" if self.comment else "")


_READABLE_COLUMNS = """
select r.rolname, n.nspname || '.' || c.relname, a.attname, coalesce(col_description(c.oid, a.attnum), '')
  from pg_roles r
 cross join pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
 where r.rolname = any(%(roles)s)
   and c.relkind in ('r', 'p', 'v', 'm', 'f')
   and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%%'
   and has_schema_privilege(r.oid, n.oid, 'USAGE')
   and has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT')
 order by 1, 2, 3
"""

# Routines the role may EXECUTE that hand back columns (OUT / TABLE arguments,
# or a table's row type): an identifier leaks through them just as well.
_READABLE_ROUTINE_COLUMNS = """
select r.rolname, n.nspname || '.' || p.proname || '()', coalesce(out_arg.name, a.attname), ''
  from pg_roles r
 cross join pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  left join lateral unnest(p.proargnames, p.proargmodes) as out_arg(name, mode) on out_arg.mode in ('o', 'b', 't')
  left join pg_type t on t.oid = p.prorettype and t.typrelid <> 0
  left join pg_attribute a on a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped
 where r.rolname = any(%(roles)s)
   and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%%'
   and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                      and d.deptype = 'e')
   and has_schema_privilege(r.oid, n.oid, 'USAGE')
   and has_function_privilege(r.oid, p.oid, 'EXECUTE')
   and coalesce(out_arg.name, a.attname) is not null
 order by 1, 2, 3
"""


def readable_columns(conn: psycopg.Connection, roles: tuple[str, ...]) -> list[ReadableColumn]:
    """Every column (of tables, views, and of routine results) each role can read."""
    found = []
    for query in (_READABLE_COLUMNS, _READABLE_ROUTINE_COLUMNS):
        for role, relation, column, comment in conn.execute(query, {"roles": list(roles)}).fetchall():
            found.append(ReadableColumn(role, relation, column, comment))
    return found


def identifier_exposure(conn: psycopg.Connection, roles: tuple[str, ...] = ("hc_analyst", "hc_bi_reader")) -> list[str]:
    """The readable columns whose name or comment marks a direct identifier."""
    return [
        str(col)
        for col in readable_columns(conn, roles)
        if IDENTIFIER_NAME.search(col.column) or IDENTIFIER_COMMENT.search(col.comment)
    ]


# -- an audited table, wired the way the core tables will be -------------------


def render_macro(call: str) -> str:
    """Render a call of a sql/macros/common.sql macro exactly as dbtool does."""
    return Renderer(PROJECT.sql_dir).env.from_string(call).render()


def make_audited_probe(conn: psycopg.Connection, grant_to: str = "hc_clinician") -> None:
    """clinic.audit_probe (audited, patient column patient_id) owned by hc_owner,
    and clinic.audit_probe_write(patient, note) -> id, a SECURITY DEFINER writer
    granted to `grant_to`, plus audit_probe_edit(id, note) and audit_probe_remove(id)."""
    conn.execute(
        """
        create table clinic.audit_probe (
            audit_probe_id bigint generated always as identity primary key,
            patient_id bigint not null,
            note text
        );
        alter table clinic.audit_probe owner to hc_owner;
        create function clinic.audit_probe_write(p_patient_id bigint, p_note text) returns bigint
        language sql security definer set search_path = pg_catalog, pg_temp
        as $$ insert into clinic.audit_probe (patient_id, note) values (p_patient_id, p_note)
              returning audit_probe_id $$;
        create function clinic.audit_probe_edit(p_id bigint, p_note text) returns void
        language sql security definer set search_path = pg_catalog, pg_temp
        as $$ update clinic.audit_probe set note = p_note where audit_probe_id = p_id $$;
        create function clinic.audit_probe_remove(p_id bigint) returns void
        language sql security definer set search_path = pg_catalog, pg_temp
        as $$ delete from clinic.audit_probe where audit_probe_id = p_id $$;
        """
    )
    conn.execute(render_macro("{{ audit_trigger('clinic.audit_probe', patient_column='patient_id') }}"))
    for routine in ("audit_probe_write(bigint, text)", "audit_probe_edit(bigint, text)", "audit_probe_remove(bigint)"):
        conn.execute(f"alter function clinic.{routine} owner to hc_owner")
        conn.execute(f"revoke all on function clinic.{routine} from public")
        conn.execute(f"grant execute on function clinic.{routine} to {grant_to}")
    conn.execute(f"grant usage on schema clinic to {grant_to}")


# -- hostile input ------------------------------------------------------------

# accepted as an application user name, and must be stored exactly (NFC)
HOSTILE_TEXT = [
    "'; drop table audit.log; --",
    "x' or '1'='1",
    "Robert'); delete from audit.log where true; --",
    "$$; select pg_sleep(5); $$",
    "\\'; truncate audit.log; --",
    "%s %I %L %%",
    "\"; set role hc_owner; --",
    "dr.house\u02bc; drop schema audit cascade; --",  # modifier letter apostrophe
    "\uff07 or \uff071\uff07=\uff071",  # fullwidth apostrophes
    "Zo\u00eb \u00c5ngstr\u00f6m-\u0141ukasiewicz \u738b\u82b3 \u0645\u062d\u0645\u062f",
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 \U0001f469",  # astral plane
    "Jose\u0301",  # decomposed: stored as NFC 'José'
    "a" * 200,
]
# refused with 22023 (control, invisible or bidi characters, spaces around, too long, empty)
REFUSED_APP_USERS = [
    "",
    "   ",
    " padded",
    "dr.house\u202e",  # right-to-left override
    "dr.\u200bhouse",  # zero-width space
    "\ufeffdr.house",  # byte order mark
    "dr.house\nadmin",
    "dr.house\x1b[2J",
    "\U0001f469\u200d\u2695\ufe0f",  # emoji ZWJ sequence (zero-width joiner)
    "a" * 201,
]


@contextmanager
def raises_sqlstate(code: str) -> Iterator[None]:
    """Like pytest.raises, for any SQLSTATE (project codes such as ZS002 have no psycopg class)."""
    with pytest.raises(psycopg.Error) as caught:
        yield
    assert caught.value.sqlstate == code, f"expected SQLSTATE {code}, got {caught.value.sqlstate}: {caught.value}"
