"""The program body, shared by `pulumi up` (through __main__.py) and the offline plan."""
from __future__ import annotations

from pathlib import Path

from infra.stack import AuthStack, export
from spec.load import Stack

ROOT = Path(__file__).resolve().parent.parent


def run(stack: Stack, root: Path = ROOT) -> AuthStack:
    auth = AuthStack(stack.name, stack, root)
    export(auth)
    return auth
