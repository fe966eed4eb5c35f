"""Reading a Synthea CSV export: column sets of versions 2.x and 3.x, validated.

Synthea's exports differ between versions: procedures carry one DATE or
START/STOP, encounters may lack ORGANIZATION, costs are COST in old exports and
BASE_COST / BASE_ENCOUNTER_COST in newer ones, payers.csv can repeat an Id.
This module maps every accepted variant onto one canonical column set, checks
each value's format and each reference between files, and reports problems as
`file, line N: reason`. Nothing is loaded unless the whole folder is valid.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dbtool.errors import DbtoolError

MAX_REPORTED = 20


@dataclass(frozen=True)
class Column:
    name: str  # canonical name (the staging column)
    kind: str  # id | text | date | timestamp | number | integer
    sources: tuple[str, ...]  # accepted CSV headers, first match wins
    required: bool = False


@dataclass(frozen=True)
class FileSpec:
    file: str
    columns: tuple[Column, ...]
    key: str | None = None  # canonical column that identifies a row (for references and dedupe)
    references: tuple[tuple[str, str], ...] = ()  # (column, file it points to)
    dedupe: bool = False  # keep the first row of a repeated key (payers.csv)
    optional_file: bool = False


def c(name: str, kind: str, *sources: str, required: bool = False) -> Column:
    return Column(name, kind, sources or (name.upper(),), required)


SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "organizations.csv",
        (c("id", "id", "Id", required=True), c("name", "text", "NAME", required=True), c("city", "text", "CITY"),
         c("state", "text", "STATE"), c("zip", "text", "ZIP"), c("phone", "text", "PHONE")),
        key="id",
        optional_file=True,
    ),
    FileSpec(
        "providers.csv",
        (c("id", "id", "Id", required=True), c("organization", "id", "ORGANIZATION"),
         c("name", "text", "NAME", required=True), c("gender", "text", "GENDER"),
         c("speciality", "text", "SPECIALITY", "SPECIALTY")),
        key="id",
        references=(("organization", "organizations.csv"),),
    ),
    FileSpec(
        "payers.csv",
        (c("id", "id", "Id", required=True), c("name", "text", "NAME", required=True), c("phone", "text", "PHONE")),
        key="id",
        dedupe=True,
    ),
    FileSpec(
        "patients.csv",
        (c("id", "id", "Id", required=True), c("birthdate", "date", "BIRTHDATE", required=True),
         c("deathdate", "date", "DEATHDATE"), c("prefix", "text", "PREFIX"),
         c("first", "text", "FIRST", required=True), c("last", "text", "LAST", required=True),
         c("suffix", "text", "SUFFIX"), c("marital", "text", "MARITAL"), c("gender", "text", "GENDER", required=True),
         c("address", "text", "ADDRESS"), c("city", "text", "CITY"), c("state", "text", "STATE"),
         c("county", "text", "COUNTY"), c("zip", "text", "ZIP")),
        key="id",
    ),
    FileSpec(
        "encounters.csv",
        (c("id", "id", "Id", required=True), c("start", "timestamp", "START", required=True),
         c("stop", "timestamp", "STOP"), c("patient", "id", "PATIENT", required=True),
         c("organization", "id", "ORGANIZATION"), c("provider", "id", "PROVIDER"), c("payer", "id", "PAYER"),
         c("encounter_class", "text", "ENCOUNTERCLASS", required=True), c("code", "text", "CODE", required=True),
         c("description", "text", "DESCRIPTION"),
         c("base_cost", "number", "BASE_ENCOUNTER_COST", "COST"), c("total_claim_cost", "number", "TOTAL_CLAIM_COST"),
         c("payer_coverage", "number", "PAYER_COVERAGE"), c("reason_code", "text", "REASONCODE"),
         c("reason_description", "text", "REASONDESCRIPTION")),
        key="id",
        references=(("patient", "patients.csv"), ("organization", "organizations.csv"),
                    ("provider", "providers.csv"), ("payer", "payers.csv")),
    ),
    FileSpec(
        "conditions.csv",
        (c("start", "date", "START", required=True), c("stop", "date", "STOP"),
         c("patient", "id", "PATIENT", required=True), c("encounter", "id", "ENCOUNTER", required=True),
         c("system", "text", "SYSTEM"), c("code", "text", "CODE", required=True),
         c("description", "text", "DESCRIPTION", required=True)),
        references=(("patient", "patients.csv"), ("encounter", "encounters.csv")),
    ),
    FileSpec(
        "procedures.csv",
        (c("start", "timestamp", "START", "DATE", required=True), c("stop", "timestamp", "STOP"),
         c("patient", "id", "PATIENT", required=True), c("encounter", "id", "ENCOUNTER", required=True),
         c("system", "text", "SYSTEM"), c("code", "text", "CODE", required=True),
         c("description", "text", "DESCRIPTION", required=True), c("base_cost", "number", "BASE_COST", "COST"),
         c("reason_code", "text", "REASONCODE"), c("reason_description", "text", "REASONDESCRIPTION")),
        references=(("patient", "patients.csv"), ("encounter", "encounters.csv")),
    ),
    FileSpec(
        "medications.csv",
        (c("start", "timestamp", "START", required=True), c("stop", "timestamp", "STOP"),
         c("patient", "id", "PATIENT", required=True), c("payer", "id", "PAYER"),
         c("encounter", "id", "ENCOUNTER", required=True), c("code", "text", "CODE", required=True),
         c("description", "text", "DESCRIPTION", required=True), c("base_cost", "number", "BASE_COST", "COST"),
         c("payer_coverage", "number", "PAYER_COVERAGE"), c("dispenses", "integer", "DISPENSES"),
         c("total_cost", "number", "TOTALCOST"), c("reason_code", "text", "REASONCODE"),
         c("reason_description", "text", "REASONDESCRIPTION")),
        references=(("patient", "patients.csv"), ("encounter", "encounters.csv"), ("payer", "payers.csv")),
    ),
)

SPEC_BY_FILE = {spec.file: spec for spec in SPECS}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass
class Problem:
    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


@dataclass
class ParsedFile:
    spec: FileSpec
    columns: list[str]  # canonical columns present in this export (in spec order)
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # (line number, values)
    merged_duplicates: int = 0


@dataclass
class Export:
    folder: Path
    files: dict[str, ParsedFile]

    def count(self, file: str) -> int:
        parsed = self.files.get(file)
        return len(parsed.rows) if parsed else 0


def _convert(kind: str, raw: str) -> object:
    """The typed value of a field, or raises ValueError with a reason."""
    if raw == "":
        return None
    if kind in ("id", "text"):
        return raw
    if kind == "date":
        if not _DATE.match(raw):
            raise ValueError(f"bad date {raw!r} (expected YYYY-MM-DD)")
        return date.fromisoformat(raw)
    if kind == "timestamp":
        match = _TIMESTAMP.match(raw)
        if _DATE.match(raw):  # some exports write dates where timestamps are expected
            return datetime.fromisoformat(raw).replace(tzinfo=timezone.utc)
        if not match:
            raise ValueError(f"bad timestamp {raw!r} (expected YYYY-MM-DDTHH:MM:SSZ)")
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if kind == "number":
        try:
            number = Decimal(raw)
        except InvalidOperation as exc:
            raise ValueError(f"bad number {raw!r}") from exc
        if not number.is_finite():
            raise ValueError(f"bad number {raw!r}")
        return number
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"bad whole number {raw!r}")
        return int(raw)
    raise AssertionError(kind)


def _read_file(path: Path, spec: FileSpec, problems: list[Problem]) -> ParsedFile | None:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            problems.append(Problem(spec.file, None, "the file is empty (no header row)"))
            return None
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(Problem(spec.file, 1, f"unreadable header: {exc}"))
            return None
        header = [h.strip() for h in header]
        positions: dict[str, int] = {}
        for column in spec.columns:
            for source in column.sources:
                if source in header:
                    positions[column.name] = header.index(source)
                    break
            else:
                if column.required:
                    accepted = " or ".join(column.sources)
                    problems.append(Problem(spec.file, 1, f"missing column {accepted}"))
        if any(p.file == spec.file and p.reason.startswith("missing column") for p in problems):
            return None
        parsed = ParsedFile(spec, [col.name for col in spec.columns if col.name in positions])
        seen: set[object] = set()
        try:
            for record in reader:
                line = reader.line_num
                if not record or record == [""]:
                    continue
                if len(record) != len(header):
                    problems.append(Problem(spec.file, line, f"{len(record)} fields, the header has {len(header)}"))
                    continue
                values: dict[str, object] = {}
                for column in spec.columns:
                    if column.name not in positions:
                        continue
                    raw = record[positions[column.name]].strip()
                    if raw == "" and column.required:
                        problems.append(Problem(spec.file, line, f"empty {column.sources[0]}"))
                        break
                    try:
                        values[column.name] = _convert(column.kind, raw)
                    except ValueError as exc:
                        problems.append(Problem(spec.file, line, f"{column.sources[0]}: {exc}"))
                        break
                else:
                    if spec.key:
                        key = values[spec.key]
                        if key in seen:
                            if spec.dedupe:
                                parsed.merged_duplicates += 1
                                continue
                            problems.append(Problem(spec.file, line, f"duplicate {spec.key} {key}"))
                            continue
                        seen.add(key)
                    parsed.rows.append((line, values))
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(Problem(spec.file, reader.line_num, f"unreadable row: {exc}"))
    return parsed


def _check_references(files: dict[str, ParsedFile], problems: list[Problem]) -> None:
    keys = {
        name: {values[parsed.spec.key] for _, values in parsed.rows}
        for name, parsed in files.items()
        if parsed.spec.key
    }
    for name, parsed in files.items():
        for column, target in parsed.spec.references:
            if column not in parsed.columns:
                continue
            known = keys.get(target)
            for line, values in parsed.rows:
                value = values.get(column)
                if value is None:
                    continue
                if known is None:
                    problems.append(Problem(name, line, f"{column.upper()} {value} refers to {target}, which is missing"))
                    break
                if value not in known:
                    problems.append(Problem(name, line, f"unknown {column} {value} (not in {target})"))


def read_export(folder: Path) -> Export:
    """Parse and validate a Synthea CSV folder; raise DbtoolError listing the problems."""
    if not folder.is_dir():
        raise DbtoolError(f"{folder} is not a folder")
    problems: list[Problem] = []
    files: dict[str, ParsedFile] = {}
    for spec in SPECS:
        path = folder / spec.file
        if not path.exists():
            if not spec.optional_file:
                problems.append(Problem(spec.file, None, "file not found in the export folder"))
            continue
        parsed = _read_file(path, spec, problems)
        if parsed is not None:
            files[spec.file] = parsed
    if not problems:
        _check_references(files, problems)
    if problems:
        shown = "; ".join(str(p) for p in problems[:MAX_REPORTED])
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise DbtoolError(f"Synthea export {folder} rejected, nothing imported: {shown}{more}")
    return Export(folder, files)
