"""The audit trail: every insert, update and delete on an audited table is
logged with who, when, what; audit rows cannot be changed by anybody (dba
included); months are partitioned ahead, the default partition catches the
rest, and retention moves months to audit_archive without losing a row."""

import psycopg
import pytest
from security_support import make_audited_probe, raises_sqlstate, render_macro

INSUFFICIENT_PRIVILEGE = psycopg.errors.lookup("42501")
NO_DATA_FOUND = psycopg.errors.lookup("P0002")
INVALID_PARAMETER = psycopg.errors.lookup("22023")


def audit_rows(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        """select operation, db_role, table_schema, table_name, row_key, patient_id, old_row, new_row,
                  changed_columns, transaction_id
             from audit.log order by log_id"""
    ).fetchall()


def insert_old_row(conn: psycopg.Connection, changed_at: str, patient_id: int = 5) -> None:
    """An audit row from the past (as the superuser: nobody else can insert)."""
    conn.execute(
        """insert into audit.log (changed_at, db_role, table_schema, table_name, operation, row_key, patient_id,
                                  new_row, transaction_id)
           values (%s, 'old_login', 'clinic', 'audit_probe', 'insert', '{"audit_probe_id": 1}', %s, '{}', 1)""",
        (changed_at, patient_id),
    )


def test_macro_wires_the_audit_and_truncate_triggers() -> None:
    rendered = render_macro("{{ audit_trigger('clinic.patient', patient_column='patient_id') }}")
    # statement-level, one trigger per event (a trigger with transition tables fires on one event only)
    assert "after insert on clinic.patient\nreferencing new table as audit_new\nfor each statement" in rendered
    assert "after update on clinic.patient\nreferencing old table as audit_old new table as audit_new" in rendered
    assert "after delete on clinic.patient\nreferencing old table as audit_old\nfor each statement" in rendered
    assert rendered.count("execute function audit.record_change('patient_id', 'patient_id')") == 3
    assert "before truncate on clinic.patient" in rendered
    no_patient = render_macro("{{ audit_trigger('clinic.department') }}")
    assert "audit.record_change('', 'department_id')" in no_patient
    composite = render_macro("{{ audit_trigger('clinic.x', key_columns=['a_id', 'b_id']) }}")
    assert "audit.record_change('', 'a_id', 'b_id')" in composite
    via = render_macro(
        "{{ audit_trigger('pharmacy.dispensing', patient_via=[('prescription_id', 'clinic.prescription'),"
        " ('encounter_id', 'clinic.encounter')], refuse_truncate=false) }}"
    )
    assert "audit.record_change('prescription_id@clinic.prescription,encounter_id@clinic.encounter', " \
           "'dispensing_id')" in via
    assert "truncate" not in via


def test_insert_update_delete_are_logged_with_the_login(conn: psycopg.Connection, as_role) -> None:
    make_audited_probe(conn)
    login, url = as_role.login("hc_clinician")
    with psycopg.connect(url) as c:
        probe = c.execute("select clinic.audit_probe_write(42, 'first')").fetchone()[0]
        c.execute("select clinic.audit_probe_edit(%s, 'second')", (probe,))
        xid = c.execute("select pg_current_xact_id()::text::bigint").fetchone()[0]
        c.commit()
        c.execute("select clinic.audit_probe_remove(%s)", (probe,))
        c.commit()
    key = {"audit_probe_id": probe}
    first = {"audit_probe_id": probe, "patient_id": 42, "note": "first"}
    second = {**first, "note": "second"}
    rows = audit_rows(conn)
    assert [r[:6] for r in rows] == [
        ("insert", login, "clinic", "audit_probe", key, 42),
        ("update", login, "clinic", "audit_probe", key, 42),
        ("delete", login, "clinic", "audit_probe", key, 42),
    ]
    assert [(r[6], r[7], r[8]) for r in rows] == [(None, first, None), (first, second, ["note"]), (second, None, None)]
    assert rows[0][9] == rows[1][9] == xid and rows[2][9] > xid


def test_a_failed_write_leaves_no_audit_row(conn: psycopg.Connection, as_role) -> None:
    make_audited_probe(conn)
    c = as_role.connect("hc_clinician")
    with pytest.raises(psycopg.errors.NotNullViolation):
        c.execute("select clinic.audit_probe_write(null, 'x')")
    assert audit_rows(conn) == []


def test_truncate_of_an_audited_table_is_refused(conn: psycopg.Connection) -> None:
    make_audited_probe(conn)
    conn.execute("select clinic.audit_probe_write(1, 'x')")
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        conn.execute("truncate clinic.audit_probe")
    assert conn.execute("select count(*) from clinic.audit_probe").fetchone()[0] == 1


def test_wrongly_wired_trigger_fails_loudly(conn: psycopg.Connection) -> None:
    conn.execute("create table clinic.miswired (miswired_id bigint primary key, patient_id bigint)")
    conn.execute(render_macro("{{ audit_trigger('clinic.miswired', patient_column='patient_no') }}"))
    with raises_sqlstate("ZS001"):
        conn.execute("insert into clinic.miswired values (1, 2)")
    conn.execute(render_macro("{{ audit_trigger('clinic.miswired', key_columns=['no_such_id']) }}"))
    with raises_sqlstate("ZS001"):
        conn.execute("insert into clinic.miswired values (1, 2)")
    # wired by hand as a row trigger (the pre-0032 way): refused, not silently half-audited
    conn.execute("drop trigger audit_insert on clinic.miswired")
    conn.execute("create trigger audit_row after insert on clinic.miswired for each row"
                 " execute function audit.record_change('patient_id', 'miswired_id')")
    with raises_sqlstate("ZS001"):
        conn.execute("insert into clinic.miswired values (1, 2)")
    assert conn.execute("select count(*) from clinic.miswired").fetchone()[0] == 0


AUDIT_WRITES = [
    "update audit.log set app_user = 'nobody'",
    "delete from audit.log",
    "truncate audit.log",
    "update audit.log_default set app_user = 'nobody'",
    "insert into audit.log (db_role, table_schema, table_name, operation, row_key, new_row, transaction_id)"
    " values ('x', 'clinic', 'p', 'insert', '{}', '{}', 1)",
    "update audit.app_identity_key set signing_key = 'known'",
    "delete from audit_archive.log",
]


def test_no_role_can_write_audit_rows(conn: psycopg.Connection, as_role) -> None:
    make_audited_probe(conn)
    conn.execute("select clinic.audit_probe_write(1, 'x')")
    before = audit_rows(conn)
    for group in ("hc_dba", "hc_clinician", "hc_receptionist", "hc_billing_clerk", "hc_pharmacist", "hc_app",
                  "hc_analyst", "hc_bi_reader"):
        c = as_role.connect(group)
        for statement in AUDIT_WRITES:
            with pytest.raises(INSUFFICIENT_PRIVILEGE):
                c.execute(statement)
        if group != "hc_dba":  # only hc_dba may become the owner, explicitly (see the next test)
            with pytest.raises(INSUFFICIENT_PRIVILEGE):
                c.execute("set role hc_owner")
    assert audit_rows(conn) == before


def test_not_even_the_owner_can_change_audit_rows(conn: psycopg.Connection, as_role) -> None:
    """A dba who becomes hc_owner (SET ROLE), and the superuser, hit the append-only triggers."""
    make_audited_probe(conn)
    conn.execute("select clinic.audit_probe_write(1, 'x')")
    insert_old_row(conn, "2001-01-01")  # lands in audit.log_default
    before = audit_rows(conn)
    dba = as_role.connect("hc_dba")
    dba.execute("set role hc_owner")
    for c in (dba, conn):
        for statement in ("update audit.log set app_user = 'nobody'", "delete from audit.log", "truncate audit.log",
                          "delete from audit.log_default"):
            with pytest.raises(INSUFFICIENT_PRIVILEGE):
                c.execute(statement)
    assert audit_rows(conn) == before


def test_dba_reads_no_audit_values_but_gets_the_patient_history(conn: psycopg.Connection, as_role) -> None:
    make_audited_probe(conn)
    writer, url = as_role.login("hc_clinician")
    with psycopg.connect(url, autocommit=True) as c:
        probe = c.execute("select clinic.audit_probe_write(42, 'first')").fetchone()[0]
        c.execute("select clinic.audit_probe_edit(%s, 'second')", (probe,))
        c.execute("select clinic.audit_probe_write(43, 'another patient')")
    dba = as_role.connect("hc_dba")
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        dba.execute("select new_row from audit.log")
    history = dba.execute(
        "select db_role, app_user, table_schema, table_name, operation, changed_columns"
        " from audit.patient_access_history(42)"
    ).fetchall()
    assert history == [
        (writer, None, "clinic", "audit_probe", "insert", None),
        (writer, None, "clinic", "audit_probe", "update", ["note"]),
    ]
    clinician = as_role.connect("hc_clinician")
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        clinician.execute("select * from audit.patient_access_history(42)")
    with pytest.raises(INVALID_PARAMETER):
        dba.execute("select * from audit.patient_access_history(null)")


def test_this_month_and_the_next_have_partitions(conn: psycopg.Connection) -> None:
    make_audited_probe(conn)
    conn.execute("select clinic.audit_probe_write(1, 'x')")
    where = conn.execute("select tableoid::regclass::text from audit.log").fetchone()[0]
    assert where == conn.execute("select 'audit.log_' || to_char(now(), 'YYYY_MM')").fetchone()[0]
    conn.execute("call audit.create_log_partitions(6)")
    months = conn.execute(
        """select count(*) from pg_inherits where inhparent = 'audit.log'::regclass
            and inhrelid::regclass::text >= 'audit.log_' || to_char(now(), 'YYYY_MM')
            and inhrelid::regclass::text <> 'audit.log_default'"""
    ).fetchone()[0]
    assert months == 7
    conn.execute("call audit.create_log_partitions(6)")  # idempotent
    with pytest.raises(INVALID_PARAMETER):
        conn.execute("call audit.create_log_partitions(-1)")


def test_rows_in_the_default_partition_are_moved_not_lost(conn: psycopg.Connection, as_role) -> None:
    insert_old_row(conn, "2015-03-10 08:00+00", patient_id=5)
    insert_old_row(conn, "2015-04-02 09:00+00", patient_id=5)
    before = conn.execute("select * from audit.log order by log_id").fetchall()
    assert conn.execute("select count(*) from audit.log_default").fetchone()[0] == 2
    dba = as_role.connect("hc_dba")
    dba.execute("call audit.create_log_partitions()")
    assert conn.execute("select * from audit.log order by log_id").fetchall() == before
    placed = conn.execute("select tableoid::regclass::text from audit.log order by log_id").fetchall()
    assert placed == [("audit.log_2015_03",), ("audit.log_2015_04",)]
    assert conn.execute("select count(*) from audit.log_default").fetchone()[0] == 0
    # the re-attached default partition is append-only again
    insert_old_row(conn, "2014-01-01")
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        conn.execute("delete from audit.log_default")


def test_archiving_moves_a_month_out_of_the_live_log(conn: psycopg.Connection, as_role) -> None:
    insert_old_row(conn, "2015-03-10 08:00+00", patient_id=5)
    insert_old_row(conn, "2015-04-02 09:00+00", patient_id=5)
    conn.execute("call audit.create_log_partitions()")
    march = conn.execute("select * from audit.log where changed_at < '2015-04-01' order by log_id").fetchall()
    dba = as_role.connect("hc_dba")
    dba.execute("call audit.archive_log_partition('2015-03-01')")
    assert conn.execute("select * from audit_archive.log order by log_id").fetchall() == march
    assert conn.execute("select count(*) from audit.log where changed_at < '2015-04-01'").fetchone()[0] == 0
    assert conn.execute("select to_regclass('audit_archive.log_2015_03') is not null").fetchone()[0]
    # the history still sees the archived month, and the archive is append-only
    assert len(dba.execute("select * from audit.patient_access_history(5)").fetchall()) == 2
    for statement in ("delete from audit_archive.log", "update audit_archive.log_2015_03 set app_user = 'x'",
                      "truncate audit_archive.log"):
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            conn.execute(statement)
    with pytest.raises(NO_DATA_FOUND):  # archived already
        dba.execute("call audit.archive_log_partition('2015-03-01')")


def test_archiving_refuses_and_changes_nothing(conn: psycopg.Connection, as_role) -> None:
    insert_old_row(conn, "2015-03-10")
    conn.execute("call audit.create_log_partitions()")
    before = conn.execute("select * from audit.log order by log_id").fetchall()
    dba = as_role.connect("hc_dba")
    for month, error in (
        ("date_trunc('month', now())", "ZS002"),
        ("date_trunc('month', now() - interval '5 years')", "ZS002"),
        ("'2015-03-02'", "22023"),
        ("null", "22023"),
        ("'1990-01-01'", "P0002"),
    ):
        with raises_sqlstate(error):
            dba.execute(f"call audit.archive_log_partition(({month})::date)")
    with raises_sqlstate("22023"):
        dba.execute("call audit.archive_log_partition('2015-03-01', interval '1 month')")
    assert conn.execute("select * from audit.log order by log_id").fetchall() == before
    assert conn.execute("select count(*) from audit_archive.log").fetchone()[0] == 0


def test_only_the_dba_runs_audit_maintenance(as_role) -> None:
    for group in ("hc_clinician", "hc_analyst", "hc_app"):
        c = as_role.connect(group)
        for statement in ("call audit.create_log_partitions()", "call audit.archive_log_partition('2015-03-01')"):
            with pytest.raises(INSUFFICIENT_PRIVILEGE):
                c.execute(statement)
