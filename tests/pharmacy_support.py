"""Builders and checks shared by the tests/test_pharmacy_*.py modules.

Stock is brought in through the real procedures. The only back door is
`expired_lot`: receive_stock rightly refuses expired goods, so a lot that has
expired since it was received is made by inserting the lot and its receipt
movement directly (the ledger trigger still maintains on_hand).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import psycopg
import pytest

SUBSTANCES = {
    "paracetamol": "N02BE01",
    "amoxicillin": "J01CA04",
    "metformin": "A10BA02",
    "omeprazole": "A02BC01",
    "ibuprofen": "M01AE01",
    "salbutamol": "R03AC02",
}


def medication(conn: psycopg.Connection, name: str = "paracetamol", strength: int = 500, form: str = "tablet") -> int:
    row = conn.execute(
        """insert into pharmacy.medication (generic_name, dosage_form, strength, strength_unit, dispensing_unit, atc_code)
           values (%s, %s, %s, 'mg', %s, %s) returning medication_id""",
        (name, form, strength, form, SUBSTANCES.get(name)),
    ).fetchone()
    return int(row[0])


def location(conn: psycopg.Connection, code: str = "MAIN", kind: str = "pharmacy") -> int:
    row = conn.execute(
        """insert into pharmacy.stock_location (location_code, location_name, location_type)
           values (%s, %s, %s) returning stock_location_id""",
        (code, f"{code.title()} store", kind),
    ).fetchone()
    return int(row[0])


def receive(
    conn: psycopg.Connection,
    medication_id: int,
    location_id: int,
    lot_number: str,
    expires_in_days: int,
    quantity: float | int | Decimal,
    unit_cost: str = "0.10",
) -> int:
    row = conn.execute(
        "call pharmacy.receive_stock(%s, %s, %s, current_date + %s, %s, %s)",
        (medication_id, location_id, lot_number, expires_in_days, Decimal(str(quantity)), Decimal(unit_cost)),
    ).fetchone()
    return int(row[0])


def expired_lot(
    conn: psycopg.Connection,
    medication_id: int,
    location_id: int,
    lot_number: str,
    expired_days_ago: int,
    quantity: float | int,
    unit_cost: str = "0.10",
) -> int:
    lot_id = conn.execute(
        """insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost, received_at)
           values (%s, %s, %s, current_date - %s, %s, now() - interval '400 days') returning lot_id""",
        (medication_id, location_id, lot_number, expired_days_ago, Decimal(unit_cost)),
    ).fetchone()[0]
    conn.execute(
        """insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, reference)
           values (%s, 'receipt', %s, now() - interval '400 days', 'received before it expired')""",
        (lot_id, Decimal(str(quantity))),
    )
    return int(lot_id)


def dispense(conn: psycopg.Connection, medication_id: int, location_id: int, quantity, **kwargs) -> tuple[int, Decimal]:
    """CALL pharmacy.dispense_stock with named optional arguments; (dispensing_id, dispensed)."""
    names = ["p_medication_id", "p_location_id", "p_quantity", *(f"p_{k}" for k in kwargs)]
    values = [medication_id, location_id, Decimal(str(quantity)), *kwargs.values()]
    args = ", ".join(f"{name} => %s" for name in names)
    row = conn.execute(f"call pharmacy.dispense_stock({args})", values).fetchone()
    return int(row[0]), row[1]


def on_hand(conn: psycopg.Connection, lot_id: int) -> Decimal:
    return conn.execute("select on_hand from pharmacy.lot where lot_id = %s", (lot_id,)).fetchone()[0]


def state(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    """Every stock row, for 'nothing changed' assertions."""
    tables = {
        "lot": "select * from pharmacy.lot order by lot_id",
        "movement": "select * from pharmacy.stock_movement order by stock_movement_id",
        "dispensing": "select * from pharmacy.dispensing order by dispensing_id",
        "reorder": "select * from pharmacy.reorder_setting order by reorder_setting_id",
        "level": "select * from pharmacy.stock_level order by stock_level_id",
    }
    return {name: conn.execute(query).fetchall() for name, query in tables.items()}


def ledger_mismatches(conn: psycopg.Connection) -> list[tuple]:
    """Lots whose on_hand differs from the sum of their movements, and stock_level rows that differ from
    the aggregate of their lots (both should be none)."""
    lots = conn.execute(
        """select 'lot', l.lot_id, l.on_hand, coalesce(sum(m.quantity), 0)
             from pharmacy.lot as l left join pharmacy.stock_movement as m on m.lot_id = l.lot_id
            group by l.lot_id, l.on_hand
           having l.on_hand <> coalesce(sum(m.quantity), 0)"""
    ).fetchall()
    levels = conn.execute(
        """with expected as (
               select medication_id, stock_location_id, sum(on_hand) as on_hand,
                      sum(on_hand * unit_cost) as stock_value,
                      count(*) filter (where on_hand > 0) as lots_in_stock,
                      min(expiry_date) filter (where on_hand > 0) as earliest_expiry
                 from pharmacy.lot group by medication_id, stock_location_id)
           select 'stock_level', e.medication_id, e.stock_location_id, e, s
             from expected as e
             full join pharmacy.stock_level as s using (medication_id, stock_location_id)
            where (coalesce(e.on_hand, 0), coalesce(e.stock_value, 0), coalesce(e.lots_in_stock, 0), e.earliest_expiry)
                  is distinct from (coalesce(s.on_hand, 0), coalesce(s.stock_value, 0), coalesce(s.lots_in_stock, 0),
                                    s.earliest_expiry)"""
    ).fetchall()
    # on hand by expiry date and the reorder copy, checked in Python from the lots and reorder_setting
    by_expiry: dict = defaultdict(lambda: defaultdict(Decimal))
    for med, loc, expiry, qty in conn.execute(
        "select medication_id, stock_location_id, expiry_date, on_hand from pharmacy.lot where on_hand > 0"
    ):
        by_expiry[(med, loc)][expiry] += qty
    reorder = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(
        "select medication_id, stock_location_id, reorder_level, reorder_quantity from pharmacy.reorder_setting")}
    stored = {(r[0], r[1]): (list(r[2]), list(r[3]), (r[4], r[5])) for r in conn.execute(
        "select medication_id, stock_location_id, expiry_dates, on_hand_through, reorder_level, reorder_quantity"
        " from pharmacy.stock_level")}
    for key in set(by_expiry) | set(reorder) | set(stored):
        dates = sorted(by_expiry.get(key, {}))
        through, running = [], Decimal(0)
        for day in dates:
            running += by_expiry[key][day]
            through.append(running)
        want = (dates, through, reorder.get(key, (None, None)))
        if stored.get(key) != want:
            levels.append(("stock_level by expiry / reorder", key, want, stored.get(key)))
    return lots + levels


def sqlstate(code: str):
    """pytest.raises for a SQLSTATE; project codes (ZP0xx) have no psycopg class, so match on the code."""
    try:
        return pytest.raises(psycopg.errors.lookup(code))
    except KeyError:
        return pytest.raises(psycopg.Error, check=lambda exc: exc.sqlstate == code)


def prescription(conn: psycopg.Connection, medication_id: int, quantity: int = 10) -> int:
    """A real clinic.prescription of `medication_id` (dispensings reference prescriptions by foreign key)."""
    from test_core_support import Clinic, call

    clinic = Clinic(conn)
    visit = clinic.visit()
    return int(call(conn, "call clinic.prescribe(%s, %s, %s, '1 unit', 'daily', %s)",
                    (visit["encounter"], medication_id, visit["doctor"], quantity)))
