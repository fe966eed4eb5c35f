"""Every role over a real login connection: what its job needs works, and what it
may not do fails with insufficient_privilege (42501): direct writes to every
clinical, billing and pharmacy table, reading PHI outside its job, and
changing audit rows."""

from decimal import Decimal

import psycopg
import pytest
from psycopg import sql
from test_core_support import call, tomorrow_at
from wiring_support import INSUFFICIENT_PRIVILEGE, Hospital, business_tables, hospital  # noqa: F401

LOGIN_ROLES = ("hc_dba", "hc_receptionist", "hc_clinician", "hc_billing_clerk", "hc_pharmacist", "hc_app",
               "hc_analyst", "hc_bi_reader")


def test_no_role_writes_a_business_table_directly(conn: psycopg.Connection, as_role) -> None:
    tables = business_tables(conn)
    assert {"clinic.patient", "clinic.encounter", "billing.invoice", "pharmacy.dispensing",
            "clinic.staff_login"} <= set(tables)
    first_column = dict(
        conn.execute(
            """select distinct on (c.oid) c.oid::regclass::text, a.attname
                 from pg_class c join pg_attribute a on a.attrelid = c.oid
                where a.attnum > 0 and not a.attisdropped and a.attidentity = '' and a.attgenerated = ''
                  and c.oid::regclass::text = any(%s)
                order by c.oid, a.attnum""",
            (tables,),
        ).fetchall()
    )
    counts = {t: conn.execute(sql.SQL("select count(*) from {}").format(sql.SQL(t))).fetchone()[0] for t in tables}
    for role in LOGIN_ROLES:
        c = as_role.connect(role)
        for table in tables:
            name, column = sql.SQL(table), sql.Identifier(first_column[table])
            for statement in (
                sql.SQL("insert into {} default values").format(name),
                sql.SQL("update {} set {} = {}").format(name, column, column),
                sql.SQL("delete from {}").format(name),
                sql.SQL("truncate {}").format(name),
            ):
                with pytest.raises(INSUFFICIENT_PRIVILEGE):
                    c.execute(statement)
    assert counts == {t: conn.execute(sql.SQL("select count(*) from {}").format(sql.SQL(t))).fetchone()[0]
                      for t in tables}


def test_receptionist_registers_and_schedules_but_reads_no_clinical_record(hospital: Hospital) -> None:
    clerk = hospital.staff(hospital.department_a, "administrator")
    _, c = hospital.login("hc_receptionist", clerk)
    patient = call(c, "call clinic.register_patient('Ines', 'Okafor', '1990-02-03', 'female')")
    appointment = call(
        c, "call clinic.schedule_appointment(%s, %s, %s, %s, %s)",
        (patient, hospital.doctor_a, hospital.department_a, tomorrow_at(14), tomorrow_at(14, 30)),
    )
    assert c.execute("select count(*) from clinic.doctor_availability(%s, current_date + 1)",
                     (hospital.doctor_a,)).fetchone()[0] > 0
    encounter = call(c, "call clinic.check_in(%s)", (appointment,))
    assert encounter is not None
    # the front desk sees every patient and appointment, not one department's
    assert c.execute("select count(*) from clinic.patient").fetchone()[0] == 3
    for statement in ("select notes from clinic.encounter", "select * from clinic.diagnosis",
                      "select * from reporting.patient_care_summary", "select * from billing.invoice",
                      "select * from audit.log"):
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute(statement)
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        c.execute("call clinic.start_encounter(%s)", (encounter,))
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        c.execute("call billing.record_payment(1, 10)")


def test_clinician_charts_in_their_department_and_not_in_another(hospital: Hospital) -> None:
    _, c = hospital.login("hc_clinician", hospital.doctor_a)
    diagnosis = call(c, "call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_a["encounter"],))
    assert diagnosis is not None
    treatment = hospital.clinic.treatment()
    call(c, "call clinic.record_treatment(%s, %s, %s, 'improved')",
         (hospital.visit_a["encounter"], treatment, hospital.doctor_a))
    medication = hospital.clinic.medication()
    call(c, "call clinic.prescribe(%s, %s, %s, '500 mg', 'twice daily', 20)",
         (hospital.visit_a["encounter"], medication, hospital.doctor_a))
    c.execute("call clinic.complete_encounter(%s, 'seen, better')", (hospital.visit_a["encounter"],))
    before = hospital.conn.execute("select count(*) from clinic.diagnosis").fetchone()[0]
    other = hospital.visit_b["encounter"]
    for statement, params in (
        ("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (other,)),
        ("call clinic.record_treatment(%s, %s, %s, 'improved')", (other, treatment, hospital.doctor_a)),
        ("call clinic.prescribe(%s, %s, %s, '5 mg', 'daily', 10)", (other, medication, hospital.doctor_a)),
        ("call clinic.complete_encounter(%s, 'not mine')", (other,)),
    ):
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute(statement, params)
    assert hospital.conn.execute("select count(*) from clinic.diagnosis").fetchone()[0] == before
    assert hospital.conn.execute("select status from clinic.encounter where encounter_id = %s",
                                 (other,)).fetchone()[0] == "in progress"
    for statement in ("call clinic.register_patient('X', 'Y', '1990-01-01', 'male')",
                      "call billing.record_adjustment(1, 1, 'x')", "call pharmacy.adjust_stock(1, 1, 'x')",
                      "select * from billing.payment", "select * from clinic.staff_login"):
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute(statement)


def test_a_clinician_login_linked_to_nobody_can_neither_read_nor_chart(hospital: Hospital) -> None:
    _, c = hospital.login("hc_clinician")  # a login in the role, but no staff row
    assert c.execute("select count(*) from clinic.patient").fetchone()[0] == 0
    assert c.execute("select count(*) from clinic.encounter").fetchone()[0] == 0
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        c.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_a["encounter"],))


def test_billing_clerk_takes_payments_and_reads_no_clinical_record(hospital: Hospital) -> None:
    hospital.conn.execute("call clinic.complete_encounter(%s)", (hospital.visit_a["encounter"],))
    invoice = hospital.clinic.invoice_of(hospital.visit_a["encounter"])
    _, c = hospital.login("hc_billing_clerk", hospital.staff(hospital.department_a, "administrator"))
    payment = call(c, "call billing.record_payment(%s, 10, 'cash')", (invoice,))
    assert payment is not None
    assert c.execute("select patient_due from billing.outstanding_balance(%s)",
                     (hospital.visit_a["patient"],)).fetchone()[0] == Decimal("70.00")
    assert c.execute("select count(*) from reporting.billing_aging").fetchone()[0] >= 1
    for statement in ("select notes from clinic.encounter", "select * from clinic.diagnosis",
                      "select * from clinic.prescription", "select * from pharmacy.lot"):
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute(statement)
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        c.execute("call clinic.cancel_appointment(%s)", (hospital.visit_b["appointment"],))


def test_pharmacist_runs_the_stock_and_reads_prescriptions_not_patients(hospital: Hospital) -> None:
    medication = hospital.clinic.medication()
    location = hospital.conn.execute(
        "insert into pharmacy.stock_location (location_code, location_name, location_type) values ('MAIN', 'Main pharmacy', 'pharmacy')"
        " returning stock_location_id"
    ).fetchone()[0]
    _, c = hospital.login("hc_pharmacist", hospital.staff(hospital.department_a, "pharmacist"))
    lot = call(c, "call pharmacy.receive_stock(%s, %s, 'LOT-1', current_date + 365, 100, 0.25)", (medication, location))
    assert lot is not None
    c.execute("call pharmacy.dispense_stock(%s, %s, 10)", (medication, location))
    assert c.execute("select on_hand from pharmacy.lot where lot_id = %s", (lot,)).fetchone()[0] == 90
    assert c.execute("select count(*) from reporting.stock_valuation").fetchone()[0] >= 1
    c.execute("select count(*) from clinic.prescription").fetchone()
    for statement in ("select * from clinic.patient", "select * from clinic.encounter", "select * from billing.invoice"):
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute(statement)


def test_analyst_and_bi_reader_read_reporting_and_no_phi(hospital: Hospital) -> None:
    for role in ("hc_analyst", "hc_bi_reader"):
        _, c = hospital.login(role)
        assert c.execute("select count(*) from reporting.department_visits").fetchone()[0] >= 1
        assert c.execute("select count(*) from reporting.doctor_schedule").fetchone()[0] >= 1
        for statement in ("select * from clinic.patient", "select * from reporting.patient_care_summary",
                          "select * from reporting.billing_aging", "select * from billing.invoice",
                          "select * from clinic.encounter", "select * from audit.log",
                          "call clinic.register_patient('X', 'Y', '1990-01-01', 'male')"):
            with pytest.raises(INSUFFICIENT_PRIVILEGE):
                c.execute(statement)


def test_dba_creates_linked_logins_and_cannot_touch_audit_or_patients(hospital: Hospital) -> None:
    dba_name, dba = hospital.login("hc_dba")
    nurse = hospital.staff(hospital.department_a, "nurse")
    name, c = hospital.login("hc_clinician", nurse, via=dba)
    assert c.execute("select clinic.current_staff_id()").fetchone()[0] == nurse
    assert hospital.conn.execute(
        "select created_by from clinic.staff_login where login_name = %s", (name,)
    ).fetchone()[0] == dba_name
    assert hospital.conn.execute("select count(*) from audit.log where table_name = 'staff_login'").fetchone()[0] == 1
    for statement in ("update audit.log set app_user = 'x'", "delete from audit.log", "select * from clinic.patient",
                      "select * from audit.log", "call clinic.register_patient('X', 'Y', '1990-01-01', 'male')"):
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            dba.execute(statement)
    assert dba.execute("select count(*) from audit.patient_access_history(%s)",
                       (hospital.visit_a["patient"],)).fetchone()[0] >= 3
    # other roles may not create or link logins
    _, receptionist = hospital.login("hc_receptionist")
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        receptionist.execute("call clinic.create_staff_login(%s, 'w_sneaky_login', 'hc_clinician', %s)",
                             (nurse, "x" * 20))
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        receptionist.execute("call clinic.link_staff_login(%s, 'someone')", (nurse,))


def test_create_staff_login_refuses_bad_input_and_changes_nothing(hospital: Hospital) -> None:
    staff = hospital.staff(hospital.department_a, "nurse")
    roles_before = hospital.conn.execute("select count(*) from pg_roles").fetchone()[0]
    links_before = hospital.conn.execute("select count(*) from clinic.staff_login").fetchone()[0]
    pw = "p" * 20
    for args, code in (
        ((staff, "w_x_login", "hc_owner", pw), "22023"),
        ((staff, "w_x_login", "hc_dba", pw), "22023"),
        ((staff, "w_x_login", "superuser", pw), "22023"),
        ((staff, "w_x_login", None, pw), "22023"),
        ((staff, "Robert'); drop role hc_owner; --", "hc_clinician", pw), "22023"),
        ((staff, "hc_sneaky", "hc_clinician", pw), "22023"),
        ((staff, "w_x_login", "hc_clinician", "short"), "22023"),
        ((staff, "postgres", "hc_clinician", pw), "42710"),
        ((999999, "w_x_login", "hc_clinician", pw), "P0002"),
    ):
        with pytest.raises(psycopg.Error) as caught:
            hospital.conn.execute("call clinic.create_staff_login(%s, %s, %s, %s)", args)
        assert caught.value.sqlstate == code, (args, caught.value)
    name, _ = hospital.login("hc_clinician", staff)
    with pytest.raises(psycopg.errors.UniqueViolation):  # a second login for the same person
        hospital.conn.execute("call clinic.create_staff_login(%s, %s, 'hc_clinician', %s)",
                              (staff, "w_second_" + name[-8:], pw))
    assert hospital.conn.execute("select count(*) from pg_roles").fetchone()[0] == roles_before + 1
    assert hospital.conn.execute("select count(*) from clinic.staff_login").fetchone()[0] == links_before + 1
    with pytest.raises(psycopg.Error) as caught:
        hospital.conn.execute("call clinic.link_staff_login(%s, 'postgres')", (staff,))
    assert caught.value.sqlstate == "ZS004"
