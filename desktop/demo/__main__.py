"""``python -m desktop.demo``: see :mod:`desktop.demo.launcher`."""

from desktop.demo.launcher import main

raise SystemExit(main())
