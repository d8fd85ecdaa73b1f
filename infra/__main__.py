"""Pulumi entry point: read the `authstack:` config the engine hands us, validate it, and build the stack.

Bad config ends the run with one line per problem (file and key path), never with a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

# `pulumi up` runs this file with infra/ as sys.path[0]; the project root holds the spec and functions packages.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pulumi  # noqa: E402
from pulumi.runtime.config import CONFIG, get_config, get_config_env, is_config_secret  # noqa: E402

from infra.program import ROOT, run  # noqa: E402
from spec.errors import SpecError  # noqa: E402
from spec.load import from_engine  # noqa: E402

try:
    keys = set(CONFIG.get()) | set(get_config_env())
    stack = from_engine(pulumi.get_project(), pulumi.get_stack(), get_config, is_config_secret, keys, ROOT)
except SpecError as error:
    raise pulumi.RunError(str(error)) from None
run(stack)
