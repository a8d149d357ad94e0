"""``python -m desktop`` is the ``childdesk`` command."""

from desktop.cli import run

run()
