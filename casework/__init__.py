"""Pure casework rules shared by the desktop client and the county server.

Nothing here imports Qt, SQLAlchemy or a web framework: a rule is written once and
holds on both sides.
"""
