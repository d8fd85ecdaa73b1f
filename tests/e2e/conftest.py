"""Fixtures of the end-to-end suite (they live in e2e_helpers.py, a uniquely named module)."""
from e2e_helpers import emulator, node_bin, stack  # noqa: F401
