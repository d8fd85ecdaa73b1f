"""`authstack policy-config`: the CrossGuard pack's config for one stack, derived from its spec."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from authstack.cli.ui import bad_input, emit


def policy_config(
    stack: Annotated[str, typer.Option("--stack", "-s", metavar="NAME", help="The stack whose spec decides the pack's context.")],
    out: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write here (e.g. policy-config/dev.json) instead of stdout.")] = None,
    project_dir: Annotated[Path, typer.Option(metavar="DIR", help="Folder holding Pulumi.yaml and the stack files.")] = Path("."),
) -> None:
    """Print the --policy-pack-config file for `pulumi preview --policy-pack policy`, so the pack judges the stack by
    what its spec says (throwaway, guest access, public clients), exactly as `authstack plan` does.

    Example: authstack policy-config --stack dev --out policy-config/dev.json
    """
    from authstack.cli.plan.guardrails import context_for
    from authstack.policy.config import pack_config
    from authstack.spec.load import load

    with bad_input():
        context = context_for(load(project_dir, stack))
        emit(json.dumps(pack_config(context), indent=2, sort_keys=True) + "\n", out)


def register(app: typer.Typer) -> None:
    app.command("policy-config")(policy_config)
