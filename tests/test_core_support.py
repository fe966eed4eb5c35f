"""Helpers shared by the clinical core, scheduling and billing tests (no tests here).

`Clinic` builds the small world a test needs through the real procedures
(departments, doctors with working days, patients, appointments, visits) on
the test's own database clone. Times are always in the future and inside the
doctors' working hours (08:00-18:00 UTC, every day) unless a test says
otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import psycopg
import pytest

_counter = itertools.count(1)

TABLES = (
    "clinic.patient", "clinic.appointment", "clinic.encounter", "clinic.diagnosis", "clinic.treatment_given",
    "clinic.prescription", "billing.invoice", "billing.invoice_line", "billing.claim", "billing.payment",
    "billing.adjustment",
)


def tomorrow_at(hour: int, minute: int = 0, days: int = 1) -> datetime:
    day = datetime.now(timezone.utc).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.utc)


def call(conn: psycopg.Connection, statement: str, params: tuple | dict = ()) -> object:
    """CALL a procedure; returns the value of its (last) INOUT parameter, if any."""
    cur = conn.execute(statement, params)
    row = cur.fetchone() if cur.description else None
    return row[-1] if row else None


def snapshot(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    """Every row of the core and billing tables, for 'a failed call changed nothing'."""
    return {t: conn.execute(f"select * from {t} order by 1").fetchall() for t in TABLES}  # noqa: S608 (constant names)


class Clinic:
    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def department(self, name: str | None = None, time_zone: str = "UTC") -> int:
        name = name or f"Department {next(_counter)}"
        return self.conn.execute(
            "insert into clinic.department (department_name, time_zone) values (%s, %s) returning department_id",
            (name, time_zone),
        ).fetchone()[0]

    def doctor(
        self,
        department_id: int | None = None,
        fee: Decimal = Decimal("80.00"),
        start: str = "08:00",
        end: str = "18:00",
        weekdays: range = range(1, 8),
        role: str = "doctor",
    ) -> int:
        department_id = department_id or self.department()
        n = next(_counter)
        staff_id = self.conn.execute(
            """insert into clinic.staff (department_id, first_name, last_name, staff_role, specialty, consultation_fee)
               values (%s, 'Ada', %s, %s, %s, %s) returning staff_id""",
            (department_id, f"Doctor{n}", role, "general practice" if role == "doctor" else None,
             fee if role == "doctor" else None),
        ).fetchone()[0]
        self.conn.execute(
            """insert into clinic.working_day (staff_id, iso_weekday, start_time, end_time)
               select %s, d, %s::time, %s::time from unnest(%s::int[]) as d""",
            (staff_id, start, end, list(weekdays)),
        )
        return staff_id

    def department_of(self, staff_id: int) -> int:
        return self.conn.execute("select department_id from clinic.staff where staff_id = %s", (staff_id,)).fetchone()[0]

    def payer(self, coverage: Decimal = Decimal("80"), payer_type: str = "insurer") -> int:
        return self.conn.execute(
            "insert into billing.payer (payer_name, payer_type, coverage_percent) values (%s, %s, %s) returning payer_id",
            (f"Payer {next(_counter)}", payer_type, coverage),
        ).fetchone()[0]

    def patient(self, payer_id: int | None = None, **extra: object) -> int:
        params = {"first": "Grace", "last": f"Patient{next(_counter)}", "dob": date(1980, 5, 17), "sex": "female",
                  "payer": payer_id, "policy": "POL-1" if payer_id else None}
        return call(
            self.conn,
            "call clinic.register_patient(%(first)s, %(last)s, %(dob)s, %(sex)s,"
            " p_payer_id => %(payer)s, p_policy_number => %(policy)s)",
            params,
        )

    def book(self, patient_id: int, doctor_id: int, starts_at: datetime, minutes: int = 30) -> int:
        return call(
            self.conn,
            "call clinic.schedule_appointment(%s, %s, %s, %s, %s)",
            (patient_id, doctor_id, self.department_of(doctor_id), starts_at, starts_at + timedelta(minutes=minutes)),
        )

    def visit(self, patient_id: int | None = None, doctor_id: int | None = None, hour: int = 9, days: int = 1) -> dict:
        """A booked, checked-in, started encounter: returns its ids."""
        doctor_id = doctor_id or self.doctor()
        patient_id = patient_id or self.patient()
        appointment_id = self.book(patient_id, doctor_id, tomorrow_at(hour, days=days))
        encounter_id = call(self.conn, "call clinic.check_in(%s)", (appointment_id,))
        self.conn.execute("call clinic.start_encounter(%s, 'cough')", (encounter_id,))
        return {"patient": patient_id, "doctor": doctor_id, "appointment": appointment_id, "encounter": encounter_id}

    def treatment(self, price: Decimal = Decimal("50.00"), active: bool = True) -> int:
        n = next(_counter)
        return self.conn.execute(
            """insert into clinic.treatment (treatment_code, treatment_name, default_price, is_active)
               values (%s, %s, %s, %s) returning treatment_id""",
            (f"T{n}", f"Treatment {n}", price, active),
        ).fetchone()[0]

    def medication(self, active: bool = True) -> int:
        n = next(_counter)
        return self.conn.execute(
            """insert into pharmacy.medication (generic_name, dosage_form, strength, strength_unit, dispensing_unit,
                                                is_active)
               values (%s, 'tablet', 500, 'mg', 'tablet', %s) returning medication_id""",
            (f"medication {n}", active),
        ).fetchone()[0]

    def invoice_of(self, encounter_id: int) -> int:
        return self.conn.execute(
            "select invoice_id from billing.invoice where encounter_id = %s", (encounter_id,)
        ).fetchone()[0]


@pytest.fixture
def clinic(conn: psycopg.Connection) -> Iterator[Clinic]:
    yield Clinic(conn)


def refused(conn: psycopg.Connection, sqlstate: str, statement: str, params: tuple | dict = ()) -> psycopg.Error:
    """Run a statement that must fail with `sqlstate` and change nothing; returns the error."""
    before = snapshot(conn)
    with pytest.raises(psycopg.Error) as exc:
        conn.execute(statement, params)
    assert exc.value.sqlstate == sqlstate, f"expected {sqlstate}, got {exc.value.sqlstate}: {exc.value}"
    assert snapshot(conn) == before
    return exc.value
