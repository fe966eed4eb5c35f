"""Helpers of the tests/test_wiring_*.py files (issue 7, the security spine wired
into the clinical core, billing and pharmacy). No tests here.

`Hospital` builds two departments with a doctor each and a visit in each, all
through the real procedures, and makes LOGIN users linked to staff rows with
the real `clinic.create_staff_login`, so every test talks to PostgreSQL as the
role under test over a real login connection.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import psycopg
import pytest
from psycopg import sql
from test_core_support import Clinic, call

INSUFFICIENT_PRIVILEGE = psycopg.errors.lookup("42501")

# every table of the clinical core, billing and pharmacy
BUSINESS_SCHEMAS = ("clinic", "billing", "pharmacy")


def login_url(db_url: str, user: str, password: str) -> str:
    parts = urlsplit(db_url)
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
    return f"postgresql://{netloc}{parts.path}"


@dataclass
class Hospital:
    conn: psycopg.Connection  # superuser, autocommit
    db_url: str
    clinic: Clinic
    department_a: int = 0
    department_b: int = 0
    doctor_a: int = 0
    doctor_b: int = 0
    visit_a: dict = field(default_factory=dict)  # in progress, doctor A, department A
    visit_b: dict = field(default_factory=dict)  # in progress, doctor B, department B
    closed_b: dict = field(default_factory=dict)  # completed with notes, department B
    roles: list[str] = field(default_factory=list)
    connections: list[psycopg.Connection] = field(default_factory=list)

    def build(self) -> Hospital:
        c = self.clinic
        self.department_a, self.department_b = c.department(), c.department()
        self.doctor_a, self.doctor_b = c.doctor(self.department_a), c.doctor(self.department_b)
        self.visit_a = c.visit(doctor_id=self.doctor_a, hour=9)
        self.visit_b = c.visit(doctor_id=self.doctor_b, hour=9)
        self.closed_b = c.visit(patient_id=self.visit_b["patient"], doctor_id=self.doctor_b, hour=11)
        self.conn.execute(
            "call clinic.record_diagnosis(%s, 'J06.9', 'mild', p_notes => 'department B diagnosis note')",
            (self.closed_b["encounter"],),
        )
        self.conn.execute("call clinic.complete_encounter(%s, 'department B private note')", (self.closed_b["encounter"],))
        return self

    def staff(self, department_id: int, role: str) -> int:
        """A staff member who is not a doctor (administrator, pharmacist, nurse ...)."""
        return self.conn.execute(
            """insert into clinic.staff (department_id, first_name, last_name, staff_role)
               values (%s, 'Sam', %s, %s) returning staff_id""",
            (department_id, f"Staff{secrets.token_hex(3)}", role),
        ).fetchone()[0]

    def login(self, role: str, staff_id: int | None = None, *, via: psycopg.Connection | None = None,
              autocommit: bool = True) -> tuple[str, psycopg.Connection]:
        """A new LOGIN user in `role`, linked to `staff_id` (by clinic.create_staff_login when a staff
        member is given, else a plain login in the role); returns (name, connection)."""
        name = f"w_{role.removeprefix('hc_')}_{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(18)
        if staff_id is not None:
            (via or self.conn).execute(
                "call clinic.create_staff_login(%s, %s, %s, %s)", (staff_id, name, role, password)
            )
        else:
            self.conn.execute(
                sql.SQL("create role {} login password {} in role {}").format(
                    sql.Identifier(name), sql.Literal(password), sql.Identifier(role)
                )
            )
        self.roles.append(name)
        connection = psycopg.connect(login_url(self.db_url, name, password), autocommit=autocommit)
        self.connections.append(connection)
        return name, connection

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        for name in self.roles:  # roles are cluster-wide: never leave one behind
            self.conn.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
            self.conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(name)))


@pytest.fixture
def hospital(conn: psycopg.Connection, db_url: str) -> Iterator[Hospital]:
    world = Hospital(conn, db_url, Clinic(conn)).build()
    yield world
    world.close()


def business_tables(conn: psycopg.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            """select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = any(%s) and c.relkind in ('r', 'p') order by 1""",
            (list(BUSINESS_SCHEMAS),),
        ).fetchall()
    ]


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Row count of every business table and of the audit log (as the superuser)."""
    tables = [*business_tables(conn), "audit.log"]
    return {t: conn.execute(sql.SQL("select count(*) from {}").format(sql.SQL(t))).fetchone()[0] for t in tables}


__all__ = ["INSUFFICIENT_PRIVILEGE", "Hospital", "business_tables", "call", "hospital", "login_url", "row_counts"]
