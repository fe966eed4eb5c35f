"""Row-level security as real clinician logins: a clinician sees the patients
their department treats (or they treat), never another department's
encounters, notes, diagnoses or bills; identity cannot be forged with a SET;
a pooling application sees what the end user it names may see, and nothing
when it names nobody."""

import psycopg
import pytest
from psycopg import sql
from wiring_support import Hospital, hospital  # noqa: F401


def visible(c: psycopg.Connection) -> dict[str, set]:
    return {
        "patients": {r[0] for r in c.execute("select patient_id from clinic.patient").fetchall()},
        "appointments": {r[0] for r in c.execute("select appointment_id from clinic.appointment").fetchall()},
        "encounters": {r[0] for r in c.execute("select encounter_id from clinic.encounter").fetchall()},
        "notes": {r[0] for r in c.execute("select notes from clinic.encounter where notes is not null").fetchall()},
        "diagnosis notes": {r[0] for r in c.execute("select notes from clinic.diagnosis").fetchall()},
        "invoices": {r[0] for r in c.execute("select encounter_id from billing.invoice").fetchall()},
        "summary": {r[0] for r in c.execute("select patient_id from reporting.patient_care_summary").fetchall()},
    }


def test_a_clinician_sees_their_department_and_not_another(hospital: Hospital) -> None:
    h = hospital
    _, a = h.login("hc_clinician", h.doctor_a)
    _, b = h.login("hc_clinician", h.doctor_b)
    seen_by_a, seen_by_b = visible(a), visible(b)
    assert seen_by_a == {
        "patients": {h.visit_a["patient"]}, "appointments": {h.visit_a["appointment"]},
        "encounters": {h.visit_a["encounter"]}, "notes": set(), "diagnosis notes": set(), "invoices": set(),
        "summary": {h.visit_a["patient"]},
    }
    assert seen_by_b["patients"] == {h.visit_b["patient"]}
    assert seen_by_b["encounters"] == {h.visit_b["encounter"], h.closed_b["encounter"]}
    assert seen_by_b["notes"] == {"department B private note"}
    assert seen_by_b["diagnosis notes"] == {"department B diagnosis note"}
    assert seen_by_b["invoices"] == {h.closed_b["encounter"]}
    # asking for department B's note by its id: no row, not an error
    assert a.execute("select notes from clinic.encounter where encounter_id = %s",
                     (h.closed_b["encounter"],)).fetchall() == []
    # the visit history runs with the caller's rights: another department's patient does not exist for them
    with pytest.raises(psycopg.errors.NoDataFound):
        a.execute("select * from clinic.patient_visit_history(%s)", (h.visit_b["patient"],))
    history = b.execute("select encounter_id, diagnoses from clinic.patient_visit_history(%s)",
                        (h.visit_b["patient"],)).fetchall()
    assert {r[0] for r in history} == {h.visit_b["encounter"], h.closed_b["encounter"]}


def test_a_colleague_of_the_same_department_sees_its_patients(hospital: Hospital) -> None:
    nurse = hospital.staff(hospital.department_b, "nurse")
    _, c = hospital.login("hc_clinician", nurse)
    assert visible(c)["patients"] == {hospital.visit_b["patient"]}
    # and may chart on the department's visit
    c.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_b["encounter"],))


def test_forged_settings_do_not_change_what_a_clinician_sees(hospital: Hospital) -> None:
    login_b, _ = hospital.login("hc_clinician", hospital.doctor_b)
    _, a = hospital.login("hc_clinician", hospital.doctor_a)
    honest = visible(a)
    for setting, value in (("app.user_id", str(hospital.doctor_b)), ("app.staff_id", str(hospital.doctor_b)),
                           ("hc_audit.app_user", login_b), ("hc_audit.app_user_token", "f" * 64),
                           ("role", "hc_clinician")):
        a.execute(sql.SQL("set {} = {}").format(sql.Identifier(*setting.split(".")), sql.Literal(value)))
    assert a.execute("select clinic.current_staff_id()").fetchone()[0] == hospital.doctor_a
    assert visible(a) == honest
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_b["encounter"],))


def test_the_application_sees_and_charts_as_the_end_user_it_names(hospital: Hospital) -> None:
    hospital.conn.execute("call clinic.link_staff_login(%s, 'dr.a@app', 'application')", (hospital.doctor_a,))
    app_login, app = hospital.login("hc_app", autocommit=False)
    # nobody named: nothing visible, nothing written
    assert visible(app)["patients"] == set()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_a["encounter"],))
    app.rollback()
    # a forged name without the signature: still nobody
    app.execute("select set_config('hc_audit.app_user', 'dr.a@app', true)")
    assert visible(app)["patients"] == set()
    app.rollback()
    app.execute("select audit.set_application_user('dr.a@app')")
    assert visible(app)["patients"] == {hospital.visit_a["patient"]}
    app.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_a["encounter"],))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_b["encounter"],))
    app.rollback()
    app.execute("select audit.set_application_user('dr.a@app')")
    app.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_a["encounter"],))
    app.commit()
    assert visible(app)["patients"] == set()  # the name lasted one transaction
    app.rollback()
    row = hospital.conn.execute(
        "select db_role, app_user, patient_id from audit.log where table_name = 'diagnosis' order by log_id desc limit 1"
    ).fetchone()
    assert row == (app_login, "dr.a@app", hospital.visit_a["patient"])


def test_a_shadowing_operator_on_the_clinicians_search_path_is_not_picked_up(hospital: Hospital) -> None:
    # bigint = bigint that says yes to everything, in a schema the clinician puts first
    hospital.conn.execute(
        """
        create schema attacker;
        create function attacker.always_equal(a bigint, b bigint) returns boolean language sql as 'select true';
        create operator attacker.= (leftarg = bigint, rightarg = bigint, function = attacker.always_equal);
        create function attacker.pg_has_role(name, text, text) returns boolean language sql as 'select true';
        grant usage on schema attacker to public;
        grant execute on all functions in schema attacker to public;
        """
    )
    _, a = hospital.login("hc_clinician", hospital.doctor_a)
    honest = visible(a)
    a.execute("set search_path = attacker, pg_catalog, clinic")
    assert a.execute("select 1::bigint = 2::bigint").fetchone()[0] is True  # the look-alike wins here ...
    assert visible(a) == honest  # ... but not in the policies (resolved when they were created)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor in the procedures (pinned search_path)
        a.execute("call clinic.record_diagnosis(%s, 'J06.9', 'mild')", (hospital.visit_b["encounter"],))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        a.execute("call clinic.create_staff_login(%s, 'w_evil_login', 'hc_clinician', %s)",
                  (hospital.doctor_a, "p" * 20))
