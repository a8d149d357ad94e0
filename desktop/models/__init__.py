"""The encrypted local case store: tables, keys, migrations and the write path."""
