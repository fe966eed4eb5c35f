"""The appointment status machine: the status follows the encounter, and every
transition not in ref.appointment_status_transition is refused."""

import itertools

import psycopg
import pytest
from test_core_support import Clinic, call, clinic, refused, tomorrow_at  # noqa: F401 (fixture)

STATUSES = ["scheduled", "checked in", "in progress", "completed", "cancelled", "no-show"]
LEGAL = {
    ("scheduled", "checked in"), ("scheduled", "cancelled"), ("scheduled", "no-show"),
    ("checked in", "in progress"), ("in progress", "completed"),
}


def test_transition_table_is_the_documented_machine(conn: psycopg.Connection) -> None:
    rows = set(conn.execute("select from_status, to_status from ref.appointment_status_transition").fetchall())
    assert rows == LEGAL


def appointment_in(conn: psycopg.Connection, clinic: Clinic, status: str) -> int:
    """An appointment brought to `status` through the legal path."""
    appointment_id = clinic.book(clinic.patient(), clinic.doctor(), tomorrow_at(9))
    path = {
        "scheduled": [], "cancelled": ["cancelled"], "no-show": ["no-show"], "checked in": ["checked in"],
        "in progress": ["checked in", "in progress"], "completed": ["checked in", "in progress", "completed"],
    }[status]
    for step in path:
        conn.execute("update clinic.appointment set status = %s where appointment_id = %s", (step, appointment_id))
    return appointment_id


def test_every_illegal_transition_is_refused(conn: psycopg.Connection, clinic: Clinic) -> None:
    illegal = [(a, b) for a, b in itertools.product(STATUSES, STATUSES) if a != b and (a, b) not in LEGAL]
    assert len(illegal) == 25
    by_status = {status: appointment_in(conn, clinic, status) for status in STATUSES}
    for old, new in illegal:
        refused(conn, "ZC004", "update clinic.appointment set status = %s where appointment_id = %s",
                (new, by_status[old]))


@pytest.mark.parametrize(("old", "new"), sorted(LEGAL))
def test_every_legal_transition_is_accepted(conn: psycopg.Connection, clinic: Clinic, old: str, new: str) -> None:
    appointment_id = appointment_in(conn, clinic, old)
    conn.execute("update clinic.appointment set status = %s where appointment_id = %s", (new, appointment_id))
    assert conn.execute("select status from clinic.appointment where appointment_id = %s",
                        (appointment_id,)).fetchone()[0] == new


def test_status_follows_the_encounter(conn: psycopg.Connection, clinic: Clinic) -> None:
    appointment_id = clinic.book(clinic.patient(), clinic.doctor(), tomorrow_at(9))

    def status() -> str:
        return conn.execute("select status from clinic.appointment where appointment_id = %s",
                            (appointment_id,)).fetchone()[0]

    encounter_id = call(conn, "call clinic.check_in(%s)", (appointment_id,))
    assert status() == "checked in"
    conn.execute("call clinic.start_encounter(%s)", (encounter_id,))
    assert status() == "in progress"
    conn.execute("call clinic.complete_encounter(%s)", (encounter_id,))
    assert status() == "completed"
    # a completed visit cannot be cancelled, through the procedure or directly
    refused(conn, "ZC004", "call clinic.cancel_appointment(%s)", (appointment_id,))
    refused(conn, "ZC004", "update clinic.appointment set status = 'cancelled' where appointment_id = %s",
            (appointment_id,))


def test_a_cancelled_appointment_cannot_complete(conn: psycopg.Connection, clinic: Clinic) -> None:
    appointment_id = appointment_in(conn, clinic, "cancelled")
    refused(conn, "ZC004", "update clinic.appointment set status = 'completed' where appointment_id = %s",
            (appointment_id,))
    refused(conn, "ZC004", "call clinic.check_in(%s)", (appointment_id,))


def test_encounter_steps_out_of_order_are_refused(conn: psycopg.Connection, clinic: Clinic) -> None:
    appointment_id = clinic.book(clinic.patient(), clinic.doctor(), tomorrow_at(9))
    encounter_id = call(conn, "call clinic.check_in(%s)", (appointment_id,))
    refused(conn, "ZC004", "call clinic.complete_encounter(%s)", (encounter_id,))
    conn.execute("call clinic.start_encounter(%s)", (encounter_id,))
    refused(conn, "ZC004", "call clinic.start_encounter(%s)", (encounter_id,))
    conn.execute("call clinic.complete_encounter(%s)", (encounter_id,))
    refused(conn, "ZC004", "call clinic.complete_encounter(%s)", (encounter_id,))
    refused(conn, "P0002", "call clinic.start_encounter(999999)")
    refused(conn, "P0002", "call clinic.complete_encounter(999999)")
