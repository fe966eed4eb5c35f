"""A whole visit, end to end: booking to payment."""

from decimal import Decimal

import psycopg
from test_core_support import Clinic, call, clinic, tomorrow_at  # noqa: F401 (fixture)


def test_visit_end_to_end(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    call(conn, "call clinic.record_diagnosis(%s, 'E11.65', 'moderate', true)", (v["encounter"],))
    call(conn, "call clinic.record_treatment(%s, %s, %s, 'improved')", (v["encounter"], clinic.treatment(), v["doctor"]))
    conn.execute("call clinic.complete_encounter(%s)", (v["encounter"],))
    status = conn.execute("select status from clinic.appointment where appointment_id = %s", (v["appointment"],))
    assert status.fetchone()[0] == "completed"
    invoice = clinic.invoice_of(v["encounter"])
    total = conn.execute("select total_amount, status from billing.invoice where invoice_id = %s", (invoice,)).fetchone()
    assert total == (Decimal("130.00"), "open")
    call(conn, "call billing.record_payment(%s, 130.00)", (invoice,))
    assert conn.execute("select status, balance from billing.invoice where invoice_id = %s", (invoice,)).fetchone() == (
        "paid", Decimal("0.00"))
    history = conn.execute("select * from clinic.patient_visit_history(%s)", (v["patient"],)).fetchall()
    assert len(history) == 1
