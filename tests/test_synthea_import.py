"""dbtool import synthea: the CSV's counts and money arrive, re-import is a no-op, bad folders change nothing."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from dbtool import synthea, synthea_import
from dbtool.errors import DbtoolError
from tests.conftest import run_dbtool

SAMPLE = Path(__file__).parent / "fixtures" / "synthea"

COUNTED = [
    "clinic.department", "clinic.staff", "billing.payer", "clinic.patient", "clinic.appointment", "clinic.encounter",
    "clinic.diagnosis", "clinic.treatment", "clinic.treatment_given", "clinic.prescription", "pharmacy.medication",
    "billing.invoice", "billing.invoice_line", "billing.claim", "billing.payment", "staging.synthea_id_map",
]


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def counts(conn: psycopg.Connection) -> dict[str, int]:
    return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in COUNTED}


def small_export(target: Path, patients: int = 3) -> Path:
    """The sample cut down to its first few patients (and everything they refer to)."""
    target.mkdir()
    keep = {r["Id"] for r in rows(SAMPLE, "patients.csv")[:patients]}
    for file in SAMPLE.glob("*.csv"):
        with file.open(newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            body = list(reader)
        if "PATIENT" in header:
            body = [r for r in body if r[header.index("PATIENT")] in keep]
        elif file.name == "patients.csv":
            body = [r for r in body if r[0] in keep]
        with (target / file.name).open("w", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header, *body])
    return target


def expected_invoice_totals(folder: Path) -> dict[str, Decimal]:
    """Per patient: encounter base cost + procedure costs + medication total costs (docs/data.md)."""
    total: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows(folder, "encounters.csv"):
        total[r["PATIENT"]] += Decimal(r["BASE_ENCOUNTER_COST"] or 0)
    for r in rows(folder, "procedures.csv"):
        total[r["PATIENT"]] += Decimal(r["BASE_COST"] or 0)
    for r in rows(folder, "medications.csv"):
        total[r["PATIENT"]] += Decimal(r["TOTALCOST"] or 0)
    return total


def test_sample_lands_completely_and_reimport_is_a_no_op(conn: psycopg.Connection) -> None:
    before = counts(conn)
    synthea_import.import_folder(conn, SAMPLE, out=lambda _line: None)
    after = counts(conn)
    new = {t: after[t] - before[t] for t in COUNTED}
    assert new["clinic.patient"] == len(rows(SAMPLE, "patients.csv"))
    encounters = rows(SAMPLE, "encounters.csv")
    assert new["clinic.encounter"] == new["clinic.appointment"] == new["billing.invoice"] == len(encounters)
    assert new["clinic.diagnosis"] == len(rows(SAMPLE, "conditions.csv"))
    assert new["clinic.treatment_given"] == len(rows(SAMPLE, "procedures.csv"))
    assert new["clinic.prescription"] == len(rows(SAMPLE, "medications.csv"))
    assert new["clinic.staff"] == len(rows(SAMPLE, "providers.csv"))
    assert new["clinic.department"] == len({r["NAME"] for r in rows(SAMPLE, "organizations.csv")})

    # per patient: visits and money equal the CSV's figures
    per_patient = dict(((mrn, (visits, billed, paid)) for mrn, visits, billed, paid in conn.execute("""
        select p.mrn, count(e.encounter_id), sum(i.total_amount), sum(i.paid_amount)
          from clinic.patient p
          join clinic.encounter e on e.patient_id = p.patient_id
          join billing.invoice i on i.encounter_id = e.encounter_id
         where p.mrn like 'SYN-%%'
         group by p.mrn""").fetchall()))
    visits: dict[str, int] = defaultdict(int)
    for r in encounters:
        visits[r["PATIENT"]] += 1
    totals = expected_invoice_totals(SAMPLE)
    for patient, count in visits.items():
        got_visits, billed, paid = per_patient["SYN-" + patient]
        assert got_visits == count, patient
        assert billed == totals[patient].quantize(Decimal("0.01")), patient
        assert paid == billed  # historical: the payer's coverage and the patient's share are settled

    # diagnoses keep their SNOMED code; mapped ones carry a real ICD-10-CM chapter
    snomed = conn.execute("""select count(*) filter (where source_code_system = 'http://snomed.info/sct'),
                                    count(*) filter (where icd10_code <> 'R69')
                               from clinic.diagnosis""").fetchone()
    assert snomed[0] == len(rows(SAMPLE, "conditions.csv")) and snomed[1] > 0
    assert conn.execute("""select d.icd10_code from clinic.diagnosis d
                            where d.source_code = '59621000' limit 1""").fetchone()[0] == "I10"
    # a payer's coverage is a paid claim; encounters the payer covered have one
    covered = sum(1 for r in encounters if Decimal(r["PAYER_COVERAGE"] or 0) > 0)
    assert new["billing.claim"] >= covered * 0.9

    synthea_import.import_folder(conn, SAMPLE, out=lambda _line: None)
    assert counts(conn) == after


def test_both_synthea_column_sets_import(conn: psycopg.Connection, tmp_path: Path) -> None:
    """2.x: procedures with one DATE and COST, encounters without ORGANIZATION, a repeated payer id."""
    folder = small_export(tmp_path / "v2")

    def edit(name: str, transform) -> None:
        with (folder / name).open(newline="") as handle:
            data = list(csv.reader(handle))
        with (folder / name).open("w", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(transform(data))

    def procedures_v2(data: list[list[str]]) -> list[list[str]]:
        header = data[0]
        start, stop, cost = header.index("START"), header.index("STOP"), header.index("BASE_COST")
        out = []
        for row in data:
            row = list(row)
            row[start] = "DATE" if row is data[0] or row[start] == "START" else row[start][:10]
            row[cost] = "COST" if row[cost] == "BASE_COST" else row[cost]
            del row[stop]
            out.append(row)
        return out

    edit("procedures.csv", procedures_v2)
    edit("encounters.csv", lambda data: [r[:4] + r[5:] for r in data])
    edit("payers.csv", lambda data: data + [data[1]])
    before = counts(conn)
    synthea_import.import_folder(conn, folder, out=lambda _line: None)
    after = counts(conn)
    assert after["clinic.encounter"] - before["clinic.encounter"] == len(rows(folder, "encounters.csv"))
    assert after["clinic.treatment_given"] - before["clinic.treatment_given"] == len(rows(folder, "procedures.csv"))


@pytest.mark.parametrize(
    "case",
    ["missing column", "bad date", "unknown reference"],
)
def test_malformed_folder_is_rejected_with_file_and_line(conn: psycopg.Connection, tmp_path: Path, case: str) -> None:
    folder = small_export(tmp_path / "bad")
    path = folder / ("patients.csv" if case != "unknown reference" else "encounters.csv")
    with path.open(newline="") as handle:
        data = list(csv.reader(handle))
    if case == "missing column":
        index = data[0].index("BIRTHDATE")
        data = [r[:index] + r[index + 1:] for r in data]
    elif case == "bad date":
        data[2][data[0].index("BIRTHDATE")] = "1985-13-45"
    else:
        data[3][data[0].index("PATIENT")] = "00000000-no-such-patient"
    with path.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(data)
    before = counts(conn)
    with pytest.raises(DbtoolError) as exc:
        synthea_import.import_folder(conn, folder, out=lambda _line: None)
    message = str(exc.value)
    assert path.name in message
    assert ("line 1" if case == "missing column" else ("line 3" if case == "bad date" else "line 4")) in message
    assert counts(conn) == before


def test_a_reference_only_sql_can_see_rolls_everything_back(conn: psycopg.Connection, tmp_path: Path) -> None:
    """The procedure's own check (ZI001) and the single transaction: nothing of the export stays."""
    export = synthea.read_export(small_export(tmp_path / "orphan"))
    first_patient = export.files["patients.csv"].rows[0][1]["id"]
    export.files["patients.csv"].rows[:] = [r for r in export.files["patients.csv"].rows if r[1]["id"] != first_patient]
    before = counts(conn)
    with pytest.raises(psycopg.Error) as exc:
        synthea_import.load(conn, export)
    assert exc.value.sqlstate == "ZI001"
    assert "encounters.csv, line" in (exc.value.diag.message_detail or "")
    assert counts(conn) == before
    assert conn.execute("select count(*) from staging.synthea_encounter").fetchone()[0] == 0


def test_cli_imports_and_reports_errors(db_url: str, tmp_path: Path) -> None:
    folder = small_export(tmp_path / "cli", patients=2)
    result = run_dbtool("--database-url", db_url, "import", "synthea", str(folder))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout
    (folder / "patients.csv").write_text("Id,FIRST\nx,y\n")
    result = run_dbtool("--database-url", db_url, "import", "synthea", str(folder))
    assert result.returncode != 0
    assert "patients.csv, line 1: missing column BIRTHDATE" in result.stderr
