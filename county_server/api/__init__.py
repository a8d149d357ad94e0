"""The HTTP layer: thin routes over ``county_server.services``."""
