"""`dbtool`: the command line. One module per command under dbtool/commands/."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

import psycopg

from dbtool.errors import DbtoolError

COMMANDS = (
    "server", "render", "apply", "status", "rollback", "lint", "tables", "test", "demo", "bench",
    "dashboard", "serve", "seed", "import", "report", "warehouse",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dbtool",
        description="Deploy, check and run the healthcare database.",
    )
    parser.add_argument(
        "--database-url",
        help="postgresql://user:password@host:port/database (default: $DATABASE_URL, else the embedded server)",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="show tracebacks on errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"dbtool.commands.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    # `dbtool test ARGS...` hands everything after `test` to pytest untouched
    if "test" in argv:
        index = argv.index("test")
        args = parser.parse_args(argv[: index + 1])
        args.pytest_args = argv[index + 1 :]
    else:
        args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except DbtoolError as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"dbtool: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except psycopg.Error as exc:
        if args.verbose:
            traceback.print_exc()
        message = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"dbtool: database error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dbtool: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line unless --verbose
        if args.verbose:
            traceback.print_exc()
        print(f"dbtool: internal error: {type(exc).__name__}: {exc} (run with --verbose for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
