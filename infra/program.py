"""The program body, shared by `pulumi up` (through __main__.py) and the offline plan."""
from __future__ import annotations

from pathlib import Path

from authstack.infra.args import AuthStackArgs
from authstack.infra.stack import AuthStack, export
from authstack.spec.load import Stack


def run(stack: Stack, root: Path) -> AuthStack:
    """Builds the stack; ``root`` is the Pulumi project folder that trigger handler paths are relative to."""
    auth = AuthStack(stack.name, AuthStackArgs.from_stack(stack, root))
    export(auth)
    return auth
