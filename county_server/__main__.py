"""``python -m county_server``: the same as the ``county-server`` command."""

import sys

from county_server.cli import main

sys.exit(main())
