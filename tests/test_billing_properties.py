"""Billing invariants under random sequences of treatments, payments,
adjustments and claims (hypothesis). Each example works on a new patient and
doctor in the test's database, so examples never see each other's rows."""

import itertools
from decimal import ROUND_HALF_UP, Decimal

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_core_support import Clinic, call, clinic  # noqa: F401 (fixture)

cents = st.integers(min_value=1, max_value=30_000).map(lambda c: Decimal(c).scaleb(-2))
operation = st.one_of(
    st.tuples(st.just("treatment"), cents),
    st.tuples(st.just("pay"), cents),
    st.tuples(st.just("adjust"), cents),
    st.tuples(st.just("claim"), st.none()),
    st.tuples(st.just("adjudicate"), st.integers(min_value=0, max_value=100)),
    st.tuples(st.just("complete"), st.none()),
)
_day = itertools.count(1)


class Model:
    """What the invoice should look like, computed in Python."""

    def __init__(self) -> None:
        self.total = self.paid = self.adjusted = self.pending = Decimal("0.00")
        self.open_claim: tuple[int, Decimal] | None = None
        self.completed = False

    @property
    def balance(self) -> Decimal:
        return self.total - self.paid - self.adjusted

    @property
    def patient_due(self) -> Decimal:
        return self.balance - self.pending


def check_invariants(conn: psycopg.Connection, invoice_id: int, patient_id: int, model: Model) -> None:
    total, paid, adjusted, balance, status, lines, payments, adjustments = conn.execute(
        """select i.total_amount, i.paid_amount, i.adjusted_amount, i.balance, i.status,
                  (select coalesce(sum(amount), 0) from billing.invoice_line l where l.invoice_id = i.invoice_id),
                  (select coalesce(sum(amount), 0) from billing.payment p where p.invoice_id = i.invoice_id),
                  (select coalesce(sum(amount), 0) from billing.adjustment a where a.invoice_id = i.invoice_id)
             from billing.invoice i where i.invoice_id = %s""",
        (invoice_id,),
    ).fetchone()
    assert total == lines, "the invoice total equals its lines"
    assert (paid, adjusted) == (payments, adjustments)
    assert balance == lines - payments - adjustments, "balance = billed - paid - adjusted"
    assert paid + adjusted <= total, "nothing is ever paid beyond what is owed"
    assert (total, paid, adjusted) == (model.total, model.paid, model.adjusted)
    has_lines = conn.execute("select count(*) > 0 from billing.invoice_line where invoice_id = %s",
                             (invoice_id,)).fetchone()[0]
    expected_status = ("paid" if has_lines and balance == 0 else "partially paid" if paid + adjusted > 0 else "open")
    assert status == expected_status
    outstanding = conn.execute("select * from billing.outstanding_balance(%s)", (patient_id,)).fetchone()
    due_if_open = (model.patient_due, model.pending, model.balance) if status != "paid" else (0, 0, 0)
    assert outstanding == due_if_open


def expect(conn: psycopg.Connection, sqlstate: str | None, statement: str, params: tuple) -> object:
    if sqlstate is None:
        return call(conn, statement, params)
    try:
        conn.execute(statement, params)
    except psycopg.Error as exc:
        assert exc.sqlstate == sqlstate, f"{statement} {params}: expected {sqlstate}, got {exc.sqlstate}: {exc}"
        return None
    raise AssertionError(f"{statement} {params} should have failed with {sqlstate}")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=14))
def test_billing_invariants(conn: psycopg.Connection, clinic: Clinic, operations: list[tuple]) -> None:
    payer = clinic.payer(Decimal("70"))
    doctor = clinic.doctor(fee=Decimal("55.00"))
    visit = clinic.visit(patient_id=clinic.patient(payer), doctor_id=doctor, days=next(_day))
    encounter, patient = visit["encounter"], visit["patient"]
    treatment = clinic.treatment()
    invoice_id = conn.execute("select billing.invoice_for_encounter(%s)", (encounter,)).fetchone()[0]
    model = Model()
    check_invariants(conn, invoice_id, patient, model)
    for kind, value in operations:
        if kind == "treatment":
            refusal = "ZC007" if model.completed else None
            expect(conn, refusal, "call clinic.record_treatment(%s, %s, %s, 'stable', %s)",
                   (encounter, treatment, doctor, value))
            if refusal is None:
                model.total += value
        elif kind == "complete":
            expect(conn, "ZC004" if model.completed else None, "call clinic.complete_encounter(%s)", (encounter,))
            if not model.completed:
                model.total += Decimal("55.00")
                model.completed = True
        elif kind == "pay":
            ok = value <= model.patient_due
            expect(conn, None if ok else "ZB001", "call billing.record_payment(%s, %s)", (invoice_id, value))
            if ok:
                model.paid += value
        elif kind == "adjust":
            ok = value <= model.patient_due
            expect(conn, None if ok else "ZB002", "call billing.record_adjustment(%s, %s, 'discount')",
                   (invoice_id, value))
            if ok:
                model.adjusted += value
        elif kind == "claim":
            amount = (model.patient_due * Decimal("0.70")).quantize(Decimal("0.01"), ROUND_HALF_UP)
            claim = expect(conn, "ZB005" if amount <= 0 else None, "call billing.submit_claim(%s)", (invoice_id,))
            if claim is not None and model.open_claim is None:
                model.pending += amount
                model.open_claim = (claim, amount)
            elif claim is not None:  # one claim stays open at a time: the payer pays an extra one in full at once
                conn.execute("call billing.adjudicate_claim(%s, %s)", (claim, amount))
                model.paid += amount
        elif kind == "adjudicate" and model.open_claim is not None:
            claim, claimed = model.open_claim
            paid = (claimed * value / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
            conn.execute("call billing.adjudicate_claim(%s, %s)", (claim, paid))
            model.pending -= claimed
            model.paid += paid
            model.open_claim = None
        check_invariants(conn, invoice_id, patient, model)
