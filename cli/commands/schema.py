"""`authstack schema`: the JSON Schema of stack files, for editors and CI."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def schema(
    out: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write to this file (e.g. schema/stack.schema.json) instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of Pulumi.<stack>.yaml, generated from the spec model.

    Editors use it to check stack files as you type: put
    `# yaml-language-server: $schema=./schema/stack.schema.json` at the top of a stack file.
    """
    from authstack.cli.ui import bad_input, emit
    from authstack.spec.json_schema import render

    with bad_input():
        emit(render(), out)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
