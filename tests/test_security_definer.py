"""SECURITY DEFINER routines: every one pins search_path, a malicious function
or operator earlier on the caller's search_path is not picked up, and every
routine taking text is covered by an injection test."""

import psycopg
import pytest
from psycopg import sql
from security_support import make_audited_probe

INSUFFICIENT_PRIVILEGE = psycopg.errors.lookup("42501")

PINNED = "search_path=pg_catalog, pg_temp"


def test_every_security_definer_routine_pins_search_path(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        """select p.oid::regprocedure::text, coalesce(p.proconfig, '{}')
             from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
              and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                                 and d.objid = p.oid and d.deptype = 'e')"""
    ).fetchall()
    assert len(rows) >= 40  # the audit routines, and the core, billing, pharmacy and login procedures
    # pg_catalog first (no shadowing of built-ins), pg_temp explicitly LAST
    # (left out, it would be searched first for relations)
    unpinned = [name for name, config in rows if PINNED not in config]
    assert unpinned == []


@pytest.fixture
def attacker_schema(conn: psycopg.Connection) -> str:
    """A schema holding look-alikes of built-ins: pg_has_role() always says yes, and
    the text = operator lets the string 'forged' equal anything. (Created by the superuser; in a less locked-down
    deployment it would be any schema the attacker may create objects in.)"""
    conn.execute(
        """
        create schema attacker;
        create function attacker.pg_has_role(name, text, text) returns boolean language sql as 'select true';
        -- equality as usual, except that the string 'forged' equals anything
        create function attacker.forged_equal(a text, b text) returns boolean language sql
        as $$ select a operator(pg_catalog.=) b or a operator(pg_catalog.=) 'forged' $$;
        create operator attacker.= (leftarg = text, rightarg = text, function = attacker.forged_equal);
        grant usage on schema attacker to public;
        grant execute on all functions in schema attacker to public;
        """
    )
    return "attacker"


def test_a_shadowing_function_does_not_fool_the_membership_check(
    conn: psycopg.Connection, as_role, attacker_schema: str
) -> None:
    user, url = as_role.login("hc_clinician")
    conn.execute(sql.SQL("grant execute on function audit.set_application_user(text) to {}").format(sql.Identifier(user)))
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("set search_path = attacker, pg_catalog")
        # the look-alike wins in the caller's own context ...
        assert c.execute("select pg_has_role(session_user, 'hc_app', 'member')").fetchone()[0] is True
        # ... but not inside the SECURITY DEFINER routine: the real check ran
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute("select audit.set_application_user('dr.evil')")


def test_a_shadowing_operator_does_not_fool_the_token_check(
    conn: psycopg.Connection, as_role, attacker_schema: str
) -> None:
    user, url = as_role.login("hc_clinician")
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("set search_path = attacker, pg_catalog")
        assert c.execute("select 'forged'::text = 'real'::text, 'a'::text = 'b'::text").fetchone() == (True, False)
        c.execute("set hc_audit.app_user = 'dr.evil'")
        c.execute("set hc_audit.app_user_token = 'forged'")
        assert c.execute("select db_role, app_user from audit.current_actor()").fetchone() == (user, None)


def test_shadowing_now_does_not_move_audit_entries_in_time(conn: psycopg.Connection, attacker_schema: str) -> None:
    make_audited_probe(conn)
    conn.execute(
        "create function attacker.now() returns timestamptz language sql as $$ select timestamptz '1999-12-31' $$"
    )
    conn.execute("grant execute on function attacker.now() to public")
    # a write from a session whose own search_path puts the look-alike first
    conn.execute("set search_path = attacker, pg_catalog")
    assert conn.execute("select now()").fetchone()[0].year == 1999
    conn.execute("insert into clinic.audit_probe (patient_id, note) values (1, 'x')")
    conn.execute("reset search_path")
    changed_at = conn.execute("select changed_at from audit.log").fetchone()[0]
    assert changed_at.year >= 2024


# Every routine of the project schemas that takes text and is executable by an
# application role must be called with injection strings and hostile Unicode
# by some test. Add the routine here with the test that does it; the core and
# pharmacy procedures join this list when they land.
_IDENTITY = "test_security_identity.py::test_hostile_application_user_is_stored_verbatim_and_changes_nothing_else"
_PATIENT = "test_wiring_injection.py::test_patient_and_scheduling_procedures_store_hostile_text_verbatim"
_CLINICAL = "test_wiring_injection.py::test_clinical_procedures_store_hostile_text_verbatim"
_BILLING = "test_wiring_injection.py::test_billing_procedures_store_hostile_text_verbatim"
_PHARMACY = "test_wiring_injection.py::test_pharmacy_procedures_store_hostile_text_verbatim"
_LOGINS = "test_wiring_injection.py::test_login_procedures_refuse_or_quote_hostile_names"
_WAREHOUSE = "test_warehouse_refusals.py::test_text_passed_for_the_status_output_is_ignored"
INJECTION_TESTED = {
    "audit.set_application_user(text)": _IDENTITY,
    "clinic.register_patient(text,text,date,text,text,text,text,text,text,text,bigint,text,text,text,text,bigint)":
        _PATIENT,
    "clinic.update_patient(bigint,text,text,date,text,text,text,text,text,text,text,bigint,text,text,text)": _PATIENT,
    "clinic.schedule_appointment(bigint,bigint,bigint,timestamp with time zone,timestamp with time zone,text,bigint)":
        _PATIENT,
    "clinic.cancel_appointment(bigint,text)": _PATIENT,
    "clinic.start_encounter(bigint,text,numeric,integer,integer,integer,integer,integer,numeric,numeric)": _CLINICAL,
    "clinic.complete_encounter(bigint,text)": _CLINICAL,
    "clinic.record_diagnosis(bigint,text,text,boolean,date,text,bigint)": _CLINICAL,
    "clinic.record_treatment(bigint,bigint,bigint,text,numeric,text,bigint)": _CLINICAL,
    "clinic.prescribe(bigint,bigint,bigint,text,text,numeric,integer,text,numeric,date,bigint)": _CLINICAL,
    "billing.record_payment(bigint,numeric,text,text,bigint)": _BILLING,
    "billing.record_adjustment(bigint,numeric,text,bigint)": _BILLING,
    "billing.adjudicate_claim(bigint,numeric,text)": _BILLING,
    "billing.generate_billing_summary(bigint,date,date,jsonb)": _BILLING,
    "pharmacy.receive_stock(bigint,bigint,text,date,numeric,numeric,text,bigint)": _PHARMACY,
    "pharmacy.dispense_stock(bigint,bigint,numeric,text,boolean,bigint,bigint,numeric)": _PHARMACY,
    "pharmacy.return_stock(bigint,numeric,text,bigint,bigint)": _PHARMACY,
    "pharmacy.adjust_stock(bigint,numeric,text,bigint)": _PHARMACY,
    "pharmacy.transfer_stock(bigint,bigint,numeric,text,bigint)": _PHARMACY,
    "pharmacy.dispense_prescription(bigint,bigint,numeric,boolean,bigint,numeric,text)":
        "test_prescription_dispensing.py::test_text_passed_for_the_status_output_is_ignored",
    "clinic.create_staff_login(bigint,text,text,text,timestamp with time zone)": _LOGINS,
    "clinic.link_staff_login(bigint,text,text)": _LOGINS,
    "dw.refresh(bigint,text,interval)": _WAREHOUSE,
    "dw.rebuild(bigint,text,interval)": _WAREHOUSE,
}


def test_every_routine_taking_text_has_an_injection_test(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        """
        select distinct p.oid::regprocedure::text  -- schema-qualified: no project schema is on search_path
          from pg_proc p
          join pg_namespace n on n.oid = p.pronamespace
          join pg_roles r on r.rolname like 'hc\\_%%' and r.rolname <> 'hc_owner'
         where n.nspname = any(%s)
           and has_function_privilege(r.oid, p.oid, 'EXECUTE')
           and exists (select 1 from unnest(p.proargtypes::oid[]) as t(oid)
                        where t.oid in ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'name'::regtype,
                                        'jsonb'::regtype, 'json'::regtype, 'text[]'::regtype))
         order by 1
        """,
        (["util", "ref", "clinic", "billing", "pharmacy", "audit", "audit_archive", "dw", "reporting"],),
    ).fetchall()
    untested = [name for (name,) in rows if name not in INJECTION_TESTED]
    assert untested == [], "routines taking text without an injection test (add one, list it in INJECTION_TESTED)"
    assert set(INJECTION_TESTED) <= {name for (name,) in rows}, "INJECTION_TESTED lists a routine that is gone"
