"""One module per `dbtool` command: each has add_parser(subparsers) and run(args)."""
