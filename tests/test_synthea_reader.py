"""Reading Synthea exports: every accepted variant, and every malformed case rejected with file, line, reason."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from dbtool import synthea
from dbtool.errors import DbtoolError

SAMPLE = Path(__file__).parent / "fixtures" / "synthea"


def csv_rows(name: str) -> list[dict[str, str]]:
    with (SAMPLE / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def export_dir(tmp_path: Path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(SAMPLE, target)
    return target


def rewrite(path: Path, transform) -> None:
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    rows = transform(rows)
    with path.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_sample_is_read_completely() -> None:
    export = synthea.read_export(SAMPLE)
    for spec in synthea.SPECS:
        assert export.count(spec.file) == len(csv_rows(spec.file)), spec.file


def test_values_are_typed() -> None:
    export = synthea.read_export(SAMPLE)
    line, first = export.files["encounters.csv"].rows[0]
    source = csv_rows("encounters.csv")[0]
    assert line == 2
    assert first["id"] == source["Id"]
    assert str(first["base_cost"]) == source["BASE_ENCOUNTER_COST"]
    assert first["start"].isoformat().startswith(source["START"][:19])
    assert first["start"].utcoffset().total_seconds() == 0


def test_synthea_2x_procedures_with_one_date_column(export_dir: Path) -> None:
    def to_2x(rows):
        start, stop = rows[0].index("START"), rows[0].index("STOP")
        rows = [[v for i, v in enumerate(row) if i != stop] for row in rows]
        rows[0][start if start < stop else start - 1] = "DATE"
        return rows

    rewrite(export_dir / "procedures.csv", to_2x)
    export = synthea.read_export(export_dir)
    assert export.count("procedures.csv") == len(csv_rows("procedures.csv"))
    assert "stop" not in export.files["procedures.csv"].columns


def test_encounters_without_organization_and_old_cost_column(export_dir: Path) -> None:
    def strip(rows):
        drop = rows[0].index("ORGANIZATION")
        rows = [[v for i, v in enumerate(row) if i != drop] for row in rows]
        rows[0][rows[0].index("BASE_ENCOUNTER_COST")] = "COST"
        return rows

    rewrite(export_dir / "encounters.csv", strip)
    export = synthea.read_export(export_dir)
    assert "organization" not in export.files["encounters.csv"].columns
    assert export.files["encounters.csv"].rows[0][1]["base_cost"] is not None


def test_repeated_payer_ids_are_merged(export_dir: Path) -> None:
    rewrite(export_dir / "payers.csv", lambda rows: rows + [rows[1]])
    export = synthea.read_export(export_dir)
    assert export.count("payers.csv") == len(csv_rows("payers.csv"))
    assert export.files["payers.csv"].merged_duplicates == 1


def reject(folder: Path) -> str:
    with pytest.raises(DbtoolError) as raised:
        synthea.read_export(folder)
    return str(raised.value)


def test_missing_column_is_rejected(export_dir: Path) -> None:
    rewrite(export_dir / "patients.csv", lambda rows: [[v for i, v in enumerate(r) if i != 1] for r in rows])
    assert "patients.csv, line 1: missing column BIRTHDATE" in reject(export_dir)


def test_bad_date_is_rejected_with_its_line(export_dir: Path) -> None:
    def corrupt(rows):
        rows[5][rows[0].index("BIRTHDATE")] = "31/12/1980"
        return rows

    rewrite(export_dir / "patients.csv", corrupt)
    assert "patients.csv, line 6: BIRTHDATE: bad date '31/12/1980'" in reject(export_dir)


def test_impossible_date_is_rejected(export_dir: Path) -> None:
    def corrupt(rows):
        rows[2][rows[0].index("START")] = "2020-02-30"
        return rows

    rewrite(export_dir / "conditions.csv", corrupt)
    assert "conditions.csv, line 3: START:" in reject(export_dir)


def test_unknown_reference_is_rejected(export_dir: Path) -> None:
    def corrupt(rows):
        rows[7][rows[0].index("PATIENT")] = "00000000-0000-0000-0000-000000000000"
        return rows

    rewrite(export_dir / "encounters.csv", corrupt)
    message = reject(export_dir)
    assert "encounters.csv, line 8: unknown patient 00000000-0000-0000-0000-000000000000 (not in patients.csv)" in message


def test_bad_number_and_ragged_row_are_rejected(export_dir: Path) -> None:
    def corrupt(rows):
        rows[2][rows[0].index("BASE_COST")] = "12,50"
        rows[4] = rows[4][:3]
        return rows

    rewrite(export_dir / "procedures.csv", corrupt)
    message = reject(export_dir)
    assert "procedures.csv, line 3: BASE_COST: bad number '12,50'" in message
    assert "procedures.csv, line 5: 3 fields, the header has" in message


def test_missing_file_is_rejected(export_dir: Path) -> None:
    (export_dir / "encounters.csv").unlink()
    assert "encounters.csv: file not found" in reject(export_dir)
