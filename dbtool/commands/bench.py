"""dbtool bench [--scale small|medium|large] [--only NAME ...] [--growth]: measure and write BENCHMARKS.md."""

from __future__ import annotations

import argparse

from dbtool import bench
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="run the benchmarks in bench/ and write BENCHMARKS.md")
    parser.add_argument("--scale", default="small", choices=tuple(bench.SCALES))
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these bench/NAME.py modules")
    parser.add_argument("--no-write", action="store_true", help="print the figures; leave BENCHMARKS.md alone")
    parser.add_argument(
        "--growth", action="store_true",
        help="also run the size-dependent modules at a second data size (small <-> medium, large -> medium) "
             "and write a Growth table",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    url = database_url(proj, args.database_url)
    sections = bench.run_all(proj, url, args.scale, args.only, log=lambda line: print(line, flush=True),
                             growth=args.growth)
    if args.no_write or args.only:
        if args.only and not args.no_write:
            print("(--only: BENCHMARKS.md is written only by a full run)")
        return 0
    target = proj.root / "BENCHMARKS.md"
    target.write_text(bench.markdown(sections, args.scale, url, bench.git_revision(proj)))
    print(f"wrote {target}")
    return 0
