"""KPI views of the monthly report (issue 5): each reporting.kpi_* view equals an
independent computation, in Python, from the OLTP rows (clinic, billing, pharmacy).

One database per module: the template cloned, `dbtool seed` (150 patients x 3
months), `call dw.rebuild()`; the tests only read it. The delta maintenance of the
0070 aggregates is checked on a fresh clone (refresh after changes == rebuild).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import psycopg
import pytest
from test_core_support import Clinic

from dbtool import seed
from dbtool.db import ScratchDatabase
from tests.conftest import SERVER_URL

PLAN = seed.SeedPlan(patients=150, months=3, seed=7, end=date(2026, 1, 1))
MONTHS = [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)]
EMPTY_MONTH = date(2024, 1, 1)
KPI_VIEWS = [
    "kpi_month", "kpi_headline", "kpi_interactions", "kpi_visits_by_weekday", "kpi_severity",
    "kpi_disease_prevalence", "kpi_doctor_utilisation", "kpi_appointments", "kpi_billing",
    "kpi_treatment_outcomes", "kpi_stock_outs",
]
ALL = "All departments"


def r(value: Decimal | int | float, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(num: Decimal | int, den: Decimal | int, places: int = 4) -> Decimal | None:
    return None if den == 0 else r(Decimal(num) / Decimal(den), places)


def month_of(instant: datetime | date) -> date:
    if isinstance(instant, datetime):
        instant = instant.astimezone(timezone.utc)
    return date(instant.year, instant.month, 1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture(scope="module")
def kpi(postgresql_proc: object) -> Iterator[psycopg.Connection]:
    """A seeded, warehoused database shared by the read-only tests of this module."""
    template = postgresql_proc.template_dbname  # type: ignore[attr-defined]
    with ScratchDatabase(SERVER_URL, "kpi_test", template=template) as scratch:
        with psycopg.connect(scratch.url, autocommit=True) as conn:
            seed.run(conn, PLAN, out=lambda _line: None)
            assert conn.execute("call dw.rebuild()").fetchone()[1] == "succeeded"
            yield conn


def rows(conn: psycopg.Connection, query: str, params: tuple = ()) -> list[tuple]:
    return conn.execute(query, params).fetchall()


def view(conn: psycopg.Connection, name: str, columns: str, where: str = "true") -> list[tuple]:
    return sorted(rows(conn, f"select {columns} from reporting.{name} where {where}"), key=repr)  # noqa: S608


def departments(conn: psycopg.Connection) -> dict[int, str]:
    return dict(rows(conn, "select department_id, department_name from clinic.department"))


# --- independent computations from the OLTP tables ----------------------------------------------------------


def oltp_encounters(conn: psycopg.Connection) -> list[tuple]:
    return rows(conn, "select encounter_id, patient_id, doctor_id, department_id, checked_in_at from clinic.encounter")


def expected_interactions(conn: psycopg.Connection) -> list[tuple]:
    names = departments(conn)
    encounters = oltp_encounters(conn)
    first_month: dict[int, date] = {}
    for _, patient, _, _, at in encounters:
        m = month_of(at)
        first_month[patient] = min(first_month.get(patient, m), m)
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for e in encounters:
        groups[(month_of(e[4]), e[3])].append(e)
        groups[(month_of(e[4]), None)].append(e)
    out = []
    for (month, dept), es in groups.items():
        patients = {e[1] for e in es}
        doctors = {e[2] for e in es}
        new = {p for p in patients if first_month[p] == month}
        out.append((month, dept, names[dept] if dept else ALL, len(es), len(patients), len(doctors),
                    r(Decimal(len(es)) / len(doctors), 2), len(new), len(patients) - len(new)))
    return sorted(out, key=repr)


def expected_weekday(conn: psycopg.Connection) -> list[tuple]:
    names = departments(conn)
    counts: Counter = Counter()
    for _, _, _, dept, at in oltp_encounters(conn):
        day = at.astimezone(timezone.utc)
        for d in (dept, None):
            counts[(month_of(day), d, day.isoweekday())] += 1
    return sorted([(m, d, names[d] if d else ALL, wd, n) for (m, d, wd), n in counts.items()], key=repr)


def expected_severity(conn: psycopg.Connection) -> list[tuple]:
    names = departments(conn)
    rank = {"mild": 1, "moderate": 2, "severe": 3, "critical": 4}
    counts: Counter = Counter()
    for dept, severity, at in rows(conn, """select e.department_id, g.severity, g.diagnosed_at
                                             from clinic.diagnosis g join clinic.encounter e using (encounter_id)"""):
        for d in (dept, None):
            counts[(month_of(at), d, severity)] += 1
    totals: Counter = Counter()
    for (m, d, _), n in counts.items():
        totals[(m, d)] += n
    return sorted([(m, d, names[d] if d else ALL, s, rank[s], n, ratio(n, totals[(m, d)]))
                   for (m, d, s), n in counts.items()], key=repr)


def active_patients(conn: psycopg.Connection) -> dict[date, int]:
    seen: dict[date, set[int]] = defaultdict(set)
    for _, patient, _, _, at in oltp_encounters(conn):
        seen[month_of(at)].add(patient)
    result = {}
    for month in {add_months(m, k) for m in seen for k in range(12)}:
        window = set().union(*(seen.get(add_months(month, -k), set()) for k in range(12)))
        if window:
            result[month] = len(window)
    return result


def expected_prevalence(conn: psycopg.Connection) -> list[tuple]:
    active = active_patients(conn)
    diagnosed = rows(conn, """
        select g.diagnosed_at, p.patient_id, c.block_code, b.title, b.chapter_no, ch.title
          from clinic.diagnosis g join clinic.encounter p using (encounter_id)
          join ref.icd10_code c on c.code = g.icd10_code
          join ref.icd10_block b on b.block_code = c.block_code
          join ref.icd10_chapter ch on ch.chapter_no = b.chapter_no""")
    patients: dict[tuple, set[int]] = defaultdict(set)
    titles: dict[tuple, str] = {}
    for at, patient, block, block_title, chapter, chapter_title in diagnosed:
        m = month_of(at)
        patients[(m, "chapter", str(chapter))].add(patient)
        patients[(m, "block", block)].add(patient)
        titles[("chapter", str(chapter))] = chapter_title
        titles[("block", block)] = block_title
    out = []
    by_level: dict[tuple, list[tuple]] = defaultdict(list)
    for (m, level, code), ps in patients.items():
        by_level[(m, level)].append((code, len(ps)))
    for (m, level), items in by_level.items():
        # rank: most patients first, ties by chapter number / block code
        items.sort(key=lambda cn: (-cn[1], cn[0].zfill(7)))
        for rank, (code, n) in enumerate(items, start=1):
            # a month without encounters (a diagnosis re-dated away from its visit) has no active patients
            per_1000 = r(Decimal(n) * 1000 / active[m], 2) if m in active else None
            out.append((m, level, code, titles[(level, code)], n, active.get(m), per_1000, rank))
    return sorted(out, key=repr)


def expected_utilisation(conn: psycopg.Connection) -> list[tuple]:
    names = departments(conn)
    hours: dict[int, dict[int, int]] = defaultdict(dict)
    for staff, weekday, start, end in rows(conn, "select staff_id, iso_weekday, start_time, end_time"
                                                 " from clinic.working_day"):
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        hours[staff][weekday] = minutes
    booked: dict[tuple, Decimal] = defaultdict(Decimal)
    for doctor, dept, starts, ends in rows(conn, "select doctor_id, department_id, starts_at, ends_at"
                                                 " from clinic.appointment where status <> 'cancelled'"):
        booked[(month_of(starts), doctor, dept)] += Decimal((ends - starts).total_seconds()) / 60
    per_doctor: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
    for (m, doctor, dept), minutes in booked.items():
        per_doctor[(m, doctor)][dept] = minutes
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for (m, doctor), by_dept in per_doctor.items():
        dept = sorted(by_dept.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        days = [m + timedelta(days=i) for i in range(31) if (m + timedelta(days=i)).month == m.month]
        available = sum(hours[doctor].get(day.isoweekday(), 0) for day in days)
        for key in ((m, dept, doctor), (m, dept, None), (m, None, None)):
            sums[key][0] += sum(by_dept.values())
            sums[key][1] += available
    return sorted([(m, d, names[d] if d else ALL, doc, r(b, 1), int(a), ratio(b, a))
                   for (m, d, doc), (b, a) in sums.items()], key=repr)


def expected_appointments(conn: psycopg.Connection) -> list[tuple]:
    names = departments(conn)
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for dept, status, starts in rows(conn, "select department_id, status, starts_at from clinic.appointment"):
        for d in (dept, None):
            counts[(month_of(starts), d)][status] += 1
    out = []
    for (m, d), c in counts.items():
        total = sum(c.values())
        out.append((m, d, names[d] if d else ALL, total, c["completed"], c["cancelled"], c["no-show"],
                    ratio(c["no-show"], total - c["cancelled"])))
    return sorted(out, key=repr)


def expected_billing(conn: psycopg.Connection) -> list[tuple]:
    names = departments(conn)
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for dept, issued, total, paid, adjusted, balance in rows(conn, """
            select e.department_id, i.issued_on, i.total_amount, i.paid_amount, i.adjusted_amount, i.balance
              from billing.invoice i join clinic.encounter e using (encounter_id)
             where exists (select from billing.invoice_line l where l.invoice_id = i.invoice_id)"""):
        for d in (dept, None):
            s = sums[(month_of(issued), d)]
            sums[(month_of(issued), d)] = [s[0] + total, s[1] + paid, s[2] + adjusted, s[3] + balance]
    out = []
    for (m, d), (billed, paid, adjusted, outstanding) in sums.items():
        days = (add_months(m, 1) - m).days
        dso = None if billed == 0 else r(outstanding / billed * days, 1)
        out.append((m, d, names[d] if d else ALL, billed, paid, adjusted, outstanding, ratio(paid, billed), dso))
    return sorted(out, key=repr)


def category(code: str) -> str:
    letters = ""
    for ch in code.upper():
        if not ("A" <= ch <= "Z"):
            break
        letters += ch
    return letters or "OTHER"


def expected_treatments(conn: psycopg.Connection) -> list[tuple]:
    names = departments(conn)
    sums: dict[tuple, list] = defaultdict(lambda: [0, 0, Decimal(0)])
    for dept, code, outcome, price, given in rows(conn, """
            select e.department_id, t.treatment_code, tg.outcome, tg.price, tg.given_at
              from clinic.treatment_given tg join clinic.encounter e using (encounter_id)
              join clinic.treatment t using (treatment_id)"""):
        for d in (dept, None):
            s = sums[(month_of(given), d, category(code))]
            s[0] += 1
            s[1] += outcome in ("improved", "resolved")
            s[2] += price
    return sorted([(m, d, names[d] if d else ALL, c, n, good, ratio(good, n), revenue)
                   for (m, d, c), (n, good, revenue) in sums.items()], key=repr)


def expected_month(conn: psycopg.Connection) -> list[tuple]:
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (at,) in rows(conn, "select checked_in_at from clinic.encounter"):
        counts[month_of(at)][0] += 1
    for (at,) in rows(conn, "select starts_at from clinic.appointment"):
        counts[month_of(at)][1] += 1
    for (at,) in rows(conn, "select diagnosed_at from clinic.diagnosis"):
        counts[month_of(at)][2] += 1
    for (day,) in rows(conn, "select i.issued_on from billing.invoice_line l join billing.invoice i using (invoice_id)"):
        counts[month_of(day)][3] += 1
    today = date.today()
    return sorted([(m, add_months(m, 1) <= today, *c) for m, c in counts.items()], key=repr)


# --- the tests ---------------------------------------------------------------------------------------------


def test_seeded_months_have_activity(kpi: psycopg.Connection) -> None:
    months = [m for (m,) in rows(kpi, "select month_start from reporting.kpi_month order by 1")]
    assert months == MONTHS


def test_kpi_month(kpi: psycopg.Connection) -> None:
    assert view(kpi, "kpi_month", "*") == expected_month(kpi)


def test_kpi_interactions(kpi: psycopg.Connection) -> None:
    expected = expected_interactions(kpi)
    assert any(row[7] > 0 for row in expected) and any(row[8] > 0 for row in expected)  # new and returning
    assert view(kpi, "kpi_interactions", "*") == expected


def test_kpi_visits_by_weekday(kpi: psycopg.Connection) -> None:
    assert view(kpi, "kpi_visits_by_weekday", "*") == expected_weekday(kpi)


def test_kpi_severity(kpi: psycopg.Connection) -> None:
    expected = expected_severity(kpi)
    assert {row[3] for row in expected} == {"mild", "moderate", "severe", "critical"}
    assert view(kpi, "kpi_severity", "*") == expected


def test_kpi_disease_prevalence(kpi: psycopg.Connection) -> None:
    expected = expected_prevalence(kpi)
    assert view(kpi, "kpi_disease_prevalence", "*") == expected
    top = view(kpi, "kpi_disease_prevalence", "rank_in_month", "level = 'block' and rank_in_month <= 10")
    assert len(top) == 10 * len(MONTHS)


def test_kpi_doctor_utilisation(kpi: psycopg.Connection) -> None:
    expected = expected_utilisation(kpi)
    assert all(row[5] > 0 for row in expected)  # every seeded doctor has working hours
    assert view(kpi, "kpi_doctor_utilisation", "*") == expected


def test_kpi_appointments(kpi: psycopg.Connection) -> None:
    expected = expected_appointments(kpi)
    assert any(row[6] > 0 for row in expected) and any(row[5] > 0 for row in expected)
    assert view(kpi, "kpi_appointments", "*") == expected


def test_kpi_billing(kpi: psycopg.Connection) -> None:
    expected = expected_billing(kpi)
    assert any(row[4] > 0 for row in expected) and any(row[6] > 0 for row in expected)  # paid and outstanding
    assert view(kpi, "kpi_billing", "*") == expected


def test_kpi_treatment_outcomes(kpi: psycopg.Connection) -> None:
    assert view(kpi, "kpi_treatment_outcomes", "*") == expected_treatments(kpi)


def expected_headline(conn: psycopg.Connection) -> dict[tuple[date, str], Decimal | None]:
    values: dict[tuple[date, str], Decimal | None] = {}
    for m, d, _, visits, patients, _, _, new, _ in expected_interactions(conn):
        if d is None:
            values.update({(m, "visits"): visits, (m, "distinct_patients"): patients, (m, "new_patients"): new})
    for m, d, _, doctor, _, _, utilisation in expected_utilisation(conn):
        if d is None and doctor is None:
            values[(m, "doctor_utilisation")] = utilisation
    for m, d, *rest in expected_appointments(conn):
        if d is None:
            values[(m, "no_show_rate")] = rest[-1]
    severe: Counter = Counter()
    total: Counter = Counter()
    for m, d, _, _, rank, n, _ in expected_severity(conn):
        if d is None:
            total[m] += n
            severe[m] += n if rank >= 3 else 0
    for m in total:
        values[(m, "severe_share")] = ratio(severe[m], total[m])
    for m, d, _, billed, paid, _, outstanding, rate, dso in expected_billing(conn):
        if d is None:
            values.update({(m, "billed"): billed, (m, "collected"): paid, (m, "collection_rate"): rate,
                           (m, "outstanding"): outstanding, (m, "days_sales_outstanding"): dso})
    # pairs with at least one stock-out day; NULL for a month the stock snapshot does not cover
    out_days, snapshot_days = expected_stock_days(conn)
    for m in MONTHS:
        covered = any(month == m for month, _, _ in snapshot_days)
        pairs_out = sum(1 for (month, _, _), n in out_days.items() if month == m and n > 0)
        values[(m, "stock_outs")] = Decimal(pairs_out) if covered else None
    return values


def test_kpi_headline_values_and_month_over_month(kpi: psycopg.Connection) -> None:
    expected = expected_headline(kpi)
    got = rows(kpi, "select month_start, kpi_code, value, previous_value, change, change_ratio, unit, better_when"
                    " from reporting.kpi_headline")
    assert len(got) == 12 * len(MONTHS)
    for month, code, value, previous, change, change_ratio, unit, better in got:
        assert value == expected[(month, code)], (month, code)
        before = expected.get((add_months(month, -1), code))
        assert previous == before, (month, code)  # NULL for the first month (no row before it)
        assert change == (None if value is None or before is None else value - before)
        assert change_ratio == (None if change is None or not before else r(change / before, 4))
        assert unit in ("count", "ratio", "money", "days") and better in ("higher", "lower")
    # across the month boundary: November's previous value is October's value
    nov = dict(rows(kpi, "select kpi_code, previous_value from reporting.kpi_headline where month_start = %s",
                    (MONTHS[1],)))
    oct_ = dict(rows(kpi, "select kpi_code, value from reporting.kpi_headline where month_start = %s", (MONTHS[0],)))
    assert nov == oct_ and nov["visits"] > 0


def expected_stock_days(conn: psycopg.Connection) -> tuple[Counter, Counter]:
    """Stock-out days and snapshot days per (month, medication, location), from the ledger.

    End-of-day stock per (medication, location): a day that ends with nothing on hand is a stock-out day; a
    pair's snapshot runs from its first movement to today (fact_medication_stock_daily).
    """
    movements = rows(conn, """select l.medication_id, l.stock_location_id, (m.occurred_at at time zone 'UTC')::date,
                                     m.quantity
                                from pharmacy.stock_movement m join pharmacy.lot l using (lot_id)""")
    by_pair: dict[tuple, Counter] = defaultdict(Counter)
    for med, loc, day, qty in movements:
        by_pair[(med, loc)][day] += qty
    out_days: Counter = Counter()
    snapshot_days: Counter = Counter()
    today = date.today()
    for pair, deltas in by_pair.items():
        day, on_hand = min(deltas), Decimal(0)
        while day <= today:
            on_hand += deltas.get(day, 0)
            snapshot_days[(month_of(day), *pair)] += 1
            out_days[(month_of(day), *pair)] += on_hand <= 0
            day += timedelta(days=1)
    return out_days, snapshot_days


def test_kpi_stock_outs(kpi: psycopg.Connection) -> None:
    out_days, snapshot_days = expected_stock_days(kpi)
    names = dict(rows(kpi, "select medication_id, generic_name from pharmacy.medication"))
    locations = dict(rows(kpi, "select stock_location_id, location_name from pharmacy.stock_location"))
    expected = sorted([(m, med, names[med], loc, locations[loc], n, snapshot_days[(m, med, loc)])
                       for (m, med, loc), n in out_days.items() if n > 0], key=repr)
    assert expected  # the seed runs out of stock (demand beyond the month's lot)
    assert view(kpi, "kpi_stock_outs", "*") == expected


@pytest.mark.parametrize("name", KPI_VIEWS)
def test_month_filter_equals_the_unfiltered_view_restricted(kpi: psycopg.Connection, name: str) -> None:
    everything = view(kpi, name, "*")
    for month in MONTHS:
        filtered = sorted(rows(kpi, f"select * from reporting.{name} where month_start = %s", (month,)), key=repr)  # noqa: S608
        assert filtered == [row for row in everything if row[0] == month]
    assert rows(kpi, f"select * from reporting.{name} where month_start = %s", (EMPTY_MONTH,)) == []  # noqa: S608


@pytest.mark.parametrize("name", [v for v in KPI_VIEWS if v != "kpi_stock_outs"])
def test_month_filter_reaches_the_aggregates(kpi: psycopg.Connection, name: str) -> None:
    """EXPLAIN: no dw.agg_* table is read without a month condition (no full scan of every month)."""
    plan = rows(kpi, f"explain (format json) select * from reporting.{name} where month_start = %s",  # noqa: S608
                (MONTHS[1],))[0][0]
    unfiltered: list[str] = []

    def walk(node: dict) -> None:
        relation = node.get("Relation Name", "")
        if relation.startswith("agg_") or relation == "patient_first_visit":
            conditions = " ".join(str(node.get(k, "")) for k in ("Index Cond", "Filter", "Recheck Cond"))
            if "month" not in conditions:
                unfiltered.append(f"{relation} ({node['Node Type']})")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    assert unfiltered == []


def test_bi_reader_reads_every_kpi_view_and_nothing_in_clinic(kpi: psycopg.Connection, as_role: object) -> None:
    reader = as_role.connect("hc_bi_reader")  # type: ignore[attr-defined]
    for name in KPI_VIEWS:
        reader.execute(f"select * from reporting.{name} limit 1").fetchall()  # noqa: S608
    for table in ("clinic.patient", "clinic.encounter", "dw.agg_visit_patient"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute(f"select 1 from {table} limit 1")  # noqa: S608
    analyst = as_role.connect("hc_analyst")  # type: ignore[attr-defined]
    assert analyst.execute("select count(*) from dw.agg_patient_month").fetchone()[0] >= 0


def test_month_without_activity_has_no_rows(kpi: psycopg.Connection) -> None:
    for name in KPI_VIEWS:
        assert rows(kpi, f"select * from reporting.{name} where month_start = %s", (EMPTY_MONTH,)) == []  # noqa: S608


# --- delta maintenance of the 0070 aggregates ------------------------------------------------------------


KPI_AGGREGATES = ("dw.agg_visit_weekday", "dw.agg_patient_month", "dw.agg_prevalence_block", "dw.agg_prevalence_chapter")


def kpi_aggregates(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    return {t: rows(conn, f"select x::text from {t} as x order by 1") for t in KPI_AGGREGATES}  # noqa: S608


def test_refresh_keeps_the_kpi_aggregates_equal_to_a_rebuild_and_to_the_oltp(conn: psycopg.Connection) -> None:
    clinic = Clinic(conn)
    doctor = clinic.doctor()
    regular, once = clinic.patient(), clinic.patient()
    clinic.visit(patient_id=regular, doctor_id=doctor, hour=9, days=3)
    clinic.visit(patient_id=once, doctor_id=doctor, hour=10, days=3)
    assert conn.execute("call dw.refresh()").fetchone()[1] == "succeeded"
    # later visits, re-dated into other months (check-in is "now"), and one of the first visits moved too
    second = clinic.visit(patient_id=regular, doctor_id=doctor, hour=11, days=45)
    third = clinic.visit(patient_id=clinic.patient(), doctor_id=doctor, hour=12, days=100)
    shift = "update clinic.encounter set checked_in_at = checked_in_at + %s::interval where encounter_id = %s"
    conn.execute(shift, ("-70 days", second["encounter"]))
    conn.execute(shift, ("100 days", third["encounter"]))
    conn.execute("update clinic.encounter set checked_in_at = checked_in_at + interval '40 days'"
                 " where patient_id = %s", (once,))
    assert conn.execute("call dw.refresh()").fetchone()[1] == "succeeded"
    incremental = kpi_aggregates(conn)
    assert conn.execute("call dw.rebuild()").fetchone()[1] == "succeeded"
    assert kpi_aggregates(conn) == incremental
    patient_months = rows(conn, "select month_start, seen_patients, active_patients from dw.agg_patient_month")
    assert {m: n for m, _, n in patient_months} == active_patients(conn)
    seen: dict[date, set[int]] = defaultdict(set)
    for _, patient, _, _, at in oltp_encounters(conn):
        seen[month_of(at)].add(patient)
    assert {m: n for m, n, _ in patient_months if n} == {m: len(p) for m, p in seen.items()}
    assert len(seen) >= 3  # visits in three months: the deltas crossed month boundaries
    weekdays = Counter()
    for _, _, _, dept, at in oltp_encounters(conn):
        day = at.astimezone(timezone.utc)
        weekdays[(month_of(day), dept, day.isoweekday())] += 1
    visit_weekdays = rows(conn, "select month_start, department_key, iso_weekday, visits from dw.agg_visit_weekday")
    assert {(m, d, w): n for m, d, w, n in visit_weekdays} == dict(weekdays)


def test_active_patients_across_a_gap_of_exactly_12_months_and_a_longer_one(conn: psycopg.Connection) -> None:
    """A visit keeps its patient active for 12 months: visits 12 months apart keep them active without a break,
    an 18-month gap leaves 6 months without them, a visit in the gap fills it. The full load and a refresh both
    equal the OLTP computation."""
    clinic = Clinic(conn)
    doctor = clinic.doctor()
    patient = clinic.patient()
    shift = "update clinic.encounter set checked_in_at = checked_in_at - %s::interval where encounter_id = %s"
    for ago, hour in (("40 months", 9), ("28 months", 10), ("10 months", 11)):
        conn.execute(shift, (ago, clinic.visit(patient_id=patient, doctor_id=doctor, hour=hour, days=2)["encounter"]))
    this_month = month_of(conn.execute("select now() + interval '2 days'").fetchone()[0])
    etl(conn, "rebuild")
    active = dict(rows(conn, "select month_start, active_patients from dw.agg_patient_month"))
    assert active == active_patients(conn)
    covered = {add_months(this_month, -k) for k in range(17, 41)} | {add_months(this_month, -k) for k in range(-1, 11)}
    assert set(active) == covered  # -40 .. -17 without a break, none in -16 .. -11, then -10 .. +1
    filler = clinic.visit(patient_id=patient, doctor_id=doctor, hour=15, days=2)["encounter"]
    conn.execute(shift, ("16 months", filler))
    etl(conn, "refresh")
    active = dict(rows(conn, "select month_start, active_patients from dw.agg_patient_month"))
    assert active == active_patients(conn)
    assert set(active) == {add_months(this_month, -k) for k in range(-1, 41)}
    incremental = kpi_aggregates(conn)
    etl(conn, "rebuild")
    assert kpi_aggregates(conn) == incremental


def etl(conn: psycopg.Connection, kind: str) -> None:
    """CALL dw.refresh() / dw.rebuild(); a failed run's error in the assertion message."""
    run_id, status = conn.execute(f"call dw.{kind}()").fetchone()[:2]  # noqa: S608
    error = conn.execute("select error_sqlstate, error_message from dw.etl_run where etl_run_id = %s", (run_id,))
    assert status == "succeeded", error.fetchone()


def test_refresh_keeps_disease_prevalence_equal_to_a_rebuild_and_to_the_oltp(conn: psycopg.Connection) -> None:
    """Diagnoses added, re-coded into another block of the same chapter and into another chapter, re-dated into
    another month and deleted: the prevalence counts of a refresh equal a rebuild's and the OLTP computation."""
    clinic = Clinic(conn)
    doctor = clinic.doctor()
    patients = [clinic.patient() for _ in range(3)]
    encounters = [clinic.visit(patient_id=p, doctor_id=doctor, hour=9 + i, days=2)["encounter"]
                  for i, p in enumerate(patients)]
    encounters.append(clinic.visit(patient_id=patients[0], doctor_id=doctor, hour=15, days=2)["encounter"])
    diagnose = ("insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, %s, 'mild')"
                " returning diagnosis_id")
    # J06.9 (block J00-J06) and J18.9 (J09-J18): one chapter, two blocks; I10: another chapter
    first = {
        code_at: conn.execute(diagnose, code_at).fetchone()[0]
        for code_at in [(encounters[0], "J06.9"), (encounters[0], "J18.9"), (encounters[1], "J06.9"),
                        (encounters[2], "I10"), (encounters[3], "J06.9")]
    }
    etl(conn, "refresh")
    assert view(conn, "kpi_disease_prevalence", "*") == expected_prevalence(conn)
    # patient 0 keeps J06.9 through its second encounter when the first one's is re-coded into another chapter
    conn.execute("update clinic.diagnosis set icd10_code = 'I10' where diagnosis_id = %s",
                 (first[(encounters[0], "J06.9")],))
    conn.execute("update clinic.diagnosis set icd10_code = 'J18.9' where diagnosis_id = %s",
                 (first[(encounters[1], "J06.9")],))
    conn.execute("update clinic.diagnosis set diagnosed_at = diagnosed_at - interval '40 days' where diagnosis_id = %s",
                 (first[(encounters[2], "I10")],))
    conn.execute("delete from clinic.diagnosis where diagnosis_id = %s", (first[(encounters[3], "J06.9")],))
    conn.execute(diagnose, (encounters[2], "J18.9"))
    etl(conn, "refresh")
    incremental = kpi_aggregates(conn)
    assert view(conn, "kpi_disease_prevalence", "*") == expected_prevalence(conn)
    etl(conn, "rebuild")
    assert kpi_aggregates(conn) == incremental
    months = {row[0] for row in rows(conn, "select month_start from dw.agg_prevalence_chapter")}
    assert len(months) == 2  # the re-dated diagnosis moved a patient into another month
