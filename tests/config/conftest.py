"""Fixtures of the `authstack config` tests (helpers live in config_helpers.py, a uniquely named module)."""
from config_helpers import node  # noqa: F401  (session fixture: node + tests/node packages)
