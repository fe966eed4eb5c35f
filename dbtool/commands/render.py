"""dbtool render [--out DIR]: the repeatable templates as the SQL that apply runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from dbtool.config import project
from dbtool.render import Renderer


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("render", help="render the jinja2 templates under sql/")
    parser.add_argument("--out", type=Path, help="write one file per template here (default: print, in apply order)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rendered = Renderer(project().sql_dir).render_all()
    if args.out is None:
        for item in rendered:
            print(f"-- sql/{item.path}")
            print(item.sql.rstrip())
            print()
        return 0
    for item in rendered:
        target = args.out / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.sql)
    print(f"rendered {len(rendered)} template(s) into {args.out}")
    return 0
