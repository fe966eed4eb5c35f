"""Prescribing shows stock; the pharmacy dispenses prescriptions (clinical core x pharmacy)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest
from pharmacy_support import location, receive, sqlstate, state
from test_core_support import Clinic, clinic  # noqa: F401 (fixture)


def prescribe(conn: psycopg.Connection, clinic: Clinic, medication_id: int, quantity: int) -> tuple:
    """(usable, nearest expiry, prescription id, notices) of a prescription on a fresh encounter."""
    visit = clinic.visit()
    notices: list[str] = []
    conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
    row = conn.execute(
        "call clinic.prescribe(%s, %s, %s, '500 mg', 'twice daily', %s)",
        (visit["encounter"], medication_id, visit["doctor"], quantity),
    ).fetchone()
    return (*row, notices)


def test_prescribe_reports_usable_stock_and_nearest_expiry(conn: psycopg.Connection, clinic: Clinic) -> None:
    medication = clinic.medication()
    main, ward = location(conn, "MAIN"), location(conn, "WARD-1", "ward")
    receive(conn, medication, main, "L-LATE", 200, 30)
    receive(conn, medication, ward, "L-SOON", 20, 12)
    usable, nearest, prescription_id, notices = prescribe(conn, clinic, medication, 10)
    assert usable == Decimal("42") and nearest == date.today() + timedelta(days=20)
    assert prescription_id is not None
    assert any("42" in n and "usable" in n for n in notices)


def test_prescribe_when_out_of_stock_still_prescribes_and_says_so(conn: psycopg.Connection, clinic: Clinic) -> None:
    medication = clinic.medication()
    usable, nearest, prescription_id, notices = prescribe(conn, clinic, medication, 10)
    assert usable == 0 and nearest is None
    assert conn.execute("select status from clinic.prescription where prescription_id = %s",
                        (prescription_id,)).fetchone()[0] == "active"
    assert any("out of stock" in n for n in notices)


def dispense(conn: psycopg.Connection, prescription_id: int, location_id: int, quantity=None, partial: bool = True):
    return conn.execute(
        "call pharmacy.dispense_prescription(%s, %s, %s, %s)", (prescription_id, location_id, quantity, partial)
    ).fetchone()


def test_dispense_in_full_then_refuse_a_second_time(conn: psycopg.Connection, clinic: Clinic) -> None:
    medication = clinic.medication()
    main = location(conn)
    soon = receive(conn, medication, main, "L-SOON", 30, 8)
    late = receive(conn, medication, main, "L-LATE", 300, 50)
    *_, prescription_id, _ = prescribe(conn, clinic, medication, 20)
    dispensing_id, quantity, status = dispense(conn, prescription_id, main)
    assert (quantity, status) == (Decimal("20"), "dispensed")
    # first-expiry-first-out, and every movement names the prescription
    moves = conn.execute(
        "select lot_id, -quantity from pharmacy.stock_movement where dispensing_id = %s order by stock_movement_id",
        (dispensing_id,),
    ).fetchall()
    assert moves == [(soon, Decimal("8")), (late, Decimal("12"))]
    assert conn.execute(
        "select count(*) from pharmacy.stock_movement where prescription_id = %s", (prescription_id,)
    ).fetchone()[0] == 2
    assert conn.execute("select status from clinic.prescription where prescription_id = %s",
                        (prescription_id,)).fetchone()[0] == "dispensed"
    before = state(conn)
    with sqlstate("ZP009"):
        dispense(conn, prescription_id, main)
    assert state(conn) == before


def test_shortage_dispenses_partially_and_the_rest_later(conn: psycopg.Connection, clinic: Clinic) -> None:
    medication = clinic.medication()
    main = location(conn)
    receive(conn, medication, main, "L-1", 60, 6)
    *_, prescription_id, _ = prescribe(conn, clinic, medication, 10)
    _, quantity, status = dispense(conn, prescription_id, main)
    assert (quantity, status) == (Decimal("6"), "partially dispensed")
    assert conn.execute(
        "select requested_quantity, dispensed_quantity, is_partial from pharmacy.dispensing where prescription_id = %s",
        (prescription_id,),
    ).fetchone() == (Decimal("10"), Decimal("6"), True)
    receive(conn, medication, main, "L-2", 90, 10)
    _, quantity, status = dispense(conn, prescription_id, main)
    assert (quantity, status) == (Decimal("4"), "dispensed")


def test_refusals_change_nothing(conn: psycopg.Connection, clinic: Clinic) -> None:
    medication = clinic.medication()
    main = location(conn)
    receive(conn, medication, main, "L-1", 60, 5)
    *_, prescription_id, _ = prescribe(conn, clinic, medication, 10)
    before = state(conn)
    with sqlstate("P0002"):
        dispense(conn, 999_999, main)
    with sqlstate("22023"):
        dispense(conn, prescription_id, main, Decimal("11"))
    with sqlstate("ZP001"):  # a shortage is refused when partial dispensing is not allowed
        dispense(conn, prescription_id, main, None, False)
    conn.execute("update clinic.prescription set status = 'cancelled' where prescription_id = %s", (prescription_id,))
    before = state(conn)
    with sqlstate("ZP008"):
        dispense(conn, prescription_id, main)
    assert state(conn) == before


def test_dispensing_for_an_unknown_prescription_is_refused_by_the_foreign_key(conn: psycopg.Connection) -> None:
    medication_id = conn.execute(
        "insert into pharmacy.medication (generic_name, dosage_form, dispensing_unit) values ('x', 'tablet', 'tablet')"
        " returning medication_id"
    ).fetchone()[0]
    main = location(conn)
    receive(conn, medication_id, main, "L-1", 60, 5)
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute("call pharmacy.dispense_stock(%s, %s, 1, 'x', false, 424242)", (medication_id, main))


def test_two_pharmacists_never_dispense_more_than_prescribed(conn: psycopg.Connection, clinic: Clinic, db_url: str) -> None:
    medication = clinic.medication()
    main = location(conn)
    receive(conn, medication, main, "L-1", 60, 100)
    *_, prescription_id, _ = prescribe(conn, clinic, medication, 10)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def pharmacist() -> None:
        with psycopg.connect(db_url, autocommit=True) as own:
            barrier.wait()
            try:
                own.execute("call pharmacy.dispense_prescription(%s, %s, 4)", (prescription_id, main))
                outcomes.append("ok")
            except psycopg.Error as exc:
                outcomes.append(exc.sqlstate or "?")

    threads = [threading.Thread(target=pharmacist) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    dispensed = conn.execute(
        "select sum(dispensed_quantity) from pharmacy.dispensing where prescription_id = %s", (prescription_id,)
    ).fetchone()[0]
    assert dispensed <= 10
    assert outcomes.count("ok") == 2  # 4 + 4; the third would exceed what remains (2)
    assert set(outcomes) - {"ok"} <= {"22023", "ZP009"}


def test_text_passed_for_the_status_output_is_ignored(conn: psycopg.Connection, clinic: Clinic) -> None:
    """The only text parameter of dispense_prescription is an output: hostile input there changes nothing."""
    medication = clinic.medication()
    main = location(conn)
    receive(conn, medication, main, "L-1", 60, 5)
    *_, prescription_id, _ = prescribe(conn, clinic, medication, 5)
    patients = conn.execute("select count(*) from clinic.patient").fetchone()[0]
    hostile = "dispensed'); drop table clinic.patient; --\u202e\u0000".replace("\u0000", "")
    row = conn.execute(
        "call pharmacy.dispense_prescription(%s, %s, p_prescription_status => %s)", (prescription_id, main, hostile)
    ).fetchone()
    assert row[2] == "dispensed"
    assert conn.execute("select status from clinic.prescription where prescription_id = %s",
                        (prescription_id,)).fetchone()[0] == "dispensed"
    assert conn.execute("select count(*) from clinic.patient").fetchone()[0] == patients
