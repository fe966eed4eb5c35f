"""SQL injection and hostile Unicode through every procedure of the clinical core,
billing and pharmacy that takes text, called as the role whose job it is over
a real login: each hostile string is either stored exactly as given in the
intended row or refused with a specific SQLSTATE, and nothing else in the
database changes (no other row, no table, no role). Listed in
tests/test_security_definer.py::INJECTION_TESTED."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from psycopg import sql
from security_support import HOSTILE_TEXT
from test_core_support import call, tomorrow_at
from wiring_support import BUSINESS_SCHEMAS, Hospital, business_tables, hospital  # noqa: F401

from dbtool import catalog

# the hostile strings, plus a few aimed at the coded fields and at format()
HOSTILE = [*HOSTILE_TEXT, "J06.9'; delete from clinic.diagnosis; --", "mild' or 'x'='x", "%I%L%s", "\\x00\\u0000"]

Rows = dict[str, set[str]]


def rows(conn: psycopg.Connection, tables: list[str]) -> Rows:
    return {
        t: {r[0] for r in conn.execute(sql.SQL("select to_jsonb(t)::text from {} t").format(sql.SQL(t))).fetchall()}
        for t in tables
    }


def roles(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("select rolname, rolsuper, rolcanlogin, rolcreaterole from pg_roles order by 1").fetchall()


class Guard:
    """Runs a hostile call and checks that only the intended tables changed."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.tables = business_tables(conn)
        self.catalog = catalog.snapshot(conn)
        self.roles = roles(conn)
        self.calls = 0
        self.accepted = 0

    def run(self, action: Callable[[], object], may_change: set[str], refusals: set[str] = frozenset()) -> object:
        before = rows(self.conn, self.tables)
        try:
            result = action()
        except psycopg.Error as error:
            assert error.sqlstate in refusals, f"unexpected {error.sqlstate}: {error}"
            assert rows(self.conn, self.tables) == before
            self.calls += 1
            return None
        after = rows(self.conn, self.tables)
        changed = {t for t in self.tables if after[t] != before[t]}
        assert changed <= may_change, f"changed {changed - may_change}"
        self.calls += 1
        self.accepted += 1
        return result

    def close(self) -> None:
        assert catalog.snapshot(self.conn) == self.catalog
        assert roles(self.conn) == self.roles
        assert self.calls >= len(HOSTILE)
        assert self.accepted >= len(HOSTILE) // 2, "most hostile strings must be stored, not just refused"


def stored(conn: psycopg.Connection, query: str, key: object) -> object:
    return conn.execute(query, (key,)).fetchone()[0]


def test_patient_and_scheduling_procedures_store_hostile_text_verbatim(hospital: Hospital) -> None:
    h = hospital
    _, desk = h.login("hc_receptionist", h.staff(h.department_a, "administrator"))
    guard = Guard(h.conn)
    patient_tables = {"clinic.patient"}
    for n, text in enumerate(HOSTILE):
        patient = guard.run(
            lambda text=text: call(
                desk,
                "call clinic.register_patient(%s, %s, '1970-01-01', 'other', p_phone => %s, p_address_line => %s,"
                " p_city => %s, p_postal_code => %s, p_country => %s, p_emergency_contact_name => %s,"
                " p_emergency_contact_phone => %s, p_mrn => %s)",
                (text, text, text, text, text, text, text, text, text, f"{text[:40]}#{n}"),
            ),
            patient_tables, {"22023"},
        )
        if patient is not None:
            assert h.conn.execute(
                "select first_name, last_name, address_line, city from clinic.patient where patient_id = %s",
                (patient,),
            ).fetchone() == (text, text, text, text)
        target = h.visit_a["patient"]
        guard.run(lambda text=text: desk.execute("call clinic.update_patient(%s, p_last_name => %s, p_city => %s)",
                                                 (target, text, text)), patient_tables, {"22023"})
        assert stored(h.conn, "select city from clinic.patient where patient_id = %s", target) == text
        appointment = guard.run(
            lambda text=text, n=n: call(
                desk, "call clinic.schedule_appointment(%s, %s, %s, %s, %s + interval '15 minutes', %s)",
                # 10:00 UTC, inside the doctor's hours (08:00-18:00, every day) whatever the time the test runs
                (h.visit_a["patient"], h.doctor_a, h.department_a, tomorrow_at(10, days=2 + n),
                 tomorrow_at(10, days=2 + n), text),
            ),
            {"clinic.appointment"},
        )
        if appointment is not None:
            assert stored(h.conn, "select reason from clinic.appointment where appointment_id = %s", appointment) == text
            guard.run(lambda a=appointment, text=text: desk.execute("call clinic.cancel_appointment(%s, %s)", (a, text)),
                      {"clinic.appointment"})
            assert stored(h.conn, "select cancellation_reason from clinic.appointment where appointment_id = %s",
                          appointment) == text
    guard.close()


def test_clinical_procedures_store_hostile_text_verbatim(hospital: Hospital) -> None:
    h = hospital
    _, doctor = h.login("hc_clinician", h.doctor_a)
    guard = Guard(h.conn)
    treatment, medication = h.clinic.treatment(), h.clinic.medication()
    chart = {"clinic.diagnosis", "clinic.treatment_given", "clinic.prescription", "billing.invoice",
             "billing.invoice_line", "clinic.encounter", "clinic.appointment"}
    for text in HOSTILE:
        visit = h.clinic.visit(doctor_id=h.doctor_a, days=2 + HOSTILE.index(text))
        encounter = visit["encounter"]
        # coded fields: an injection string is refused (unknown code, severity, outcome), never executed
        guard.run(lambda e=encounter, text=text: doctor.execute(
            "call clinic.record_diagnosis(%s, %s, 'mild')", (e, text)), chart, {"ZC006", "22023", "23503"})
        guard.run(lambda e=encounter, text=text: doctor.execute(
            "call clinic.record_diagnosis(%s, 'J06.8', %s)", (e, text)), chart, {"22023", "23503"})
        diagnosis = guard.run(lambda e=encounter, text=text: call(
            doctor, "call clinic.record_diagnosis(%s, 'J06.9', 'mild', p_notes => %s)", (e, text)), chart)
        assert stored(h.conn, "select notes from clinic.diagnosis where diagnosis_id = %s", diagnosis) == text
        guard.run(lambda e=encounter, text=text: doctor.execute(
            "call clinic.record_treatment(%s, %s, %s, %s)", (e, treatment, h.doctor_a, text)), chart,
            {"22023", "23503"})
        given = guard.run(lambda e=encounter, text=text: call(
            doctor, "call clinic.record_treatment(%s, %s, %s, 'improved', p_notes => %s)",
            (e, treatment, h.doctor_a, text)), chart)
        assert stored(h.conn, "select notes from clinic.treatment_given where treatment_given_id = %s", given) == text
        prescription = guard.run(lambda e=encounter, text=text: call(
            doctor, "call clinic.prescribe(%s, %s, %s, %s, %s, 5, p_instructions => %s)",
            (e, medication, h.doctor_a, text, text, text)), chart, {"22023"})
        if prescription is not None:
            assert h.conn.execute("select dose, frequency, instructions from clinic.prescription"
                                  " where prescription_id = %s", (prescription,)).fetchone() == (text, text, text)
        guard.run(lambda e=encounter, text=text: doctor.execute(
            "call clinic.complete_encounter(%s, %s)", (e, text)), chart)
        assert stored(h.conn, "select notes from clinic.encounter where encounter_id = %s", encounter) == text
    # start_encounter's chief complaint
    for text in HOSTILE[:5]:
        appointment = h.clinic.book(h.visit_b["patient"], h.doctor_a, tomorrow_at(10, days=40 + HOSTILE.index(text)))
        encounter = call(h.conn, "call clinic.check_in(%s)", (appointment,))
        guard.run(lambda e=encounter, text=text: doctor.execute("call clinic.start_encounter(%s, %s)", (e, text)),
                  {"clinic.encounter", "clinic.appointment"})
        assert stored(h.conn, "select chief_complaint from clinic.encounter where encounter_id = %s", encounter) == text
    guard.close()


def test_billing_procedures_store_hostile_text_verbatim(hospital: Hospital) -> None:
    h = hospital
    payer = h.clinic.payer()
    _, clerk = h.login("hc_billing_clerk", h.staff(h.department_a, "administrator"))
    guard = Guard(h.conn)
    billing = {"billing.invoice", "billing.payment", "billing.adjustment", "billing.claim"}
    for text in HOSTILE:
        visit = h.clinic.visit(patient_id=h.clinic.patient(payer), doctor_id=h.doctor_a, days=2 + HOSTILE.index(text))
        h.conn.execute("call clinic.complete_encounter(%s)", (visit["encounter"],))
        invoice = h.clinic.invoice_of(visit["encounter"])
        guard.run(lambda i=invoice, text=text: clerk.execute(
            "call billing.record_payment(%s, 1, %s)", (i, text)), billing, {"22023"})
        payment = guard.run(lambda i=invoice, text=text: call(
            clerk, "call billing.record_payment(%s, 1, 'cash', %s)", (i, text)), billing)
        assert stored(h.conn, "select payment_reference from billing.payment where payment_id = %s", payment) == text
        adjustment = guard.run(lambda i=invoice, text=text: call(
            clerk, "call billing.record_adjustment(%s, 1, %s)", (i, text)), billing, {"22023"})
        if adjustment is not None:
            assert stored(h.conn, "select reason from billing.adjustment where adjustment_id = %s", adjustment) == text
        claim = call(clerk, "call billing.submit_claim(%s)", (invoice,))
        guard.run(lambda c=claim, text=text: clerk.execute(
            "call billing.adjudicate_claim(%s, 0, %s)", (c, text)), billing | {"billing.payment"})
        assert stored(h.conn, "select denial_reason from billing.claim where claim_id = %s", claim) == text
        summary = guard.run(lambda text=text: call(
            clerk, "call billing.generate_billing_summary(p_summary => %s::jsonb)",
            (psycopg.types.json.Jsonb({"x": text}),)), set())
        assert text not in str(summary)  # the INOUT is output only: its input is ignored
    guard.close()


def test_pharmacy_procedures_store_hostile_text_verbatim(hospital: Hospital) -> None:
    h = hospital
    medication = h.clinic.medication()
    main, ward = (
        h.conn.execute(
            "insert into pharmacy.stock_location (location_code, location_name, location_type)"
            " values (%s, %s, %s) returning stock_location_id", (code, code, kind)
        ).fetchone()[0]
        for code, kind in (("MAIN", "pharmacy"), ("WARD-1", "ward"))
    )
    _, pharmacist = h.login("hc_pharmacist", h.staff(h.department_a, "pharmacist"))
    guard = Guard(h.conn)
    stock = {"pharmacy.lot", "pharmacy.stock_movement", "pharmacy.stock_level", "pharmacy.dispensing"}
    for n, text in enumerate(HOSTILE):
        # each new lot expires first, so FEFO dispenses from it and it can take a return
        lot = guard.run(lambda text=text, n=n: call(
            pharmacist, "call pharmacy.receive_stock(%s, %s, %s, current_date + 300 - %s, 100, 1, %s)",
            (medication, main, text, n, text)), stock, {"22023"})
        if lot is None:  # a lot number with characters a label cannot carry: receive under a plain number
            lot = call(pharmacist, "call pharmacy.receive_stock(%s, %s, %s, current_date + 300 - %s, 100, 1)",
                       (medication, main, f"L{n}", n))
        else:
            assert stored(h.conn, "select lot_number from pharmacy.lot where lot_id = %s", lot) == text
        guard.run(lambda text=text: pharmacist.execute(
            "call pharmacy.dispense_stock(%s, %s, 1, %s)", (medication, main, text)), stock)
        assert text in {r[0] for r in h.conn.execute("select reference from pharmacy.stock_movement").fetchall()}
        guard.run(lambda lot=lot, text=text: pharmacist.execute(
            "call pharmacy.return_stock(%s, 1, %s)", (lot, text)), stock)
        guard.run(lambda lot=lot, text=text: pharmacist.execute(
            "call pharmacy.adjust_stock(%s, -1, %s)", (lot, text)), stock, {"22023"})
        guard.run(lambda lot=lot, text=text: pharmacist.execute(
            "call pharmacy.transfer_stock(%s, %s, 1, %s)", (lot, ward, text)), stock)
        assert text in {r[0] for r in h.conn.execute("select reason from pharmacy.stock_movement").fetchall()}
    guard.close()


def test_login_procedures_refuse_or_quote_hostile_names(hospital: Hospital) -> None:
    h = hospital
    staff = h.staff(h.department_a, "nurse")
    guard = Guard(h.conn)
    for text in HOSTILE:
        guard.run(lambda text=text: h.conn.execute(
            "call clinic.create_staff_login(%s, %s, 'hc_clinician', %s)", (staff, text, "p" * 20)), set(), {"22023"})
        guard.run(lambda text=text: h.conn.execute(
            "call clinic.create_staff_login(%s, 'w_valid_name', %s, %s)", (staff, text, "p" * 20)), set(), {"22023"})
        # a database login that does not exist: refused; an application user name: stored verbatim
        guard.run(lambda text=text: h.conn.execute(
            "call clinic.link_staff_login(%s, %s)", (staff, text)), set(), {"P0002", "22023"})
    applied = 0
    for text in HOSTILE:
        nurse = h.staff(h.department_a, "nurse")
        result = guard.run(lambda n=nurse, text=text: h.conn.execute(
            "call clinic.link_staff_login(%s, %s, 'application')", (n, text)), {"clinic.staff_login"}, {"22023"})
        if result is not None:
            applied += 1
            assert stored(h.conn, "select login_name from clinic.staff_login where staff_id = %s", nurse) == text
    assert applied >= len(HOSTILE_TEXT) - 1
    guard.close()


def test_link_staff_login_refuses_invisible_and_control_characters(conn: psycopg.Connection) -> None:
    for name in ("x\u202e", "a\u200bb", "\ufeffa", "a\nb", " a", "", None):
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute("call clinic.link_staff_login(1, %s, 'application')", (name,))
