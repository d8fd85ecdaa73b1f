"""Every command module, registered on the typer app in the order `--help` lists them."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    # One line per command module; each module defines `register(app)`.
    pass
