"""The `authstack` command line: one typer app, one module per command under `cli/commands/`."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="authstack",
    help="Amazon Cognito auth for every environment: validate and plan stacks offline, and write the client configs they imply.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Commands register themselves here, one line each (keep heavy imports inside the command functions).
from authstack.cli.commands import register  # noqa: E402

register(app)
