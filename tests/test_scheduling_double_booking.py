"""No double booking, by construction: 16 connections race for overlapping slots."""

import threading
from datetime import timedelta

import psycopg
from test_core_support import Clinic, clinic, tomorrow_at  # noqa: F401 (fixture)

CLIENTS = 16


def race(db_url: str, bookings: list[tuple]) -> list[str]:
    """Each booking on its own connection and thread, released together; returns 'ok' or the SQLSTATE."""
    barrier = threading.Barrier(len(bookings))
    results: list[str] = [""] * len(bookings)
    connections = [psycopg.connect(db_url, autocommit=True) for _ in bookings]

    def book(i: int) -> None:
        barrier.wait()
        try:
            connections[i].execute("call clinic.schedule_appointment(%s, %s, %s, %s, %s)", bookings[i])
            results[i] = "ok"
        except psycopg.Error as exc:
            results[i] = exc.sqlstate or "?"

    threads = [threading.Thread(target=book, args=(i,)) for i in range(len(bookings))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for connection in connections:
        connection.close()
    return results


def test_sixteen_clients_one_doctor_one_winner(conn: psycopg.Connection, db_url: str, clinic: Clinic) -> None:
    doctor = clinic.doctor()
    department = clinic.department_of(doctor)
    patients = [clinic.patient() for _ in range(CLIENTS)]
    # every requested slot overlaps every other one (starts 0..15 minutes apart, 30 minutes long)
    bookings = [
        (patients[i], doctor, department, tomorrow_at(10, i), tomorrow_at(10, i) + timedelta(minutes=30))
        for i in range(CLIENTS)
    ]
    results = race(db_url, bookings)
    assert results.count("ok") == 1, results
    assert sorted(results) == sorted(["ok"] + ["23P01"] * (CLIENTS - 1))
    active = conn.execute("select count(*) from clinic.appointment where doctor_id = %s", (doctor,)).fetchone()[0]
    assert active == 1


def test_sixteen_clients_one_patient_one_winner(conn: psycopg.Connection, db_url: str, clinic: Clinic) -> None:
    patient = clinic.patient()
    doctors = [clinic.doctor() for _ in range(CLIENTS)]
    bookings = [
        (patient, d, clinic.department_of(d), tomorrow_at(11), tomorrow_at(11, 30)) for d in doctors
    ]
    results = race(db_url, bookings)
    assert sorted(results) == sorted(["ok"] + ["23P01"] * (CLIENTS - 1)), results
