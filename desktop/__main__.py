"""``python -m desktop`` is the ``childdesk`` command."""

from desktop.cli import main

raise SystemExit(main())
