"""Entry script of the packaged window (build.spec): the same as ``python -m desktop.app``,
with the collector held off while it starts (``desktop/ui/collector.py``)."""

from desktop.ui.collector import hold_during_start

hold_during_start()

from desktop.app import main  # noqa: E402  (after the collector is held)

raise SystemExit(main())
