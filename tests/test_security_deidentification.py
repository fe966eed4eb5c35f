"""De-identification: analysts and BI tools read only dw / reporting, and no
column they can read carries a direct identifier (HIPAA Safe Harbor).

The guard reads the live catalog (every table, view and routine result of every
schema, via has_column_privilege / has_function_privilege), so it keeps
checking as the clinical core, the warehouse and the reporting views land. The
self-tests prove it fails when an identifier is exposed.
"""

import psycopg
import pytest
from security_support import IDENTIFIER_NAME, identifier_exposure, readable_columns

READERS = ("hc_analyst", "hc_bi_reader")


def test_no_column_an_analyst_or_bi_reader_can_read_is_a_direct_identifier(conn: psycopg.Connection) -> None:
    exposed = identifier_exposure(conn, READERS)
    assert exposed == [], "direct identifiers readable by analysts / BI:\n" + "\n".join(exposed)


def test_analysts_read_only_the_warehouse_and_reporting(conn: psycopg.Connection) -> None:
    allowed = {"hc_analyst": ("dw.", "reporting."), "hc_bi_reader": ("reporting.",)}
    outside = [str(c) for c in readable_columns(conn, READERS) if not c.relation.startswith(allowed[c.role])]
    assert outside == []


def test_analysts_cannot_use_the_clinical_and_audit_schemas(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        """select r.rolname, n.nspname from pg_roles r cross join pg_namespace n
            where r.rolname = any(%s) and has_schema_privilege(r.oid, n.oid, 'USAGE')
              and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%%'
            order by 1, 2""",
        (list(READERS),),
    ).fetchall()
    assert rows == [("hc_analyst", "dw"), ("hc_analyst", "reporting"), ("hc_bi_reader", "reporting")]


def test_guard_fails_on_a_view_exposing_first_name(conn: psycopg.Connection) -> None:
    assert identifier_exposure(conn, READERS) == []
    conn.execute("create view reporting.guard_selftest as select 'Ada'::text as first_name, 1 as visit_count")
    conn.execute("grant select on reporting.guard_selftest to hc_bi_reader")
    assert identifier_exposure(conn, READERS) == ["hc_bi_reader can read reporting.guard_selftest.first_name"]


def test_guard_fails_on_a_column_grant_and_on_a_public_grant(conn: psycopg.Connection) -> None:
    conn.execute("create table dw.guard_selftest (guard_selftest_id bigint primary key, zip_code text, zip3 text)")
    conn.execute("grant select (guard_selftest_id, zip3) on dw.guard_selftest to hc_analyst")
    assert identifier_exposure(conn, READERS) == []  # zip3 is the de-identified form
    conn.execute("grant select on dw.guard_selftest to public")
    assert identifier_exposure(conn, READERS) == ["hc_analyst can read dw.guard_selftest.zip_code"]


def test_guard_fails_on_a_column_tagged_as_identifier_in_its_comment(conn: psycopg.Connection) -> None:
    conn.execute("create view reporting.guard_selftest as select 'x'::text as code")
    conn.execute("comment on column reporting.guard_selftest.code is 'patient''s national number [PHI]'")
    conn.execute("grant select on reporting.guard_selftest to hc_analyst")
    assert identifier_exposure(conn, READERS) == [
        "hc_analyst can read reporting.guard_selftest.code (patient's national number [PHI])"
    ]


def test_guard_fails_on_a_function_returning_identifiers(conn: psycopg.Connection) -> None:
    conn.execute(
        """create function reporting.guard_selftest() returns table (birth_date date, visits int)
           language sql as $$ select date '1950-01-01', 3 $$"""
    )
    assert identifier_exposure(conn, READERS) == []  # PUBLIC EXECUTE is revoked by default
    conn.execute("grant execute on function reporting.guard_selftest() to hc_bi_reader")
    assert identifier_exposure(conn, READERS) == ["hc_bi_reader can read reporting.guard_selftest().birth_date"]


@pytest.mark.parametrize(
    "column",
    ["first_name", "last_name", "patient_name", "family_name", "phone", "mobile_phone", "email", "e_mail",
     "address_line1", "street", "city", "zip", "postal_code", "birth_date", "date_of_birth", "dob", "mrn",
     "medical_record_number", "ssn", "policy_number", "member_id", "note", "notes", "free_text", "ip_address"],
)
def test_identifier_names_are_recognised(column: str) -> None:
    assert IDENTIFIER_NAME.search(column)


@pytest.mark.parametrize(
    "column",
    ["patient_key", "age_band", "birth_year", "zip3", "sex", "department_name", "icd10_code", "encounter_month",
     "visit_count", "cancelled_count", "total_amount", "length_of_stay_days"],
)
def test_de_identified_names_pass(column: str) -> None:
    assert not IDENTIFIER_NAME.search(column)
