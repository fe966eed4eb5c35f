"""dbtool seed: fill an empty clinic with realistic, deterministic synthetic data."""

from __future__ import annotations

import argparse

import psycopg

from dbtool import seed
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "seed",
        help="generate synthetic patients, appointments, visits, bills and pharmacy stock (same seed, same data)",
    )
    parser.add_argument("--patients", type=int, default=2000, help="number of patients (default 2000)")
    parser.add_argument(
        "--months", type=int, default=14, help="months of history, ending with the last complete month (default 14)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    url = database_url(project(), args.database_url)
    plan = seed.SeedPlan(args.patients, args.months, args.seed, seed.first_of_current_month())
    with psycopg.connect(url, autocommit=True) as conn:
        seed.run(conn, plan)
    return 0
