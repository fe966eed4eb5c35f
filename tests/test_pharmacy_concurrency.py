"""16 real connections dispensing the same medication at once: no lot below zero,
no unit lost (sum of movements = on hand), FEFO kept, expired stock untouched."""

from __future__ import annotations

import random
import threading
from decimal import Decimal

import psycopg
from pharmacy_support import expired_lot, ledger_mismatches, location, medication, receive

WORKERS = 16
ROUNDS = 12


def run_workers(db_url: str, work) -> list[BaseException]:
    """Run work(connection, worker_number) in WORKERS threads on their own connections, released together."""
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            with psycopg.connect(db_url, autocommit=True) as connection:
                barrier.wait(timeout=30)
                work(connection, number)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker hung (lock wait?)"
    return errors


def test_sixteen_concurrent_dispensers_never_oversell_nor_lose_a_unit(conn, db_url) -> None:
    med = medication(conn)
    main = location(conn, "MAIN")
    lots = [
        receive(conn, med, main, "L-90", 90, 150),
        receive(conn, med, main, "L-30", 30, 120),
        receive(conn, med, main, "L-400", 400, 100),
    ]
    fefo = [lots[1], lots[0], lots[2]]
    received = Decimal(370)
    old = expired_lot(conn, med, main, "EXPIRED", 2, 1000)

    reported: list[tuple[int, Decimal]] = []
    refused: list[str] = []
    lock = threading.Lock()

    def dispense_repeatedly(connection: psycopg.Connection, number: int) -> None:
        rng = random.Random(number)
        for _ in range(ROUNDS):
            quantity = Decimal(rng.randint(1, 5))
            try:
                row = connection.execute(
                    "call pharmacy.dispense_stock(%s, %s, %s, p_allow_partial => %s)",
                    (med, main, quantity, rng.random() < 0.5),
                ).fetchone()
                with lock:
                    reported.append((row[0], row[1]))
            except psycopg.Error as exc:
                with lock:
                    refused.append(exc.sqlstate or "")

    errors = run_workers(db_url, dispense_repeatedly)
    assert errors == []
    # demand (16 x 12 x 1..5 units) exceeds the 370 usable units: the only refusal is "not enough stock"
    assert set(refused) <= {"ZP001"} and refused
    assert len(reported) + len(refused) == WORKERS * ROUNDS

    dispensed_by_callers = sum(q for _, q in reported)
    in_db = conn.execute("select coalesce(sum(dispensed_quantity), 0), count(*) from pharmacy.dispensing").fetchone()
    assert in_db == (dispensed_by_callers, len(reported))
    moved = conn.execute(
        "select -sum(quantity) from pharmacy.stock_movement where movement_type = 'dispense'"
    ).fetchone()[0]
    assert moved == dispensed_by_callers
    remaining = conn.execute("select sum(on_hand) from pharmacy.lot where lot_id = any(%s)", (lots,)).fetchone()[0]
    assert remaining + dispensed_by_callers == received
    assert conn.execute("select min(on_hand) from pharmacy.lot").fetchone()[0] >= 0
    assert ledger_mismatches(conn) == []
    assert conn.execute("select on_hand from pharmacy.lot where lot_id = %s", (old,)).fetchone()[0] == 1000

    # FEFO under concurrency: replay the dispensings in the order they were serialised
    # (dispensing ids are drawn after the lots are locked) through a FEFO model
    left = {lot: conn.execute("select sum(quantity) from pharmacy.stock_movement where lot_id = %s and"
                              " movement_type = 'receipt'", (lot,)).fetchone()[0] for lot in fefo}
    dispensings = conn.execute("select dispensing_id, dispensed_quantity from pharmacy.dispensing order by 1").fetchall()
    for dispensing_id, quantity in dispensings:
        expected = []
        for lot in fefo:
            take = min(left[lot], quantity)
            if take > 0:
                expected.append((lot, take))
                left[lot] -= take
                quantity -= take
        actual = conn.execute(
            "select lot_id, -quantity from pharmacy.stock_movement where dispensing_id = %s order by stock_movement_id",
            (dispensing_id,),
        ).fetchall()
        assert actual == expected, f"dispensing {dispensing_id} broke first-expiry-first-out"


def test_mixed_concurrent_movements_keep_the_ledger_exact(conn, db_url) -> None:
    """Receipts, dispenses, returns, adjustments and transfers racing on the same lots:
    no deadlock, only business refusals, and on_hand = sum(movements) for every lot."""
    med = medication(conn)
    main = location(conn, "MAIN")
    wards = [location(conn, f"WARD-{n}", "ward") for n in range(3)]
    lots = [receive(conn, med, main, f"L{n}", 30 + 10 * n, 60) for n in range(4)]
    allowed = {"ZP001", "ZP007"}
    refused: list[str] = []
    lock = threading.Lock()

    def mixed(connection: psycopg.Connection, number: int) -> None:
        rng = random.Random(1000 + number)
        for _ in range(ROUNDS):
            lot = rng.choice(lots)
            action = rng.choice(("dispense", "dispense", "return", "adjust", "transfer", "receive"))
            try:
                if action == "dispense":
                    connection.execute(
                        "call pharmacy.dispense_stock(%s, %s, %s, p_allow_partial => true)", (med, main, rng.randint(1, 9))
                    )
                elif action == "return":
                    connection.execute("call pharmacy.return_stock(%s, 1, 'unused')", (lot,))
                elif action == "adjust":
                    connection.execute("call pharmacy.adjust_stock(%s, %s, 'count')", (lot, rng.choice((-2, -1, 1, 2))))
                elif action == "transfer":
                    connection.execute("call pharmacy.transfer_stock(%s, %s, %s)", (lot, rng.choice(wards), rng.randint(1, 4)))
                else:
                    connection.execute(
                        "call pharmacy.receive_stock(%s, %s, %s, current_date + 200, 5, 0.10)", (med, main, f"NEW{number % 3}")
                    )
            except psycopg.Error as exc:
                with lock:
                    refused.append(exc.sqlstate or "")

    errors = run_workers(db_url, mixed)
    assert errors == []
    assert set(refused) <= allowed, f"unexpected refusals: {set(refused) - allowed}"
    assert ledger_mismatches(conn) == []
    assert conn.execute("select min(on_hand) from pharmacy.lot").fetchone()[0] >= 0
    # every unit is accounted for: what came in minus what went out is what is on the shelves
    flows = conn.execute(
        """select sum(quantity) filter (where movement_type in ('receipt', 'return')),
                  -sum(quantity) filter (where movement_type = 'dispense'),
                  sum(quantity) filter (where movement_type = 'adjustment'),
                  sum(quantity) filter (where movement_type in ('transfer_in', 'transfer_out'))
             from pharmacy.stock_movement"""
    ).fetchone()
    total_on_hand = conn.execute("select sum(on_hand) from pharmacy.lot").fetchone()[0]
    assert flows[3] == 0
    assert total_on_hand == flows[0] - flows[1] + (flows[2] or 0)
