"""Entry script of the packaged window (build.spec): the same as ``python -m desktop.app``."""

from desktop.app import main

raise SystemExit(main())
