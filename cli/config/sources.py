"""Where a stack's outputs come from: a file, the Pulumi CLI, or the offline plan.

Each returns the document `pulumi stack output --json` prints (an object with ``clientConfig``) and
a name for it to use in error messages.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from authstack.cli.config.errors import ConfigError


def read_outputs_file(path: Path) -> Any:
    """Reads a saved ``pulumi stack output --json`` document (how CI passes outputs between jobs).

    :raises SpecError: when the file is missing, unreadable, not JSON, too big or too deep.
    """
    from authstack.spec.files import read_json

    return read_json(path, str(path),
                     missing=f"no such file (save it with `pulumi stack output --json --stack NAME > {path.name}`)")


def outputs_from_stack(stack: str, project_dir: Path) -> Any:
    """Asks the Pulumi CLI: ``pulumi stack output --json --stack NAME`` in the project directory.

    :raises ConfigError: when the Pulumi CLI is not installed, fails, or prints something else than JSON.
    """
    exe = shutil.which("pulumi")
    if exe is None:
        raise ConfigError("--from-stack: the Pulumi CLI (`pulumi`) is not on PATH; install it, or pass "
                          "--outputs FILE (saved by `pulumi stack output --json`) or --offline")
    try:
        proc = subprocess.run([exe, "stack", "output", "--json", "--stack", stack], cwd=project_dir,
                              capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--from-stack: running `pulumi stack output` failed: {exc}") from None
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        raise ConfigError(f"--from-stack: `pulumi stack output --json --stack {stack}` exited {proc.returncode}: "
                          f"{lines[-1] if lines else 'no message'}")
    from authstack.spec.files import parse_json

    return parse_json(proc.stdout, "--from-stack: `pulumi stack output --json`")


def offline_outputs(stack: str, project_dir: Path | str) -> Any:
    """The outputs of the offline plan (Pulumi mocks, placeholder IDs): for demos and review only.

    A thin hook: imports `infra.offline` only when called (it pulls in `pulumi`) and returns
    ``infra.offline.plan_outputs(stack, project_dir)``, which has the shape of
    ``pulumi stack output --json``.

    :raises ConfigError: when the offline planner is not available or fails.
    """
    from authstack.cli.ui import require_infra

    require_infra("--offline")
    try:
        from authstack.infra import offline  # noqa: PLC0415 - lazy on purpose
    except ImportError as exc:
        raise ConfigError(f"--offline: the offline planner (infra.offline) is not available: {exc}") from None
    from authstack.spec.errors import SpecError

    try:
        return offline.plan_outputs(stack, Path(project_dir))
    except ConfigError:
        raise
    except SpecError:
        raise  # the stack's own problems: one line each, as `authstack validate` prints them
    except Exception as exc:  # the planner's own errors become our one line, never a traceback
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise ConfigError(f"--offline: the offline plan of stack {stack!r} failed: {message}") from None
