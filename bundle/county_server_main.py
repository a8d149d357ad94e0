"""Entry script of the packaged server command (build.spec): ``county-server``."""

from county_server.cli import main

raise SystemExit(main())
