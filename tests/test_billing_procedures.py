"""Billing: payments, adjustments, claims, outstanding_balance and the billing summary."""

import threading
from decimal import Decimal

import psycopg
from test_core_support import Clinic, call, clinic, refused  # noqa: F401 (fixture)


def billed_visit(conn: psycopg.Connection, clinic: Clinic, payer_id: int | None = None,
                 fee: Decimal = Decimal("100.00"), hour: int = 9) -> int:
    """A completed visit billed at `fee`; returns its invoice."""
    patient = clinic.patient(payer_id)
    v = clinic.visit(patient_id=patient, doctor_id=clinic.doctor(fee=fee), hour=hour)
    conn.execute("call clinic.complete_encounter(%s)", (v["encounter"],))
    return clinic.invoice_of(v["encounter"])


def invoice(conn: psycopg.Connection, invoice_id: int) -> tuple:
    return conn.execute("select status, total_amount, paid_amount, adjusted_amount, balance from billing.invoice"
                        " where invoice_id = %s", (invoice_id,)).fetchone()


def balance_of(conn: psycopg.Connection, invoice_id: int) -> tuple:
    patient = conn.execute("select patient_id from billing.invoice where invoice_id = %s", (invoice_id,)).fetchone()[0]
    return conn.execute("select * from billing.outstanding_balance(%s)", (patient,)).fetchone()


def test_payments_move_the_invoice_status(conn: psycopg.Connection, clinic: Clinic) -> None:
    inv = billed_visit(conn, clinic)
    assert invoice(conn, inv) == ("open", Decimal("100.00"), 0, 0, Decimal("100.00"))
    payment = call(conn, "call billing.record_payment(%s, 40.00, 'card', 'receipt 1')", (inv,))
    assert conn.execute("select amount, payer_id from billing.payment where payment_id = %s",
                        (payment,)).fetchone() == (Decimal("40.00"), None)
    assert invoice(conn, inv)[0] == "partially paid"
    call(conn, "call billing.record_adjustment(%s, 10.00, 'hardship discount')", (inv,))
    assert invoice(conn, inv) == ("partially paid", Decimal("100.00"), Decimal("40.00"), Decimal("10.00"),
                                  Decimal("50.00"))
    call(conn, "call billing.record_payment(%s, 50.00)", (inv,))
    assert invoice(conn, inv) == ("paid", Decimal("100.00"), Decimal("90.00"), Decimal("10.00"), 0)
    assert balance_of(conn, inv) == (0, 0, 0)


def test_payment_refusals(conn: psycopg.Connection, clinic: Clinic) -> None:
    inv = billed_visit(conn, clinic)
    pay = "call billing.record_payment(%s, %s, %s)"
    refused(conn, "P0002", pay, (999_999, Decimal("1"), "cash"))
    refused(conn, "22023", pay, (inv, Decimal("0"), "cash"))
    refused(conn, "22023", pay, (inv, Decimal("-5"), "cash"))
    refused(conn, "22023", pay, (inv, Decimal("1.005"), "cash"))
    refused(conn, "22023", pay, (inv, Decimal("5"), "bitcoin"))
    refused(conn, "ZB001", pay, (inv, Decimal("100.01"), "cash"))
    call(conn, pay, (inv, Decimal("100.00"), "cash"))
    refused(conn, "ZB001", pay, (inv, Decimal("0.01"), "cash"))


def test_no_payment_exceeds_what_is_owed_even_directly(conn: psycopg.Connection, clinic: Clinic) -> None:
    inv = billed_visit(conn, clinic)
    refused(conn, "ZB001", "insert into billing.payment (invoice_id, amount, payment_method) values (%s, 100.01, 'cash')",
            (inv,))
    refused(conn, "ZB002", "insert into billing.adjustment (invoice_id, amount, reason) values (%s, 100.01, 'x')",
            (inv,))
    payment = call(conn, "call billing.record_payment(%s, 60.00)", (inv,))
    refused(conn, "ZB001", "update billing.payment set amount = 100.01 where payment_id = %s", (payment,))
    conn.execute("update billing.payment set amount = 100.00 where payment_id = %s", (payment,))
    assert invoice(conn, inv)[0] == "paid"


def test_concurrent_payments_cannot_overpay(conn: psycopg.Connection, db_url: str, clinic: Clinic) -> None:
    inv = billed_visit(conn, clinic)
    clients = 8
    barrier = threading.Barrier(clients)
    results: list[str] = []

    def pay() -> None:
        with psycopg.connect(db_url, autocommit=True) as own:
            barrier.wait()
            try:
                own.execute("call billing.record_payment(%s, 60.00)", (inv,))
                results.append("ok")
            except psycopg.Error as exc:
                results.append(exc.sqlstate or "?")

    threads = [threading.Thread(target=pay) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["ZB001"] * (clients - 1) + ["ok"]
    assert invoice(conn, inv)[2] == Decimal("60.00")


def test_adjustment_refusals(conn: psycopg.Connection, clinic: Clinic) -> None:
    inv = billed_visit(conn, clinic)
    adjust = "call billing.record_adjustment(%s, %s, %s)"
    refused(conn, "P0002", adjust, (999_999, Decimal("1"), "x"))
    refused(conn, "22023", adjust, (inv, Decimal("0"), "x"))
    refused(conn, "22023", adjust, (inv, Decimal("1"), " "))
    refused(conn, "ZB002", adjust, (inv, Decimal("100.01"), "x"))


def test_pending_claims_are_not_the_patients_balance(conn: psycopg.Connection, clinic: Clinic) -> None:
    insurer = clinic.payer(Decimal("80"))
    inv = billed_visit(conn, clinic, insurer)
    claim = call(conn, "call billing.submit_claim(%s)", (inv,))
    assert conn.execute("select amount_claimed, status from billing.claim where claim_id = %s",
                        (claim,)).fetchone() == (Decimal("80.00"), "submitted")
    assert balance_of(conn, inv) == (Decimal("20.00"), Decimal("80.00"), Decimal("100.00"))
    # the patient can pay their part, not the payer's
    refused(conn, "ZB001", "call billing.record_payment(%s, 20.01)", (inv,))
    call(conn, "call billing.record_payment(%s, 20.00)", (inv,))
    assert balance_of(conn, inv) == (0, Decimal("80.00"), Decimal("80.00"))
    # the payer pays 50 of 80: the 30 it did not pay moves to the patient
    conn.execute("call billing.adjudicate_claim(%s, 50.00)", (claim,))
    assert conn.execute("select status, amount_paid from billing.claim where claim_id = %s",
                        (claim,)).fetchone() == ("partly paid", Decimal("50.00"))
    assert balance_of(conn, inv) == (Decimal("30.00"), 0, Decimal("30.00"))
    assert invoice(conn, inv)[:3] == ("partially paid", Decimal("100.00"), Decimal("70.00"))


def test_a_denied_claim_moves_to_the_patient(conn: psycopg.Connection, clinic: Clinic) -> None:
    inv = billed_visit(conn, clinic, clinic.payer(Decimal("100")))
    claim = call(conn, "call billing.submit_claim(%s)", (inv,))
    assert balance_of(conn, inv) == (0, Decimal("100.00"), Decimal("100.00"))
    conn.execute("call billing.adjudicate_claim(%s, 0, 'not covered')", (claim,))
    assert balance_of(conn, inv) == (Decimal("100.00"), 0, Decimal("100.00"))
    assert conn.execute("select status from billing.claim where claim_id = %s", (claim,)).fetchone()[0] == "denied"


def test_a_claim_paid_in_full(conn: psycopg.Connection, clinic: Clinic) -> None:
    inv = billed_visit(conn, clinic, clinic.payer(Decimal("100")))
    claim = call(conn, "call billing.submit_claim(%s)", (inv,))
    conn.execute("call billing.adjudicate_claim(%s, 100.00)", (claim,))
    assert invoice(conn, inv)[0] == "paid"
    payer_payment = conn.execute("select payer_id is not null, claim_id, payment_method from billing.payment"
                                 " where invoice_id = %s", (inv,)).fetchone()
    assert payer_payment == (True, claim, "payer remittance")


def test_claim_refusals(conn: psycopg.Connection, clinic: Clinic) -> None:
    self_pay = billed_visit(conn, clinic)
    refused(conn, "P0002", "call billing.submit_claim(999999)")
    refused(conn, "ZB003", "call billing.submit_claim(%s)", (self_pay,))
    inv = billed_visit(conn, clinic, clinic.payer(Decimal("80")), hour=11)
    refused(conn, "22023", "call billing.submit_claim(%s, 0)", (inv,))
    refused(conn, "ZB005", "call billing.submit_claim(%s, 100.01)", (inv,))
    claim = call(conn, "call billing.submit_claim(%s, 90.00)", (inv,))
    refused(conn, "ZB005", "call billing.submit_claim(%s, 10.01)", (inv,))
    refused(conn, "P0002", "call billing.adjudicate_claim(999999, 0)")
    refused(conn, "22023", "call billing.adjudicate_claim(%s, -1)", (claim,))
    refused(conn, "ZB006", "call billing.adjudicate_claim(%s, 90.01)", (claim,))
    conn.execute("call billing.adjudicate_claim(%s, 90.00)", (claim,))
    refused(conn, "ZB004", "call billing.adjudicate_claim(%s, 90.00)", (claim,))


def test_outstanding_balance_of_an_unknown_patient(conn: psycopg.Connection) -> None:
    refused(conn, "P0002", "select * from billing.outstanding_balance(999999)")


def test_generate_billing_summary(conn: psycopg.Connection, clinic: Clinic) -> None:
    insurer = clinic.payer(Decimal("50"))
    insured = billed_visit(conn, clinic, insurer)
    call(conn, "call billing.submit_claim(%s)", (insured,))
    cash = billed_visit(conn, clinic, fee=Decimal("60.00"), hour=10)
    call(conn, "call billing.record_payment(%s, 25.00)", (cash,))
    call(conn, "call billing.record_adjustment(%s, 5.00, 'rounding')", (cash,))
    summary = call(conn, "call billing.generate_billing_summary()")
    assert summary["billed"] == 160 and summary["paid"] == 25 and summary["adjusted"] == 5
    assert summary["outstanding"] == 130 and summary["pending_with_payer"] == 50 and summary["patient_due"] == 80
    assert [p["payer_name"] for p in summary["by_payer"]] == sorted(
        [conn.execute("select payer_name from billing.payer where payer_id = %s", (insurer,)).fetchone()[0], "Self-pay"]
    )
    patient = conn.execute("select patient_id from billing.invoice where invoice_id = %s", (cash,)).fetchone()[0]
    mine = call(conn, "call billing.generate_billing_summary(%s, current_date, current_date)", (patient,))
    assert (mine["billed"], mine["outstanding"]) == (60, 30)
    empty = call(conn, "call billing.generate_billing_summary(null, current_date + 1)")
    assert empty["invoices"] == 0 and empty["by_payer"] == []
    refused(conn, "P0002", "call billing.generate_billing_summary(999999)")
    refused(conn, "22023", "call billing.generate_billing_summary(null, current_date, current_date - 1)")
