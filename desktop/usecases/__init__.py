"""What the window asks of the case file, one module per part of the window (no Qt here).

Each function runs on a worker lane, takes keyword-only arguments and returns frozen
dataclasses, so nothing the window holds can change under it or reach back into the
database. The window (``desktop/ui``) reaches the store, the sync and the rules through
these modules; nothing here imports ``desktop.ui``.
"""
