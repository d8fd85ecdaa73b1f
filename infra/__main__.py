"""Pulumi entry point: read the `authstack:` config the engine hands us, validate it, and build the stack.

Bad config ends the run with one line per problem (file and key path), never with a traceback. `authstack` must be
installed in the program's virtualenv (requirements.txt does it); nothing here patches `sys.path`.
"""
from __future__ import annotations

from pathlib import Path

import pulumi
from pulumi.runtime.config import CONFIG, get_config, get_config_env, is_config_secret

from authstack.infra.program import run
from authstack.spec.errors import SpecError
from authstack.spec.load import from_engine

# Trigger handler paths are relative to the Pulumi project (where Pulumi.yaml is), wherever authstack is installed.
ROOT = Path(pulumi.get_root_directory() or Path.cwd())

try:
    keys = set(CONFIG.get()) | set(get_config_env())
    stack = from_engine(pulumi.get_project(), pulumi.get_stack(), get_config, is_config_secret, keys, ROOT)
except SpecError as error:
    raise pulumi.RunError(str(error)) from None
run(stack, ROOT)
