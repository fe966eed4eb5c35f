from dbtool.cli import main

raise SystemExit(main())
