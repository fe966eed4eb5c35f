"""dbtool seed: sizes as asked, every rule of the schema holds, same seed -> same data."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from dbtool import deploy, seed
from dbtool.db import ScratchDatabase
from dbtool.errors import DbtoolError
from tests.conftest import PROJECT, SERVER_URL, run_dbtool

PLAN = seed.SeedPlan(patients=150, months=3, seed=7, end=date(2026, 1, 1))

# every generated table, hashed without created_at / updated_at (the wall clock)
HASHED = [
    "clinic.department", "clinic.staff", "clinic.working_day", "clinic.patient", "clinic.appointment",
    "clinic.encounter", "clinic.diagnosis", "clinic.treatment_given", "clinic.prescription", "billing.invoice",
    "billing.invoice_line", "billing.claim", "billing.payment", "billing.adjustment", "pharmacy.lot",
    "pharmacy.dispensing", "pharmacy.stock_movement",
]


def table_hashes(conn: psycopg.Connection) -> dict[str, str]:
    hashes = {}
    for table in HASHED:
        row = conn.execute(
            f"select md5(coalesce(string_agg((to_jsonb(t) - 'created_at' - 'updated_at')::text, '|' order by t::text), ''))"
            f" from {table} t"
        ).fetchone()
        hashes[table] = row[0]
    return hashes


@pytest.fixture
def seeded(conn: psycopg.Connection) -> psycopg.Connection:
    seed.run(conn, PLAN, out=lambda _line: None)
    return conn


def scalar(conn: psycopg.Connection, query: str) -> object:
    return conn.execute(query).fetchone()[0]


def test_sizes_match_the_plan(seeded: psycopg.Connection) -> None:
    assert scalar(seeded, "select count(*) from clinic.patient") == 150
    assert scalar(seeded, "select count(*) from clinic.staff where staff_role = 'doctor'") == PLAN.doctors
    assert scalar(seeded, "select count(*) from clinic.working_day") == PLAN.doctors * 5
    # ~10 visits per patient-year: 150 patients x 3 months -> ~375 appointments
    appointments = scalar(seeded, "select count(*) from clinic.appointment")
    assert 250 <= appointments <= 500
    first, last = seeded.execute("select min(starts_at)::date, max(starts_at)::date from clinic.appointment").fetchone()
    assert first >= PLAN.start and last < PLAN.end
    assert (first - PLAN.start).days < 7 and (PLAN.end - last).days < 7


def test_history_is_consistent(seeded: psycopg.Connection) -> None:
    statuses = dict(seeded.execute("select status, count(*) from clinic.appointment group by status").fetchall())
    assert set(statuses) == {"completed", "cancelled", "no-show"}
    assert statuses["cancelled"] + statuses["no-show"] < statuses["completed"] / 4
    # one completed encounter per completed appointment, with an invoice and one primary diagnosis
    assert scalar(seeded, "select count(*) from clinic.encounter") == statuses["completed"]
    assert scalar(seeded, "select count(*) from clinic.encounter where status <> 'completed'") == 0
    assert scalar(seeded, """select count(*) from clinic.encounter e
                              where not exists (select 1 from billing.invoice i where i.encounter_id = e.encounter_id)
                                 or (select count(*) from clinic.diagnosis d
                                      where d.encounter_id = e.encounter_id and d.is_primary) <> 1""") == 0
    # appointments inside the doctors' working hours
    assert scalar(seeded, """select count(*) from clinic.appointment a
                              where extract(isodow from a.starts_at) > 5
                                 or a.starts_at::time < '08:00' or a.ends_at::time > '17:00'""") == 0
    # invoice totals are their lines; consultation fees billed once per visit
    assert scalar(seeded, """select count(*) from billing.invoice i
                              where i.total_amount <> (select sum(l.amount) from billing.invoice_line l
                                                        where l.invoice_id = i.invoice_id)""") == 0
    assert scalar(seeded, "select count(*) from billing.invoice_line where line_kind = 'consultation'") == statuses[
        "completed"]
    # money arrives after the visit; some invoices are paid, some still open
    assert scalar(seeded, """select count(*) from billing.payment p join billing.invoice i using (invoice_id)
                              where p.paid_at::date < i.issued_on""") == 0
    kinds = dict(seeded.execute("select status, count(*) from billing.invoice group by status").fetchall())
    assert kinds.get("paid", 0) > 0 and kinds.get("open", 0) + kinds.get("partially paid", 0) > 0
    # the ledger: on-hand is never negative, dispensed prescriptions have their dispensing, stock-outs stay active
    assert scalar(seeded, "select count(*) from pharmacy.lot where on_hand < 0") == 0
    assert scalar(seeded, """select count(*) from clinic.prescription p
                              where (p.status = 'dispensed') <> exists (select 1 from pharmacy.dispensing d
                                                                         where d.prescription_id = p.prescription_id)""") == 0
    assert scalar(seeded, "select count(*) from pharmacy.stock_movement where movement_type = 'receipt'") > 0


def test_diagnoses_are_plausible_for_age_and_sex(seeded: psycopg.Connection) -> None:
    rows = seeded.execute("""
        select c.chapter_no, p.sex, extract(year from age(d.diagnosed_at, p.date_of_birth))::int as age, d.icd10_code
          from clinic.diagnosis d
          join clinic.encounter e using (encounter_id)
          join clinic.patient p using (patient_id)
          join ref.icd10_code c on c.code = d.icd10_code""").fetchall()
    assert len({chapter for chapter, *_ in rows}) >= 10  # the long tail reaches most chapters
    assert not [r for r in rows if r[0] == 15 and r[1] != "female"]  # pregnancy only for women
    assert not [r for r in rows if r[3] in ("N40.0", "C61") and r[1] == "female"]
    assert not [r for r in rows if r[3] == "Z00.129" and r[2] > 18]  # child check-ups for children
    common = sum(1 for r in rows if r[3] in ("I10", "E78.5", "E11.9", "J06.9", "Z00.00", "Z00.129"))
    assert common > len(rows) / 10


def test_same_seed_same_data_other_seed_other_data(seeded: psycopg.Connection, empty_db_url: str) -> None:
    first = table_hashes(seeded)
    deploy.apply(PROJECT, empty_db_url, out=lambda _line: None)
    with psycopg.connect(empty_db_url, autocommit=True) as other:
        seed.run(other, PLAN, out=lambda _line: None)
        assert table_hashes(other) == first
    with ScratchDatabase(SERVER_URL, "dbtool_seed") as scratch:
        deploy.apply(PROJECT, scratch.url, out=lambda _line: None)
        with psycopg.connect(scratch.url, autocommit=True) as other:
            seed.run(other, seed.SeedPlan(150, 3, 8, PLAN.end), out=lambda _line: None)
            different = table_hashes(other)
    assert different["clinic.department"] == first["clinic.department"]  # fixed reference data
    for table in ("clinic.patient", "clinic.appointment", "clinic.diagnosis", "billing.payment"):
        assert different[table] != first[table], table


def test_refuses_a_clinic_that_has_data(seeded: psycopg.Connection) -> None:
    before = table_hashes(seeded)
    with pytest.raises(DbtoolError):
        seed.run(seeded, PLAN, out=lambda _line: None)
    assert table_hashes(seeded) == before


def test_cli_shows_progress_and_refuses_bad_input(db_url: str) -> None:
    result = run_dbtool("--database-url", db_url, "seed", "--patients", "40", "--months", "1", "--seed", "3")
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stdout.splitlines() if " rows " in line]
    assert len(progress) == len(seed.STEPS)
    assert "40 rows" in next(line for line in progress if "clinic.patient" in line)
    again = run_dbtool("--database-url", db_url, "seed", "--patients", "40", "--months", "1")
    assert again.returncode != 0 and "already has patients" in again.stderr
    bad = run_dbtool("--database-url", db_url, "seed", "--patients", "0")
    assert bad.returncode != 0 and "--patients" in bad.stderr


FOREIGN_KEYS = ("select conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated"
                "  from pg_constraint where contype = 'f' order by 1, 2")


def test_foreign_keys_are_back_and_every_row_was_checked(conn: psycopg.Connection,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed drops the generated tables' foreign keys in its transaction and adds them back (validating
    every row set-based): the same constraints afterwards, and a row that breaks one rolls everything back."""
    before = conn.execute(FOREIGN_KEYS).fetchall()
    broken = ("an orphan diagnosis", "clinic.diagnosis", """
insert into clinic.diagnosis (encounter_id, icd10_code, severity, is_primary, diagnosed_at)
values (999999999, 'I10', 'mild', false, now())""")
    monkeypatch.setattr(seed, "STEPS", [*seed.STEPS, broken])
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        seed.run(conn, PLAN, out=lambda _line: None)
    assert scalar(conn, "select count(*) from clinic.patient") == 0
    assert scalar(conn, "select count(*) from clinic.diagnosis") == 0
    assert conn.execute(FOREIGN_KEYS).fetchall() == before
    monkeypatch.undo()
    seed.run(conn, PLAN, out=lambda _line: None)
    assert conn.execute(FOREIGN_KEYS).fetchall() == before
    assert all(validated for *_, validated in before)


def test_billing_invariants_hold_on_seeded_data(seeded: psycopg.Connection) -> None:
    """Invoices are inserted with their precomputed totals; the line, payment and adjustment triggers still
    recompute them from the rows, so after the seed every invoice equals its rows."""
    assert scalar(seeded, """
        select count(*) from billing.invoice i
          left join (select invoice_id, sum(amount) as s, count(*) as n from billing.invoice_line group by 1) l
                 using (invoice_id)
          left join (select invoice_id, sum(amount) as s from billing.payment group by 1) p using (invoice_id)
          left join (select invoice_id, sum(amount) as s from billing.adjustment group by 1) a using (invoice_id)
         where l.n is null
            or i.total_amount <> l.s
            or i.paid_amount <> coalesce(p.s, 0)
            or i.adjusted_amount <> coalesce(a.s, 0)
            or i.balance <> i.total_amount - i.paid_amount - i.adjusted_amount
            or i.balance < 0
            or i.status <> case when i.balance = 0 then 'paid'
                                when i.paid_amount + i.adjusted_amount > 0 then 'partially paid'
                                else 'open' end""") == 0
    # one consultation line per invoice, one treatment line per treatment given, at its price
    assert scalar(seeded, """select count(*) from clinic.treatment_given t
                              where (select count(*) from billing.invoice_line l
                                      where l.treatment_given_id = t.treatment_given_id and l.amount = t.price) <> 1""") == 0
    assert scalar(seeded, "select count(*) from clinic.treatment_given") > 0
    assert scalar(seeded, "select count(*) from billing.adjustment") > 0


def test_each_invoice_is_written_once_and_every_row_is_audited(seeded: psycopg.Connection) -> None:
    """The seed writes an invoice in its final total, so the only update an invoice gets is the one its
    payments and write-off make (at most one, whichever kinds it has); every seeded row has its audit row,
    with the patient traced through the parents."""
    updates = dict(seeded.execute("""
        select (row_key ->> 'invoice_id')::bigint, count(*) from audit.log
         where table_schema = 'billing' and table_name = 'invoice' and operation = 'update' group by 1""").fetchall())
    settled = {r[0] for r in seeded.execute(
        "select invoice_id from billing.payment union select invoice_id from billing.adjustment").fetchall()}
    assert set(updates) == settled and set(updates.values()) == {1}
    assert len(updates) > 100  # one bulk update of the invoices, audited set-based
    for table in HASHED:
        schema, name = table.split(".")
        audited = scalar(seeded, f"""select count(*) from audit.log
                                      where table_schema = '{schema}' and table_name = '{name}'
                                        and operation = 'insert'""")
        if table in ("clinic.department", "clinic.working_day", "pharmacy.lot"):
            continue  # not audited (no patient data)
        assert audited == scalar(seeded, f"select count(*) from {table}"), table
    assert scalar(seeded, """select count(*) from audit.log l
                               join clinic.diagnosis d on d.diagnosis_id = (l.row_key ->> 'diagnosis_id')::bigint
                               join clinic.encounter e on e.encounter_id = d.encounter_id
                              where l.table_name = 'diagnosis' and l.operation = 'insert'
                                and l.patient_id is distinct from e.patient_id""") == 0
    assert scalar(seeded, """select count(*) from audit.log l
                               join billing.payment p on p.payment_id = (l.row_key ->> 'payment_id')::bigint
                               join billing.invoice i on i.invoice_id = p.invoice_id
                              where l.table_name = 'payment' and l.operation = 'insert'
                                and l.patient_id is distinct from i.patient_id""") == 0


# every index of the generated tables and of audit.log's partitions, every constraint, as the catalog prints them,
# and the tables' storage options (the seed writes the invoices with fillfactor 50 and resets it)
INDEXES_AND_CONSTRAINTS = """
select 'index', i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
       i.indisvalid::text
  from pg_index i
  join pg_class c on c.oid = i.indrelid
 where c.relnamespace::regnamespace::text in ('clinic', 'billing', 'pharmacy', 'audit')
union all
select 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated::text
  from pg_constraint
 where connamespace::regnamespace::text in ('clinic', 'billing', 'pharmacy', 'audit')
union all
select 'storage', oid::regclass::text, relname, coalesce(reloptions::text, ''), ''
  from pg_class
 where relnamespace::regnamespace::text in ('clinic', 'billing', 'pharmacy', 'audit') and relkind in ('r', 'p')
 order by 1, 2, 3
"""


def test_suspended_indexes_and_constraints_come_back_the_same(seeded: psycopg.Connection,
                                                              empty_db_url: str) -> None:
    """The seed builds the plain indexes (audit.log's partitioned patient index among them) and re-adds the
    patient double-booking constraint after the data: afterwards the catalog has exactly what a deploy has."""
    deploy.apply(PROJECT, empty_db_url, out=lambda _line: None)
    with psycopg.connect(empty_db_url, autocommit=True) as fresh:
        expected = fresh.execute(INDEXES_AND_CONSTRAINTS).fetchall()
    assert seeded.execute(INDEXES_AND_CONSTRAINTS).fetchall() == expected
    assert any(name == "audit.log_patient_idx" for _, _, name, *_ in expected)
    # the rebuilt audit index serves the patient's access history
    patient = scalar(seeded, "select min(patient_id) from clinic.patient")
    seeded.execute("set enable_seqscan = off")
    plan = "\n".join(r[0] for r in seeded.execute(
        "explain select * from audit.log where patient_id = %s and changed_at > now() - interval '1 day'",
        (patient,)).fetchall())
    assert "patient_id_changed_at_idx" in plan


def test_a_double_booked_patient_fails_the_seed_at_the_re_added_constraint(conn: psycopg.Connection,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The patient exclusion constraint is dropped in the seed's transaction and added back at its end, which
    checks every row: a patient booked with two doctors at once rolls the whole seed back (23P01)."""
    before = conn.execute(INDEXES_AND_CONSTRAINTS).fetchall()
    double = ("a patient in two places", "clinic.appointment", """
insert into clinic.appointment (patient_id, doctor_id, department_id, during, status)
select a.patient_id, d.staff_id, d.department_id, a.during, 'scheduled'
  from (select * from clinic.appointment where status = 'completed' order by appointment_id limit 1) as a
  join clinic.staff d on d.staff_role = 'doctor' and d.staff_id <> a.doctor_id
 where not exists (select 1 from clinic.appointment b where b.doctor_id = d.staff_id and b.during && a.during)
 order by d.staff_id
 limit 1""")
    monkeypatch.setattr(seed, "STEPS", [*seed.STEPS, double])
    with pytest.raises(psycopg.errors.ExclusionViolation) as refused:
        seed.run(conn, PLAN, out=lambda _line: None)
    # refused by the re-added patient constraint, not by the doctor's (which stays in place during the seed)
    assert refused.value.diag.constraint_name == "appointment_patient_no_overlap"
    assert scalar(conn, "select count(*) from clinic.appointment") == 0
    assert scalar(conn, "select count(*) from audit.log where table_name = 'appointment'") == 0
    assert conn.execute(INDEXES_AND_CONSTRAINTS).fetchall() == before
