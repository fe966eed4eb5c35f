"""schedule_appointment, reschedule_appointment, cancel_appointment, check_in,
mark_no_shows and doctor_availability: happy paths and every rejection."""

from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from test_core_support import Clinic, call, clinic, refused, tomorrow_at  # noqa: F401 (fixture)

SCHEDULE = "call clinic.schedule_appointment(%s, %s, %s, %s, %s)"


def status_of(conn: psycopg.Connection, appointment_id: int) -> str:
    return conn.execute("select status from clinic.appointment where appointment_id = %s", (appointment_id,)).fetchone()[0]


def test_schedule_returns_the_new_appointment(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor, patient = clinic.doctor(), clinic.patient()
    start = tomorrow_at(10)
    appointment_id = call(
        conn, "call clinic.schedule_appointment(%s, %s, %s, %s, %s, 'check-up', null)",
        (patient, doctor, clinic.department_of(doctor), start, start + timedelta(minutes=20)),
    )
    row = conn.execute(
        "select patient_id, doctor_id, starts_at, ends_at, status, reason from clinic.appointment"
        " where appointment_id = %s", (appointment_id,),
    ).fetchone()
    assert row == (patient, doctor, start, start + timedelta(minutes=20), "scheduled", "check-up")


def test_back_to_back_appointments_do_not_overlap(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor()
    first = clinic.book(clinic.patient(), doctor, tomorrow_at(10), 30)
    second = clinic.book(clinic.patient(), doctor, tomorrow_at(10, 30), 30)
    assert first != second


@pytest.mark.parametrize(
    ("case", "sqlstate"),
    [
        ("unknown patient", "P0002"),
        ("unknown doctor", "P0002"),
        ("unknown department", "P0002"),
        ("null start", "22023"),
        ("end before start", "22023"),
        ("in the past", "ZC001"),
        ("before working hours", "ZC002"),
        ("after working hours", "ZC002"),
        ("day off", "ZC002"),
        ("other department", "ZC003"),
        ("not a doctor", "ZC009"),
        ("inactive doctor", "ZC009"),
        ("doctor busy", "23P01"),
        ("patient busy", "23P01"),
    ],
)
def test_schedule_refusals(conn: psycopg.Connection, clinic: Clinic, case: str, sqlstate: str) -> None:
    doctor = clinic.doctor(weekdays=range(1, 8))
    department = clinic.department_of(doctor)
    patient = clinic.patient()
    start = tomorrow_at(10)
    end = start + timedelta(minutes=30)
    args = [patient, doctor, department, start, end]
    if case == "unknown patient":
        args[0] = 999_999
    elif case == "unknown doctor":
        args[1] = 999_999
    elif case == "unknown department":
        args[2] = 999_999
    elif case == "null start":
        args[3] = None
    elif case == "end before start":
        args[4] = start - timedelta(minutes=5)
    elif case == "in the past":
        args[3], args[4] = datetime.now(timezone.utc) - timedelta(hours=2), datetime.now(timezone.utc) - timedelta(hours=1)
    elif case == "before working hours":
        args[3] = tomorrow_at(7, 45)
    elif case == "after working hours":
        args[3], args[4] = tomorrow_at(17, 45), tomorrow_at(18, 15)
    elif case == "day off":
        weekday = start.isoweekday()
        args[1] = clinic.doctor(department, weekdays=[d for d in range(1, 8) if d != weekday])
    elif case == "other department":
        args[2] = clinic.department()
    elif case == "not a doctor":
        args[1] = clinic.doctor(department, role="nurse")
    elif case == "inactive doctor":
        conn.execute("update clinic.staff set is_active = false where staff_id = %s", (doctor,))
    elif case == "doctor busy":
        clinic.book(clinic.patient(), doctor, tomorrow_at(10, 15), 30)
    elif case == "patient busy":
        clinic.book(patient, clinic.doctor(), tomorrow_at(9, 45), 30)
    error = refused(conn, sqlstate, SCHEDULE, tuple(args))
    assert error.diag.message_hint, "every refusal tells the clinic user what to do"


def test_double_booking_names_the_conflict(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor()
    existing = clinic.book(clinic.patient(), doctor, tomorrow_at(10), 30)
    error = refused(conn, "23P01", SCHEDULE, (clinic.patient(), doctor, clinic.department_of(doctor),
                                              tomorrow_at(10, 10), tomorrow_at(10, 40)))
    assert error.diag.constraint_name == "appointment_doctor_no_overlap"
    assert f"Appointment {existing} " in error.diag.message_detail
    patient = clinic.patient()
    theirs = clinic.book(patient, clinic.doctor(), tomorrow_at(15), 30)
    error = refused(conn, "23P01", SCHEDULE, (patient, doctor, clinic.department_of(doctor),
                                              tomorrow_at(15, 15), tomorrow_at(15, 45)))
    assert error.diag.constraint_name == "appointment_patient_no_overlap"
    assert f"Appointment {theirs} " in error.diag.message_detail


def test_working_hours_are_local_to_the_department(conn: psycopg.Connection, clinic: Clinic) -> None:
    # 08:00-18:00 in Tokyo (UTC+9, no DST) is 23:00-09:00 UTC the day before
    department = clinic.department(time_zone="Asia/Tokyo")
    doctor = clinic.doctor(department)
    tokyo_morning = tomorrow_at(0, days=2)  # 09:00 in Tokyo
    assert clinic.book(clinic.patient(), doctor, tokyo_morning, 30)
    refused(conn, "ZC002", SCHEDULE, (clinic.patient(), doctor, department, tomorrow_at(10, days=2),
                                      tomorrow_at(10, 30, days=2)))  # 19:00 in Tokyo


def test_cancelled_appointments_free_the_slot(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor()
    first = clinic.book(clinic.patient(), doctor, tomorrow_at(11), 30)
    conn.execute("call clinic.cancel_appointment(%s, 'patient called')", (first,))
    assert status_of(conn, first) == "cancelled"
    assert clinic.book(clinic.patient(), doctor, tomorrow_at(11), 30)


def test_cancel_refusals(conn: psycopg.Connection, clinic: Clinic) -> None:
    refused(conn, "P0002", "call clinic.cancel_appointment(999999)")
    v = clinic.visit()
    refused(conn, "ZC004", "call clinic.cancel_appointment(%s)", (v["appointment"],))


def test_reschedule_moves_the_appointment(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor()
    appointment_id = clinic.book(clinic.patient(), doctor, tomorrow_at(9), 30)
    conn.execute("call clinic.reschedule_appointment(%s, %s, %s)", (appointment_id, tomorrow_at(9, 15), tomorrow_at(9, 45)))
    row = conn.execute("select starts_at from clinic.appointment where appointment_id = %s", (appointment_id,)).fetchone()
    assert row[0] == tomorrow_at(9, 15)  # overlapping its own old slot is fine


def test_reschedule_refusals(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor()
    appointment_id = clinic.book(clinic.patient(), doctor, tomorrow_at(9), 30)
    clinic.book(clinic.patient(), doctor, tomorrow_at(14), 30)
    resched = "call clinic.reschedule_appointment(%s, %s, %s)"
    refused(conn, "P0002", resched, (999_999, tomorrow_at(10), tomorrow_at(10, 30)))
    refused(conn, "ZC001", resched, (appointment_id, tomorrow_at(9, days=-2), tomorrow_at(9, 30, days=-2)))
    refused(conn, "ZC002", resched, (appointment_id, tomorrow_at(19), tomorrow_at(19, 30)))
    refused(conn, "22023", resched, (appointment_id, tomorrow_at(10), tomorrow_at(9)))
    refused(conn, "23P01", resched, (appointment_id, tomorrow_at(14, 15), tomorrow_at(14, 45)))
    conn.execute("call clinic.cancel_appointment(%s)", (appointment_id,))
    refused(conn, "ZC008", resched, (appointment_id, tomorrow_at(10), tomorrow_at(10, 30)))


def test_check_in_opens_the_encounter(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor, patient = clinic.doctor(), clinic.patient()
    appointment_id = clinic.book(patient, doctor, tomorrow_at(9))
    encounter_id = call(conn, "call clinic.check_in(%s)", (appointment_id,))
    row = conn.execute(
        "select patient_id, doctor_id, status from clinic.encounter where encounter_id = %s", (encounter_id,)
    ).fetchone()
    assert row == (patient, doctor, "checked in")
    assert status_of(conn, appointment_id) == "checked in"
    refused(conn, "ZC004", "call clinic.check_in(%s)", (appointment_id,))
    refused(conn, "P0002", "call clinic.check_in(999999)")
    cancelled = clinic.book(patient, doctor, tomorrow_at(15))
    conn.execute("call clinic.cancel_appointment(%s)", (cancelled,))
    refused(conn, "ZC004", "call clinic.check_in(%s)", (cancelled,))


def past_appointment(conn: psycopg.Connection, clinic: Clinic, hours_ago: int) -> int:
    """A scheduled appointment in the past (bookings are refused in the past, so insert it directly)."""
    doctor = clinic.doctor()
    start = datetime.now(timezone.utc) - timedelta(hours=hours_ago)
    return conn.execute(
        """insert into clinic.appointment (patient_id, doctor_id, department_id, during)
           values (%s, %s, %s, tstzrange(%s, %s)) returning appointment_id""",
        (clinic.patient(), doctor, clinic.department_of(doctor), start, start + timedelta(minutes=30)),
    ).fetchone()[0]


def test_mark_no_shows(conn: psycopg.Connection, clinic: Clinic) -> None:
    missed = past_appointment(conn, clinic, 5)
    recent = past_appointment(conn, clinic, 1)
    future = clinic.book(clinic.patient(), clinic.doctor(), tomorrow_at(9))
    as_of = datetime.now(timezone.utc) - timedelta(hours=3)
    assert call(conn, "call clinic.mark_no_shows(%s)", (as_of,)) == 1
    assert (status_of(conn, missed), status_of(conn, recent)) == ("no-show", "scheduled")
    assert call(conn, "call clinic.mark_no_shows()") == 1
    assert (status_of(conn, recent), status_of(conn, future)) == ("no-show", "scheduled")
    assert call(conn, "call clinic.mark_no_shows()") == 0
    refused(conn, "22023", "call clinic.mark_no_shows(%s)", (datetime.now(timezone.utc) + timedelta(days=1),))


def test_doctor_availability(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor(start="09:00", end="12:00")
    clinic.book(clinic.patient(), doctor, tomorrow_at(10), 60)
    day = tomorrow_at(0).date()
    slots = conn.execute("select slot_start from clinic.doctor_availability(%s, %s, 30)", (doctor, day)).fetchall()
    starts = [s[0] for s in slots]
    assert starts == [tomorrow_at(9), tomorrow_at(9, 30), tomorrow_at(11), tomorrow_at(11, 30)]
    refused(conn, "P0002", "select * from clinic.doctor_availability(999999, current_date + 1)")
    refused(conn, "ZC009", "select * from clinic.doctor_availability(%s, current_date + 1)",
            (clinic.doctor(role="nurse"),))
    refused(conn, "22023", "select * from clinic.doctor_availability(%s, current_date + 1, 0)", (doctor,))
