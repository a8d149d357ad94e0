"""Use cases of the county server. Each takes a session and commits its own unit of work."""
